"""Every slip rendered for the demo office from a real store: the PDF opens with pikepdf, its fonts
are embedded, the text (pdftotext) holds every field domain.md lists with the right values, and the
codes read back with zxing-cpp from the page rendered at 150 dpi (pdftoppm)."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from counter_app.composition import App, open_app, slip_printing
from counter_app.domain.dossier import Dossier
from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import ConflictError
from counter_app.domain.slip_kinds import SlipKind
from counter_app.domain.vntime import as_vn
from counter_app.ports import FixedClock
from counter_app.services import slips
from printing import vietqr
from tests.slips_support import (
    AGENCY,
    BANK_ACCOUNT,
    BANK_BIN,
    LOOKUP,
    NOW,
    copy_store,
    dossier_for,
    make_demo,
    pdftotext,
    rasterise,
    read_codes,
)

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("slips-demo") / "data"
    return root, make_demo(root)


@pytest.fixture
def demo_app(demo_template: tuple[Path, str], tmp_path: Path) -> Iterator[App]:
    data = copy_store(demo_template[0], tmp_path / "data")
    app = open_app(data, clock=FixedClock(NOW))
    try:
        yield app
    finally:
        app.close()


def issue(app: App, kind: SlipKind, code: str = "", **kw: object) -> slips.IssuedSlip:
    renderer, _printer = slip_printing(app.settings)
    request = slips.PrintRequest(kind, "canbo1", dossier_code=code, **kw)  # type: ignore[arg-type]
    return slips.issue(app.services, renderer, request)


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def moment(value: datetime | None) -> str:
    assert value is not None
    m = as_vn(value)
    return f"{m.hour:02d} giờ {m.minute:02d} phút, ngày {m.day:02d}/{m.month:02d}/{m.year}"


def money(amount: int) -> str:
    return f"{amount:,}".replace(",", ".") + " đ"


def assert_fields(text: str, fields: list[str]) -> None:
    flat = squash(text)
    missing = [f for f in fields if squash(f) not in flat]
    assert not missing, f"missing on the slip: {missing}"


def first_words(value: str, n: int = 2) -> str:
    return " ".join(value.split()[:n])


def common(d: Dossier) -> list[str]:
    return [
        *MOTTO,
        AGENCY.upper(),
        "Thanh Hóa, ngày 02 tháng 03 năm 2026",
        d.code,
        d.applicant.name,
    ]


def check_codes(pdf: bytes, tmp: Path, expected: dict[str, str]) -> None:
    found: dict[str, set[str]] = {}
    for page in rasterise(pdf, tmp):
        for fmt, texts in read_codes(page).items():
            found.setdefault(fmt, set()).update(texts)
    for fmt, text in expected.items():
        assert text in found.get(fmt, set()), (fmt, text, found)


def check_fonts_embedded(pdf: bytes) -> None:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert doc.open_metadata().get("pdfaid:part") == "2"
        assert "/OutputIntents" in doc.Root
        for page in doc.pages:
            fonts: Any = page.Resources.get("/Font", {})
            assert fonts, "a page without fonts"
            for _name, font in fonts.items():
                descriptor = font.get("/FontDescriptor")
                if descriptor is None:
                    descriptor = font.DescendantFonts[0].FontDescriptor
                assert "/FontFile2" in descriptor, f"font {font.BaseFont} not embedded"


def test_receipt_postal_bank_transfer(
    demo_app: App, demo_template: tuple[Path, str], tmp_path: Path
) -> None:
    code = demo_template[1]
    with demo_app.store.read() as tx:
        d = tx.dossiers.by_code(code)
    assert d is not None and d.appointment is not None
    issued = issue(demo_app, SlipKind.RECEIPT, code)
    check_fonts_embedded(issued.pdf)
    text = pdftotext(issued.pdf, tmp_path)
    total = sum(f.amount_vnd for f in d.fees)
    assert d.tracking is not None  # entered in the tracking book at receipt
    assert_fields(
        text,
        [
            *common(d),
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Mẫu số 01",
            d.applicant.address,
            d.applicant.phone,
            d.applicant.email,
            d.procedure_name,
            "Người được ủy quyền nộp hồ sơ: Lê Văn Ủy",
            "01 (bộ)",
            "02 ngày làm việc",
            f"Thời gian nhận hồ sơ: {moment(d.received_at)}",
            f"Thời gian trả kết quả giải quyết hồ sơ: {moment(d.appointment.due)}",
            "Qua dịch vụ bưu chính công ích",
            "cước phí bưu chính 25.000 đ",
            *[first_words(i.name) for i in d.items],
            *[first_words(f.name) for f in d.fees],
            money(total),
            "Chuyển khoản",
            f"Quyển số {d.tracking.volume}, Số thứ tự {d.tracking.number:04d}",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "Lê Thị Thu Hà",
            "Liên 1: Giao người nộp hồ sơ",
            "Liên 2: Lưu tại Bộ phận Một cửa (kèm Phiếu kiểm soát)",
        ],
    )
    url = LOOKUP.replace("{code}", code)
    qr_payload = vietqr.payload(BANK_BIN, BANK_ACCOUNT, total, code)
    check_codes(issued.pdf, tmp_path, {"QRCode": url, "Code128": code})
    (tmp_path / "again").mkdir()
    found = set().union(
        *(read_codes(p).get("QRCode", set()) for p in rasterise(issued.pdf, tmp_path / "again"))
    )
    assert qr_payload in found  # the VietQR, exactly


def test_receipt_after_supplement_states_the_round(demo_app: App, tmp_path: Path) -> None:
    with demo_app.store.read() as tx:
        candidates = [
            tx.dossiers.by_code(s.code)
            for s in tx.dossiers.open_summaries([DossierStatus.RECEIVED])
        ]
    d = next(x for x in candidates if x and x.appointment and x.appointment.supplement_round)
    assert d is not None and d.appointment is not None
    text = pdftotext(issue(demo_app, SlipKind.RECEIPT, d.code).pdf, tmp_path)
    assert_fields(text, [f"Tiếp nhận hồ sơ bổ sung lần thứ {d.appointment.supplement_round}"])


def test_supplement_request(demo_app: App, tmp_path: Path) -> None:
    d = dossier_for(demo_app.store, SlipKind.SUPPLEMENT)
    issued = issue(demo_app, SlipKind.SUPPLEMENT, d.code)
    last = d.supplements[-1]
    text = pdftotext(issued.pdf, tmp_path)
    assert_fields(
        text,
        [
            *common(d),
            "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ",
            "Mẫu số 02",
            "Số: 1/HDHS",
            d.procedure_name,
            *[m.name for m in last.items],
            *[m.reason for m in last.items],
            "0237 3852 123",
            "NGƯỜI HƯỚNG DẪN",
            f"Thời gian yêu cầu bổ sung: {moment(last.requested_at)}",
        ],
    )
    check_fonts_embedded(issued.pdf)
    check_codes(
        issued.pdf, tmp_path, {"QRCode": LOOKUP.replace("{code}", d.code), "Code128": d.code}
    )
    assert issue(demo_app, SlipKind.SUPPLEMENT, d.code).number == 2  # numbered per kind and year


def test_refusal(demo_app: App, tmp_path: Path) -> None:
    d = dossier_for(demo_app.store, SlipKind.REFUSAL)
    issued = issue(demo_app, SlipKind.REFUSAL, d.code)
    assert_fields(
        pdftotext(issued.pdf, tmp_path),
        [
            *common(d),
            "PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ",
            "Mẫu số 03",
            "Số: 1/TCHS",
            d.procedure_name,
            d.refusal_reason,
            f"Thời gian từ chối: {moment(d.refused_at)}",
        ],
    )
    check_codes(
        issued.pdf, tmp_path, {"QRCode": LOOKUP.replace("{code}", d.code), "Code128": d.code}
    )


def test_apology(demo_app: App, tmp_path: Path) -> None:
    d = dossier_for(demo_app.store, SlipKind.APOLOGY)
    assert d.appointment is not None
    issued = issue(demo_app, SlipKind.APOLOGY, d.code)
    assert_fields(
        pdftotext(issued.pdf, tmp_path),
        [
            *common(d),
            "PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ",
            "Mẫu số 04",
            "Số: 1/XLHS",
            moment(d.received_at),
            moment(d.appointment.due),
            d.apology_reason,
            moment(d.appointment.rescheduled_due),
            "xin lỗi",
        ],
    )
    check_codes(issued.pdf, tmp_path, {"Code128": d.code})


def test_stop_notice(demo_app: App, tmp_path: Path) -> None:
    d = dossier_for(demo_app.store, SlipKind.STOP)
    issued = issue(demo_app, SlipKind.STOP, d.code)
    stop = next(c for c in reversed(d.history) if c.to_status in (7, 8))
    assert_fields(
        pdftotext(issued.pdf, tmp_path),
        [
            *common(d),
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            "Mẫu số 05",
            "Số: 1/DGQ",
            stop.note,
            moment(stop.at),
        ],
    )
    check_codes(issued.pdf, tmp_path, {"Code128": d.code})


def test_control_sheet(demo_app: App, tmp_path: Path) -> None:
    with demo_app.store.read() as tx:
        d = next(
            x
            for x in (
                tx.dossiers.by_code(s.code)
                for s in tx.dossiers.open_summaries([DossierStatus.PROCESSING])
            )
            if x and x.transfers
        )
    issued = issue(demo_app, SlipKind.CONTROL, d.code)
    t = d.transfers[0]
    at = as_vn(t.at)
    assert_fields(
        pdftotext(issued.pdf, tmp_path),
        [
            *MOTTO,
            d.code,
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "Mẫu số 06",
            d.applicant.name,
            t.to_agency,
            f"{at:%H:%M %d/%m/%Y}",
            "Bên giao",
            "Bên nhận",
        ],
    )
    assert re.search(r"Trước hạn|Đúng hạn|Quá hạn", pdftotext(issued.pdf, tmp_path))
    check_codes(issued.pdf, tmp_path, {"Code128": d.code})


def test_tracking_book_numbers_continue_through_the_year(demo_app: App, tmp_path: Path) -> None:
    period = (date(2026, 2, 1), date(2026, 2, 28))
    issued = issue(demo_app, SlipKind.BOOK, period=period)
    with demo_app.store.read() as tx:
        codes = [s.code for s in tx.dossiers.open_summaries(list(range(1, 11)), 1000)]  # type: ignore[arg-type]
    in_feb = sorted(c for c in codes if "-2602" in c)
    before = sorted(c for c in codes if "-2601" in c)
    text = pdftotext(issued.pdf, tmp_path)
    assert_fields(
        text,
        [
            "SỔ THEO DÕI HỒ SƠ",
            "Mẫu số 07",
            "Từ ngày 01/02/2026 đến ngày 28/02/2026",
            *in_feb,
            f"Tổng số hồ sơ: {len(in_feb)}",
        ],
    )
    assert f"{len(before) + 1:04d}" in text  # the first February entry follows January's
    assert not any(c in text for c in before)
    with pikepdf.open(io.BytesIO(issued.pdf)) as doc:
        box = [float(v) for v in doc.pages[0].mediabox]
    assert box[2] > box[3]  # A4 landscape


def test_handover_list(demo_app: App, tmp_path: Path) -> None:
    issued = issue(demo_app, SlipKind.HANDOVER, period=(date(2026, 1, 1), date(2026, 3, 2)))
    text = pdftotext(issued.pdf, tmp_path)
    assert_fields(text, ["DANH SÁCH BÀN GIAO HỒ SƠ", "BÊN GIAO", "BÊN NHẬN", "Phòng Tư pháp"])
    assert len(re.findall(r"000\.00\.06\.H56-\d{6}-\d{4}", text)) >= 10


def test_guidance_sheet(demo_app: App, tmp_path: Path) -> None:
    issued = issue(demo_app, SlipKind.GUIDANCE, procedure_code="2.001035")
    with demo_app.store.read() as tx:
        proc = tx.procedures.get("2.001035")
    assert proc is not None
    assert_fields(
        pdftotext(issued.pdf, tmp_path),
        [
            "PHIẾU HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH",
            proc.code,
            *[first_words(doc.name) for doc in proc.documents],
            money(50_000),
            AGENCY,
        ],
    )


@pytest.mark.parametrize(
    ("kind", "status_word"), [(SlipKind.REFUSAL, "refusal"), (SlipKind.STOP, "stop")]
)
def test_a_slip_that_does_not_fit_the_state_is_refused(
    demo_app: App, demo_template: tuple[Path, str], kind: SlipKind, status_word: str
) -> None:
    with pytest.raises(ConflictError) as err:
        issue(demo_app, kind, demo_template[1])
    assert err.value.code == "slip_not_applicable"
    assert err.value.params["slip"] == status_word
