"""The supervisor's desk: the overdue review list (what to chase at 10:30 and 15:00) and today's
figures. Opening a row gives the dossier view, where the apology with a new date is issued."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QLabel, QTableView, QVBoxLayout, QWidget

from counter_app.i18n import _
from counter_app.services import desk
from counter_app.services.day_figures import DayFigures, day_figures
from ui import labels
from ui.errors import message_for
from ui.models.queue_model import QueueModel
from ui.session import Session
from ui.tasks import ReadOp, TaskRunner


def today_text(f: DayFigures) -> str:
    return _(
        "Today {day}: received {received} — returned {returned} (on time {on_time}, late {late})"
        " — supplement requests {supplements} — refusals {refusals} — fees collected {fees}"
    ).format(
        day=labels.day(f.day),
        received=f.received,
        returned=f.returned,
        on_time=f.on_time,
        late=f.late,
        supplements=f.supplements,
        refusals=f.refusals,
        fees=labels.money(f.fees_collected_vnd),
    )


class SupervisorDesk(QWidget):
    loaded = Signal(int)

    def __init__(
        self, session: Session, runner: TaskRunner, open_dossier: Callable[[str], Any]
    ) -> None:
        super().__init__()
        self.session, self.runner, self.open_dossier = session, runner, open_dossier
        self.setWindowTitle(_("Supervisor's desk"))
        self.resize(1240, 640)
        layout = QVBoxLayout(self)
        self.today = QLabel()
        self.today.setObjectName("banner")
        self.today.setWordWrap(True)
        layout.addWidget(self.today)
        self.figures = QLabel()
        layout.addWidget(self.figures)
        layout.addWidget(QLabel(_("Overdue or due within a working day:")))
        self.model = QueueModel()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.activated.connect(self._open)
        layout.addWidget(self.table, 1)
        runner.changed.connect(lambda _what: self.refresh())
        self.refresh()

    def refresh(self) -> None:
        ctx = self.session.ctx
        self.runner.read(
            ReadOp(
                lambda: (desk.overdue(ctx), desk.today_figures(ctx), day_figures(ctx)),
                self._show,
                self._failed,
            )
        )

    def _show(self, result: tuple[list[desk.QueueRow], dict[str, int], DayFigures]) -> None:
        rows, figures, today = result
        self.today.setText(today_text(today))
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.figures.setText(
            _("Open: {open} — overdue: {overdue} — due within a working day: {soon}").format(
                open=figures["open"], overdue=figures["overdue"], soon=figures["due_soon"]
            )
        )
        self.loaded.emit(len(rows))

    def _failed(self, exc: BaseException) -> None:
        self.figures.setText(message_for(exc))

    def _open(self, index: QModelIndex) -> None:
        self.open_dossier(str(self.model.data(index, Qt.ItemDataRole.UserRole)))
