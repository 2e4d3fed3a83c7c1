"""Status changes that touch the clock, and the rules on when a step is still allowed.

* A financial obligation (status 6) pauses the clock; leaving it resumes the clock with the working
  time that was left: the appointment moves by the working time paused (Bắc Giang 2022
  Art. 16.5; issue 6 §2 "Pauses"). A supplement request still restarts from zero at the
  supplement's receipt (:meth:`DeadlineCalculator.restart_after_supplement`).
* Supplement requests and refusals after receipt are allowed only within the processing time
  (Bắc Giang 2022 Art. 16.4 and 16.5.a); an apology only before the appointment.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.dossier import Dossier
from counter_app.domain.dossier_life import PauseInterval
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import ConflictError
from counter_app.domain.vntime import as_vn

__all__ = [
    "change_status",
    "clock_reading",
    "end_pause",
    "require_within_processing_time",
    "start_pause",
]


def start_pause(calc: DeadlineCalculator, dossier: Dossier, at: datetime) -> None:
    """Open a pause interval at ``at``, remembering the working time left to the appointment."""
    if dossier.open_pause is not None:
        raise ConflictError("already_paused", paused_at=dossier.open_pause.started_at.isoformat())
    moment = as_vn(at)
    due = dossier.legal_due
    remaining = calc.working_minutes_between(moment, due) if due is not None else 0
    dossier.pauses.append(PauseInterval(moment, "financial_obligation", remaining, due))


def end_pause(calc: DeadlineCalculator, dossier: Dossier, at: datetime) -> None:
    """Close the open pause at ``at`` and move the appointment by the working time paused.

    A dossier already late when paused stays late: nothing is added for a pause that began at or
    after the appointment."""
    pause = dossier.open_pause
    if pause is None:
        return
    moment = as_vn(at)
    pause.ended_at = moment
    appt = dossier.appointment
    if appt is None or appt.is_paused:  # no running clock to move
        return
    paused = 0
    if pause.started_at < appt.due:
        paused = calc.working_minutes_between(pause.started_at, moment)
    pause.paused_minutes = paused
    rescheduled = appt.rescheduled_due
    dossier.appointment = replace(
        appt,
        due=calc.add_working_minutes(appt.due, paused),
        rescheduled_due=calc.add_working_minutes(rescheduled, paused) if rescheduled else None,
    )
    pause.due_after = dossier.appointment.due


def change_status(
    calc: DeadlineCalculator,
    dossier: Dossier,
    status: S,
    at: datetime,
    actor: str,
    note: str = "",
) -> None:
    """``dossier.move_to`` plus the clock: leaving status 6 ends its pause, entering it starts one."""
    leaving_obligation = (
        dossier.status is S.FINANCIAL_OBLIGATION and status is not S.FINANCIAL_OBLIGATION
    )
    dossier.move_to(status, at, actor, note)  # IllegalTransition before anything changes
    if leaving_obligation:
        end_pause(calc, dossier, at)
    if status is S.FINANCIAL_OBLIGATION:
        start_pause(calc, dossier, at)


def clock_reading(dossier: Dossier, at: datetime) -> datetime:
    """The moment to compare with the appointment: while a financial obligation is open the clock
    stands still, so what counts is when it stopped."""
    pause = dossier.open_pause
    return pause.started_at if pause is not None else as_vn(at)


def require_within_processing_time(dossier: Dossier, at: datetime, code: str) -> None:
    """Raise ``code`` (a :class:`ConflictError`) when ``at`` is past the processing time (the
    appointment itself still counts). A dossier with no running appointment (none yet, or paused
    for a supplement) passes."""
    appt = dossier.appointment
    if appt is None or appt.is_paused:
        return
    if clock_reading(dossier, at) > appt.due:
        raise ConflictError(code, dossier_code=dossier.code, due=appt.due.isoformat())
