"""Print a procedure's guidance (document list, fees, processing time) for a citizen who comes to
ask: type part of the procedure's name or its code, Enter, and the print preview opens."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialog, QLabel, QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout

from counter_app.domain.procedure import Procedure
from counter_app.i18n import _
from counter_app.services import catalogue
from ui.errors import message_for
from ui.intake.form import matches
from ui.printing.preview_dialog import PreviewDialog
from ui.session import Session, SlipPrinter
from ui.tasks import ReadOp, TaskRunner


class GuidanceDialog(QDialog):
    loaded = Signal(int)

    def __init__(self, session: Session, runner: TaskRunner, slips: SlipPrinter) -> None:
        super().__init__()
        self.session, self.runner, self.slips = session, runner, slips
        self.procedures: list[Procedure] = []
        self.preview: PreviewDialog | None = None
        self.setWindowTitle(_("Print a procedure's guidance"))
        self.resize(760, 480)
        layout = QVBoxLayout(self)
        self.query = QLineEdit()
        self.query.setObjectName("guidanceQuery")
        self.query.setPlaceholderText(_("Type part of the name or the code"))
        self.query.textEdited.connect(self._filter)
        self.query.returnPressed.connect(self.open_preview)
        layout.addWidget(self.query)
        self.list = QListWidget()
        self.list.itemActivated.connect(lambda _item: self.open_preview())
        layout.addWidget(self.list, 1)
        self.status = QLabel(_("Enter opens the print preview of the chosen procedure."))
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        store = session.ctx.store
        runner.read(
            ReadOp(lambda: catalogue.search_procedures(store, "", 10_000), self._loaded, self._fail)
        )

    def _loaded(self, procedures: list[Procedure]) -> None:
        self.procedures = procedures
        self._filter(self.query.text())
        self.loaded.emit(len(procedures))

    def _fail(self, exc: BaseException) -> None:
        self.status.setText(message_for(exc))

    def _filter(self, text: str) -> None:
        self.list.clear()
        for procedure in matches(self.procedures, text):
            item = QListWidgetItem(f"{procedure.code} — {procedure.name}")
            item.setData(Qt.ItemDataRole.UserRole, procedure.code)
            self.list.addItem(item)
        if self.list.count():
            self.list.setCurrentRow(0)

    def open_preview(self) -> PreviewDialog | None:
        item = self.list.currentItem()
        if item is None:
            return None
        code = str(item.data(Qt.ItemDataRole.UserRole))
        actor = self.session.user.username
        self.preview = PreviewDialog(self.slips, self.runner, code, "guidance", actor, parent=self)
        self.preview.show()
        return self.preview
