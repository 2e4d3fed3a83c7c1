"""Mẫu số 02–05: supplement request, refusal (at intake or after receipt), apology with a new
date, and the stop notice — one A5 page each, addressed to the applicant."""

from __future__ import annotations

from printing.draw import Writer, codes_block
from printing.fonts import BOLD, ITALIC
from printing.views import NoticeView


def _opening(w: Writer, v: NoticeView, form: str, title: str, subtitle: str = "") -> None:
    w.header(v.header, form)
    w.title(title)
    if subtitle:
        w.para(subtitle, BOLD, align="center")
    w.gap(3)
    codes_block(w, v.header.code, v.header.lookup_url)
    w.labelled("Kính gửi: Ông/Bà ", v.applicant.name)
    w.labelled("Địa chỉ: ", v.applicant.address)
    w.labelled("Số điện thoại: ", v.applicant.phone)


def draw_supplement(w: Writer, v: NoticeView) -> None:
    _opening(
        w,
        v,
        v.header.form,
        "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
        f"(Lần thứ {v.round_no})" if v.round_no else "",
    )
    w.para(f"{v.header.agency} nhận được hồ sơ đề nghị giải quyết thủ tục hành chính:")
    w.para(v.procedure, BOLD, indent=8)
    w.labelled("Thời gian nhận hồ sơ: ", v.received_at)
    w.labelled("Thời gian yêu cầu bổ sung: ", v.event_at)
    w.para(
        "Sau khi xem xét, hồ sơ chưa đầy đủ, hợp lệ. Đề nghị Ông/Bà bổ sung, hoàn thiện "
        "hồ sơ gồm những nội dung sau:"
    )
    w.table(
        (0.08, 0.46, 0.46),
        ("TT", "Nội dung cần bổ sung, hoàn thiện", "Lý do"),
        [(r.no, r.name, r.reason) for r in v.rows],
        centre=(0,),
    )
    if v.guidance:
        w.labelled("Hướng dẫn: ", v.guidance)
    w.para(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, Ông/Bà liên hệ với "
        f"{v.officer} – số điện thoại {v.officer_phone or '…………'} để được hướng dẫn."
    )
    w.signatures(("", ""), ("NGƯỜI HƯỚNG DẪN", v.officer))


def draw_refusal(w: Writer, v: NoticeView) -> None:
    after = v.variant == "after_receipt"
    subtitle = "(Sau khi đã tiếp nhận hồ sơ)" if after else ""
    _opening(w, v, v.header.form, "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ", subtitle)
    w.para(f"{v.header.agency} nhận được hồ sơ đề nghị giải quyết thủ tục hành chính:")
    w.para(v.procedure, BOLD, indent=8)
    w.labelled("Thời gian nhận hồ sơ: ", v.received_at)
    if after:
        w.labelled("Thời gian hẹn trả kết quả: ", v.due_at)
    w.labelled("Thời gian từ chối: ", v.event_at)
    verb = "giải quyết" if after else "tiếp nhận"
    w.para(f"Qua xem xét, cơ quan, đơn vị từ chối {verb} hồ sơ của Ông/Bà với lý do:")
    w.para(v.reason, BOLD, indent=8)
    w.para("Xin thông báo để Ông/Bà được biết và thực hiện.", ITALIC)
    w.signatures(("", ""), ("NGƯỜI TIẾP NHẬN HỒ SƠ", v.officer))


def draw_apology(w: Writer, v: NoticeView) -> None:
    _opening(w, v, v.header.form, "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ")
    w.para(f"{v.header.agency} tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính:")
    w.para(v.procedure, BOLD, indent=8)
    w.labelled("Thời gian nhận hồ sơ: ", v.received_at)
    w.labelled("Mã hồ sơ: ", v.header.code)
    w.labelled("Thời gian hẹn trả kết quả: ", v.due_at)
    w.para(
        "Tuy nhiên, đến nay cơ quan, đơn vị chưa trả kết quả giải quyết hồ sơ của "
        "Ông/Bà đúng hạn. Lý do:"
    )
    w.para(v.reason, BOLD, indent=8)
    w.para(
        "Sự chậm trễ này đã gây phiền hà cho Ông/Bà. Cơ quan, đơn vị thành thật xin lỗi "
        "Ông/Bà và xin gia hạn, hẹn lại thời gian trả kết quả vào:"
    )
    w.para(v.new_due_at, BOLD, indent=8)
    w.para(
        "Cơ quan, đơn vị cam kết trả kết quả đúng thời gian hẹn lại nêu trên. "
        "Rất mong nhận được sự thông cảm của Ông/Bà.",
        ITALIC,
    )
    w.signatures(("", ""), ("THỦ TRƯỞNG CƠ QUAN, ĐƠN VỊ", ""), "(Ký, ghi rõ họ tên và đóng dấu)")


def draw_stop(w: Writer, v: NoticeView) -> None:
    _opening(w, v, v.header.form, "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ")
    w.para(f"{v.header.agency} đã tiếp nhận hồ sơ đề nghị giải quyết thủ tục hành chính:")
    w.para(v.procedure, BOLD, indent=8)
    w.labelled("Thời gian nhận hồ sơ: ", v.received_at)
    w.labelled("Thời gian dừng giải quyết: ", v.event_at)
    cause = (
        "Theo đề nghị rút hồ sơ của Ông/Bà"
        if v.variant == "withdrawn"
        else "Cơ quan, đơn vị dừng giải quyết hồ sơ"
    )
    w.para(f"{cause}, việc giải quyết hồ sơ nêu trên được dừng lại. Lý do:")
    w.para(v.reason, BOLD, indent=8)
    w.para("Hồ sơ và giấy tờ đã nộp (nếu có) được trả lại cho Ông/Bà tại Bộ phận Một cửa.", ITALIC)
    w.signatures(("NGƯỜI NỘP HỒ SƠ", v.applicant.name), ("NGƯỜI TIẾP NHẬN HỒ SƠ", v.officer))
