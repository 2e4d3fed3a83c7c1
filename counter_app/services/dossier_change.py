"""One write transaction per change of a stored dossier, shared by the life-cycle use cases.

Load by code, check the version the caller saw (a stale screen must not overwrite a newer state),
apply the domain rule, give a dossier that has just been received its tracking-book entry, save
with optimistic locking, and record outbox + audit through :mod:`counter_app.services.snapshots`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from counter_app.domain.codec import to_jsonable
from counter_app.domain.dossier import Dossier
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import ConflictError, NotFoundError, ValidationError
from counter_app.domain.pauses import change_status
from counter_app.domain.text import nfc
from counter_app.services.context import ServiceContext
from counter_app.services.snapshots import record_change
from counter_app.store.tracking_book import enter_in_tracking_book

Mutation = Callable[[Dossier, datetime], None]


def apply_change(
    ctx: ServiceContext,
    code: str,
    actor: str,
    expected_version: int | None,
    action: str,
    mutate: Mutation,
) -> Dossier:
    with ctx.store.write() as tx:
        dossier = tx.dossiers.by_code(code)
        if dossier is None:
            raise NotFoundError("dossier_not_found", query=code)
        if expected_version is not None and dossier.version != expected_version:
            raise ConflictError("concurrent_modification", dossier_code=dossier.code)
        before, status_before = to_jsonable(dossier), dossier.status
        now = ctx.clock.now()
        mutate(dossier, now)
        if dossier.status is S.RECEIVED and status_before is not S.RECEIVED:
            # the first real receipt of a dossier asked to supplement at intake
            enter_in_tracking_book(tx.conn, dossier, now)
        record_change(tx, dossier, before, actor=actor, action=action, at=now)
    return dossier


def move(
    ctx: ServiceContext,
    code: str,
    actor: str,
    expected_version: int | None,
    action: str,
    status: S,
    note: str = "",
) -> Dossier:
    """A plain status change (the clock paused or resumed as the status requires)."""
    return apply_change(
        ctx,
        code,
        actor,
        expected_version,
        action,
        lambda d, now: change_status(ctx.deadlines, d, status, now, actor, note),
    )


def required(text: str, field: str) -> str:
    value = nfc(text) if isinstance(text, str) else ""
    if not value:
        raise ValidationError("missing_field", field=field)
    return value
