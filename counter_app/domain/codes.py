"""Dossier codes ``<agency id>-<YYMMDD>-<XXXX>`` (TT 01/2018 Art. 19), issued offline, never changed.

Collision-freedom offline: every device registered to an agency owns a disjoint block of the
daily sequence (assigned once, at registration). A device only ever issues numbers from its own
block, one after another within a day, so two devices can never issue the same code however long
they stay offline. A device refuses to issue when its clock reads earlier than the last code it
issued (a clock set back could otherwise reuse a day's numbers).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from counter_app.domain.errors import (
    ConflictError,
    ValidationError,
)
from counter_app.domain.vntime import as_vn

#: An agency's electronic identifier, e.g. ``000.00.06.H56``; the one pattern everyone uses.
AGENCY_PATTERN = r"\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}"
#: A dossier code anywhere in a text (a receipt URL, a scanned QR).
CODE_PATTERN = rf"{AGENCY_PATTERN}-\d{{6}}-\d{{4,8}}"
AGENCY_CODE_RE = re.compile(rf"^{AGENCY_PATTERN}$")
_CODE_RE = re.compile(rf"^(?P<agency>{AGENCY_PATTERN})-(?P<day>\d{{6}})-(?P<seq>\d{{4,8}})$")
_CODE_IN_TEXT = re.compile(CODE_PATTERN, re.IGNORECASE)
MAX_SEQUENCE = 9999
DEFAULT_BLOCK_SIZE = 1000


class ClockWentBackwards(ConflictError):
    code = "clock_went_backwards"


class DailySequenceExhausted(ConflictError):
    code = "daily_sequence_exhausted"


@dataclass(frozen=True, slots=True)
class DossierCode:
    agency: str
    day: date
    seq: int
    width: int = 4

    def __str__(self) -> str:
        return f"{self.agency}-{self.day:%y%m%d}-{self.seq:0{self.width}d}"

    @classmethod
    def parse(cls, text: str) -> DossierCode:
        match = _CODE_RE.match(text.strip().upper())
        if match is None:
            raise ValidationError("invalid_dossier_code", field="code", value=text)
        raw_day = match["day"]
        try:
            day = date(2000 + int(raw_day[:2]), int(raw_day[2:4]), int(raw_day[4:]))
        except ValueError as exc:
            raise ValidationError("invalid_dossier_code", field="code", value=text) from exc
        return cls(match["agency"], day, int(match["seq"]), len(match["seq"]))


def find_code(text: str) -> str | None:
    """The first dossier code inside ``text`` (upper-cased), or ``None``."""
    match = _CODE_IN_TEXT.search(text)
    return match.group(0).upper() if match else None


def looks_like_code(text: str) -> bool:
    return _CODE_RE.match(text.strip().upper()) is not None


@dataclass(frozen=True, slots=True)
class SequenceBlock:
    """The part ``first..last`` of an agency's daily sequence that one device owns."""

    first: int
    last: int

    def __post_init__(self) -> None:
        if not 1 <= self.first <= self.last <= MAX_SEQUENCE:
            raise ValidationError("invalid_sequence_block", first=self.first, last=self.last)

    @classmethod
    def for_slot(cls, slot: int, size: int = DEFAULT_BLOCK_SIZE) -> SequenceBlock:
        """Slot ``k`` of equal blocks: slot 0 → 0001–0999, slot 1 → 1000–1999, … slot 9 → 9000–9999."""
        slots = (MAX_SEQUENCE + 1) // size
        if not 0 <= slot < slots:
            raise ValidationError("invalid_device_slot", field="slot", slot=slot, slots=slots)
        return cls(max(1, slot * size), min(MAX_SEQUENCE, slot * size + size - 1))

    def overlaps(self, other: SequenceBlock) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass(frozen=True, slots=True)
class IssuerState:
    """What a device remembers of the last code it issued."""

    day: date | None = None
    last_seq: int = 0
    last_issued_at: datetime | None = None


def issue_code(
    agency: str, block: SequenceBlock, state: IssuerState, now: datetime
) -> tuple[DossierCode, IssuerState]:
    """The next code for ``now`` and the state to remember; pure."""
    now = as_vn(now)
    if state.last_issued_at is not None and now < as_vn(state.last_issued_at):
        raise ClockWentBackwards(last_issued_at=as_vn(state.last_issued_at).isoformat())
    today = now.date()
    seq = state.last_seq + 1 if state.day == today else block.first
    seq = max(seq, block.first)
    if seq > block.last:
        raise DailySequenceExhausted(day=today.isoformat(), first=block.first, last=block.last)
    return DossierCode(agency, today, seq), IssuerState(today, seq, now)
