"""The one seam between stored data and the slip templates: a :class:`SlipSource` (dossier,
procedure, agency, staff names, all read from the store) plus the settings become flat, typed,
Qt-free view data, every value already a string written the Vietnamese way. Templates read only
these views, never a dossier. The views are stored with each issued slip (JSON) so that a reprint is
rebuilt from exactly the data of the original.

"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime

from counter_app.domain.dossier import Dossier
from counter_app.domain.enums import DeliveryMethod, DocumentForm, FeeTiming, PaymentMethod
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.slip_kinds import SlipKind, SlipSource
from counter_app.domain.slips import Slip, SlipSet, slip_set_for
from counter_app.domain.vntime import as_vn
from counter_app.settings import Settings
from printing import formatting as fmt
from printing import vietqr
from printing.views import (
    BookRow,
    ControlView,
    DocumentRow,
    FeeRow,
    GuidanceView,
    HandoverRow,
    Header,
    ItemRow,
    ListView,
    NoticeView,
    Person,
    ReasonRow,
    ReceiptView,
    SlipView,
)
from printing.wording import (
    FORM_LABEL,
    NUMBER_SUFFIX,
    fee_rows,
    judged,
    processing_text,
    timeliness,
)

# --------------------------------------------------------------------------- dossier facts


def book_volume(d: Dossier) -> str:
    """Quyển số of the tracking book (allocated at receipt); the receipt year for a dossier never
    entered (received before the tracking book was kept)."""
    return str(d.tracking.volume) if d.tracking else f"{as_vn(d.received_at).year}"


def book_entry(d: Dossier, entries: Mapping[str, int]) -> str:
    """Số thứ tự in the tracking book; for a dossier never entered, its rank in the year."""
    value = d.tracking.number if d.tracking else entries.get(d.code)
    return f"{int(value):04d}" if value else ""


def postage(d: Dossier) -> int | None:
    return d.delivery.postage_vnd


def representative(d: Dossier) -> str:
    """The submitter acting for the applicant (under an authorisation, or simply another
    person), with the authorisation document when there is one."""
    rep = d.submitter
    name = rep.name if rep is not None else ""
    if not name or name == d.applicant.name:
        return ""
    auth = d.authorisation
    if auth is None:
        return name
    return f"{name} (theo giấy ủy quyền số {auth.document_no} ngày {fmt.day(auth.document_date)})"


def refusal_after_receipt(d: Dossier) -> tuple[datetime | None, str]:
    """The date and reason of a refusal made after the dossier was received (Art. 16.4)."""
    return (d.refused_at if d.refused_after_receipt else None), d.refusal_reason


def stop_event(d: Dossier) -> tuple[datetime | None, str]:
    """The stop notice (Mẫu 05), else the withdrawal request, else the last move to 7 or 8."""
    if d.stop_notice is not None:
        return d.stop_notice.at, d.stop_notice.reason
    if d.withdrawal is not None:
        return d.withdrawal.requested_at, d.withdrawal.reason
    for change in reversed(d.history):
        if change.to_status in (S.WITHDRAWN, S.STOPPED):
            return change.at, change.note
    return None, ""


def apology_new_due(d: Dossier) -> datetime | None:
    """The apology's new date, kept apart from the receipt's appointment."""
    return d.appointment.rescheduled_due if d.appointment else None


def apology_at(d: Dossier) -> datetime | None:
    return d.apologised_at


def supplement_dates(d: Dossier) -> tuple[datetime | None, datetime | None]:
    """The request / receipt dates of the last supplement round."""
    if not d.supplements:
        return None, None
    last = d.supplements[-1]
    return last.requested_at, last.received_at


def original_due(d: Dossier) -> datetime | None:
    """The receipt's appointment (NgayHenTra stays the receipt's even after an apology)."""
    return d.appointment.due if d.appointment else None


# --------------------------------------------------------------------------- builders


#: The official form each slip kind is (the hand-over list and the guidance sheet are none).
_FORM_OF_KIND: Mapping[SlipKind, Slip] = {
    SlipKind.RECEIPT: Slip.RECEIPT,
    SlipKind.SUPPLEMENT: Slip.SUPPLEMENT_REQUEST,
    SlipKind.REFUSAL: Slip.REFUSAL,
    SlipKind.APOLOGY: Slip.APOLOGY,
    SlipKind.STOP: Slip.STOP_NOTICE,
    SlipKind.CONTROL: Slip.CONTROL_SHEET,
    SlipKind.BOOK: Slip.TRACKING_BOOK,
}


def slip_set(src: SlipSource) -> SlipSet:
    """The slip set in force when the dossier was received (or the period starts): the rule set's
    timeline (Thông tư 03/2025 from 15/09/2025, Thông tư 01/2018 before)."""
    if src.dossier is not None:
        start = as_vn(src.dossier.received_at).date()
    else:
        start = src.period[0] if src.period else as_vn(src.issued_at).date()
    return slip_set_for(start)


def form_label(src: SlipSource) -> str:
    """ "Mẫu số NN" from the core's slip set (its form numbers are kept there, once)."""
    form = _FORM_OF_KIND.get(src.kind)
    number = slip_set(src).form(form) if form is not None else None
    return f"Mẫu số {number.removeprefix('Mẫu ')}" if number else ""


