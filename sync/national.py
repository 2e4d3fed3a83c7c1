"""The national exchange format (DVCQG, TT 04/2025): a dossier as the portal's fields.

Pure data in, data out (no I/O), so the sync engine and its tests can use it directly. Dates are
``yyyyMMddHHmmss`` in Vietnam time; absent dates are empty strings.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from counter_app.domain.dossier import Dossier, StatusChange
from counter_app.domain.enums import DeliveryMethod
from counter_app.domain.vntime import as_vn

NATIONAL_DATE = "%Y%m%d%H%M%S"


def national_date(moment: datetime | None) -> str:
    return as_vn(moment).strftime(NATIONAL_DATE) if moment is not None else ""


def _documents(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "MaThanhPhanHoSo": item.requirement_code,
            "TenThanhPhanHoSo": item.name,
            "TenTepDinhKem": "",
            "DuongDanTaiTepTin": "",
            "DuocSoHoa": 0,
            "DuocTaiSuDung": 0,
            "SoLuong": item.quantity,
        }
        for item in dossier.items
        if item.present
    ]


def _fees(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "TenPhiLePhi": fee.name,
            "SoTien": fee.amount_vnd,
            "HinhThucThu": str(fee.timing),
            "PhuongThucThanhToan": str(fee.method or ""),
            "SoBienLai": fee.receipt_no,
            "NgayThu": national_date(fee.paid_at),
        }
        for fee in dossier.fees
    ]


def _supplements(dossier: Dossier) -> list[dict[str, Any]]:
    return [
        {
            "LanBoSung": r.number,
            "NguoiYeuCauBoSung": r.requested_by,
            "NoiDungBoSung": "; ".join(f"{m.name}: {m.reason}" for m in r.items),
            "NgayYeuCauBoSung": national_date(r.requested_at),
            "NgayBoSung": national_date(r.received_at),
            "NgayHenTraTruoc": national_date(r.old_due),
            "NgayHenTraMoi": national_date(r.new_due),
        }
        for r in dossier.supplements
    ]


def dossier_record(dossier: Dossier, field_code: str = "") -> dict[str, Any]:
    """Every field the national sync carries for a dossier (domain.md, "Details that must be exact")."""
    applicant = dossier.applicant
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure_code,
        "TenTTHC": dossier.procedure_name,
        "MaLinhVuc": field_code,
        "TenLinhVuc": dossier.field_name,
        "KenhThucHien": int(dossier.channel),
        "ChuHoSo": applicant.name,
        "SoGiayToChuHoSo": applicant.id_number,
        "LoaiDoiTuong": int(applicant.kind),
        "SoDienThoai": applicant.phone,
        "Email": applicant.email,
        "TrichYeuHoSo": dossier.summary,
        "NgayNopHoSo": national_date(dossier.received_at),
        "NgayTiepNhan": national_date(dossier.received_at),
        "NgayHenTra": national_date(dossier.due_at),
        "NgayTuChoi": national_date(dossier.refused_at),
        "NgayKetThucXuLy": national_date(dossier.resolved_at),
        "NgayTra": national_date(dossier.returned_at),
        "TrangThaiHoSo": int(dossier.status),
        "HinhThuc": 1 if dossier.delivery.method is DeliveryMethod.POST else 0,
        "DonViXuLy": dossier.processing_agency,
        "TaiLieuNop": _documents(dossier),
        "DanhSachLePhi": _fees(dossier),
        "DanhSachHoSoBoSung": _supplements(dossier),
        "DanhSachGiayToKetQua": [],
        "HoSoCoThanhPhanSoHoa": 0,
        "DuocThanhToanTrucTuyen": 0,
    }


def progress_records(
    dossier: Dossier, titles: dict[str, str] | None = None
) -> list[dict[str, Any]]:
    """QuaTrinhXuLy: one record per status change, with the step's legal end where known."""
    titles = titles or {}

    def record(change: StatusChange) -> dict[str, Any]:
        return {
            "MaHoSo": dossier.code,
            "NguoiXuLy": change.actor,
            "ChucDanh": titles.get(change.actor, ""),
            "ThoiDiemXuLy": national_date(change.at),
            "PhongBanXuLy": dossier.processing_agency,
            "NoiDungXuLy": change.note,
            "TrangThai": int(change.to_status),
            "NgayBatDau": national_date(change.at),
            "NgayKetThucTheoQuyDinh": national_date(dossier.due_at),
        }

    return [record(change) for change in dossier.history]
