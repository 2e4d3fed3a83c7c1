"""What the centre's changes feed delivers, applied to the local store.

* ``status_changed`` / ``result_ready``: the processing agency moved a dossier this counter
  holds; the dossier moves too (through the status machine), sealed in the audit chain with
  the centre as actor. No outbox message: the centre is where it came from.
* ``online_submitted``: an online dossier for this agency, kept as a waiting item with its
  acceptance deadline until the counter accepts or answers it; ``online_withdrawn`` ends it.

Each page is applied in one transaction together with the feed's cursor, so a change is applied
exactly once even when the process dies between pages. A change that cannot be applied (an
unknown dossier, a move the status machine forbids) is kept with its outcome, never dropped.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from counter_app.domain.codec import to_jsonable
from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import DomainError
from counter_app.domain.pauses import change_status
from counter_app.services.central_link import update_link
from counter_app.services.context import ServiceContext
from counter_app.services.snapshots import changed
from counter_app.store.repositories import iso
from counter_app.store.unit_of_work import Tx

ACTOR = "central"
ACTION_STATUS = "central_status_changed"
_INSERT = (
    "INSERT OR IGNORE INTO central_changes (seq, kind, dossier_code, at, body, received_at,"
    " applied_at, outcome, acceptance_due) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


@dataclass(frozen=True, slots=True)
class ReceivedChange:
    seq: int
    kind: str
    dossier_code: str
    at: datetime
    body: Mapping[str, Any]


@dataclass(frozen=True, slots=True)
class WaitingOnline:
    dossier_code: str
    procedure_code: str
    applicant_name: str
    submitted_at: datetime
    acceptance_due: datetime


def apply_page(ctx: ServiceContext, changes: Sequence[ReceivedChange], cursor: str) -> int:
    """Apply one page and move the cursor past it, atomically; returns how many were new."""
    applied = 0
    with ctx.store.write() as tx:
        now = ctx.clock.now()
        for change in changes:
            known = tx.conn.exec_driver_sql(
                "SELECT 1 FROM central_changes WHERE seq = ?", (change.seq,)
            ).first()
            if known is not None:
                continue  # delivered again after a lost cursor: applied once already
            outcome, due = _apply(ctx, tx, change, now)
            tx.conn.exec_driver_sql(
                _INSERT,
                (
                    change.seq,
                    change.kind,
                    change.dossier_code,
                    iso(change.at),
                    json.dumps(to_jsonable(dict(change.body)), ensure_ascii=False),
                    iso(now),
                    iso(now) if outcome in {"applied", "waiting", "withdrawn"} else None,
                    outcome,
                    due,
                ),
            )
            applied += 1
        update_link(tx, changes_cursor=cursor)
    return applied


def _apply(
    ctx: ServiceContext, tx: Tx, change: ReceivedChange, now: datetime
) -> tuple[str, str | None]:
    if change.kind in {"status_changed", "result_ready"}:
        return _move(ctx, tx, change, now), None
    if change.kind == "online_submitted":
        due = change.body.get("acceptance_due")
        return "waiting", iso(datetime.fromisoformat(str(due))) if due else None
    if change.kind == "online_withdrawn":
        tx.conn.exec_driver_sql(
            "UPDATE central_changes SET answered_at = ?, outcome = 'withdrawn'"
            " WHERE dossier_code = ? AND kind = 'online_submitted' AND answered_at IS NULL",
            (iso(now), change.dossier_code),
        )
        return "withdrawn", None
    return "unknown_kind", None


def _move(ctx: ServiceContext, tx: Tx, change: ReceivedChange, now: datetime) -> str:
    dossier = tx.dossiers.by_code(change.dossier_code)
    if dossier is None:
        return "unknown_dossier"
    default = DossierStatus.RESOLVED if change.kind == "result_ready" else None
    try:
        status = DossierStatus(int(change.body.get("status", default or 0)))
    except (TypeError, ValueError):
        return "invalid_status"
    if status is dossier.status:
        return "applied"
    before = to_jsonable(dossier)
    note = str(change.body.get("note", ""))
    try:
        change_status(ctx.deadlines, dossier, status, now, ACTOR, note)
    except DomainError as err:
        return err.code
    snapshot = tx.dossiers.save(dossier, now)
    old, new = changed(before, snapshot.data)
    tx.audit.append(
        at=now,
        actor=ACTOR,
        action=ACTION_STATUS,
        dossier_id=dossier.id,
        before=old,
        after={**new, "central_seq": change.seq},
        body=snapshot,
    )
    return "applied"


def waiting_online(ctx: ServiceContext) -> list[WaitingOnline]:
    """Online dossiers to accept or answer, the most urgent first."""
    with ctx.store.read() as tx:
        rows = tx.conn.exec_driver_sql(
            "SELECT dossier_code, body, at, acceptance_due FROM central_changes"
            " WHERE kind = 'online_submitted' AND answered_at IS NULL"
            " ORDER BY acceptance_due, seq"
        ).all()
    items = []
    for row in rows:
        body = json.loads(row.body) if isinstance(row.body, str) else row.body
        applicant = body.get("applicant") or {}
        submitted = datetime.fromisoformat(str(body.get("submitted_at") or row.at))
        due = datetime.fromisoformat(row.acceptance_due) if row.acceptance_due else submitted
        items.append(
            WaitingOnline(
                row.dossier_code,
                str(body.get("procedure_code", "")),
                str(applicant.get("name", "")) if isinstance(applicant, dict) else "",
                submitted,
                due,
            )
        )
    return items


def mark_answered(ctx: ServiceContext, dossier_code: str) -> bool:
    """The counter accepted or answered an online dossier: it no longer waits."""
    with ctx.store.write() as tx:
        return answer_waiting(tx.conn, dossier_code, ctx.clock.now())


def answer_waiting(conn: Connection, dossier_code: str, at: datetime) -> bool:
    """In the caller's transaction: the online dossier ``dossier_code`` no longer waits; False
    when it was not waiting (never submitted for this agency, or answered already)."""
    done = conn.exec_driver_sql(
        "UPDATE central_changes SET answered_at = ? WHERE dossier_code = ?"
        " AND kind = 'online_submitted' AND answered_at IS NULL",
        (iso(at), dossier_code),
    )
    return done.rowcount > 0
