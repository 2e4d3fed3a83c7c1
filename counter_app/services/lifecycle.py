"""What happens to a dossier after intake: transfer, supplement rounds, refusal, financial
obligation, results, apology, rating. Withdrawal, stop, fees collected after and the return of the
result live in :mod:`counter_app.services.closing` and are re-exported here.

Each use case is one write transaction (:func:`counter_app.services.dossier_change.apply_change`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import datetime

from counter_app.domain.dossier import Dossier, MissingItem, SupplementRound, Transfer
from counter_app.domain.dossier_life import ResultBack
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import ConflictError, ValidationError
from counter_app.domain.handover import judge, step_due
from counter_app.domain.pauses import (
    change_status,
    clock_reading,
    require_within_processing_time,
)
from counter_app.domain.processing_time import ProcessingTime
from counter_app.domain.status import is_open
from counter_app.domain.text import nfc
from counter_app.services.closing import collect_fee, record_refunds, return_result, stop, withdraw
from counter_app.services.context import ServiceContext
from counter_app.services.dossier_change import apply_change as _apply
from counter_app.services.dossier_change import move as _move
from counter_app.services.dossier_change import required as _required

__all__ = [
    "apologise",
    "collect_fee",
    "rate",
    "receive_supplement",
    "refuse",
    "request_financial_obligation",
    "request_supplement",
    "resolve",
    "resume_processing",
    "return_result",
    "stop",
    "transfer",
    "withdraw",
]

#: Statuses from which a refusal must still fall within the processing time (Bắc Giang Art. 16.4).
_RECEIVED_STATES = frozenset({S.RECEIVED, S.PROCESSING, S.WITHDRAWN})


def transfer(
    ctx: ServiceContext,
    code: str,
    to_agency: str,
    actor: str,
    *,
    receiver: str,
    step_budget: ProcessingTime | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Hand the dossier to the processing agency (chuyển hồ sơ, status 4): ``actor`` gives it,
    ``receiver`` (a person of the agency) takes it. The hand-over is judged early / on time / late
    against the step it closes; ``step_budget`` is the time the agency is given, where one is set
    (:mod:`counter_app.domain.handover`)."""
    agency = _required(to_agency, "to_agency")
    who = _required(receiver, "receiver")

    def mutate(d: Dossier, now: datetime) -> None:
        result = judge(ctx.deadlines, d, now)
        due = step_due(ctx.deadlines, now, step_budget)
        if d.status is not S.PROCESSING:  # a multi-agency dossier moves on without a new status
            change_status(ctx.deadlines, d, S.PROCESSING, now, actor)
        d.processing_agency = agency
        d.transfers.append(Transfer(now, agency, actor, who, due, result))

    return _apply(ctx, code, actor, expected_version, "transferred", mutate)


def request_supplement(
    ctx: ServiceContext,
    code: str,
    missing: list[MissingItem],
    guidance: str,
    actor: str,
    *,
    expected_version: int | None = None,
) -> Dossier:
    """The dossier turned out incomplete: pause the clock and list what is missing.

    Only within the processing time (Bắc Giang 2022 Art. 16.5.a: ``supplement_after_due``); also
    while a financial obligation is open. Every round is counted: more than one request makes the
    dossier count as late (QĐ 766/QĐ-TTg), see :attr:`Dossier.counts_late_for_supplements`."""
    if not missing:
        raise ValidationError("missing_field", field="missing")

    def mutate(d: Dossier, now: datetime) -> None:
        require_within_processing_time(d, now, "supplement_after_due")
        old_due = d.legal_due
        change_status(ctx.deadlines, d, S.SUPPLEMENT_REQUESTED, now, actor)
        if d.appointment is not None:
            d.appointment = ctx.deadlines.pause_for_supplement(d.appointment, now)
        number = len(d.supplements) + 1
        d.supplements.append(
            SupplementRound(number, now, actor, missing, nfc(guidance), old_due=old_due)
        )

    return _apply(ctx, code, actor, expected_version, "supplement_requested", mutate)


