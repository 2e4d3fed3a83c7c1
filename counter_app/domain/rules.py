"""Versioned rule sets: the legal parameters of receipt and deadlines, as data.

The law changes every few years (Nghị định 61/2018 was replaced by Nghị định 118/2025 from
1 July 2025). The office's settings name a rule set by its ``id``; nothing else in the code should
hard-code these values. The deadline parameters (cutoff 15:00, 8 working hours a day, the
calendar-day rollover of Civil Code Art. 148, one apology) did not change between the two sets;
the slip numbering and, for centrally run national systems, the dossier code did.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from types import MappingProxyType

from counter_app.domain.errors import ValidationError
from counter_app.domain.slips import SlipSet, slip_set_for
from counter_app.domain.vntime import as_vn

__all__ = [
    "DEFAULT_RULE_SET",
    "DOSSIER_CODE_CENTRAL",
    "DOSSIER_CODE_STANDARD",
    "RULE_SETS",
    "RuleSet",
    "get_rule_set",
    "rule_set_in_force",
    "slip_set_for_receipt",
]

#: ``<agency id>-<YYMMDD>-<4-digit sequence>`` (Thông tư 01/2018/TT-VPCP Art. 19, kept by 03/2025).
DOSSIER_CODE_STANDARD = "agency-yymmdd-xxxx"
#: ``<agency id>-<YYMMDD>-<2 operator digits><sequence of ≥4 digits>`` (Thông tư 04/2025/TT-VPCP,
#: centrally run national systems only).
DOSSIER_CODE_CENTRAL = "agency-yymmdd-aaxxxx"


@dataclass(frozen=True, slots=True)
class RuleSet:
    """One version of the rules.

    * ``cutoff``: a paper dossier received after it is counted from the next working day.
    * ``cutoff_inclusive``: "sau 15 giờ" (Bắc Giang Art. 16.1) compared on the minute printed on
      the slip: 15:00 (15:00:00–15:00:59) still counts that day, 15:01 is after. ``False``: the
      cutoff instant itself is already after.
    * ``minutes_per_working_day``: the legal 8 working hours of a day (informative: deadlines
      count a working day as a day of the office's own periods, see ``deadlines``).
    * ``online_acceptance_minutes``: an online dossier is accepted or answered within this much
      working time of its submission (8 working hours: Hà Nam, Gò Dầu; 2: Hà Nội). No cutoff.
    * ``online_offhours_delay_minutes``: submitted outside working time, the clock starts at the
      next working time plus this (Gò Dầu: "không được quá 01 giờ kể từ giờ làm việc kế tiếp",
      read as the latest start it allows; 0 elsewhere).
    * ``same_day_cutoff``: for "same day" procedures, received before it ⇒ result that day.
    * ``calendar_day_rollover``: for calendar-day periods, a last day that is a day off moves the
      end to the end of the next working day (if ``False``: back to the previous working day).
    * ``apology_reschedules_allowed``: how many times an apology may set a new date.
    * ``dossier_code_format``: :data:`DOSSIER_CODE_STANDARD` or :data:`DOSSIER_CODE_CENTRAL`.
    * ``slip_set``: the official forms of the set (:mod:`counter_app.domain.slips`); they have their
      own effective date, so a dossier's slips come from :func:`slip_set_for_receipt`.
    * ``reserved_sequence_last``: the daily sequence ``0001..reserved_sequence_last`` is the
      central system's own numbering; no device block may overlap it.
    """

    id: str
    title: str
    legal_basis: str
    effective_from: date
    cutoff: time = time(15, 0)
    cutoff_inclusive: bool = True
    minutes_per_working_day: int = 480
    online_acceptance_minutes: int = 480
    online_offhours_delay_minutes: int = 0
    same_day_cutoff: time = time(15, 0)
    calendar_day_rollover: bool = True
    apology_reschedules_allowed: int = 1
    dossier_code_format: str = DOSSIER_CODE_STANDARD
    slip_set: str = "tt03-2025"
    reserved_sequence_last: int = 999


_ND61 = RuleSet(
    id="nd61-2018",
    title="Cơ chế một cửa theo Nghị định 61/2018/NĐ-CP",
    legal_basis=(
        "Nghị định 61/2018/NĐ-CP (sửa đổi bởi Nghị định 107/2021/NĐ-CP); Thông tư 01/2018/TT-VPCP"
    ),
    effective_from=date(2018, 6, 21),
    slip_set="tt01-2018",
)

_ND118 = RuleSet(
    id="nd118-2025",
    title="Cơ chế một cửa theo Nghị định 118/2025/NĐ-CP",
    legal_basis=(
        "Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP (sửa đổi bởi Thông tư 04/2025/TT-VPCP)"
    ),
    effective_from=date(2025, 7, 1),
)

_ND118_CENTRAL = RuleSet(
    id="nd118-2025-central",
    title="Nghị định 118/2025/NĐ-CP, hệ thống quốc gia vận hành tập trung",
    legal_basis="Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP; Thông tư 04/2025/TT-VPCP",
    effective_from=date(2025, 7, 1),
    dossier_code_format=DOSSIER_CODE_CENTRAL,
)

RULE_SETS: Mapping[str, RuleSet] = MappingProxyType(
    {rs.id: rs for rs in (_ND61, _ND118, _ND118_CENTRAL)}
)
DEFAULT_RULE_SET = "nd118-2025"
_TIMELINE = (_ND61, _ND118)  # the sets that succeed each other for an ordinary office


def get_rule_set(rule_set_id: str) -> RuleSet:
    try:
        return RULE_SETS[rule_set_id]
    except KeyError:
        raise ValidationError(
            "unknown_rule_set", rule_set=rule_set_id, known=sorted(RULE_SETS)
        ) from None


def rule_set_in_force(on: date) -> RuleSet:
    """The ordinary (non-central) rule set in force on ``on``; the oldest one before 2018."""
    current = _TIMELINE[0]
    for rule_set in _TIMELINE:
        if rule_set.effective_from <= on:
            current = rule_set
    return current


def slip_set_for_receipt(received_at: datetime) -> SlipSet:
    """The slips of a dossier received at ``received_at`` (Vietnam date): Thông tư 03/2025's from
    15/09/2025, Thông tư 01/2018's before — even for dossiers received under Nghị định 118 between
    01/07/2025 and 14/09/2025."""
    return slip_set_for(as_vn(received_at).date())
