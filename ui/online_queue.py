"""Online dossiers submitted for this agency, waiting for the counter to accept or answer them,
each with its acceptance clock coloured as the working queue is (on time / under a working day /
overdue). Read on the read lane every few seconds while the window is open, so the colours move
as time passes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QKeyEvent
from PySide6.QtWidgets import QPushButton, QTableWidgetItem, QWidget

from counter_app.domain.deadlines import WarningLevel
from counter_app.i18n import N_, _
from counter_app.services.context import ServiceContext
from ui import labels
from ui.live_table import LiveTableDialog
from ui.models.queue_model import COLOURS
from ui.sync_seam import SyncPort, Waiting
from ui.tasks import TaskRunner

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


class OnlineQueueDialog(LiveTableDialog):
    #: the officer chose to accept this waiting dossier (a :class:`Waiting`)
    accept_requested = Signal(object)

    def __init__(
        self, port: SyncPort, runner: TaskRunner, ctx: ServiceContext, parent: QWidget | None = None
    ) -> None:
        title = _("Online dossiers waiting for acceptance")
        super().__init__(runner, title, COLUMNS, LIVE_MS, parent)
        self.port, self.ctx = port, ctx
        self.rows: list[WaitingRow] = []
        self.accept_button = QPushButton(_("Accept at the counter (Enter)"))
        self.accept_button.clicked.connect(self.accept_selected)
        self.buttons.insertWidget(1, self.accept_button)
        self.table.doubleClicked.connect(lambda _index: self.accept_selected())
        self.resize(960, 420)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.accept_selected()
            return
        super().keyPressEvent(event)

    def accept_selected(self) -> None:
        """Open the intake form for the selected dossier, to be received under its online code."""
        row = self.table.currentRow()
        if 0 <= row < len(self.rows):
            self.accept_requested.emit(self.rows[row].item)

    def read_rows(self) -> Callable[[], Sequence[WaitingRow]]:
        return waiting_rows(self.port, self.ctx)

    def show_rows(self, rows: Sequence[Any]) -> None:
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
        late = sum(1 for r in self.rows if r.warning is WarningLevel.OVERDUE)
        self.summary.setText(
            _("{n} online dossiers waiting; {late} past their acceptance time.").format(
                n=len(self.rows), late=late
            )
            if self.rows
            else _("No online dossier is waiting for acceptance.")
        )
