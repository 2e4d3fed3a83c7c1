"""The official slip sets (biểu mẫu) and which one applies to a dossier.

Thông tư 01/2018/TT-VPCP (Phụ lục) numbered the slips 01–06 and had no stop notice; Thông tư
03/2025/TT-VPCP Phụ lục I (in force 15/09/2025, separately from Nghị định 118/2025's 01/07/2025)
renumbers them 01–07 and adds the stop notice (Mẫu 05). A dossier keeps the set in force on the day
it was received: a dossier received on 10/09/2025 gets its apology on the 2018 form.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import MappingProxyType

from counter_app.domain.errors import NotFoundError

__all__ = ["SLIP_SETS", "Slip", "SlipSet", "get_slip_set", "slip_set_for"]


class Slip(StrEnum):
    RECEIPT = "receipt"  # Giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT_REQUEST = "supplement_request"  # Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"  # Phiếu từ chối tiếp nhận giải quyết hồ sơ
    APOLOGY = "apology"  # Phiếu xin lỗi và hẹn lại ngày trả kết quả (and extension request)
    STOP_NOTICE = "stop_notice"  # Thông báo dừng giải quyết hồ sơ
    CONTROL_SHEET = "control_sheet"  # Phiếu kiểm soát quá trình giải quyết hồ sơ
    TRACKING_BOOK = "tracking_book"  # Sổ theo dõi hồ sơ


@dataclass(frozen=True, slots=True)
class SlipSet:
    id: str
    legal_basis: str
    effective_from: date
    forms: Mapping[Slip, str]  # slip → "Mẫu NN"; a slip the set does not have is absent

    def form(self, slip: Slip) -> str | None:
        return self.forms.get(slip)


TT01_2018 = SlipSet(
    id="tt01-2018",
    legal_basis="Thông tư 01/2018/TT-VPCP, Phụ lục",
    effective_from=date(2019, 1, 8),
    forms=MappingProxyType(
        {
            Slip.RECEIPT: "Mẫu 01",
            Slip.SUPPLEMENT_REQUEST: "Mẫu 02",
            Slip.REFUSAL: "Mẫu 03",
            Slip.APOLOGY: "Mẫu 04",
            Slip.CONTROL_SHEET: "Mẫu 05",
            Slip.TRACKING_BOOK: "Mẫu 06",
        }
    ),
)

TT03_2025 = SlipSet(
    id="tt03-2025",
    legal_basis="Thông tư 03/2025/TT-VPCP, Phụ lục I",
    effective_from=date(2025, 9, 15),
    forms=MappingProxyType(
        {
            Slip.RECEIPT: "Mẫu 01",
            Slip.SUPPLEMENT_REQUEST: "Mẫu 02",
            Slip.REFUSAL: "Mẫu 03",
            Slip.APOLOGY: "Mẫu 04",
            Slip.STOP_NOTICE: "Mẫu 05",
            Slip.CONTROL_SHEET: "Mẫu 06",
            Slip.TRACKING_BOOK: "Mẫu 07",
        }
    ),
)

SLIP_SETS: Mapping[str, SlipSet] = MappingProxyType({s.id: s for s in (TT01_2018, TT03_2025)})
_TIMELINE = (TT01_2018, TT03_2025)


def get_slip_set(slip_set_id: str) -> SlipSet:
    try:
        return SLIP_SETS[slip_set_id]
    except KeyError:
        raise NotFoundError(
            "unknown_slip_set", slip_set=slip_set_id, known=sorted(SLIP_SETS)
        ) from None


def slip_set_for(received_on: date) -> SlipSet:
    """The slip set in force on the day a dossier was received (the oldest one before it)."""
    current = _TIMELINE[0]
    for slip_set in _TIMELINE:
        if slip_set.effective_from <= received_on:
            current = slip_set
    return current
