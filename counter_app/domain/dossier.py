"""The dossier (hồ sơ) aggregate: applicant, items received, fees, delivery, status history."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from counter_app.domain.deadlines import Appointment, Timeliness
from counter_app.domain.dossier_life import (
    PauseInterval,
    Refund,
    Representation,
    ResultBack,
    ResultReturn,
    StopNotice,
    TrackingEntry,
    Withdrawal,
)
from counter_app.domain.enums import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    DocumentForm,
    DossierStatus,
    FeeTiming,
    PaymentMethod,
)
from counter_app.domain.errors import ValidationError
from counter_app.domain.processing_time import ProcessingTime
from counter_app.domain.status import check_transition
from counter_app.domain.text import digits_only, nfc

_CITIZEN_ID_RE = re.compile(r"^(\d{12}|\d{9})$")
_TAX_CODE_RE = re.compile(r"^\d{10}(-\d{3})?$")
_PHONE_RE = re.compile(r"^0\d{9,10}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def normalise_phone(raw: str) -> str:
    """``+84 912.345.678`` → ``0912345678``; raise ``invalid_phone`` when it cannot be a VN number."""
    digits = digits_only(raw)
    if digits.startswith("84") and len(digits) in (11, 12):
        digits = "0" + digits[2:]
    if not _PHONE_RE.match(digits):
        raise ValidationError("invalid_phone", field="phone")
    return digits


@dataclass
class Party:
    """An applicant or submitter: a person (ID number) or an organisation (tax code)."""

    kind: ApplicantKind
    name: str
    id_number: str = ""
    birth_date: date | None = None
    gender: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""

    def normalised(self) -> Party:
        """NFC text, canonical phone; raise a ValidationError naming the first bad field."""
        for name_of_field in ("name", "id_number", "gender", "address", "phone", "email"):
            if not isinstance(getattr(self, name_of_field), str):
                raise ValidationError("invalid_input", field=name_of_field)
        name = nfc(self.name)
        if not name:
            raise ValidationError("missing_field", field="name")
        id_number = self.id_number.strip()
        if id_number:
            pattern = _CITIZEN_ID_RE if self.kind is ApplicantKind.CITIZEN else _TAX_CODE_RE
            if not pattern.match(id_number):
                raise ValidationError("invalid_id_number", field="id_number")
        phone = normalise_phone(self.phone) if self.phone.strip() else ""
        email = self.email.strip()
        if email and not _EMAIL_RE.match(email):
            raise ValidationError("invalid_email", field="email")
        return Party(
            self.kind,
            name,
            id_number,
            self.birth_date,
            nfc(self.gender),
            nfc(self.address),
            phone,
            email,
        )


@dataclass
class ScanFile:
    """The digitised copy of a document item: one PDF/A file in the data folder, by content."""

    file_name: str
    content_hash: str  # SHA-256 of the file, hex
    size: int
    pages: int
    officer: str
    at: datetime

    @property
    def path(self) -> str:
        """Where it lives, relative to the data folder (``scans/ab/abcdef….pdf``)."""
        return f"scans/{self.content_hash[:2]}/{self.content_hash}.pdf"


@dataclass
class ReceivedItem:
    """A document item as actually handed over (checked against the procedure's list)."""

    requirement_code: str
    name: str
    form: DocumentForm
    quantity: int = 1
    present: bool = True
    note: str = ""
    scan: ScanFile | None = None  # its digitised copy, once scanned


@dataclass
class FeeLine:
    name: str
    amount_vnd: int
    timing: FeeTiming = FeeTiming.BEFORE
    method: PaymentMethod | None = None
    receipt_no: str = ""
    paid_at: datetime | None = None

    @property
    def is_paid(self) -> bool:
        """Collected: at intake for a fee collected before (its method recorded), or later."""
        if self.paid_at is not None:
            return True
        return self.timing is FeeTiming.BEFORE and self.method is not None

    @property
    def is_outstanding(self) -> bool:
        """A fee collected after (thu sau) that is still due."""
        return self.timing is FeeTiming.AFTER and self.amount_vnd > 0 and not self.is_paid


@dataclass
class Delivery:
    method: DeliveryMethod = DeliveryMethod.COUNTER
    postal_address: str = ""
    postage_vnd: int | None = None  # giá cước bưu chính, stored and printed on the receipt

    def normalised(self) -> Delivery:
        postage = self.postage_vnd
        if postage is not None and (
            not isinstance(postage, int) or isinstance(postage, bool) or postage < 0
        ):
            raise ValidationError("invalid_postage", field="postage_vnd")
        address = nfc(self.postal_address) if isinstance(self.postal_address, str) else ""
        if self.method is DeliveryMethod.POST and not address:
            raise ValidationError("missing_field", field="postal_address")
        return Delivery(self.method, address, postage)


@dataclass
class StatusChange:
    at: datetime
    from_status: DossierStatus | None
    to_status: DossierStatus
    actor: str
    note: str = ""


@dataclass
class MissingItem:
    name: str
    reason: str


@dataclass
class SupplementRound:
    number: int
    requested_at: datetime
    requested_by: str
    items: list[MissingItem]
    guidance: str = ""
    received_at: datetime | None = None
    old_due: datetime | None = None
    new_due: datetime | None = None
    received_by: str = ""  # who took the supplement in


@dataclass
class Transfer:
    """One hand-over of the dossier to a processing agency (bàn giao): who gave it (``by``, the
    counter officer), who received it at the agency, when, and how it stood against the time
    budget of the step it closes, judged when it happened (:mod:`counter_app.domain.handover`)."""

    at: datetime
    to_agency: str
    by: str
    receiver: str = ""  # empty only in bodies stored before the receiver was recorded
    step_due: datetime | None = None  # the receiving agency's time budget ends then, when set
    result: Timeliness | None = None


@dataclass
class Dossier:
    id: str
    code: str
    agency_code: str
    procedure_code: str
    procedure_name: str
    field_name: str
    channel: Channel
    applicant: Party
    received_by: str
    received_at: datetime
    status: DossierStatus
    device_id: str = ""
    submitter: Party | None = None
    summary: str = ""
    items: list[ReceivedItem] = field(default_factory=list)
    sets_count: int = 1
    fees: list[FeeLine] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)
    processing: ProcessingTime | None = None  # as chosen at intake (a published branch)
    appointment: Appointment | None = None
    history: list[StatusChange] = field(default_factory=list)
    supplements: list[SupplementRound] = field(default_factory=list)
    transfers: list[Transfer] = field(default_factory=list)
    results_back: list[ResultBack] = field(default_factory=list)
    processing_agency: str = ""
    refusal_reason: str = ""
    refused_at: datetime | None = None
    resolved_at: datetime | None = None
    returned_at: datetime | None = None
    apology_reason: str = ""
    apologised_at: datetime | None = None
    rating: int | None = None
    version: int = 0
    tracking: TrackingEntry | None = None
    authorisation: Representation | None = None  # the submitter acts under it
    pauses: list[PauseInterval] = field(default_factory=list)
    withdrawal: Withdrawal | None = None
    stop_notice: StopNotice | None = None
    refunds: list[Refund] = field(default_factory=list)
    result_return: ResultReturn | None = None

    def move_to(self, status: DossierStatus, at: datetime, actor: str, note: str = "") -> None:
        """Apply a legal status change and record it; :class:`IllegalTransition` otherwise."""
        check_transition(self.status, status)
        self.history.append(StatusChange(at, self.status, status, actor, note))
        self.status = status
        if status is DossierStatus.REFUSED:
            self.refused_at = at
        elif status is DossierStatus.RESOLVED:
            self.resolved_at = at
        elif status is DossierStatus.RETURNED:
            self.returned_at = at

    @property
    def due_at(self) -> datetime | None:
        """What the applicant is told now (the apology's new date, if any)."""
        return self.appointment.effective_due if self.appointment else None

    @property
    def legal_due(self) -> datetime | None:
        """The receipt's appointment (moved only by pauses): lateness is judged against it and
        it is the one sent as ``NgayHenTra``, even after an apology."""
        return self.appointment.due if self.appointment else None

    @property
    def refused_after_receipt(self) -> bool:
        """Refused once received (Bắc Giang Art. 16.4): the refusal date is ``NgayTuChoi``."""
        return self.status is DossierStatus.REFUSED and any(
            c.to_status is DossierStatus.RECEIVED for c in self.history
        )

    @property
    def supplement_requests(self) -> int:
        return len(self.supplements)

    @property
    def counts_late_for_supplements(self) -> bool:
        """More than one supplement request counts as late (QĐ 766/QĐ-TTg indicators)."""
        return len(self.supplements) > 1

    @property
    def open_pause(self) -> PauseInterval | None:
        return self.pauses[-1] if self.pauses and self.pauses[-1].is_open else None

    @property
    def outstanding_fees(self) -> list[FeeLine]:
        return [f for f in self.fees if f.is_outstanding]


@dataclass(frozen=True)
class DossierSummary:
    """What a list or a search result shows of a dossier (read model, no history)."""

    id: str
    code: str
    procedure_code: str
    applicant_name: str
    status: DossierStatus
    received_at: datetime
    due_at: datetime | None
