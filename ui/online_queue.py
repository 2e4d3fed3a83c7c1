"""Online dossiers submitted for this agency, waiting for the counter to accept or answer them,
each with its acceptance clock coloured as the working queue is (on time / under a working day /
overdue). Read on the read lane every few seconds while the window is open, so the colours move
as time passes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QBrush, QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.deadlines import WarningLevel
from counter_app.i18n import N_, _
from counter_app.services.context import ServiceContext
from ui import labels
from ui.errors import message_for
from ui.models.queue_model import COLOURS
from ui.sync_seam import SyncPort, Waiting
from ui.tasks import ReadOp, TaskRunner

LIVE_MS = 5_000
COLUMNS = (
    N_("Dossier"),
    N_("Procedure"),
    N_("Applicant"),
    N_("Submitted"),
    N_("Accept by"),
    N_("Warning"),
)


@dataclass(frozen=True)
class WaitingRow:
    item: Waiting
    warning: WarningLevel


def waiting_rows(port: SyncPort, ctx: ServiceContext) -> Callable[[], list[WaitingRow]]:
    """The worker's part: the engine's list, each with the core's warning for its clock now."""

    def run() -> list[WaitingRow]:
        now = ctx.clock.now()
        items = sorted(port.online_waiting(), key=lambda w: w.acceptance_due)
        return [WaitingRow(w, ctx.deadlines.warning(w.acceptance_due, now)) for w in items]

    return run


class OnlineQueueDialog(QDialog):
    loaded = Signal(int)

    def __init__(
        self, port: SyncPort, runner: TaskRunner, ctx: ServiceContext, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.port, self.runner, self.ctx = port, runner, ctx
        self.rows: list[WaitingRow] = []
        self._in_flight = False
        self.setWindowTitle(_("Online dossiers waiting for acceptance"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(LIVE_MS)
        self.timer.timeout.connect(self.reload)
        self.resize(960, 420)

    def showEvent(self, event: QShowEvent) -> None:
        self.timer.start()
        self.reload()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        super().closeEvent(event)

    def reload(self) -> None:
        if self._in_flight:
            return
        self._in_flight = True
        self.runner.read(ReadOp(waiting_rows(self.port, self.ctx), self._show, self._failed))

    def _show(self, rows: Sequence[WaitingRow]) -> None:
        self._in_flight = False
        self.rows = list(rows)
        self.table.setRowCount(len(self.rows))
        for r, row in enumerate(self.rows):
            w = row.item
            texts = (
                w.dossier_code,
                w.procedure_code,
                w.applicant_name,
                labels.moment(w.submitted_at),
                labels.moment(w.acceptance_due),
                _(labels.WARNING[row.warning]),
            )
            colour = COLOURS[row.warning]
            for c, text in enumerate(texts):
                cell = QTableWidgetItem(text)
                if colour is not None:
                    cell.setBackground(QBrush(colour))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        late = sum(1 for r in self.rows if r.warning is WarningLevel.OVERDUE)
        self.summary.setText(
            _("{n} online dossiers waiting; {late} past their acceptance time.").format(
                n=len(self.rows), late=late
            )
            if self.rows
            else _("No online dossier is waiting for acceptance.")
        )
        self.loaded.emit(len(self.rows))

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.summary.setText(message_for(exc))
        self.loaded.emit(-1)
