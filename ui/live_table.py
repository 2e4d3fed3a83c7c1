"""A dialog with a summary line over a read-only table that reloads itself on the read lane
while it is shown (the online dossiers waiting, the files being sent): one timer, one read in
flight at a time, errors in the summary line. Subclasses say what to read and how to show it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTableWidget,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from ui.errors import message_for
from ui.tasks import ReadOp, TaskRunner


class LiveTableDialog(QDialog):
    #: rows shown after a reload (-1: the read failed)
    loaded = Signal(int)

    def __init__(
        self,
        runner: TaskRunner,
        title: str,
        columns: Sequence[str],
        live_ms: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.runner = runner
        self._in_flight = False
        self.setWindowTitle(title)
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels([_(c) for c in columns])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        #: the row of buttons under the table (subclasses insert their actions before Close)
        self.buttons = QHBoxLayout()
        self.buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        self.buttons.addWidget(close)
        layout.addLayout(self.buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(live_ms)
        self.timer.timeout.connect(self.reload)

    def read_rows(self) -> Callable[[], Sequence[Any]]:
        """The worker's part: what to read (runs on the read lane, never the GUI thread)."""
        raise NotImplementedError

    def show_rows(self, rows: Sequence[Any]) -> None:
        """Fill the table and the summary (GUI thread)."""
        raise NotImplementedError

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
        self.runner.read(ReadOp(self.read_rows(), self._loaded, self._failed))

    def _loaded(self, rows: Sequence[Any]) -> None:
        self._in_flight = False
        self.show_rows(rows)
        self.table.resizeColumnsToContents()
        self.loaded.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.summary.setText(message_for(exc))
        self.loaded.emit(-1)
