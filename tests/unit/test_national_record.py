"""The national exchange record, field by field, against hand-worked cases.

Sources (see docs/national-exchange.md for files and functions):
* [OCPS] OpenCPS ``DVCQGIntegrationActionImpl.createSyncDossierBodyRequest`` (DongBoHoSoMC) and
  ``createSyncDossierStatusBodyRequest`` (QuaTrinhXuLy), VietOpenCPS/opencps-v2.
* [PROV] the provincial ``SyncLocalDataToDVCQGService`` / ``SyncDataToDVCQG`` (HoSoDongBoDVC,
  LePhiDongBoDVC, TaiLieuNopDongBoDVC, QuaTrinhXuLyDongBoDVC), HuanVu201/DichVuCong_KhoaLuan_PASETO,
  with its ``HoSoBoSung`` entity and the MotCuaYeuCauBoSung / MotCuaGuiBoSung handlers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from counter_app.domain.deadlines import Appointment
from counter_app.domain.dossier import (
    Delivery,
    Dossier,
    FeeLine,
    MissingItem,
    Party,
    ReceivedItem,
    StatusChange,
    SupplementRound,
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
from counter_app.domain.procedure import (
    DocumentRequirement,
    Procedure,
    ProcessingRule,
    procedure_from_record,
)
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.vntime import VN_TZ
from counter_app.resources import resource_path
from counter_app.services.catalogue import sample_catalogue
from sync.national import dossier_record, progress_records

S = DossierStatus
AT = datetime(2023, 10, 27, 9, 32, tzinfo=VN_TZ)  # the real receipt 000.00.06.H56-231027-0361
DUE = datetime(2023, 11, 3, 9, 0, tzinfo=VN_TZ)
FIVE_DAYS = ProcessingTime(5, TimeUnit.WORKING_DAYS)

DOSSIER_FIELDS = """MaHoSo MaTTHC TenTTHC MaLinhVuc TenLinhVuc KenhThucHien ChuHoSo SoGiayToChuHoSo
LoaiDoiTuong MaDoiTuong ThongTinKhac Email Fax SoDienThoai TrichYeuHoSo NgayNopHoSo NgayTiepNhan
NgayHenTra NgayTuChoi NgayKetThucXuLy NgayTra ThongTinTra TrangThaiHoSo HinhThuc DonViXuLy GhiChu
TaiLieuNop DanhSachLePhi DanhSachTepDinhKemKhac DanhSachHoSoBoSung DanhSachGiayToKetQua NoiNopHoSo
HoSoCoThanhPhanSoHoa TaiKhoanDuocXacThucVoiVNeID DuocThanhToanTrucTuyen DinhDanhCHS
DSKetNoiCSDL""".split()
PROGRESS_FIELDS = """MaHoSo NguoiXuLy ChucDanh ThoiDiemXuLy PhongBanXuLy NoiDungXuLy TrangThai NgayBatDau
NgayKetThucTheoQuyDinh""".split()


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(resource_path("schemas", f"{name}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


DOSSIER_SCHEMA = _validator("national-dossier")
PROGRESS_SCHEMA = _validator("national-progress")


def _procedure() -> Procedure:
    docs = (
        DocumentRequirement("TP1", "Tờ khai", DocumentForm.ORIGINAL, national_code="KS-TK-01"),
        DocumentRequirement("TP2", "Giấy chứng sinh", DocumentForm.ORIGINAL, national_code="KS-CS"),
        DocumentRequirement("TP3", "Căn cước", DocumentForm.PRESENT_ONLY, national_code="KS-CC"),
    )
    return Procedure(
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        "xã",
        ProcessingRule(FIVE_DAYS),
        documents=docs,
        field_code="HT-01",
    )


def _dossier(status: S = S.RECEIVED, **changes: Any) -> Dossier:
    dossier = Dossier(
        "id",
        "000.00.06.H56-231027-0361",
        "000.00.06.H56",
        "1.001193",
        "Thủ tục đăng ký khai sinh",
        "Hộ tịch",
        Channel.DIRECT,
        Party(ApplicantKind.CITIZEN, "Lê Thị Lan", "038190012345", phone="0912345678"),
        "canbo1",
        AT,
        status,
        items=[
            ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL),
            ReceivedItem("TP2", "Giấy chứng sinh", DocumentForm.ORIGINAL),
            ReceivedItem("TP3", "Căn cước", DocumentForm.PRESENT_ONLY),
        ],
        fees=[FeeLine("Lệ phí cấp bản sao", 8000, FeeTiming.BEFORE, PaymentMethod.CASH, "BL1")],
        appointment=Appointment(AT, AT, DUE, FIVE_DAYS),
        history=[StatusChange(AT, None, status, "canbo1")],
    )
    for name, value in changes.items():
        setattr(dossier, name, value)
    return dossier


def _scalars(value: Any) -> list[Any]:
    if isinstance(value, dict):
        return [s for v in value.values() for s in _scalars(v)]
    if isinstance(value, list):
        return [s for v in value for s in _scalars(v)]
    return [value]


def test_every_field_both_integrations_send_is_present_and_valid() -> None:
    # [OCPS] createSyncDossierBodyRequest ∪ [PROV] HoSoDongBoDVC: each key, none more.
    record = dossier_record(_dossier(), _procedure(), "UBND xã Đông Tiến")
    assert list(record) == DOSSIER_FIELDS
    for blank in ("MaDoiTuong", "ThongTinKhac", "Fax", "ThongTinTra", "GhiChu"):
        assert record[blank] == ""  # [OCPS] object.put(..., "") //ko bb
    assert record["DanhSachTepDinhKemKhac"] == [] and record["DanhSachGiayToKetQua"] == []
    DOSSIER_SCHEMA.validate(record)


def test_values_travel_as_strings() -> None:
    # [OCPS] String.valueOf(LoaiDoiTuong), String.valueOf(HinhThuc); [PROV] every property string.
    record = dossier_record(_dossier(S.PROCESSING), _procedure())
    assert all(isinstance(v, str) for v in _scalars(record))
    assert (record["KenhThucHien"], record["LoaiDoiTuong"], record["TrangThaiHoSo"]) == (
        "1",
        "1",
        "4",
    )
    bad = {**record, "TrangThaiHoSo": 4}
    assert not DOSSIER_SCHEMA.is_valid(bad)


def test_dates_are_yyyymmddhhmmss_in_vietnam_time() -> None:
    # [OCPS] convertDate2String: "yyyyMMddHHmmss", TimeZone Asia/Ho_Chi_Minh.
    utc_receipt = datetime(2023, 10, 27, 2, 32, 5, tzinfo=UTC)
    record = dossier_record(
        _dossier(
            received_at=utc_receipt, history=[StatusChange(utc_receipt, None, S.RECEIVED, "a")]
        )
    )
    assert record["NgayTiepNhan"] == record["NgayNopHoSo"] == "20231027093205"
    assert record["NgayHenTra"] == "20231103090000"
    assert not DOSSIER_SCHEMA.is_valid({**record, "NgayTiepNhan": "2023-10-27T09:32:05"})


def test_fee_amount_travels_in_gia_with_the_collection_code() -> None:
    # [PROV] GetQuery: yctt.SoTien as Gia, HinhThucThu '1', LoaiPhiLePhi '1'; LePhiDongBoDVC.
    [fee] = dossier_record(_dossier())["DanhSachLePhi"]
    assert fee == {
        "TenPhiLePhi": "Lệ phí cấp bản sao",
        "MaPhiLePhi": "",
        "HinhThucThu": "1",
        "Gia": "8000",
        "LoaiPhiLePhi": "1",
    }
    record = dossier_record(_dossier())
    record["DanhSachLePhi"][0]["SoTien"] = 8000  # the old, lossy field name
    assert not DOSSIER_SCHEMA.is_valid(record)


def test_only_paid_fees_above_zero_are_sent() -> None:
    # [PROV] GetQuery: WHERE TrangThai = N'Đã thanh toán' And SoTien > 0.
    paid_after = datetime(2023, 11, 3, 10, 0, tzinfo=VN_TZ)
    fees = [
        FeeLine("Miễn", 5000, FeeTiming.WAIVED),
        FeeLine("Không thu", 0, FeeTiming.BEFORE, PaymentMethod.CASH),
        FeeLine("Thu sau, chưa thu", 20000, FeeTiming.AFTER),
        FeeLine("Thu sau, đã thu", 30000, FeeTiming.AFTER, PaymentMethod.ONLINE, "BL9", paid_after),
    ]
    record = dossier_record(_dossier(fees=fees))
    assert [(f["TenPhiLePhi"], f["Gia"], f["HinhThucThu"]) for f in record["DanhSachLePhi"]] == [
        ("Thu sau, đã thu", "30000", "4")  # test-page code list: 4 = khi trả kết quả
    ]
    assert record["DuocThanhToanTrucTuyen"] == "1"  # [PROV] "1" once a fee is paid (online here)


def test_refused_at_intake_has_no_receipt_date_nor_fees() -> None:
    # [PROV] GetMaHoSos syncs only dossiers with NgayTiepNhan; HoSoDongBoDVC.NgayTuChoi.
    refused = _dossier(
        S.REFUSED, appointment=None, refused_at=AT, refusal_reason="Không thuộc thẩm quyền"
    )
    record = dossier_record(refused, _procedure())
    assert (record["NgayTiepNhan"], record["NgayHenTra"]) == ("", "")
    assert record["NgayTuChoi"] == record["NgayNopHoSo"] == "20231027093200"
    assert record["DanhSachLePhi"] == []  # nothing collected from a dossier never received
    DOSSIER_SCHEMA.validate(record)
    assert not DOSSIER_SCHEMA.is_valid({**record, "NgayTuChoi": ""})  # status 3 needs its date


def test_refused_after_receipt_keeps_its_receipt_date() -> None:
    # domain.md: refusal after receipt (3 from 2/4) sends NgayTuChoi; the receipt stays.
    later = AT + timedelta(days=2)
    history = [
        StatusChange(AT, None, S.RECEIVED, "canbo1"),
        StatusChange(later, S.RECEIVED, S.REFUSED, "tp"),
    ]
    record = dossier_record(_dossier(S.REFUSED, refused_at=later, history=history))
    assert (record["NgayTiepNhan"], record["NgayTuChoi"]) == ("20231027093200", "20231029093200")


def test_supplement_dates_are_not_swapped() -> None:
    # [PROV] MotCuaYeuCauBoSung: new HoSoBoSung(..., NgayBoSung = currentTime, ..., NgayHenTraTruoc
    # = hoSo.NgayHenTra); MotCuaGuiBoSung sets NguoiTiepNhanBoSung, NgayTiepNhanBoSung, NgayHenTraMoi.
    asked = datetime(2023, 10, 30, 14, 0, tzinfo=VN_TZ)
    back = datetime(2023, 11, 6, 8, 15, tzinfo=VN_TZ)
    new_due = datetime(2023, 11, 13, 8, 15, tzinfo=VN_TZ)
    history = [
        StatusChange(AT, None, S.RECEIVED, "canbo1"),
        StatusChange(asked, S.RECEIVED, S.SUPPLEMENT_REQUESTED, "canbo1"),
        StatusChange(back, S.SUPPLEMENT_REQUESTED, S.RECEIVED, "buudien1"),
    ]
    missing = [MissingItem("Tờ khai", "Thiếu chữ ký")]
    round_ = SupplementRound(1, asked, "canbo1", missing, "", back, DUE, new_due)
    record = dossier_record(_dossier(supplements=[round_], history=history))
    [sent] = record["DanhSachHoSoBoSung"]
    assert sent["NgayBoSung"] == "20231030140000"  # the request
    assert sent["NgayTiepNhanBoSung"] == "20231106081500"  # the supplement's receipt
    assert (sent["NgayHenTraTruoc"], sent["NgayHenTraMoi"]) == ("20231103090000", "20231113081500")
    assert (sent["NguoiYeuCauBoSung"], sent["NguoiTiepNhanBoSung"]) == ("canbo1", "buudien1")
    assert (sent["TrangThaiBoSung"], sent["HoSoBoSungId"]) == ("1", "1")
    assert sent["NoiDungBoSung"] == "Tờ khai: Thiếu chữ ký"
    DOSSIER_SCHEMA.validate(record)


def test_a_pending_supplement_has_no_receipt_yet() -> None:
    asked = AT + timedelta(hours=1)
    round_ = SupplementRound(1, asked, "canbo1", [MissingItem("Tờ khai", "Thiếu")], old_due=DUE)
    [sent] = dossier_record(_dossier(S.SUPPLEMENT_REQUESTED, supplements=[round_]))[
        "DanhSachHoSoBoSung"
    ]
    assert (sent["NgayTiepNhanBoSung"], sent["NguoiTiepNhanBoSung"], sent["TrangThaiBoSung"]) == (
        "",
        "",
        "0",
    )


def test_ngay_hen_tra_stays_the_receipts_appointment_after_an_apology() -> None:
    # domain.md / issue 6 §3: the original appointment is sent as NgayHenTra; the new date apart.
    late = Appointment(
        AT, AT, DUE, FIVE_DAYS, rescheduled_due=DUE + timedelta(days=30), apologies=1
    )
    record = dossier_record(_dossier(S.PROCESSING, appointment=late))
    assert record["NgayHenTra"] == "20231103090000"
    assert all(
        p["NgayKetThucTheoQuyDinh"] == "20231103090000" for p in progress_records(_dossier())
    )


@pytest.mark.parametrize(
    ("method", "sent"),
    [(DeliveryMethod.COUNTER, "0"), (DeliveryMethod.POST, "1"), (DeliveryMethod.ONLINE, "2")],
)
def test_return_method(method: DeliveryMethod, sent: str) -> None:
    # [OCPS] HinhThuc 0, or 1 when viaPostal is 2; [PROV] HinhThucTra "1" = trả qua bưu điện.
    # An online return is never sent as the counter's "0" ("2" is ours, see the docs).
    assert dossier_record(_dossier(delivery=Delivery(method)))["HinhThuc"] == sent


def test_documents_carry_the_national_item_code() -> None:
    # [PROV] tphs.MaGiayTo as MaThanhPhanHoSo, tphs.Ten as TenTepDinhKem, DuocSoHoa "1" with a file.
    record = dossier_record(_dossier(), _procedure())
    assert [d["MaThanhPhanHoSo"] for d in record["TaiLieuNop"]] == ["KS-TK-01", "KS-CS"]
    first = record["TaiLieuNop"][0]
    assert (first["TenTepDinhKem"], first["DuongDanTaiTepTin"], first["DuocSoHoa"]) == (
        "Tờ khai",
        "",
        "0",  # nothing is digitised until scanning lands
    )
    assert record["HoSoCoThanhPhanSoHoa"] == "0"
    # without the catalogue the code is unknown, never our local position "TP1"
    assert {d["MaThanhPhanHoSo"] for d in dossier_record(_dossier())["TaiLieuNop"]} == {""}


def test_field_code_comes_from_the_procedure() -> None:
    # [OCPS] MaLinhVuc = LINHVUCTHUCHIEN[0].MALINHVUC of the procedure (LayThuTuc).
    assert dossier_record(_dossier(), _procedure())["MaLinhVuc"] == "HT-01"
    assert dossier_record(_dossier())["MaLinhVuc"] == ""


def test_summary_is_cut_and_never_empty() -> None:
    # [PROV] TrichYeuHoSo: "Dinhkem" when empty, Substring(0, 995) + "..." past 1000.
    assert dossier_record(_dossier(summary=""))["TrichYeuHoSo"] == "Thủ tục đăng ký khai sinh"
    long = dossier_record(_dossier(summary="x" * 1200))["TrichYeuHoSo"]
    assert long == "x" * 995 + "..."  # 998 characters, exactly as the source cuts


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("038190012345", [{"LoaiDinhDanh": "1", "SoDinhDanh": "038190012345"}]),
        ("012345678", [{"LoaiDinhDanh": "2", "SoDinhDanh": "012345678"}]),
        ("0101234567", []),
    ],
)
def test_applicant_identity(number: str, expected: list[dict[str, str]]) -> None:
    # [PROV] DinhDanhCHS: length 12 → LoaiDinhDanh "1", length 9 → "2".
    applicant = Party(ApplicantKind.CITIZEN, "Lê Lan", number)
    assert dossier_record(_dossier(applicant=applicant))["DinhDanhCHS"] == expected


def test_progress_records() -> None:
    # [OCPS] createSyncDossierStatusBodyRequest; [PROV] QuaTrinhXuLyDongBoDVC, NguoiXuLy ≤ 50.
    later = AT + timedelta(hours=2)
    history = [
        StatusChange(AT, None, S.RECEIVED, "canbo1"),
        StatusChange(later, S.RECEIVED, S.PROCESSING, "x" * 60, "Chuyển Phòng Tư pháp"),
    ]
    dossier = _dossier(S.PROCESSING, history=history, processing_agency="Phòng Tư pháp")
    first, second = progress_records(dossier, {"canbo1": "Công chức"}, {"canbo1": "Lê Thị Thu Hà"})
    assert list(first) == PROGRESS_FIELDS
    assert (first["NguoiXuLy"], first["ChucDanh"], first["TrangThai"]) == (
        "Lê Thị Thu Hà",
        "Công chức",
        "2",
    )
    assert first["NoiDungXuLy"] == "Tiếp nhận hồ sơ"  # [PROV] the receipt record's wording
    assert (second["ThoiDiemXuLy"], second["TrangThai"]) == ("20231027113200", "4")
    assert (
        second["NguoiXuLy"] == "x" * 46 + "..." and second["NoiDungXuLy"] == "Chuyển Phòng Tư pháp"
    )
    for record in (first, second):
        PROGRESS_SCHEMA.validate(record)
    assert not PROGRESS_SCHEMA.is_valid({**first, "TrangThai": 2})


def test_the_catalogue_carries_national_item_and_field_codes() -> None:
    # The codes the exchange needs live with the procedure, read from the catalogue's JSON.
    record = {
        "code": "1.001193",
        "name": "Thủ tục đăng ký khai sinh",
        "field": "Hộ tịch",
        "field_code": " HT-01 ",
        "processing": {"value": 5, "unit": "working_days"},
        "documents": [
            {"name": "Tờ khai", "national_code": "KS-TK-01"},
            {"name": "Giấy chứng sinh"},
        ],
    }
    procedure = procedure_from_record(record)
    assert procedure.field_code == "HT-01"
    assert [(d.code, d.national_code) for d in procedure.documents] == [
        ("TP1", "KS-TK-01"),
        ("TP2", ""),
    ]
    with pytest.raises(ValidationError):
        procedure_from_record({**record, "documents": [{"name": "x", "national_code": 7}]})
    sample = sample_catalogue()
    assert all(d.national_code.startswith("PLACEHOLDER-") for p in sample for d in p.documents)
