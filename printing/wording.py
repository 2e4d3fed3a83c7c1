"""The fixed wording and numbering the slip data uses: form numbers per slip set, number
suffixes, document forms, fee timings and methods, processing-time phrases (legal text, in
Vietnamese as the forms write it)."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.deadlines import Timeliness
from counter_app.domain.dossier import FeeLine
from counter_app.domain.enums import DocumentForm, FeeTiming, PaymentMethod
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.slip_kinds import SlipKind
from counter_app.domain.vntime import as_vn
from printing import formatting as fmt
from printing.views import FeeRow

#: The number suffix each form carries ("Số: 12/HDHS").
NUMBER_SUFFIX: dict[SlipKind, str] = {
    SlipKind.SUPPLEMENT: "HDHS",
    SlipKind.REFUSAL: "TCHS",
    SlipKind.APOLOGY: "XLHS",
    SlipKind.STOP: "DGQ",
}


FORM_LABEL = {
    DocumentForm.ORIGINAL: "Bản chính",
    DocumentForm.CERTIFIED_COPY: "Bản sao có chứng thực",
    DocumentForm.COPY: "Bản sao",
    DocumentForm.PRESENT_ONLY: "Xuất trình",
}
TIMING = {FeeTiming.BEFORE: "Thu trước", FeeTiming.AFTER: "Thu sau", FeeTiming.WAIVED: "Miễn"}
METHOD = {
    PaymentMethod.CASH: "tiền mặt",
    PaymentMethod.BANK_TRANSFER: "chuyển khoản",
    PaymentMethod.ONLINE: "trực tuyến",
}


def processing_text(pt: ProcessingTime | None) -> str:
    if pt is None:
        return fmt.EMPTY
    words = {
        TimeUnit.WORKING_DAYS: f"{pt.value:02d} ngày làm việc",
        TimeUnit.WORKING_HOURS: f"{pt.value:02d} giờ làm việc",
        TimeUnit.SAME_DAY: "Trong ngày",
        TimeUnit.CALENDAR_DAYS: f"{pt.value:02d} ngày",
    }
    return words[pt.unit]


def fee_rows(fees: list[FeeLine]) -> tuple[FeeRow, ...]:
    def how(f: FeeLine) -> str:
        method = f" ({METHOD[f.method]})" if f.method and f.timing is not FeeTiming.WAIVED else ""
        return TIMING[f.timing] + method

    return tuple(FeeRow(f.name, fmt.money(f.amount_vnd), how(f)) for f in fees)


#: A hand-over judged by the core against its step's time budget (control sheet, Mẫu 06).
TIMELINESS = {
    Timeliness.EARLY: "Trước hạn",
    Timeliness.ON_TIME: "Đúng hạn",
    Timeliness.LATE: "Quá hạn",
}


def judged(result: Timeliness | None, at: datetime, due: datetime | None) -> str:
    """The core's judgement where it was recorded; for older records, the one against ``due``."""
    return TIMELINESS[result] if result is not None else timeliness(at, due)


def timeliness(at: datetime, due: datetime | None) -> str:
    if due is None:
        return ""
    a, b = as_vn(at), as_vn(due)
    if a.date() < b.date():
        return "Trước hạn"
    return "Đúng hạn" if a <= b else "Quá hạn"
