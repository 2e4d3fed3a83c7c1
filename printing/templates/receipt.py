"""Mẫu số 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (A5, two copies), and its 80 mm variant."""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from printing.draw import Writer, codes_block, draw_qr
from printing.fonts import BOLD, ITALIC
from printing.views import ReceiptView

TITLE = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"
COPIES = (
    "Liên 1: Giao người nộp hồ sơ",
    "Liên 2: Lưu tại Bộ phận Một cửa (kèm Phiếu kiểm soát)",
)


def draw(w: Writer, v: ReceiptView, copy_label: str) -> None:
    if copy_label:
        w.put(w.left, w.height - w.margin / 2 - 2, copy_label, ITALIC, 7)
    w.header(v.header, v.header.form)
    w.title(TITLE)
    if v.supplement_round:
        w.para(v.supplement_round, BOLD, align="center")
    book = f"Sổ theo dõi hồ sơ: Quyển số {v.book_volume}, Số thứ tự {v.book_entry}"
    w.gap(7)
    codes_block(w, v.header.code, v.header.lookup_url, note=book)
    _applicant(w, v)
    w.para("1. Thành phần hồ sơ nộp gồm:")
    w.table(
        (0.07, 0.51, 0.13, 0.16, 0.13),
        ("TT", "Tên loại giấy tờ", "Bản chính", "Bản sao có chứng thực", "Bản chụp"),
        [(r.no, r.name, r.original, r.certified, r.copy) for r in v.items],
        centre=(0, 2, 3, 4),
    )
    w.labelled("2. Số lượng hồ sơ: ", f"{v.sets} (bộ)")
    w.labelled("3. Thời gian giải quyết hồ sơ theo quy định là: ", v.processing_time)
    w.labelled("4. Thời gian nhận hồ sơ: ", v.received_at)
    w.labelled("5. Thời gian trả kết quả giải quyết hồ sơ: ", v.due_at)
    w.labelled("6. Đăng ký nhận kết quả tại: ", v.result_place)
    if v.postal_address:
        w.labelled("   Địa chỉ nhận: ", f"{v.postal_address} – cước phí bưu chính {v.postage}")
    _fees(w, v)
    w.signatures(("NGƯỜI NỘP HỒ SƠ", v.applicant.name), ("NGƯỜI TIẾP NHẬN HỒ SƠ", v.officer))


def _applicant(w: Writer, v: ReceiptView) -> None:
    w.labelled("Tiếp nhận hồ sơ của Ông/Bà: ", v.applicant.name)
    w.labelled("Địa chỉ: ", v.applicant.address)
    w.pair(("Số điện thoại: ", v.applicant.phone), ("Email: ", v.applicant.email))
    if v.representative:
        w.labelled("Người được ủy quyền nộp hồ sơ: ", v.representative)
    w.labelled("Nội dung yêu cầu giải quyết: ", v.procedure)


def _fees(w: Writer, v: ReceiptView) -> None:
    if not v.fees:
        w.labelled("7. Phí, lệ phí: ", "Không thu")
        return
    w.para("7. Phí, lệ phí:")
    size = 21 * mm if v.vietqr else 0
    w.ensure(size + 4)
    top = w.y
    w.table(
        (0.46, 0.18, 0.36),
        ("Khoản thu", "Số tiền", "Hình thức thu"),
        [(f.name, f.amount, f.how) for f in v.fees],
        centre=(1,),
        width=w.usable - size - (4 if size else 0),
    )
    w.labelled("   Tổng cộng: ", v.fee_total)
    if v.vietqr:
        draw_qr(w, v.vietqr, w.right - size, top - size, size)
        w.put(w.left, w.y - 8, v.bank_line, size=7)
        w.put(w.left, w.y - 17, f"Nội dung chuyển khoản: {v.header.code} (quét mã VietQR)", size=7)
        w.y = min(w.y - 19, top - size)


def draw_shared_copies(
    canvas: Canvas,
    v: ReceiptView,
    size: tuple[float, float],
    mark: str,
    drawn: list[tuple[str, str]],
) -> None:
    """Both copies on one A5 page each, drawn once into a form XObject that both pages show
    (half the drawing and the file size); :class:`PageOverflow` when one page is not enough."""
    canvas.beginForm("receipt_copy")
    w = Writer(canvas, size[0], size[1], mark=mark, one_page=True)
    draw(w, v, "")
    canvas.endForm()
    for label in COPIES:
        canvas.doForm("receipt_copy")
        w.put(w.left, w.height - w.margin / 2 - 2, label, ITALIC, 7)
        canvas.showPage()
    drawn.extend(w.drawn)


def draw_receipt(w: Writer, v: ReceiptView) -> None:
    """Both copies, each on its own A5 page."""
    for i, label in enumerate(COPIES):
        if i:
            w.canvas.showPage()
            w.y = w.height - w.margin
            w.start_page()
        draw(w, v, label)


def draw_thermal(w: Writer, v: ReceiptView) -> None:
    """The applicant's copy on an 80 mm roll: one column, the same fields, codes stacked."""
    w.para(v.header.agency_name, BOLD, 9, align="center")
    w.para("GIẤY TIẾP NHẬN HỒ SƠ", BOLD, 10, align="center", after=0)
    w.para("VÀ HẸN TRẢ KẾT QUẢ", BOLD, 10, align="center")
    if v.supplement_round:
        w.para(v.supplement_round, BOLD, 8, align="center")
    w.para(v.header.place_date, ITALIC, 7.5, align="center", after=4)
    for label, value in (
        ("Mã hồ sơ: ", v.header.code),
        ("Người nộp: ", v.applicant.name),
        ("Điện thoại: ", v.applicant.phone),
        ("Thủ tục: ", v.procedure),
        ("Số bộ hồ sơ: ", v.sets),
        ("Thời gian giải quyết: ", v.processing_time),
        ("Nhận hồ sơ: ", v.received_at),
        ("Trả kết quả: ", v.due_at),
        ("Nhận kết quả tại: ", v.result_place),
        ("Sổ theo dõi: ", f"quyển {v.book_volume}, số {v.book_entry}"),
    ):
        w.labelled(label, value)
    if v.postal_address:
        w.labelled("Địa chỉ nhận qua bưu chính: ", v.postal_address)
        w.labelled("Cước phí bưu chính: ", v.postage)
    for fee in v.fees:
        w.labelled(f"{fee.name}: ", f"{fee.amount} ({fee.how})")
    if v.fee_total:
        w.labelled("Tổng cộng: ", v.fee_total)
    size = 30 * mm
    for payload, caption in ((v.header.lookup_url, "Tra cứu hồ sơ"), (v.vietqr, "VietQR")):
        if payload:
            w.ensure(size + 14)
            draw_qr(w, payload, w.left + (w.usable - size) / 2, w.y - size, size)
            w.y -= size
            w.para(caption, ITALIC, 7.5, align="center")
    w.para(f"Cán bộ tiếp nhận: {v.officer}", size=8, align="center")
