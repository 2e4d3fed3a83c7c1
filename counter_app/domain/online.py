"""The acceptance clock of an online dossier (hồ sơ trực tuyến).

The seeds: the counter "tiếp nhận hoặc từ chối tiếp nhận … trong thời gian tối đa không quá 08
giờ làm việc kể từ thời điểm … nộp hồ sơ trực tuyến thành công" (Hà Nam, Gò Dầu; 02 giờ làm việc
in Hà Nội); "Trường hợp nộp hồ sơ trực tuyến ngoài giờ làm việc thì thời điểm để tính thời gian
tiếp nhận hồ sơ được tính từ giờ làm việc kế tiếp" (Hà Nam; Hà Nội: "từ giờ làm việc theo quy
định"; Gò Dầu: "không được quá 01 giờ kể từ giờ làm việc kế tiếp").

Rules, from the calculator's rule set (``online_acceptance_minutes``,
``online_offhours_delay_minutes``, both settable by the office):

* submitted inside a working period (its start included, its end excluded), the clock starts at
  the submission itself — there is **no 15:00 cutoff** for online dossiers;
* submitted outside working time, the clock starts at the start of the next working period plus
  the off-hours delay (Gò Dầu's "not more than 1 hour from the next working hour" read as the
  latest start the text allows: 60 working minutes);
* the deadline is the clock start plus the acceptance window in working minutes;
* its own warning: overdue after the deadline; due soon when less than a quarter of the window
  is left (2 of 8 working hours; 30 minutes of 2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.deadlines import DeadlineCalculator, WarningLevel
from counter_app.domain.vntime import as_vn

__all__ = ["OnlineAcceptance", "online_acceptance", "online_acceptance_warning"]


@dataclass(frozen=True, slots=True)
class OnlineAcceptance:
    submitted_at: datetime
    clock_start: datetime
    deadline: datetime
    window_minutes: int


def online_acceptance(calc: DeadlineCalculator, submitted_at: datetime) -> OnlineAcceptance:
    """When an online dossier submitted at ``submitted_at`` must be accepted or answered."""
    submitted = as_vn(submitted_at)
    rules = calc.rules
    if calc.is_working_time(submitted):
        start = submitted
    else:
        start = calc.add_working_minutes(
            calc.next_working_instant(submitted), rules.online_offhours_delay_minutes
        )
    deadline = calc.add_working_minutes(start, rules.online_acceptance_minutes)
    return OnlineAcceptance(submitted, start, deadline, rules.online_acceptance_minutes)


def online_acceptance_warning(
    calc: DeadlineCalculator, submitted_at: datetime, now: datetime
) -> WarningLevel:
    """The warning level of an online dossier not yet accepted at ``now``."""
    acceptance = online_acceptance(calc, submitted_at)
    if as_vn(now) > acceptance.deadline:
        return WarningLevel.OVERDUE
    left = calc.working_minutes_between(now, acceptance.deadline)
    if left * 4 < acceptance.window_minutes:
        return WarningLevel.DUE_SOON
    return WarningLevel.NORMAL