def header(src: SlipSource, settings: Settings, code: str) -> Header:
    suffix = NUMBER_SUFFIX.get(src.kind)
    number = f"Số: {src.number}/{suffix}" if suffix and src.number else ""
    url = settings.lookup.receipt_url.replace("{code}", code) if code else ""
    agency = src.agency.name or settings.office.agency_name or "Bộ phận Một cửa"
    return Header(
        settings.printing.parent_agency.upper(),
        agency.upper(),
        agency,
        fmt.place_date(settings.printing.place, src.issued_at),
        number,
        code,
        url,
        form_label(src),
    )


def person(d: Dossier) -> Person:
    a = d.applicant
    return Person(a.name, a.address, a.phone, a.email)


def _item_rows(d: Dossier) -> tuple[ItemRow, ...]:
    rows = []
    for i, item in enumerate((it for it in d.items if it.present), start=1):
        qty = f"{item.quantity:02d}"
        rows.append(
            ItemRow(
                str(i),
                item.name,
                qty if item.form in (DocumentForm.ORIGINAL, DocumentForm.PRESENT_ONLY) else "",
                qty if item.form is DocumentForm.CERTIFIED_COPY else "",
                qty if item.form is DocumentForm.COPY else "",
            )
        )
    return tuple(rows)


def _transfer_amount(d: Dossier) -> int:
    return sum(
        f.amount_vnd
        for f in d.fees
        if f.method is PaymentMethod.BANK_TRANSFER and f.timing is not FeeTiming.WAIVED
    )


def _vietqr(d: Dossier, settings: Settings) -> tuple[str, str]:
    p = settings.printing
    amount = _transfer_amount(d)
    if not amount or not p.bank_bin or not p.bank_account:
        return "", ""
    line = f"Chuyển khoản: {p.bank_account_name} – STK {p.bank_account} – {fmt.money(amount)}"
    return vietqr.payload(p.bank_bin, p.bank_account, amount, d.code), line


def _result_place(d: Dossier, agency_name: str) -> str:
    if d.delivery.method is DeliveryMethod.POST:
        return "Qua dịch vụ bưu chính công ích, đến địa chỉ dưới đây"
    if d.delivery.method is DeliveryMethod.ONLINE:
        return "Trực tuyến, qua Cổng Dịch vụ công"
    return f"Bộ phận Một cửa – {agency_name}"


def build_receipt(src: SlipSource, settings: Settings) -> ReceiptView:
    d = _dossier(src)
    post = d.delivery.method is DeliveryMethod.POST
    qr, bank_line = _vietqr(d, settings)
    round_no = d.appointment.supplement_round if d.appointment else 0
    total = sum(f.amount_vnd for f in d.fees if f.timing is not FeeTiming.WAIVED)
    return ReceiptView(
        header=header(src, settings, d.code),
        applicant=person(d),
        representative=representative(d),
        procedure=d.procedure_name,
        items=_item_rows(d),
        sets=f"{d.sets_count:02d}",
        processing_time=processing_text(d.processing),
        received_at=fmt.moment(d.received_at),
        due_at=fmt.moment(d.due_at),
        result_place=_result_place(d, header(src, settings, d.code).agency),
        postal_address=d.delivery.postal_address if post else "",
        postage=fmt.money(postage(d)) if post else "",
        book_volume=book_volume(d),
        book_entry=book_entry(d, src.book_entries),
        supplement_round=f"Tiếp nhận hồ sơ bổ sung lần thứ {round_no}" if round_no else "",
        fees=fee_rows(d.fees),
        fee_total=fmt.money(total) if d.fees else "",
        vietqr=qr,
        bank_line=bank_line,
        officer=src.staff_name(d.received_by),
    )


