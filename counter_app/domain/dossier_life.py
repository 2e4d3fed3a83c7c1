"""The records a dossier keeps of its life after intake (all stored in the dossier body).

Each class has defaults for every field added later, so bodies written by older versions decode.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from counter_app.domain.deadlines import Timeliness
from counter_app.domain.enums import DeliveryMethod
from counter_app.domain.errors import ValidationError
from counter_app.domain.text import nfc
from counter_app.domain.vntime import as_vn

_DOCUMENT_NO_RE = re.compile(r"^[\w./\-() ]{1,60}$")


@dataclass(frozen=True)
class TrackingEntry:
    """The line of the tracking book (Sổ theo dõi hồ sơ, TT 03/2025 Mẫu 07; Mẫu 06 of 01/2018):
    "Vào Sổ theo dõi hồ sơ, Quyển số ``volume``, Số thứ tự ``number``" — numbers continuous over the
    agency's year, allocated at receipt."""

    year: int
    volume: int
    number: int


@dataclass(frozen=True)
class Representation:
    """The submitter acts for the applicant under an authorisation (giấy ủy quyền)."""

    document_no: str
    document_date: date
    relationship: str  # e.g. "con", "người được thuê dịch vụ"
    issued_by: str = ""  # who certified the authorisation, when stated

    def normalised(self, today: date) -> Representation:
        number = nfc(self.document_no) if isinstance(self.document_no, str) else ""
        if not number or not _DOCUMENT_NO_RE.match(number):
            raise ValidationError("invalid_authorisation", field="authorisation.document_no")
        signed = self.document_date
        if isinstance(signed, datetime):
            signed = as_vn(signed).date()
        if not isinstance(signed, date) or signed > today:
            raise ValidationError("invalid_authorisation", field="authorisation.document_date")
        relationship = nfc(self.relationship) if isinstance(self.relationship, str) else ""
        if not relationship:
            raise ValidationError("missing_field", field="authorisation.relationship")
        issued_by = nfc(self.issued_by) if isinstance(self.issued_by, str) else ""
        return Representation(number, signed, relationship, issued_by)


def representation(
    submitter: object | None, authorisation: Representation | None, at: datetime
) -> Representation | None:
    """The checked authorisation of an intake: it needs a submitter (the representative)."""
    if authorisation is None:
        return None
    if submitter is None:
        raise ValidationError("missing_field", field="submitter")
    if not isinstance(authorisation, Representation):
        raise ValidationError("invalid_input", field="authorisation")
    return authorisation.normalised(as_vn(at).date())


@dataclass
class PauseInterval:
    """A financial obligation (status 6) stops the clock; leaving it resumes the clock with the
    working time that was left (Bắc Giang Art. 16.5)."""

    started_at: datetime
    reason: str = "financial_obligation"
    remaining_minutes: int = 0  # working minutes left to the appointment when paused
    due_before: datetime | None = None
    ended_at: datetime | None = None
    paused_minutes: int = 0  # working minutes inside the interval, set when it ends
    due_after: datetime | None = None

    @property
    def is_open(self) -> bool:
        return self.ended_at is None


@dataclass(frozen=True)
class Withdrawal:
    """The applicant asked to withdraw the dossier (status 7)."""

    requested_at: datetime
    recorded_by: str
    reason: str


@dataclass(frozen=True)
class StopNotice:
    """Thông báo dừng giải quyết hồ sơ (TT 03/2025 Mẫu 05): processing stopped (status 8)."""

    at: datetime
    by: str
    reason: str
    on_withdrawal: bool = False


@dataclass(frozen=True)
class Refund:
    """A fee paid that must be handed back (dossier stopped or refused after payment)."""

    fee_name: str
    amount_vnd: int
    recorded_at: datetime
    recorded_by: str
    reason: str = ""


@dataclass(frozen=True)
class ResultReturn:
    """How the result left the office (status 10).

    ``method`` is the way it really went (counter, post, online); for post, the hand-over to the
    postal operator and its tracking number (mã vận đơn)."""

    method: DeliveryMethod
    at: datetime
    by: str
    recipient: str = ""
    postal_operator: str = ""
    postal_tracking_no: str = ""
    handed_to_post_at: datetime | None = None
    online_reference: str = ""


@dataclass(frozen=True)
class ResultBack:
    """The processing agency's result handed back to the counter (status 9): who brought it
    (``giver``, at the agency), the counter officer who took it (``by``), when, and how it stood
    against the time budget of the agency's step (:mod:`counter_app.domain.handover`)."""

    at: datetime
    from_agency: str
    giver: str
    by: str
    result: Timeliness | None = None
