"""Append-only, hash-chained audit log.

Entry ``n`` stores ``hash = sha256(canonical JSON of (seq, at, actor, action, dossier_id, before,
after, prev_hash))`` and ``prev_hash`` = the hash of entry ``n-1`` (64 zeros for the first).
``audit_head`` keeps the last ``(seq, hash)``, written in the same transaction, so that cutting
entries off the end is detected too. Editing, deleting or reordering any entry breaks the chain.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, select

from counter_app.domain.codec import to_jsonable
from counter_app.domain.vntime import as_vn
from counter_app.store.canonical import Snapshot, canonical_json, sha256_hex
from counter_app.store.engine import driver
from counter_app.store.schema import audit_log

if TYPE_CHECKING:
    from counter_app.ports import Progress
    from counter_app.store.audit_verify import AuditReport

GENESIS = "0" * 64


_HASHED = ("seq", "at", "actor", "action", "dossier_id", "before", "after", "prev_hash")


def _sha256(value: Any) -> str:
    return sha256_hex(canonical_json(value))


def entry_hash(entry: Mapping[str, Any]) -> str:
    material = {k: entry[k] for k in _HASHED}
    if entry.get("body_digest") is not None:  # entries since schema 0003 also seal the body
        material["body_digest"] = entry["body_digest"]
    if entry.get("outbox_id") is not None:  # since 0006: the outbox message written with it
        material["outbox_id"] = entry["outbox_id"]
    return _sha256(material)


def body_digest(body: Mapping[str, Any] | Snapshot) -> str:
    """The digest of a dossier's stored JSON body, as written and as read back."""
    if isinstance(body, Snapshot):
        return body.digest
    return _sha256(_canonical(body))


def stored_digest(body: Any) -> str:
    """:func:`body_digest` of a value read back from a JSON column (already plain JSON types:
    no conversion or round trip needed; verification uses it on every row)."""
    return _sha256(body)


def _canonical(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The value exactly as a reader will get it back from the JSON column (string keys, JSON
    types), so that the hash computed now is the hash recomputed at verification."""
    if value is None:
        return None
    result: dict[str, Any] = json.loads(json.dumps(to_jsonable(value), ensure_ascii=False))
    return result


def _text(value: Mapping[str, Any] | Snapshot | None) -> str:
    """The canonical JSON text of ``before``/``after`` (a snapshot's own text, encoded once)."""
    if value is None:
        return "null"
    if isinstance(value, Snapshot):
        return value.text
    return canonical_json(_canonical(value))


def _material_text(entry: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """``canonical_json`` of the hashed material, with ``texts`` (already canonical) spliced in
    for their keys: the same bytes as encoding the whole material (sorted keys; each value is
    encoded on its own with the same options), without encoding the snapshot a second time."""
    keys = sorted(
        [*_HASHED, *(k for k in ("body_digest", "outbox_id") if entry.get(k) is not None)]
    )
    parts = [
        f"{canonical_json(k)}:{texts[k] if k in texts else canonical_json(entry[k])}" for k in keys
    ]
    return "{" + ",".join(parts) + "}"


_SQL_HEAD = "SELECT seq, hash FROM audit_head"
_SQL_INSERT = (
    "INSERT INTO audit_log (seq, at, actor, action, dossier_id, before, after, prev_hash, hash,"
    " body_digest, outbox_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
_SQL_MOVE_HEAD = "UPDATE audit_head SET seq = ?, hash = ? WHERE id = 1"
_SQL_FIRST_HEAD = "INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?)"


class AuditLog:
    """Appends within the caller's (write) transaction."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def append(
        self,
        *,
        at: datetime,
        actor: str,
        action: str,
        dossier_id: str | None,
        before: Mapping[str, Any] | Snapshot | None,
        after: Mapping[str, Any] | Snapshot | None,
        body: Mapping[str, Any] | Snapshot | None = None,
        outbox_id: str | None = None,
    ) -> int:
        """Append an entry; ``body`` is the dossier's whole stored JSON after the action, whose
        digest the entry seals so that an edit of the dossier row itself is detected too;
        ``outbox_id`` the outbox message written with it (same payload), sealed as well. A
        :class:`Snapshot` is used as already encoded (no second encoding of the same value)."""
        sql = driver(self._conn)
        head = sql.execute(_SQL_HEAD).fetchone()
        seq, prev = (head[0] + 1, head[1]) if head else (1, GENESIS)
        texts = {"before": _text(before), "after": _text(after)}
        entry: dict[str, Any] = {
            "seq": seq,
            "at": as_vn(at).isoformat(),
            "actor": actor,
            "action": action,
            "dossier_id": dossier_id,
            "prev_hash": prev,
            "body_digest": body_digest(body) if body is not None else None,
            "outbox_id": outbox_id,
        }
        digest = sha256_hex(_material_text(entry, texts))
        sql.execute(
            _SQL_INSERT,
            (
                seq,
                entry["at"],
                actor,
                action,
                dossier_id,
                texts["before"],  # JSON "null" for None, as SQLAlchemy's JSON type stored it
                texts["after"],
                prev,
                digest,
                entry["body_digest"],
                outbox_id,
            ),
        )
        sql.execute(_SQL_MOVE_HEAD if head else _SQL_FIRST_HEAD, (seq, digest))
        return seq

    def entries_for(self, dossier_id: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            select(audit_log).where(audit_log.c.dossier_id == dossier_id).order_by(audit_log.c.seq)
        )
        return [dict(r._mapping) for r in rows]


def verify_chain(
    conn: Connection, progress: Progress | None = None, message: str = ""
) -> AuditReport:
    """Walk the whole chain and check dossiers, outbox and device state against it (see
    :mod:`counter_app.store.audit_verify`); ``progress`` may cancel between steps."""
    from counter_app.store.audit_verify import verify

    return verify(conn, progress, message)
