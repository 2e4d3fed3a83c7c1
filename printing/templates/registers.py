"""Mẫu số 06 (control sheet, A5), Mẫu số 07 (tracking book, A4 landscape), the hand-over list of a
batch (A4) and a procedure's guidance sheet (A4)."""

from __future__ import annotations

from printing.draw import Writer, codes_block
from printing.fonts import BOLD, ITALIC
from printing.views import ControlView, GuidanceView, ListView


def draw_control(w: Writer, v: ControlView) -> None:
    w.header(v.header, v.header.form)
    w.title("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ")
    w.gap(3)
    codes_block(w, v.header.code, v.header.lookup_url)
    w.labelled("Cơ quan (bộ phận) giải quyết hồ sơ: ", v.header.agency)
    w.labelled("Người nộp hồ sơ: ", v.applicant)
    w.labelled("Thủ tục: ", v.procedure)
    w.labelled("Thời gian nhận hồ sơ: ", v.received_at)
    w.labelled("Thời gian trả kết quả: ", v.due_at)
    w.gap(2)
    w.table(
        (0.12, 0.2, 0.2, 0.22, 0.13, 0.13),
        ("Bước", "Bên giao", "Bên nhận", "Thời gian giao, nhận", "Kết quả", "Ghi chú"),
        [(r.no, r.giver, r.receiver, r.at, r.result, r.note) for r in v.rows]
        or [("", "", "", "", "", "")],
        size=7.5,
        centre=(0, 3, 4),
    )
    w.para("Ghi chú: Kết quả giao, nhận ghi “Trước hạn”, “Đúng hạn” hoặc “Quá hạn”.", ITALIC, 7.5)


BOOK_HEAD = (
    "Số TT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    "Ký nhận",
    "Ghi chú",
)
BOOK_WIDTHS = (
    0.035,
    0.13,
    0.125,
    0.04,
    0.08,
    0.105,
    0.07,
    0.065,
    0.065,
    0.065,
    0.065,
    0.065,
    0.05,
    0.04,
)


def draw_book(w: Writer, v: ListView) -> None:
    w.header(v.header, v.header.form)
    w.title("SỔ THEO DÕI HỒ SƠ")
    w.para(v.period, ITALIC, align="center", after=4)
    rows = [
        (
            r.entry,
            r.code,
            r.procedure,
            r.sets,
            r.applicant,
            r.contact,
            r.agency,
            r.received,
            r.due,
            r.transferred,
            r.result_back,
            r.returned,
            "",
            r.note,
        )
        for r in v.rows
    ]
    w.table(BOOK_WIDTHS, BOOK_HEAD, rows, size=6.5, centre=(0, 3))
    w.para(f"Tổng số hồ sơ: {len(v.rows)}", BOLD)


def draw_handover(w: Writer, v: ListView) -> None:
    w.header(v.header, "")
    w.title("DANH SÁCH BÀN GIAO HỒ SƠ")
    w.para(v.period, ITALIC, align="center", after=4)
    w.labelled("Bên giao: Bộ phận Một cửa – ", v.header.agency)
    w.labelled("Bên nhận (cơ quan giải quyết): ", v.to_agency or "…………")
    w.labelled("Người nhận: ", v.receiver or "…………")
    w.table(
        (0.06, 0.23, 0.35, 0.08, 0.28),
        ("TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số bộ", "Tên cá nhân, tổ chức"),
        [(r.entry, r.code, r.procedure, r.sets, r.applicant) for r in v.rows],
        centre=(0, 3),
    )
    w.para(f"Tổng số: {len(v.rows)} hồ sơ.", BOLD)
    w.signatures(("BÊN GIAO", v.giver), ("BÊN NHẬN", v.receiver))


def draw_guidance(w: Writer, v: GuidanceView) -> None:
    w.header(v.header, "")
    w.title("PHIẾU HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH")
    w.labelled("Thủ tục: ", v.procedure)
    w.labelled("Lĩnh vực: ", v.field)
    w.para("1. Thành phần hồ sơ:")
    w.table(
        (0.07, 0.6, 0.2, 0.13),
        ("TT", "Tên giấy tờ", "Hình thức", "Số lượng"),
        [(d.no, d.name, d.form, d.quantity) for d in v.documents],
        centre=(0, 3),
    )
    w.labelled("2. Thời hạn giải quyết: ", v.processing_time)
    if v.fees:
        w.para("3. Phí, lệ phí:")
        w.table(
            (0.5, 0.2, 0.3),
            ("Khoản thu", "Mức thu", "Ghi chú"),
            [(f.name, f.amount, f.how) for f in v.fees],
            centre=(1,),
        )
    else:
        w.labelled("3. Phí, lệ phí: ", "Không")
    w.labelled("4. Nơi nộp hồ sơ: ", v.where)
    w.labelled("5. Tra cứu kết quả: ", v.lookup_hint)
