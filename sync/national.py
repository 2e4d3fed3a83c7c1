"""The national exchange: a dossier as the portal's ``DongBoHoSoMC`` record, and its progress
records (``QuaTrinhXuLy``), field for field as real integrations send them.

Pure data in, data out (no I/O). Every rule here is written from two public integrations and
cited in ``docs/national-exchange.md``; ``resources/schemas/national-dossier.schema.json`` and
``national-progress.schema.json`` hold the same rules as JSON Schema, and the tests hold every
demo dossier against them. Conventions, from both sources:

* every value is a **string** (codes too: ``"2"``, not ``2``); lists are lists of objects;
* dates are ``yyyyMMddHHmmss`` in Vietnam time; a date we do not have is ``""``;
* a field both integrations send is always present, ``""`` (or ``[]``) when we have nothing.

Where the lifecycle model will carry more than it does today, the mapping reads it in ONE small
function marked ``LIFECYCLE:`` (or ``SCANNING:``) saying which attribute to read after the merge.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from counter_app.domain.dossier import (
    Dossier,
    FeeLine,
    ReceivedItem,
    StatusChange,
    SupplementRound,
)
from counter_app.domain.enums import (
    DeliveryMethod,
    DocumentForm,
    DossierStatus,
    FeeTiming,
    PaymentMethod,
)
from counter_app.domain.procedure import Procedure
from counter_app.domain.vntime import as_vn

Record = dict[str, Any]

NATIONAL_DATE = "%Y%m%d%H%M%S"
#: TrichYeuHoSo past 1000 characters keeps 995 + "..." (provincial sync, GetData).
SUMMARY_MAX, SUMMARY_KEEP = 1000, 995
#: NguoiXuLy past 50 characters keeps 46 + "..." (provincial sync, GetData).
ACTOR_MAX, ACTOR_KEEP = 50, 46
#: HinhThuc: 0 at the counter, 1 by post (both sources); 2 online is OUR code, see the docs.
RETURN_METHOD = {DeliveryMethod.COUNTER: "0", DeliveryMethod.POST: "1", DeliveryMethod.ONLINE: "2"}
#: HinhThucThu: 1 at intake, 2 with a supplement, 4 when the result is returned.
FEE_COLLECTED_AT_INTAKE, FEE_COLLECTED_AT_SUPPLEMENT, FEE_COLLECTED_AT_RETURN = "1", "2", "4"
#: LoaiPhiLePhi: 1 ordinary (2 licence appraisal, 3 extension: not used by a counter).
FEE_KIND_ORDINARY = "1"
#: NoiNopHoSo as the provincial system sends it for dossiers of its own one-stop offices.
SUBMITTED_AT_PROVINCE = "2"
#: What a progress record says when the step had no note (the provincial sync's wording style).
STEP_TEXT = {
    DossierStatus.NEW: "Đăng ký hồ sơ",
    DossierStatus.RECEIVED: "Tiếp nhận hồ sơ",
    DossierStatus.REFUSED: "Từ chối tiếp nhận hồ sơ",
    DossierStatus.PROCESSING: "Chuyển xử lý hồ sơ",
    DossierStatus.SUPPLEMENT_REQUESTED: "Yêu cầu bổ sung, hoàn thiện hồ sơ",
    DossierStatus.FINANCIAL_OBLIGATION: "Yêu cầu thực hiện nghĩa vụ tài chính",
    DossierStatus.WITHDRAWN: "Công dân yêu cầu rút hồ sơ",
    DossierStatus.STOPPED: "Dừng xử lý hồ sơ",
    DossierStatus.RESOLVED: "Kết thúc xử lý hồ sơ",
    DossierStatus.RETURNED: "Trả kết quả",
}


def national_date(moment: datetime | None) -> str:
    """``yyyyMMddHHmmss`` in Vietnam time, or ``""`` for a date we do not have."""
    return as_vn(moment).strftime(NATIONAL_DATE) if moment is not None else ""


def _cut(text: str, limit: int, keep: int) -> str:
    return text if len(text) <= limit else text[:keep] + "..."


# --- dates of the dossier ---------------------------------------------------------------------


def first_receipt(dossier: Dossier) -> datetime | None:
    """NgayTiepNhan: when the dossier was first received (status 2). A dossier refused at intake,
    or still waiting for the supplement asked at intake, has never been received."""
    return next((c.at for c in dossier.history if c.to_status is DossierStatus.RECEIVED), None)


def receipt_due(dossier: Dossier) -> datetime | None:
    """NgayHenTra: the appointment of the receipt (of the current supplement round, moved only by
    financial-obligation pauses), never the new date of an apology (kept apart in
    ``appointment.rescheduled_due``)."""
    return dossier.legal_due


def return_method(dossier: Dossier) -> str:
    """HinhThuc. LIFECYCLE: reads ``delivery.method``; nothing else needed for post/online."""
    return RETURN_METHOD[dossier.delivery.method]


def return_info(dossier: Dossier) -> str:
    """ThongTinTra: the postal operator and tracking number of a result returned by post."""
    returned = dossier.result_return
    if returned is None or not returned.postal_tracking_no:
        return ""
    operator = f"{returned.postal_operator} " if returned.postal_operator else ""
    return f"{operator}Số hiệu bưu gửi {returned.postal_tracking_no}"


# --- TaiLieuNop -------------------------------------------------------------------------------


def document_file(item: ReceivedItem) -> tuple[str, str, bool]:
    """(file name, path or URL, digitised) of an item's electronic copy.
    SCANNING: the digitised PDF/A attached by ``counter_app.services.attachments`` (its path is
    relative to the data folder: ``scans/ab/<sha256>.pdf``)."""
    if item.scan is None:
        return "", "", False
    return item.scan.file_name, item.scan.path, True


def documents(dossier: Dossier, procedure: Procedure | None) -> list[Record]:
    """TaiLieuNop: one entry per item handed over and kept (items only shown are handed back).
    MaThanhPhanHoSo is the item's NATIONAL code from the catalogue, never our local position."""
    national = {d.code: d.national_code for d in procedure.documents} if procedure else {}
    records = []
    for item in dossier.items:
        if not item.present or item.form is DocumentForm.PRESENT_ONLY:
            continue
        file_name, path, digitised = document_file(item)
        records.append(
            {
                "TepDinhKemId": "",
                "TenTepDinhKem": file_name or item.name,
                "IsDeleted": "0",
                "MaThanhPhanHoSo": national.get(item.requirement_code, ""),
                "DuongDanTaiTepTin": path,
                "DuocSoHoa": "1" if digitised else "0",
                "DuocTaiSuDung": "0",
                "DuocLayTuKhoDMQG": "0",
                "MaKetQuaThayThe": "",
            }
        )
    return records


