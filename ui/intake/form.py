"""The intake form (tiếp nhận), keyboard-first, laid out in the order of the paper form.

This module builds the widgets and keeps their state (draft save and restore); what the three
actions send to the core lives in :mod:`ui.intake.actions`.
"""

from __future__ import annotations

import itertools
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.enums import Channel, DeliveryMethod
from counter_app.domain.procedure import Procedure
from counter_app.domain.text import search_key
from counter_app.i18n import _
from ui import labels
from ui.intake.checklist import Checklist, FeeTable
from ui.intake.draft import DraftStore
from ui.intake.party import PartyBox
from ui.intake.qr import CardCatcher
from ui.widgets import ErrorLabel, with_error

AUTOSAVE_MS = 3000


def matches(procedures: list[Procedure], text: str, limit: int = 30) -> list[Procedure]:
    """By code prefix, or by every word of the name, with or without diacritics."""
    key = search_key(text)
    if not key:
        return procedures[:limit]
    if key[0].isdigit():
        return [p for p in procedures if p.code.startswith(key)][:limit]
    words = key.split()
    return [p for p in procedures if all(w in p.name_key for w in words)][:limit]


def _combo(options: dict[Any, str]) -> QComboBox:
    combo = QComboBox()
    for value, text in options.items():
        combo.addItem(_(text), value)
    return combo


