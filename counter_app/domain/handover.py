"""Hand-overs between the counter and the processing agencies (bàn giao), judged against time.

Every hand-over records its giver, receiver and time (Mẫu 06, the control sheet) and whether it came
early, on time or late. The yardstick is the time budget of the step the hand-over closes: the one
set when the dossier was handed to the agency now holding it, where one was set; otherwise the
dossier's appointment (the receipt's, moved only by pauses — :attr:`Dossier.legal_due`).
"""

from __future__ import annotations

from datetime import datetime

from counter_app.domain.deadlines import DeadlineCalculator, Timeliness
from counter_app.domain.dossier import Dossier
from counter_app.domain.errors import ValidationError
from counter_app.domain.processing_time import ProcessingTime, TimeUnit


def step_budget_end(d: Dossier) -> datetime | None:
    """When the step in progress should be done: the budget set at the last hand-over, else the
    dossier's appointment (None when the dossier has neither)."""
    if d.transfers and d.transfers[-1].step_due is not None:
        return d.transfers[-1].step_due
    return d.legal_due


def judge(deadlines: DeadlineCalculator, d: Dossier, at: datetime) -> Timeliness | None:
    """A hand-over at ``at`` closes the step in progress: early, on time or late against it."""
    end = step_budget_end(d)
    return None if end is None else deadlines.classify(end, at)


def step_due(
    deadlines: DeadlineCalculator, at: datetime, budget: ProcessingTime | None
) -> datetime | None:
    """The end of a step's time budget starting with a hand-over at ``at`` (None: no budget).
    A budget of zero working days or hours says nothing: it is refused, not taken as "at once"."""
    if budget is None:
        return None
    if budget.value <= 0 and budget.unit is not TimeUnit.SAME_DAY:
        raise ValidationError("invalid_processing_time", field="step_budget", value=budget.value)
    return deadlines.due(at, budget)
