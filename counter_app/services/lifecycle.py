"""What happens to a dossier after intake: transfer, supplement rounds, results, apology, rating.

Each use case is one write transaction: load by code, apply the domain rule, save with optimistic
locking, and record outbox + audit through :mod:`counter_app.services.snapshots`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import datetime

from counter_app.domain.codec import to_jsonable
from counter_app.domain.dossier import Dossier, MissingItem, SupplementRound, Transfer
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import (
    ConflictError,
    NotFoundError,
    ValidationError,
)
from counter_app.domain.status import is_open
from counter_app.domain.text import nfc
from counter_app.services.context import ServiceContext
from counter_app.services.snapshots import record_change

Mutation = Callable[[Dossier, datetime], None]


def _apply(
    ctx: ServiceContext,
    code: str,
    actor: str,
    expected_version: int | None,
    action: str,
    mutate: Mutation,
) -> Dossier:
    """Load, check the version the caller saw (a stale screen must not overwrite a newer state),
    mutate, and record the change with its outbox event and audit entry."""
    with ctx.store.write() as tx:
        dossier = tx.dossiers.by_code(code)
        if dossier is None:
            raise NotFoundError("dossier_not_found", query=code)
        if expected_version is not None and dossier.version != expected_version:
            raise ConflictError("concurrent_modification", dossier_code=dossier.code)
        before = to_jsonable(dossier)
        now = ctx.clock.now()
        mutate(dossier, now)
        record_change(tx, dossier, before, actor=actor, action=action, at=now)
    return dossier


def _move(
    ctx: ServiceContext,
    code: str,
    actor: str,
    expected_version: int | None,
    action: str,
    status: S,
    note: str = "",
) -> Dossier:
    """A plain status change with nothing else to record."""
    return _apply(
        ctx,
        code,
        actor,
        expected_version,
        action,
        lambda d, now: d.move_to(status, now, actor, note),
    )


def _required(text: str, field: str) -> str:
    value = nfc(text)
    if not value:
        raise ValidationError("missing_field", field=field)
    return value


def transfer(
    ctx: ServiceContext,
    code: str,
    to_agency: str,
    actor: str,
    *,
    expected_version: int | None = None,
) -> Dossier:
    """Hand the dossier to the processing agency (chuyển hồ sơ)."""
    agency = _required(to_agency, "to_agency")

    def mutate(d: Dossier, now: datetime) -> None:
        if d.status is not S.PROCESSING:  # a multi-agency dossier moves on without a new status
            d.move_to(S.PROCESSING, now, actor)
        d.processing_agency = agency
        d.transfers.append(Transfer(now, agency, actor))

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
    """The dossier turned out incomplete: pause the clock and list what is missing, once."""
    if not missing:
        raise ValidationError("missing_field", field="missing")

    def mutate(d: Dossier, now: datetime) -> None:
        d.move_to(S.SUPPLEMENT_REQUESTED, now, actor)
        old_due = d.due_at
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
    """The supplement came in: the clock restarts from zero, same code, next round number."""

    def mutate(d: Dossier, now: datetime) -> None:
        d.move_to(S.RECEIVED, now, actor)
        if d.appointment is not None:
            d.appointment = ctx.deadlines.restart_after_supplement(d.appointment, now)
        elif d.processing is not None:  # requested at intake: this is the first real receipt
            first = ctx.deadlines.appoint(now, d.processing)
            d.appointment = replace(first, supplement_round=len(d.supplements))
        if d.supplements and d.appointment is not None:
            d.supplements[-1].received_at = now
            d.supplements[-1].new_due = d.appointment.effective_due

    return _apply(ctx, code, actor, expected_version, "supplement_received", mutate)


def refuse(
    ctx: ServiceContext, code: str, reason: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    text = _required(reason, "reason")

    def mutate(d: Dossier, now: datetime) -> None:
        d.move_to(S.REFUSED, now, actor, text)
        d.refusal_reason = text

    return _apply(ctx, code, actor, expected_version, "refused", mutate)


def request_financial_obligation(
    ctx: ServiceContext, code: str, note: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
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
    return _move(ctx, code, actor, expected_version, "processing", S.PROCESSING)


def resolve(
    ctx: ServiceContext, code: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    """The processing agency's result is back at the counter (đã xử lý xong)."""
    return _move(ctx, code, actor, expected_version, "resolved", S.RESOLVED)


def return_result(
    ctx: ServiceContext,
    code: str,
    actor: str,
    note: str = "",
    *,
    expected_version: int | None = None,
) -> Dossier:
    """The result was handed over (counter or post): the dossier is closed."""
    return _move(ctx, code, actor, expected_version, "returned", S.RETURNED, nfc(note))


def withdraw(
    ctx: ServiceContext, code: str, reason: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    text = _required(reason, "reason")
    return _move(ctx, code, actor, expected_version, "withdrawn", S.WITHDRAWN, text)


def stop(
    ctx: ServiceContext, code: str, reason: str, actor: str, *, expected_version: int | None = None
) -> Dossier:
    text = _required(reason, "reason")
    return _move(ctx, code, actor, expected_version, "stopped", S.STOPPED, text)


def apologise(
    ctx: ServiceContext,
    code: str,
    new_due: datetime,
    reason: str,
    actor: str,
    *,
    expected_version: int | None = None,
) -> Dossier:
    """A late dossier: apology letter (Mẫu 04) with a new appointment, which may be set only once."""
    text = _required(reason, "reason")

    def mutate(d: Dossier, now: datetime) -> None:
        if d.appointment is None:
            raise ConflictError("no_appointment", dossier_code=d.code)
        if not is_open(d.status) or d.appointment.is_paused:
            raise ConflictError("apology_not_allowed", dossier_code=d.code, status=int(d.status))
        d.appointment = ctx.deadlines.reschedule_after_apology(d.appointment, new_due)
        d.apology_reason = text

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
