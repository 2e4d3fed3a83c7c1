"""Enumerations with the national codes used with the portal (TrangThaiHoSo, KenhThucHien…)."""

from __future__ import annotations

from enum import IntEnum, StrEnum


class DossierStatus(IntEnum):
    """TrangThaiHoSo."""

    NEW = 1  # Mới đăng ký
    RECEIVED = 2  # Được tiếp nhận
    REFUSED = 3  # Không được tiếp nhận
    PROCESSING = 4  # Đang xử lý
    SUPPLEMENT_REQUESTED = 5  # Yêu cầu bổ sung giấy tờ
    FINANCIAL_OBLIGATION = 6  # Yêu cầu thực hiện nghĩa vụ tài chính
    WITHDRAWN = 7  # Công dân yêu cầu rút hồ sơ
    STOPPED = 8  # Dừng xử lý
    RESOLVED = 9  # Đã xử lý xong
    RETURNED = 10  # Đã trả kết quả


class Channel(IntEnum):
    """KenhThucHien."""

    DIRECT = 1
    ONLINE = 2
    POSTAL = 3


class ApplicantKind(IntEnum):
    """LoaiDoiTuong."""

    CITIZEN = 1
    BUSINESS = 2
    STATE_BODY = 3
    OTHER_ORGANISATION = 4


class DeliveryMethod(IntEnum):
    """HinhThuc: how the result goes back (the portal knows 0 counter and 1 post)."""

    COUNTER = 0
    POST = 1
    ONLINE = 2


class Role(StrEnum):
    COUNTER_OFFICER = "counter_officer"
    POSTAL_CLERK = "postal_clerk"
    SUPERVISOR = "supervisor"
    ADMINISTRATOR = "administrator"


class DocumentForm(StrEnum):
    """The form in which a document item is submitted (the catalogue's ``kind`` values).

    The receipt (Mẫu 01) has columns original / certified copy / photocopy; ``COPY`` goes in the
    photocopy column, and ``PRESENT_ONLY`` items are shown and handed back, not kept.
    """

    ORIGINAL = "original"  # bản chính
    CERTIFIED_COPY = "certified_copy"  # bản sao có chứng thực
    COPY = "copy"  # bản sao / bản chụp
    PRESENT_ONLY = "present_only"  # xuất trình


class FeeTiming(StrEnum):
    BEFORE = "before"  # thu trước
    AFTER = "after"  # thu sau
    WAIVED = "waived"  # miễn


class PaymentMethod(StrEnum):
    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"
    ONLINE = "online"


class IntakeDecision(StrEnum):
    RECEIVE = "receive"
    REQUEST_SUPPLEMENT = "request_supplement"
    REFUSE = "refuse"
