"""One way to record a change: the dossier row, its outbox event and its audit entry together."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from counter_app.domain.dossier import Dossier
from counter_app.store.canonical import Snapshot
from counter_app.store.unit_of_work import Tx


def changed(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The top-level keys that differ, as (before, after) halves for the audit log."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}


def record_new(tx: Tx, dossier: Dossier, *, actor: str, action: str, at: datetime) -> None:
    """A new dossier: encoded once; that one text is the row's body, the outbox payload, the
    audit entry's ``after`` and the digest it seals."""
    snapshot = Snapshot.of(dossier)
    tx.dossiers.add(dossier, at, snapshot)
    _publish(tx, dossier, snapshot, None, snapshot, actor=actor, action=action, at=at)


def record_change(
    tx: Tx, dossier: Dossier, before: Mapping[str, Any], *, actor: str, action: str, at: datetime
) -> None:
    snapshot = tx.dossiers.save(dossier, at)
    old, new = changed(before, snapshot.data)
    _publish(tx, dossier, snapshot, old, new, actor=actor, action=action, at=at)


def _publish(
    tx: Tx,
    dossier: Dossier,
    snapshot: Snapshot,
    old: Mapping[str, Any] | None,
    new: Mapping[str, Any] | Snapshot,
    *,
    actor: str,
    action: str,
    at: datetime,
) -> None:
    """The outbox event for the sync engine and the audit entry sealing the stored body."""
    outbox_id = tx.outbox.add(dossier.id, f"dossier.{action}", snapshot, at)
    tx.audit.append(
        at=at,
        actor=actor,
        action=action,
        dossier_id=dossier.id,
        before=old,
        after=new,
        body=snapshot,
        outbox_id=outbox_id,
    )
