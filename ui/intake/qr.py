"""A QR scanner acting as a keyboard: it types the citizen ID card's string into whatever field
has the focus. :class:`CardCatcher` watches the form's line edits; once a card string is complete
it takes it back out of the field (which keeps what it held before) and reports the parsed card.
A malformed string is taken out too, and reported as an error: nothing else changes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit

from counter_app.domain.citizen_card import CARD_QR_START, looks_complete, parse_card_qr
from counter_app.domain.errors import DomainError

#: More separators than any card string has: the scan went wrong.
_TOO_MANY_PARTS = 7


class CardCatcher(QObject):
    scanned = Signal(object)  # CitizenCard
    failed = Signal(object)  # DomainError

    def watch(self, edit: QLineEdit) -> None:
        edit.textEdited.connect(lambda text: self._edited(edit, text))
        edit.returnPressed.connect(lambda: self._finish(edit, force=True))

    def _edited(self, edit: QLineEdit, text: str) -> None:
        if CARD_QR_START.search(text) is not None:
            self._finish(edit, force=False)

    def _finish(self, edit: QLineEdit, *, force: bool) -> None:
        text = edit.text()
        start = CARD_QR_START.search(text)
        if start is None:
            return
        raw = text[start.start() :]
        complete = looks_complete(raw)
        if not (complete or force or raw.count("|") > _TOO_MANY_PARTS - 1):
            return
        edit.setText(text[: start.start()])  # the field keeps what it held before the scan
        try:
            card = parse_card_qr(raw)
        except DomainError as err:
            self.failed.emit(err)
            return
        self.scanned.emit(card)