def _notice(
    src: SlipSource, settings: Settings, **fields: str | tuple[ReasonRow, ...]
) -> NoticeView:
    d = _dossier(src)
    base: dict[str, object] = {
        "header": header(src, settings, d.code),
        "applicant": person(d),
        "procedure": d.procedure_name,
        "received_at": fmt.moment(d.received_at),
        "event_at": fmt.moment(src.issued_at),
        "due_at": fmt.moment(original_due(d)),
        "new_due_at": "",
        "reason": "",
        "rows": (),
        "guidance": "",
        "officer": src.staff_name(d.received_by),
        "officer_phone": settings.printing.help_phone,
        "round_no": "",
        "variant": "",
    }
    base.update(fields)
    return NoticeView(**base)  # type: ignore[arg-type]


def build_supplement(src: SlipSource, settings: Settings) -> NoticeView:
    d = _dossier(src)
    last = d.supplements[-1]
    requested, _received = supplement_dates(d)
    rows = tuple(ReasonRow(str(i), m.name, m.reason) for i, m in enumerate(last.items, start=1))
    return _notice(
        src,
        settings,
        event_at=fmt.moment(requested),
        rows=rows,
        guidance=last.guidance,
        officer=src.staff_name(last.requested_by),
        round_no=str(last.number),
    )


def build_refusal(src: SlipSource, settings: Settings) -> NoticeView:
    d = _dossier(src)
    after_at, after_reason = refusal_after_receipt(d)
    if after_at is not None:
        return _notice(
            src,
            settings,
            event_at=fmt.moment(after_at),
            reason=after_reason,
            variant="after_receipt",
        )
    return _notice(
        src,
        settings,
        event_at=fmt.moment(d.refused_at),
        reason=d.refusal_reason,
        variant="intake",
        due_at="",
    )


def build_apology(src: SlipSource, settings: Settings) -> NoticeView:
    d = _dossier(src)
    at = apology_at(d)
    return _notice(
        src,
        settings,
        event_at=fmt.moment(at) if at else fmt.moment(src.issued_at),
        new_due_at=fmt.moment(apology_new_due(d)),
        reason=d.apology_reason,
    )


def build_stop(src: SlipSource, settings: Settings) -> NoticeView:
    d = _dossier(src)
    at, reason = stop_event(d)
    variant = "withdrawn" if d.status is S.WITHDRAWN else "stopped"
    return _notice(src, settings, event_at=fmt.moment(at), reason=reason, variant=variant)


def _party(person: str, agency: str) -> str:
    """A person of a processing agency as the control sheet names them: "Name (agency)"."""
    return f"{person} ({agency})" if person and agency else person or agency


def _handover_rows(src: SlipSource, d: Dossier, due: datetime | None) -> list[HandoverRow]:
    """Each hand-over with giver, receiver, time and the result against its step's budget."""
    rows: list[HandoverRow] = []
    for t in d.transfers:
        rows.append(
            HandoverRow(
                "",
                src.staff_name(t.by),
                _party(t.receiver, t.to_agency),
                fmt.short_moment(t.at),
                judged(t.result, t.at, due),
                "",
            )
        )
    backs = {as_vn(b.at): b for b in d.results_back}
    for change in d.history:
        if change.to_status not in (S.RESOLVED, S.RETURNED):
            continue
        actor = src.staff_name(change.actor)
        back = backs.get(as_vn(change.at))
        if change.to_status is S.RETURNED:  # the counter hands the result to the applicant
            giver, receiver, result = actor, "Người nộp hồ sơ", timeliness(change.at, due)
        elif back is not None:
            giver = _party(back.giver, back.from_agency)
            result = judged(back.result, change.at, due)
            receiver = src.staff_name(back.by)
        else:  # recorded before the giver was
            giver, receiver = d.processing_agency or actor, actor
            result = timeliness(change.at, due)
        rows.append(
            HandoverRow("", giver, receiver, fmt.short_moment(change.at), result, change.note)
        )
    return rows