# --- DanhSachLePhi ----------------------------------------------------------------------------


def fee_paid_at(fee: FeeLine, dossier: Dossier) -> datetime | None:
    """When the fee was actually collected, or None. A fee collected before (thu trước) is paid
    at the first receipt; nothing is collected from a dossier that was never received.
    Fees paid after (thu sau) set ``paid_at``; a refunded fee is not sent as collected."""
    if fee.timing is FeeTiming.WAIVED or any(r.fee_name == fee.name for r in dossier.refunds):
        return None
    if fee.paid_at is not None:
        return fee.paid_at
    received = first_receipt(dossier)
    if fee.timing is FeeTiming.BEFORE and fee.method is not None and received is not None:
        return received
    return None


def fee_collected_when(fee: FeeLine) -> str:
    """HinhThucThu. LIFECYCLE: a fee collected with a supplement round →
    ``FEE_COLLECTED_AT_SUPPLEMENT`` once the model says so."""
    return FEE_COLLECTED_AT_RETURN if fee.timing is FeeTiming.AFTER else FEE_COLLECTED_AT_INTAKE


def paid_fees(dossier: Dossier) -> list[FeeLine]:
    """The fees actually collected, above zero (unpaid, waived and free fees are not sent)."""
    return [f for f in dossier.fees if f.amount_vnd > 0 and fee_paid_at(f, dossier) is not None]


def fees(dossier: Dossier) -> list[Record]:
    """DanhSachLePhi: fees actually paid and above zero; the amount travels in ``Gia``."""
    return [
        {
            "TenPhiLePhi": fee.name,
            "MaPhiLePhi": "",  # no national fee code in our catalogue
            "HinhThucThu": fee_collected_when(fee),
            "Gia": str(fee.amount_vnd),
            "LoaiPhiLePhi": FEE_KIND_ORDINARY,
        }
        for fee in paid_fees(dossier)
    ]


# --- DanhSachHoSoBoSung -----------------------------------------------------------------------


def supplement_receiver(dossier: Dossier, round_: SupplementRound) -> str:
    """NguoiTiepNhanBoSung: the round's receiver (older stored rounds without one: the actor of
    the status change recorded at the supplement's receipt)."""
    if round_.received_at is None:
        return ""
    if round_.received_by:
        return round_.received_by
    return next(
        (
            c.actor
            for c in dossier.history
            if c.at == round_.received_at and c.from_status is DossierStatus.SUPPLEMENT_REQUESTED
        ),
        "",
    )


def supplements(dossier: Dossier) -> list[Record]:
    """DanhSachHoSoBoSung: NgayBoSung is the date of the REQUEST, NgayTiepNhanBoSung the date
    the supplement was received; NgayHenTraTruoc/NgayHenTraMoi the appointment before/after."""
    return [
        {
            "HoSoBoSungId": str(r.number),
            "NguoiYeuCauBoSung": r.requested_by,
            "NoiDungBoSung": "; ".join(f"{m.name}: {m.reason}" for m in r.items),
            "NgayBoSung": national_date(r.requested_at),
            "NguoiTiepNhanBoSung": supplement_receiver(dossier, r),
            "ThongTinTiepNhan": "",
            "NgayTiepNhanBoSung": national_date(r.received_at),
            "TrangThaiBoSung": "1" if r.received_at is not None else "0",
            "DanhSachGiayToBoSung": [],
            "DanhSachLePhiBoSung": [],
            "NgayHenTraTruoc": national_date(r.old_due),
            "NgayHenTraMoi": national_date(r.new_due),
        }
        for r in dossier.supplements
    ]


