"""The slips a counter issues (Thông tư 03/2025/TT-VPCP Phụ lục I, forms 01–07, plus the counter's
two working documents) and the rule saying which slip applies to a dossier in its current state.

The wording of the slips is legal text and lives in ``printing/``; the core only knows their kinds.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from counter_app.domain.dossier import Dossier
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import ConflictError
from counter_app.domain.office import Agency
from counter_app.domain.procedure import Procedure


class SlipKind(StrEnum):
    RECEIPT = "receipt"  # Mẫu 01: giấy tiếp nhận hồ sơ và hẹn trả kết quả
    SUPPLEMENT = "supplement"  # Mẫu 02: phiếu yêu cầu bổ sung, hoàn thiện hồ sơ
    REFUSAL = "refusal"  # Mẫu 03: phiếu từ chối tiếp nhận, giải quyết hồ sơ
    APOLOGY = "apology"  # Mẫu 04: phiếu xin lỗi và hẹn lại ngày trả kết quả
    STOP = "stop"  # Mẫu 05: thông báo dừng giải quyết hồ sơ
    CONTROL = "control"  # Mẫu 06: phiếu kiểm soát quá trình giải quyết hồ sơ
    BOOK = "book"  # Mẫu 07: sổ theo dõi hồ sơ (a period, not a dossier)
    HANDOVER = "handover"  # danh sách bàn giao hồ sơ (a period, not a dossier)
    GUIDANCE = "guidance"  # phiếu hướng dẫn thủ tục (a procedure, not a dossier)


#: The slips that belong to one dossier (stored with it, reprintable).
DOSSIER_SLIPS: frozenset[SlipKind] = frozenset(
    {
        SlipKind.RECEIPT,
        SlipKind.SUPPLEMENT,
        SlipKind.REFUSAL,
        SlipKind.APOLOGY,
        SlipKind.STOP,
        SlipKind.CONTROL,
    }
)
#: Slips over a period of time (from/to dates).
PERIOD_SLIPS: frozenset[SlipKind] = frozenset({SlipKind.BOOK, SlipKind.HANDOVER})


def refused_after_receipt(dossier: Dossier) -> bool:
    """Refused once received (Bắc Giang Art. 16.4), not at intake."""
    return dossier.refused_after_receipt


def applies(kind: SlipKind, dossier: Dossier) -> bool:
    """Whether ``kind`` can be issued for ``dossier`` in its current state."""
    received = dossier.appointment is not None
    apologised = (
        received
        and dossier.appointment is not None
        and (dossier.appointment.rescheduled_due is not None or dossier.appointment.apologies > 0)
    )
    rules = {
        SlipKind.RECEIPT: received,
        SlipKind.CONTROL: received,
        SlipKind.SUPPLEMENT: bool(dossier.supplements),
        SlipKind.REFUSAL: dossier.status is S.REFUSED or refused_after_receipt(dossier),
        SlipKind.APOLOGY: apologised,
        SlipKind.STOP: dossier.status in (S.WITHDRAWN, S.STOPPED),
    }
    return rules.get(kind, False)


def check_applies(kind: SlipKind, dossier: Dossier) -> None:
    """Raise ``slip_not_applicable`` when ``kind`` does not fit the dossier's state."""
    if not applies(kind, dossier):
        raise ConflictError(
            "slip_not_applicable",
            field="slip",
            slip=kind.value,
            dossier_code=dossier.code,
            status=int(dossier.status),
        )


@dataclass(frozen=True)
class SlipSource:
    """Everything a slip is built from, read from the store by the slips service.

    ``number`` is the slip's number within its kind and year (0: the form has none);
    ``book_entries`` maps a dossier code to its continuous entry number in the year's tracking book.
    """

    kind: SlipKind
    issued_at: datetime
    agency: Agency
    number: int = 0
    dossier: Dossier | None = None
    procedure: Procedure | None = None
    staff_names: Mapping[str, str] = field(default_factory=dict)
    dossiers: tuple[Dossier, ...] = ()
    period: tuple[date, date] | None = None
    book_entries: Mapping[str, int] = field(default_factory=dict)

    def staff_name(self, username: str) -> str:
        return self.staff_names.get(username, username)