def build_control(src: SlipSource, settings: Settings) -> ControlView:
    d = _dossier(src)
    due = d.due_at
    giver = src.staff_name(d.received_by)
    received = HandoverRow("1", "Người nộp hồ sơ", giver, fmt.short_moment(d.received_at), "", "")
    later = _handover_rows(src, d, due)
    rows = [received] + [replace(r, no=str(i)) for i, r in enumerate(later, start=2)]
    return ControlView(
        header(src, settings, d.code),
        d.applicant.name,
        d.procedure_name,
        fmt.moment(d.received_at),
        fmt.moment(due),
        tuple(rows),
    )


def _book_row(d: Dossier, entry: str) -> BookRow:
    contact = ", ".join(x for x in (d.applicant.address, d.applicant.phone) if x)
    return BookRow(
        entry,
        d.code,
        d.procedure_name,
        f"{d.sets_count:02d}",
        d.applicant.name,
        contact,
        d.processing_agency,
        fmt.short_moment(d.received_at),
        fmt.short_moment(d.due_at),
        fmt.short_moment(d.transfers[0].at if d.transfers else None),
        fmt.short_moment(d.resolved_at),
        fmt.short_moment(d.returned_at),
        "",
    )


def _period(src: SlipSource) -> str:
    if src.period is None:
        return ""
    start, end = src.period
    return f"Từ ngày {fmt.day(start)} đến ngày {fmt.day(end)}"


def build_book(src: SlipSource, settings: Settings) -> ListView:
    rows = tuple(_book_row(d, book_entry(d, src.book_entries)) for d in src.dossiers)
    return ListView(header(src, settings, ""), _period(src), "", rows, "")


def build_handover(src: SlipSource, settings: Settings) -> ListView:
    rows = tuple(_book_row(d, str(i)) for i, d in enumerate(src.dossiers, start=1))
    agencies = sorted({d.processing_agency for d in src.dossiers if d.processing_agency})
    givers = sorted({src.staff_name(t.by) for d in src.dossiers for t in d.transfers})
    receivers = sorted({t.receiver for d in src.dossiers for t in d.transfers[-1:] if t.receiver})
    return ListView(
        header(src, settings, ""),
        _period(src),
        ", ".join(agencies),
        rows,
        ", ".join(givers),
        ", ".join(receivers),
    )


def build_guidance(src: SlipSource, settings: Settings) -> GuidanceView:
    proc = src.procedure
    if proc is None:
        raise ValueError("guidance needs a procedure")
    docs = tuple(
        DocumentRow(str(i), doc.name, FORM_LABEL[doc.form], f"{doc.quantity:02d}")
        for i, doc in enumerate(proc.documents, start=1)
    )
    fees = tuple(FeeRow(f.name, fmt.money(f.amount_vnd), f.note) for f in proc.fees)
    published = processing_text(proc.processing.time)
    wording = proc.processing.published
    if wording and "không có thông tin" not in wording.casefold():
        published += f" (theo công bố: {wording})"
    return GuidanceView(
        header(src, settings, ""),
        f"{proc.name} (mã {proc.code})",
        proc.field,
        published,
        docs,
        fees,
        f"Bộ phận Một cửa – {header(src, settings, '').agency}",
        settings.lookup.receipt_url.replace("{code}", "<mã hồ sơ>"),
    )


def _dossier(src: SlipSource) -> Dossier:
    if src.dossier is None:
        raise ValueError(f"slip {src.kind} needs a dossier")
    return src.dossier


BUILDERS: dict[SlipKind, Callable[[SlipSource, Settings], SlipView]] = {
    SlipKind.RECEIPT: build_receipt,
    SlipKind.SUPPLEMENT: build_supplement,
    SlipKind.REFUSAL: build_refusal,
    SlipKind.APOLOGY: build_apology,
    SlipKind.STOP: build_stop,
    SlipKind.CONTROL: build_control,
    SlipKind.BOOK: build_book,
    SlipKind.HANDOVER: build_handover,
    SlipKind.GUIDANCE: build_guidance,
}


def build_view(src: SlipSource, settings: Settings) -> SlipView:
    """The view data of ``src.kind`` for ``src``."""
    return BUILDERS[src.kind](src, settings)