class IntakeForm(QWidget):
    """Emits ``changed`` whenever something typed changes (the autosave listens)."""

    changed = Signal()

    def __init__(self, drafts: DraftStore, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("intakeForm")
        self.setWindowTitle(_("New intake"))
        self.drafts = drafts
        self.procedures: list[Procedure] = []
        self.procedure: Procedure | None = None
        self._dirty = False
        self._build()
        self.catcher = CardCatcher(self)
        for edit in self.findChildren(QLineEdit):
            self.catcher.watch(edit)
            edit.textChanged.connect(self._touched)
        self.autosave = QTimer(self)
        self.autosave.setInterval(AUTOSAVE_MS)
        self.autosave.timeout.connect(self.save_draft)
        self.autosave.start()

    # --------------------------------------------------------------------------- layout

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        body = QWidget()
        scroll.setWidget(body)
        outer.addWidget(scroll, 1)
        layout = QVBoxLayout(body)
        layout.addWidget(self._procedure_box())
        self.applicant = PartyBox(_("Applicant"), "applicant")
        layout.addWidget(self.applicant)
        layout.addWidget(self._submitter_box())
        self.checklist, self.fees = Checklist(), FeeTable()
        for title, part in ((_("Documents"), self.checklist), (_("Fees"), self.fees)):
            group = QGroupBox(title)
            QVBoxLayout(group).addWidget(part.table)
            layout.addWidget(group)
        self.missing_error = ErrorLabel()
        layout.addWidget(self.missing_error)
        layout.addWidget(self._delivery_box())
        outer.addLayout(self._actions())
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        outer.addWidget(self.status)

    def _procedure_box(self) -> QGroupBox:
        group = QGroupBox(_("Procedure"))
        form = QFormLayout(group)
        self.procedure_edit = QLineEdit()
        self.procedure_edit.setObjectName("procedure_edit")
        self.procedure_edit.setPlaceholderText(_("Type part of the name or the code"))
        self.procedure_edit.textEdited.connect(self._filter)
        self.procedure_edit.returnPressed.connect(self._pick)
        self.procedure_edit.installEventFilter(self)
        box, self.procedure_error = with_error(self.procedure_edit)
        form.addRow(_("Find"), box)
        self.procedure_list = QListWidget()
        self.procedure_list.setMaximumHeight(110)
        self.procedure_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.procedure_list.itemActivated.connect(lambda _item: self._pick())
        form.addRow(self.procedure_list)
        self.procedure_label = QLabel(_("No procedure chosen yet"))
        self.procedure_label.setObjectName("procedureLabel")
        self.procedure_label.setWordWrap(True)
        form.addRow(_("Chosen"), self.procedure_label)
        self.channel = _combo(labels.CHANNEL)
        form.addRow(_("Channel"), self.channel)
        return group

    def _submitter_box(self) -> QGroupBox:
        group = QGroupBox(_("Submitted by someone else"))
        group.setCheckable(True)
        group.setChecked(False)
        self.submitter_group = group
        layout = QVBoxLayout()
        self.submitter = PartyBox(_("Submitter"), "submitter")
        layout.addWidget(self.submitter)
        form = QFormLayout()
        self.auth_no, self.auth_date, self.auth_relation = QLineEdit(), QLineEdit(), QLineEdit()
        self.auth_errors: dict[str, ErrorLabel] = {}
        for key, edit, caption in (
            ("document_no", self.auth_no, _("Authorisation no.")),
            ("document_date", self.auth_date, _("Authorisation date (dd/mm/yyyy)")),
            ("relationship", self.auth_relation, _("Relationship to the applicant")),
        ):
            box, self.auth_errors[key] = with_error(edit)
            form.addRow(caption, box)
        layout.addLayout(form)
        holder = QWidget()
        holder.setLayout(layout)
        outer = QVBoxLayout(group)
        outer.addWidget(holder)
        holder.setVisible(False)
        group.toggled.connect(holder.setVisible)  # only the box title until it is ticked
        return group

    def _delivery_box(self) -> QGroupBox:
        group = QGroupBox(_("Result delivery"))
        form = QFormLayout(group)
        self.delivery = _combo(labels.DELIVERY)
        form.addRow(_("Deliver by"), self.delivery)
        self.postal_address = QLineEdit()
        box, self.postal_error = with_error(self.postal_address)
        form.addRow(_("Postal address"), box)
        self.reason = QLineEdit()
        self.reason.setObjectName("reason")
        self.reason.setPlaceholderText(_("Required to refuse; guidance for a supplement request"))
        box, self.reason_error = with_error(self.reason)
        form.addRow(_("Reason / guidance"), box)
        return group

    def _actions(self) -> QHBoxLayout:
        row = QHBoxLayout()
        self.receive_button = QPushButton(_("Receive (F10)"))
        self.supplement_button = QPushButton(_("Request supplement (F7)"))
        self.refuse_button = QPushButton(_("Refuse (F8)"))
        self.receive_button.setObjectName("receiveButton")
        for button, key in (
            (self.supplement_button, "F7"),
            (self.refuse_button, "F8"),
            (self.receive_button, "F10"),
        ):
            row.addWidget(button)
            QShortcut(QKeySequence(key), self, button.click)
        return row

    # --------------------------------------------------------------------------- procedure

    def set_procedures(self, procedures: list[Procedure]) -> None:
        self.procedures = procedures
        self._filter(self.procedure_edit.text())
        pending = getattr(self, "_pending_procedure", None)
        if pending:
            self.choose(pending)

    def _filter(self, text: str) -> None:
        self.procedure_list.clear()
        for proc in matches(self.procedures, text):
            self.procedure_list.addItem(f"{proc.code} — {proc.name}")
            self.procedure_list.item(self.procedure_list.count() - 1).setData(
                Qt.ItemDataRole.UserRole, proc.code
            )
        self.procedure_list.setCurrentRow(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.procedure_edit and isinstance(event, QKeyEvent):
            step = {Qt.Key.Key_Down: 1, Qt.Key.Key_Up: -1}.get(Qt.Key(event.key()), 0)
            if step and event.type() == QEvent.Type.KeyPress:
                row = self.procedure_list.currentRow() + step
                self.procedure_list.setCurrentRow(max(0, min(row, self.procedure_list.count() - 1)))
                return True
        return super().eventFilter(watched, event)

    def _pick(self) -> None:
        item = self.procedure_list.currentItem()
        if item is None:
            self.procedure_error.show_message(_("No procedure matches what you typed."))
            return
        self.choose(str(item.data(Qt.ItemDataRole.UserRole)))
        self.applicant.edits["name"].setFocus()

    def choose(self, code: str) -> None:
        found = next((p for p in self.procedures if p.code == code), None)
        if found is None:
            self._pending_procedure = code  # the catalogue is still loading
            return
        self._pending_procedure = ""
        self.procedure = found
        self.procedure_error.show_message("")
        self.procedure_label.setText(f"{found.code} — {found.name}")
        self._filter(found.code)  # the list shows the choice, not the first match
        self.checklist.load(found.documents)
        self.fees.load(found.fees)
        self._wire_tables()
        self._touched()

    def _wire_tables(self) -> None:
        """Tab follows the paper form: applicant, submitter, documents, fees, delivery."""
        chain: list[QWidget] = [self.auth_relation]
        for table in (self.checklist.table, self.fees.table):
            for row in range(table.rowCount()):
                for col in range(1, table.columnCount()):
                    cell = table.cellWidget(row, col)
                    if cell is not None:
                        chain.append(cell)
                        if isinstance(cell, QLineEdit):
                            self.catcher.watch(cell)
                            cell.textChanged.connect(self._touched)
        chain += [self.delivery, self.postal_address, self.reason]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    # --------------------------------------------------------------------------- draft

    def _touched(self) -> None:
        self._dirty = True
        self.changed.emit()

    def state(self) -> dict[str, Any]:
        return {
            "procedure": self.procedure.code if self.procedure else "",
            "channel": int(self.channel.currentData()),
            "applicant": self.applicant.state(),
            "has_submitter": self.submitter_group.isChecked(),
            "submitter": self.submitter.state(),
            "authorisation": [
                self.auth_no.text(),
                self.auth_date.text(),
                self.auth_relation.text(),
            ],
            "documents": self.checklist.state(),
            "delivery": int(self.delivery.currentData()),
            "postal_address": self.postal_address.text(),
            "reason": self.reason.text(),
        }

    def restore(self, state: dict[str, Any]) -> None:
        if state.get("procedure"):
            self.choose(str(state["procedure"]))
        self.channel.setCurrentIndex(
            max(self.channel.findData(Channel(state.get("channel", 1))), 0)
        )
        self.applicant.restore(state.get("applicant", {}))
        self.submitter_group.setChecked(bool(state.get("has_submitter")))
        self.submitter.restore(state.get("submitter", {}))
        for edit, value in zip(
            (self.auth_no, self.auth_date, self.auth_relation),
            state.get("authorisation", ["", "", ""]),
            strict=False,
        ):
            edit.setText(str(value))
        self.checklist.restore(state.get("documents", []))
        method = DeliveryMethod(state.get("delivery", 0))
        self.delivery.setCurrentIndex(max(self.delivery.findData(method), 0))
        self.postal_address.setText(str(state.get("postal_address", "")))
        self.reason.setText(str(state.get("reason", "")))

    def has_content(self) -> bool:
        return bool(self.procedure or any(e.text() for e in self.applicant.edits.values()))

    def save_draft(self) -> None:
        if self._dirty and self.has_content():
            self.drafts.save(self.state())
            self._dirty = False

    def closeEvent(self, event: QCloseEvent) -> None:
        self._dirty = True
        self.save_draft()
        super().closeEvent(event)
