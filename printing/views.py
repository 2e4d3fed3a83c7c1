"""The view data of every slip: flat, typed, Qt-free, every value a ready-written string.

Templates read only these. They are stored (JSON) with each issued slip, so a reprint is rebuilt
from exactly the data of the original.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from counter_app.domain.slip_kinds import SlipKind


@dataclass(frozen=True)
class Header:
    parent_agency: str
    agency_name: str  # upper case, for the header
    agency: str  # as written, for sentences
    place_date: str
    number: str
    code: str
    lookup_url: str
    form: str = ""  # "Mẫu số 01" in the slip set the dossier falls under


@dataclass(frozen=True)
class Person:
    name: str
    address: str
    phone: str
    email: str


@dataclass(frozen=True)
class ItemRow:
    no: str
    name: str
    original: str
    certified: str
    copy: str


@dataclass(frozen=True)
class FeeRow:
    name: str
    amount: str
    how: str


@dataclass(frozen=True)
class ReceiptView:
    header: Header
    applicant: Person
    representative: str
    procedure: str
    items: tuple[ItemRow, ...]
    sets: str
    processing_time: str
    received_at: str
    due_at: str
    result_place: str
    postal_address: str
    postage: str
    book_volume: str
    book_entry: str
    supplement_round: str
    fees: tuple[FeeRow, ...]
    fee_total: str
    vietqr: str
    bank_line: str
    officer: str


@dataclass(frozen=True)
class ReasonRow:
    no: str
    name: str
    reason: str


@dataclass(frozen=True)
class NoticeView:
    """Forms 02–05: a notice to the applicant about one dossier."""

    header: Header
    applicant: Person
    procedure: str
    received_at: str
    event_at: str
    due_at: str
    new_due_at: str
    reason: str
    rows: tuple[ReasonRow, ...]
    guidance: str
    officer: str
    officer_phone: str
    round_no: str
    variant: str  # refusal: "intake" | "after_receipt"; stop: "withdrawn" | "stopped"


@dataclass(frozen=True)
class HandoverRow:
    no: str
    giver: str
    receiver: str
    at: str
    result: str
    note: str


@dataclass(frozen=True)
class ControlView:
    header: Header
    applicant: str
    procedure: str
    received_at: str
    due_at: str
    rows: tuple[HandoverRow, ...]


@dataclass(frozen=True)
class BookRow:
    entry: str
    code: str
    procedure: str
    sets: str
    applicant: str
    contact: str
    agency: str
    received: str
    due: str
    transferred: str
    result_back: str
    returned: str
    note: str


@dataclass(frozen=True)
class ListView:
    """Tracking book (form 07) and a batch's hand-over list: a period and its rows."""

    header: Header
    period: str
    to_agency: str
    rows: tuple[BookRow, ...]
    giver: str
    receiver: str = ""  # who took the batch in at the agency (hand-over list)


@dataclass(frozen=True)
class DocumentRow:
    no: str
    name: str
    form: str
    quantity: str


@dataclass(frozen=True)
class GuidanceView:
    header: Header
    procedure: str
    field: str
    processing_time: str
    documents: tuple[DocumentRow, ...]
    fees: tuple[FeeRow, ...]
    where: str
    lookup_hint: str


SlipView = ReceiptView | NoticeView | ControlView | ListView | GuidanceView

VIEW_CLASS: dict[SlipKind, type[Any]] = {
    SlipKind.RECEIPT: ReceiptView,
    SlipKind.SUPPLEMENT: NoticeView,
    SlipKind.REFUSAL: NoticeView,
    SlipKind.APOLOGY: NoticeView,
    SlipKind.STOP: NoticeView,
    SlipKind.CONTROL: ControlView,
    SlipKind.BOOK: ListView,
    SlipKind.HANDOVER: ListView,
    SlipKind.GUIDANCE: GuidanceView,
}