def receive_supplement(
    ctx: ServiceContext, code: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    """The supplement came in: the clock restarts from zero, same code, next round number
    (Bắc Giang 2022 Art. 16.5.b); the round keeps its receipt time, receiver and new appointment."""

    def mutate(d: Dossier, now: datetime) -> None:
        change_status(ctx.deadlines, d, S.RECEIVED, now, actor)
        if d.appointment is not None:
            d.appointment = ctx.deadlines.restart_after_supplement(d.appointment, now)
        elif d.processing is not None:  # requested at intake: this is the first real receipt
            first = ctx.deadlines.appoint(now, d.processing)
            d.appointment = replace(first, supplement_round=len(d.supplements))
        if d.supplements:
            last = d.supplements[-1]
            last.received_at, last.received_by = now, actor
            last.new_due = d.legal_due

    return _apply(ctx, code, actor, expected_version, "supplement_received", mutate)


def refuse(
    ctx: ServiceContext,
    code: str,
    reason: str,
    actor: str,
    *,
    refunds: Mapping[str, int] | None = None,
    expected_version: int | None = None,
) -> Dossier:
    """Refuse the dossier in writing (Mẫu 03). After receipt (status 2 or 4, or after a withdrawal
    request) only within the processing time (Bắc Giang 2022 Art. 16.4: ``refusal_after_due``);
    the refusal's date is then the dossier's return date (``NgayTuChoi``)."""
    text = _required(reason, "reason")

    def mutate(d: Dossier, now: datetime) -> None:
        if d.status in _RECEIVED_STATES:
            require_within_processing_time(d, now, "refusal_after_due")
        change_status(ctx.deadlines, d, S.REFUSED, now, actor, text)
        d.refusal_reason = text
        record_refunds(d, refunds or {}, now, actor, text)

    return _apply(ctx, code, actor, expected_version, "refused", mutate)


def request_financial_obligation(
    ctx: ServiceContext, code: str, note: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    """Status 6: the clock pauses until the obligation is met (the interval is stored)."""
    return _move(
        ctx,
        code,
        actor,
        expected_version,
        "financial_obligation",
        S.FINANCIAL_OBLIGATION,
        nfc(note),
    )


def resume_processing(
    ctx: ServiceContext, code: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    """Back to processing; leaving status 6 resumes the clock with the time that was left."""
    return _move(ctx, code, actor, expected_version, "processing", S.PROCESSING)


def resolve(
    ctx: ServiceContext,
    code: str,
    actor: str,
    *,
    giver: str,
    expected_version: int | None = None,
) -> Dossier:
    """The processing agency's result is back at the counter (đã xử lý xong, status 9): ``giver``
    (a person of the agency) hands it over, ``actor`` takes it; judged against the agency's step."""
    who = _required(giver, "giver")

    def mutate(d: Dossier, now: datetime) -> None:
        result = judge(ctx.deadlines, d, now)
        change_status(ctx.deadlines, d, S.RESOLVED, now, actor)
        d.results_back.append(ResultBack(now, d.processing_agency, who, actor, result))

    return _apply(ctx, code, actor, expected_version, "resolved", mutate)


def apologise(
    ctx: ServiceContext,
    code: str,
    new_due: datetime,
    reason: str,
    actor: str,
    *,
    expected_version: int | None = None,
) -> Dossier:
    """A dossier that will be late: apology letter (Mẫu 04) with a new date, only before the
    appointment (``apology_after_due``) and only once. The receipt's appointment stays the one
    lateness is judged against (:attr:`Dossier.legal_due`); the new date is kept beside it."""
    text = _required(reason, "reason")

    def mutate(d: Dossier, now: datetime) -> None:
        if d.appointment is None:
            raise ConflictError("no_appointment", dossier_code=d.code)
        if not is_open(d.status) or d.appointment.is_paused:
            raise ConflictError("apology_not_allowed", dossier_code=d.code, status=int(d.status))
        if clock_reading(d, now) >= d.appointment.due:
            raise ConflictError(
                "apology_after_due", dossier_code=d.code, due=d.appointment.due.isoformat()
            )
        d.appointment = ctx.deadlines.reschedule_after_apology(d.appointment, new_due)
        d.apology_reason, d.apologised_at = text, now

    return _apply(ctx, code, actor, expected_version, "apologised", mutate)


def rate(
    ctx: ServiceContext, code: str, score: int, actor: str, *, expected_version: int | None = None
) -> Dossier:
    """The applicant's satisfaction rating, once per dossier code."""
    if not 1 <= score <= 5:
        raise ValidationError("invalid_rating", field="score", value=score)

    def mutate(d: Dossier, now: datetime) -> None:
        if d.status is not S.RETURNED:
            raise ConflictError("rating_not_allowed", dossier_code=d.code, status=int(d.status))
        if d.rating is not None:
            raise ConflictError("rating_already_given", dossier_code=d.code)
        d.rating = score

    return _apply(ctx, code, actor, expected_version, "rated", mutate)