# --- the applicant's identity ------------------------------------------------------------------


def identities(dossier: Dossier) -> list[Record]:
    """DinhDanhCHS: LoaiDinhDanh 1 for a 12-digit personal number, 2 for a 9-digit old ID."""
    number = dossier.applicant.id_number
    kind = {12: "1", 9: "2"}.get(len(number)) if number.isdigit() else None
    return [{"LoaiDinhDanh": kind, "SoDinhDanh": number}] if kind else []


# --- the dossier ------------------------------------------------------------------------------


def dossier_record(
    dossier: Dossier, procedure: Procedure | None = None, agency_name: str = ""
) -> Record:
    """The ``DongBoHoSoMC`` record of one dossier. ``procedure`` gives the national item and
    field codes; ``agency_name`` names the office when no processing agency is recorded yet."""
    applicant = dossier.applicant
    received = first_receipt(dossier)
    items = documents(dossier, procedure)
    return {
        "MaHoSo": dossier.code,
        "MaTTHC": dossier.procedure_code,
        "TenTTHC": dossier.procedure_name,
        "MaLinhVuc": procedure.field_code if procedure else "",
        "TenLinhVuc": dossier.field_name,
        "KenhThucHien": str(int(dossier.channel)),
        "ChuHoSo": applicant.name,
        "SoGiayToChuHoSo": applicant.id_number,
        "LoaiDoiTuong": str(int(applicant.kind)),
        "MaDoiTuong": "",  # the portal account's id, for online dossiers only
        "ThongTinKhac": "",
        "Email": applicant.email,
        "Fax": "",
        "SoDienThoai": applicant.phone,
        "TrichYeuHoSo": _cut(dossier.summary or dossier.procedure_name, SUMMARY_MAX, SUMMARY_KEEP),
        "NgayNopHoSo": national_date(dossier.received_at),
        "NgayTiepNhan": national_date(received),
        "NgayHenTra": national_date(receipt_due(dossier)),
        "NgayTuChoi": national_date(dossier.refused_at),
        "NgayKetThucXuLy": national_date(dossier.resolved_at),
        "NgayTra": national_date(dossier.returned_at),
        "ThongTinTra": return_info(dossier),
        "TrangThaiHoSo": str(int(dossier.status)),
        "HinhThuc": return_method(dossier),
        "DonViXuLy": dossier.processing_agency or agency_name or dossier.agency_code,
        "GhiChu": "",
        "TaiLieuNop": items,
        "DanhSachLePhi": fees(dossier),
        "DanhSachTepDinhKemKhac": [],  # other attachments: none are recorded
        "DanhSachHoSoBoSung": supplements(dossier),
        "DanhSachGiayToKetQua": [],  # results: none are recorded at the counter
        "NoiNopHoSo": SUBMITTED_AT_PROVINCE,
        "HoSoCoThanhPhanSoHoa": "1" if any(d["DuocSoHoa"] == "1" for d in items) else "0",
        "TaiKhoanDuocXacThucVoiVNeID": "0",
        "DuocThanhToanTrucTuyen": "1"
        if any(f.method is PaymentMethod.ONLINE for f in paid_fees(dossier))
        else "0",
        "DinhDanhCHS": identities(dossier),
        "DSKetNoiCSDL": [],  # national databases consulted: none
    }


# --- QuaTrinhXuLy -----------------------------------------------------------------------------


def progress_records(
    dossier: Dossier,
    titles: Mapping[str, str] | None = None,
    names: Mapping[str, str] | None = None,
) -> list[Record]:
    """QuaTrinhXuLy: one record per status change. ``names`` and ``titles`` map a username to
    the officer's full name and job title (NguoiXuLy, ChucDanh)."""
    titles, names = titles or {}, names or {}
    due = national_date(receipt_due(dossier))

    def record(change: StatusChange) -> Record:
        actor = names.get(change.actor) or change.actor or "Chuyên viên"
        return {
            "MaHoSo": dossier.code,
            "NguoiXuLy": _cut(actor, ACTOR_MAX, ACTOR_KEEP),
            "ChucDanh": titles.get(change.actor, ""),
            "ThoiDiemXuLy": national_date(change.at),
            "PhongBanXuLy": dossier.processing_agency,
            "NoiDungXuLy": change.note or STEP_TEXT[change.to_status],
            "TrangThai": str(int(change.to_status)),
            "NgayBatDau": national_date(change.at),
            "NgayKetThucTheoQuyDinh": due,
        }

    return [record(change) for change in dossier.history]
