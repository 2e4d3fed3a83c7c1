"""One party of an intake (the applicant, or the submitter acting for them): a person with an
ID number, or an organisation with a tax code. Fields in the order of the paper form."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLineEdit, QWidget

from counter_app.domain.citizen_card import CitizenCard
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.errors import ValidationError
from counter_app.i18n import _
from ui import labels
from ui.widgets import ErrorLabel, with_error

FIELDS = ("name", "id_number", "birth_date", "gender", "address", "phone", "email")


def parse_day(text: str, field: str = "birth_date") -> date | None:
    """``dd/mm/yyyy`` (or empty); ``invalid_date`` otherwise."""
    text = text.strip()
    if not text:
        return None
    try:
        return datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError as exc:
        raise ValidationError("invalid_date", field=field, value=text) from exc


class PartyBox(QGroupBox):
    def __init__(self, title: str, prefix: str, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.prefix = prefix
        layout = QFormLayout(self)
        self.kind = QComboBox()
        for kind, text in labels.APPLICANT.items():
            self.kind.addItem(_(text), kind)
        layout.addRow(_("Kind"), self.kind)
        self.edits: dict[str, QLineEdit] = {}
        self.errors: dict[str, ErrorLabel] = {}
        captions = {
            "name": _("Full name / organisation"),
            "id_number": _("ID number / tax code"),
            "birth_date": _("Date of birth (dd/mm/yyyy)"),
            "gender": _("Sex"),
            "address": _("Address"),
            "phone": _("Phone"),
            "email": _("Email"),
        }
        for name in FIELDS:
            edit = QLineEdit()
            edit.setObjectName(f"{prefix}_{name}")
            box, error = with_error(edit)
            layout.addRow(captions[name], box)
            self.edits[name], self.errors[name] = edit, error

    def party(self) -> Party:
        text = {name: edit.text() for name, edit in self.edits.items()}
        kind = ApplicantKind(self.kind.currentData())
        return Party(
            kind,
            text["name"],
            text["id_number"].strip(),
            parse_day(text["birth_date"]),
            text["gender"],
            text["address"],
            text["phone"],
            text["email"],
        )

    def fill_card(self, card: CitizenCard) -> None:
        self.kind.setCurrentIndex(self.kind.findData(ApplicantKind.CITIZEN))
        values = {
            "name": card.name,
            "id_number": card.id_number,
            "birth_date": labels.day(card.birth_date),
            "gender": card.gender,
            "address": card.address,
        }
        for name, value in values.items():
            self.edits[name].setText(value)

    def fill_party(self, party: Party) -> None:
        self.kind.setCurrentIndex(self.kind.findData(party.kind))
        values = {
            "name": party.name,
            "birth_date": labels.day(party.birth_date),
            "gender": party.gender,
            "address": party.address,
            "phone": party.phone,
            "email": party.email,
        }
        for name, value in values.items():
            if not self.edits[name].text():
                self.edits[name].setText(value)

    def state(self) -> dict[str, Any]:
        values: dict[str, Any] = {n: e.text() for n, e in self.edits.items()}
        values["kind"] = int(self.kind.currentData())
        return values

    def restore(self, state: dict[str, Any]) -> None:
        index = self.kind.findData(ApplicantKind(int(state.get("kind", 1))))
        self.kind.setCurrentIndex(max(index, 0))
        for name, edit in self.edits.items():
            edit.setText(str(state.get(name, "")))

    def clear_errors(self) -> None:
        for error in self.errors.values():
            error.show_message("")
