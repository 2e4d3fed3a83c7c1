"""Our dossier model produces every field the national sync carries."""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.dossier import Delivery, Dossier, FeeLine, Party, ReceivedItem, StatusChange
from counter_app.domain.enums import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    DocumentForm,
    DossierStatus,
)
from counter_app.domain.vntime import VN_TZ
from sync.national import dossier_record, progress_records

DOSSIER_FIELDS = """MaHoSo MaTTHC TenTTHC MaLinhVuc TenLinhVuc KenhThucHien ChuHoSo SoGiayToChuHoSo
LoaiDoiTuong SoDienThoai Email TrichYeuHoSo NgayNopHoSo NgayTiepNhan NgayHenTra NgayTuChoi
NgayKetThucXuLy NgayTra TrangThaiHoSo HinhThuc DonViXuLy TaiLieuNop DanhSachLePhi
DanhSachHoSoBoSung DanhSachGiayToKetQua HoSoCoThanhPhanSoHoa DuocThanhToanTrucTuyen""".split()
PROGRESS_FIELDS = """MaHoSo NguoiXuLy ChucDanh ThoiDiemXuLy PhongBanXuLy NoiDungXuLy TrangThai NgayBatDau
NgayKetThucTheoQuyDinh""".split()


def test_every_national_field_is_produced() -> None:
    at = datetime(2023, 10, 27, 9, 32, tzinfo=VN_TZ)
    dossier = Dossier(
        "id",
        "000.00.06.H56-231027-0361",
        "000.00.06.H56",
        "1.001193",
        "Đăng ký khai sinh",
        "Hộ tịch",
        Channel.POSTAL,
        Party(ApplicantKind.CITIZEN, "Lê Lan", "001090123456"),
        "canbo1",
        at,
        DossierStatus.RECEIVED,
        items=[ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL)],
        fees=[FeeLine("Lệ phí", 8000)],
        delivery=Delivery(DeliveryMethod.POST, "Số 1"),
        history=[StatusChange(at, None, DossierStatus.RECEIVED, "canbo1")],
    )
    record = dossier_record(dossier)
    assert set(DOSSIER_FIELDS) <= set(record)
    assert record["NgayTiepNhan"] == "20231027093200"
    assert (record["KenhThucHien"], record["HinhThuc"], record["TrangThaiHoSo"]) == (3, 1, 2)
    assert record["TaiLieuNop"][0]["MaThanhPhanHoSo"] == "TP1"
    progress = progress_records(dossier)
    assert set(PROGRESS_FIELDS) <= set(progress[0]) and progress[0]["TrangThai"] == 2
