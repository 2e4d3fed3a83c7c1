"""Changes the centre refused (parked): each with its dossier, what it was, the centre's reason in
Vietnamese, what to do, and how many later changes of the same dossier wait behind it; "Retry"
puts the selected one back in the queue (a store write, on the write lane)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import N_, _, ngettext
from ui import labels
from ui.errors import message_for
from ui.sync_labels import advice_for, event_text, reason_text
from ui.sync_seam import Parked, SyncPort
from ui.tasks import OUTBOX, ReadOp, TaskRunner, WriteOp

COLUMNS = (
    N_("Dossier"),
    N_("Change"),
    N_("Refused at"),
    N_("Centre's reason"),
    N_("What to do"),
    N_("Waiting behind it"),
)


def row_texts(item: Parked) -> list[str]:
    return [
        item.dossier_code,
        event_text(item.event),
        labels.moment(item.parked_at),
        reason_text(item.code),
        advice_for(item.code),
        ngettext("{n} later change", "{n} later changes", item.held_back).format(n=item.held_back),
    ]


class ParkedDialog(QDialog):
    loaded = Signal(int)  # rows shown (tests wait on it)
    retried = Signal(str)  # command id put back in the queue

    def __init__(self, port: SyncPort, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.port, self.runner = port, runner
        self.items: list[Parked] = []
        self.setWindowTitle(_("Changes refused by the centre"))
        layout = QVBoxLayout(self)
        intro = QLabel(
            _(
                "The centre refused these changes. Later changes of the same dossier wait behind "
                "them; everything else keeps being sent."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(True)
        self.table.verticalHeader().hide()
        header = self.table.horizontalHeader()
        for column in range(len(COLUMNS)):
            wide = column in (3, 4)  # the reason and what to do: wrapped, sharing the width
            mode = (
                QHeaderView.ResizeMode.Stretch if wide else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        layout.addWidget(self.table, 1)
        self.message = QLabel()
        self.message.setWordWrap(True)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        self.retry_button = QPushButton(_("Retry (Ctrl+R)"))
        self.retry_button.clicked.connect(self.retry_selected)
        QShortcut(QKeySequence("Ctrl+R"), self, self.retry_selected)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(self.retry_button)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.resize(1200, 440)
        self.reload()

    def reload(self) -> None:
        port = self.port
        self.runner.read(ReadOp(lambda: list(port.parked()), self._show, self._failed))

    def _show(self, items: Sequence[Parked]) -> None:
        self.items = list(items)
        self.table.setRowCount(len(self.items))
        for r, item in enumerate(self.items):
            for c, text in enumerate(row_texts(item)):
                cell = QTableWidgetItem(text)
                cell.setToolTip(item.reason if c == 3 else text)
                self.table.setItem(r, c, cell)
        self.table.resizeRowsToContents()
        if self.items and not self.table.selectionModel().hasSelection():
            self.table.selectRow(0)
        self.retry_button.setEnabled(bool(self.items))
        if not self.items and not self.message.text():  # (a retry's note stays)
            self.message.setText(_("No change is waiting: the centre accepted everything sent."))
        self.table.setFocus()
        self.loaded.emit(len(self.items))

    def selected(self) -> Parked | None:
        rows = self.table.selectionModel().selectedRows()
        return self.items[rows[0].row()] if rows and rows[0].row() < len(self.items) else None

    def retry_selected(self) -> None:
        item = self.selected()
        if item is None:
            return
        port, command_id = self.port, item.command_id
        self.retry_button.setEnabled(False)

        def done(_none: object) -> None:
            self.message.setText(
                _(
                    "The change of dossier {code} is back in the queue; it is sent at the next sync."
                ).format(code=item.dossier_code)
            )
            self.retried.emit(command_id)
            self.reload()

        self.runner.write(
            WriteOp(
                lambda: port.retry_parked(command_id),
                done,
                self._failed,
                changes=frozenset({OUTBOX}),
            )
        )

    def _failed(self, exc: BaseException) -> None:
        self.retry_button.setEnabled(bool(self.items))
        self.message.setText(message_for(exc))
        self.loaded.emit(-1)
