"""Dossier codes ``<agency id>-<YYMMDD>-<XXXX>`` (TT 01/2018 Art. 19), issued offline, never changed.

Collision-freedom offline: every device registered to an agency owns a disjoint block of the
daily sequence (assigned once, at registration). A device only ever issues numbers from its own
block, one after another within a day, so two devices can never issue the same code however long
they stay offline. The start of the sequence (by default 0001–0999) is reserved for the central
system's own numbering: no device block may overlap it. A device refuses to issue when its clock
reads earlier than the last code it issued (a clock set back could otherwise reuse a day's
numbers), and asks for confirmation when its clock reads far ahead of the last code (a clock set a
year ahead would otherwise date codes next year). See ``docs/design-codes.md``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_app.domain.errors import ConflictError, ValidationError
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
#: The last number of the range the central system numbers from itself (0001–0999).
DEFAULT_RESERVED_LAST = 999
#: How far ahead of the last code the clock may read before issuing needs confirmation. Tết can
#: close an office for about ten days, so a shorter bound would ask after every long holiday.
DEFAULT_MAX_CLOCK_JUMP = timedelta(days=14)


class ClockWentBackwards(ConflictError):
    code = "clock_went_backwards"


class ClockJumpUnconfirmed(ConflictError):
    code = "clock_jump_unconfirmed"


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
    def for_slot(
        cls, slot: int, size: int = DEFAULT_BLOCK_SIZE, reserved_last: int = DEFAULT_RESERVED_LAST
    ) -> SequenceBlock:
        """Slot ``k`` of equal blocks: slot 1 → 1000–1999, … slot 9 → 9000–9999. A slot whose
        block reaches into the reserved range (``0001..reserved_last``, the central system's own
        numbering) is refused: with the defaults, slot 0."""
        slots = (MAX_SEQUENCE + 1) // size
        if not 0 <= slot < slots:
            raise ValidationError("invalid_device_slot", field="slot", slot=slot, slots=slots)
        block = cls(max(1, slot * size), min(MAX_SEQUENCE, slot * size + size - 1))
        block.check_not_reserved(reserved_last)
        return block

    def check_not_reserved(self, reserved_last: int) -> None:
        if self.first <= reserved_last:
            raise ValidationError(
                "device_slot_reserved",
                field="slot",
                first=f"{self.first:04d}",
                reserved_last=f"{reserved_last:04d}",
            )

    def overlaps(self, other: SequenceBlock) -> bool:
        return self.first <= other.last and other.first <= self.last


@dataclass(frozen=True, slots=True)
class IssuerState:
    """What a device remembers of the last code it issued."""

    day: date | None = None
    last_seq: int = 0
    last_issued_at: datetime | None = None


def check_clock(
    state: IssuerState,
    now: datetime,
    max_ahead: timedelta = DEFAULT_MAX_CLOCK_JUMP,
    *,
    confirm_clock: bool = False,
) -> None:
    """Refuse a clock earlier than the last code (always), or more than ``max_ahead`` later
    (unless the officer confirmed that the date is right)."""
    if state.last_issued_at is None:
        return
    last = as_vn(state.last_issued_at)
    if now < last:
        raise ClockWentBackwards(last_issued_at=last.isoformat())
    if now - last > max_ahead and not confirm_clock:
        raise ClockJumpUnconfirmed(
            last_issued_at=f"{last:%d/%m/%Y %H:%M}",
            now=f"{now:%d/%m/%Y %H:%M}",
            days=(now - last).days,
        )


def issue_code(
    agency: str,
    block: SequenceBlock,
    state: IssuerState,
    now: datetime,
    max_ahead: timedelta = DEFAULT_MAX_CLOCK_JUMP,
    *,
    confirm_clock: bool = False,
) -> tuple[DossierCode, IssuerState]:
    """The next code for ``now`` and the state to remember; pure."""
    now = as_vn(now)
    check_clock(state, now, max_ahead, confirm_clock=confirm_clock)
    today = now.date()
    seq = state.last_seq + 1 if state.day == today else block.first
    seq = max(seq, block.first)
    if seq > block.last:
        raise DailySequenceExhausted(day=today.isoformat(), first=block.first, last=block.last)
    return DossierCode(agency, today, seq), IssuerState(today, seq, now)
