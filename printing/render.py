"""View data → PDF bytes, page size by slip; the 80 mm thermal receipt; the reprint mark."""

from __future__ import annotations

import io
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, cast

from reportlab.lib.pagesizes import A4, A5, landscape
from reportlab.lib.units import mm

from counter_app.domain.codec import decode, to_jsonable
from counter_app.domain.slip_kinds import SlipKind
from printing import formatting as fmt
from printing.draw import REPRINT, PageOverflow, Writer, new_canvas
from printing.templates import notices, receipt, registers
from printing.views import VIEW_CLASS, ReceiptView, SlipView

PAGE: dict[SlipKind, tuple[float, float]] = {
    SlipKind.RECEIPT: A5,
    SlipKind.SUPPLEMENT: A5,
    SlipKind.REFUSAL: A5,
    SlipKind.APOLOGY: A5,
    SlipKind.STOP: A5,
    SlipKind.CONTROL: A5,
    SlipKind.BOOK: landscape(A4),
    SlipKind.HANDOVER: A4,
    SlipKind.GUIDANCE: A4,
}
TITLES: dict[SlipKind, str] = {
    SlipKind.RECEIPT: "Giấy tiếp nhận hồ sơ và hẹn trả kết quả",
    SlipKind.SUPPLEMENT: "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
    SlipKind.REFUSAL: "Phiếu từ chối tiếp nhận, giải quyết hồ sơ",
    SlipKind.APOLOGY: "Phiếu xin lỗi và hẹn lại ngày trả kết quả",
    SlipKind.STOP: "Thông báo dừng giải quyết hồ sơ",
    SlipKind.CONTROL: "Phiếu kiểm soát quá trình giải quyết hồ sơ",
    SlipKind.BOOK: "Sổ theo dõi hồ sơ",
    SlipKind.HANDOVER: "Danh sách bàn giao hồ sơ",
    SlipKind.GUIDANCE: "Phiếu hướng dẫn thực hiện thủ tục hành chính",
}
DRAW: dict[SlipKind, Callable[[Writer, Any], None]] = {
    SlipKind.RECEIPT: receipt.draw_receipt,
    SlipKind.SUPPLEMENT: notices.draw_supplement,
    SlipKind.REFUSAL: notices.draw_refusal,
    SlipKind.APOLOGY: notices.draw_apology,
    SlipKind.STOP: notices.draw_stop,
    SlipKind.CONTROL: registers.draw_control,
    SlipKind.BOOK: registers.draw_book,
    SlipKind.HANDOVER: registers.draw_handover,
    SlipKind.GUIDANCE: registers.draw_guidance,
}
THERMAL_WIDTH = 80 * mm
_THERMAL_PROBE = 2000 * mm


def reprint_mark(at: datetime) -> str:
    """``BẢN IN LẠI – 10 giờ 05 phút, ngày 03/03/2026``."""
    return f"{REPRINT} – {fmt.moment(at)}"


def view_to_json(view: SlipView) -> dict[str, Any]:
    return cast(dict[str, Any], to_jsonable(view))


def view_from_json(kind: SlipKind, data: Mapping[str, Any]) -> SlipView:
    return cast(SlipView, decode(VIEW_CLASS[kind], data))


def render_pdf(
    kind: SlipKind,
    view: SlipView,
    *,
    mark: str = "",
    thermal: bool = False,
    drawn: list[tuple[str, str]] | None = None,
) -> bytes:
    """The slip as PDF bytes; ``mark`` is the reprint mark (empty for the original);
    ``drawn`` collects every (font, string) drawn, for the glyph-coverage test."""
    if thermal:
        if not isinstance(view, ReceiptView):
            raise ValueError("the thermal variant exists for the receipt only")
        return _thermal(view, mark, drawn)
    if kind is SlipKind.RECEIPT and isinstance(view, ReceiptView):
        shared = _receipt_one_page(view, mark, drawn)
        if shared is not None:
            return shared
    buffer = io.BytesIO()
    width, height = PAGE[kind]
    canvas = new_canvas(buffer, (width, height), TITLES[kind])
    margin = 10 * mm
    writer = Writer(canvas, width, height, margin=margin, mark=mark)
    DRAW[kind](writer, view)
    canvas.showPage()
    canvas.save()
    if drawn is not None:
        drawn.extend(writer.drawn)
    return buffer.getvalue()


def _receipt_one_page(
    view: ReceiptView, mark: str, drawn: list[tuple[str, str]] | None
) -> bytes | None:
    """The usual receipt: each copy fits one A5 page, drawn once and shown twice; ``None`` when
    the content needs more than a page (then each copy is drawn page by page)."""
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, A5, TITLES[SlipKind.RECEIPT])
    strings: list[tuple[str, str]] = []
    try:
        receipt.draw_shared_copies(canvas, view, A5, mark, strings)
    except PageOverflow:
        return None
    canvas.save()
    if drawn is not None:
        drawn.extend(strings)
    return buffer.getvalue()


def _thermal(view: ReceiptView, mark: str, drawn: list[tuple[str, str]] | None) -> bytes:
    """Two passes: measure the roll length on a very long page, then draw on the exact one."""
    probe = Writer(
        new_canvas(io.BytesIO(), (THERMAL_WIDTH, _THERMAL_PROBE), "probe"),
        THERMAL_WIDTH,
        _THERMAL_PROBE,
        margin=4 * mm,
        size=8.5,
        mark=mark,
    )
    receipt.draw_thermal(probe, view)
    height = _THERMAL_PROBE - probe.y + 4 * mm
    buffer = io.BytesIO()
    canvas = new_canvas(buffer, (THERMAL_WIDTH, height), TITLES[SlipKind.RECEIPT])
    writer = Writer(canvas, THERMAL_WIDTH, height, margin=4 * mm, size=8.5, mark=mark)
    receipt.draw_thermal(writer, view)
    canvas.showPage()
    canvas.save()
    if drawn is not None:
        drawn.extend(writer.drawn)
    return buffer.getvalue()
