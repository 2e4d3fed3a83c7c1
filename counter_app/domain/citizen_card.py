"""The QR code on the back of a Vietnamese citizen ID card (CCCD), as a scanner types it.

Two shapes are seen at counters, fields separated by ``|``:

- 7 fields: ``ID|old ID|full name|birth ddmmyyyy|sex|address|issue ddmmyyyy`` (old ID may be empty);
- 6 fields: ``ID|full name|birth ddmmyyyy|sex|address|issue ddmmyyyy`` (cards without an old ID).

A string that is neither raises ``ValidationError("invalid_card_qr")``: nothing is half-filled.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from counter_app.domain.errors import ValidationError
from counter_app.domain.text import nfc

_ID = re.compile(r"^\d{12}$")
_OLD_ID = re.compile(r"^(\d{9})?$")
_DATE = re.compile(r"^\d{8}$")
#: Where a card QR starts inside whatever else a field held.
CARD_QR_START = re.compile(r"\d{12}\|")


@dataclass(frozen=True, slots=True)
class CitizenCard:
    id_number: str
    name: str
    birth_date: date
    gender: str
    address: str
    old_id_number: str = ""
    issued_on: date | None = None


def _date(text: str) -> date:
    if not _DATE.match(text):
        raise ValidationError("invalid_card_qr", field="card_qr")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise ValidationError("invalid_card_qr", field="card_qr") from exc


def parse_card_qr(raw: str) -> CitizenCard:
    """The card's fields; ``invalid_card_qr`` for anything else."""
    parts = [p.strip() for p in nfc(raw).strip().split("|")]
    if len(parts) == 6:
        parts.insert(1, "")
    if len(parts) != 7:
        raise ValidationError("invalid_card_qr", field="card_qr")
    id_number, old_id, name, birth, gender, address, issued = parts
    if not _ID.match(id_number) or not _OLD_ID.match(old_id) or not name or not address:
        raise ValidationError("invalid_card_qr", field="card_qr")
    if gender.casefold() not in ("nam", "nữ", "nu"):
        raise ValidationError("invalid_card_qr", field="card_qr")
    issued_on = _date(issued) if issued else None
    return CitizenCard(id_number, name, _date(birth), gender, address, old_id, issued_on)


def looks_complete(raw: str) -> bool:
    """A scanner has typed the whole string: 6 or 7 fields, the last one a full date."""
    parts = raw.split("|")
    return len(parts) in (6, 7) and bool(_DATE.match(parts[-1])) and len(parts[0]) >= 12
