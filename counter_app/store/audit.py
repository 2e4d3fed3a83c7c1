"""Append-only, hash-chained audit log.

Entry ``n`` stores ``hash = sha256(canonical JSON of (seq, at, actor, action, dossier_id, before,
after, prev_hash))`` and ``prev_hash`` = the hash of entry ``n-1`` (64 zeros for the first).
``audit_head`` keeps the last ``(seq, hash)``, written in the same transaction, so that cutting
entries off the end is detected too. Editing, deleting or reordering any entry breaks the chain.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select

from counter_app.domain.codec import to_jsonable
from counter_app.domain.vntime import as_vn
from counter_app.store.canonical import Snapshot, canonical_json, sha256_hex
from counter_app.store.schema import audit_head, audit_log, dossiers

GENESIS = "0" * 64


_HASHED = ("seq", "at", "actor", "action", "dossier_id", "before", "after", "prev_hash")


def _sha256(value: Any) -> str:
    return sha256_hex(canonical_json(value))


def entry_hash(entry: Mapping[str, Any]) -> str:
    material = {k: entry[k] for k in _HASHED}
    if entry.get("body_digest") is not None:  # entries since schema 0003 also seal the body
        material["body_digest"] = entry["body_digest"]
    return _sha256(material)


def body_digest(body: Mapping[str, Any] | Snapshot) -> str:
    """The digest of a dossier's stored JSON body, as written and as read back."""
    if isinstance(body, Snapshot):
        return body.digest
    return _sha256(_canonical(body))


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
    keys = sorted([*_HASHED, "body_digest"] if entry["body_digest"] is not None else _HASHED)
    parts = [
        f"{canonical_json(k)}:{texts[k] if k in texts else canonical_json(entry[k])}" for k in keys
    ]
    return "{" + ",".join(parts) + "}"


_SQL_HEAD = "SELECT seq, hash FROM audit_head"
_SQL_INSERT = (
    "INSERT INTO audit_log (seq, at, actor, action, dossier_id, before, after, prev_hash, hash,"
    " body_digest) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
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
    ) -> int:
        """Append an entry; ``body`` is the dossier's whole stored JSON after the action, whose
        digest the entry seals so that an edit of the dossier row itself is detected too. A
        :class:`Snapshot` is used as already encoded (no second encoding of the same value)."""
        head = self._conn.exec_driver_sql(_SQL_HEAD).first()
        seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
        texts = {"before": _text(before), "after": _text(after)}
        entry: dict[str, Any] = {
            "seq": seq,
            "at": as_vn(at).isoformat(),
            "actor": actor,
            "action": action,
            "dossier_id": dossier_id,
            "prev_hash": prev,
            "body_digest": body_digest(body) if body is not None else None,
        }
        digest = sha256_hex(_material_text(entry, texts))
        self._conn.exec_driver_sql(
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
            ),
        )
        if head:
            self._conn.exec_driver_sql(_SQL_MOVE_HEAD, (seq, digest))
        else:
            self._conn.exec_driver_sql(_SQL_FIRST_HEAD, (seq, digest))
        return seq

    def entries_for(self, dossier_id: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            select(audit_log).where(audit_log.c.dossier_id == dossier_id).order_by(audit_log.c.seq)
        )
        return [dict(r._mapping) for r in rows]


@dataclass
class AuditReport:
    entries: int = 0
    problems: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def _walk(conn: Connection) -> Iterator[dict[str, Any]]:
    result = conn.execution_options(yield_per=2000).execute(
        select(audit_log).order_by(audit_log.c.seq)
    )
    for row in result:
        yield dict(row._mapping)


def verify_chain(conn: Connection) -> AuditReport:
    """Walk the whole chain, then check every dossier against the digest its last entry sealed;
    each problem is ``(seq, reason)`` with a reason code."""
    report = AuditReport()
    sealed: dict[str, tuple[int, str]] = {}
    expected_seq, prev = 1, GENESIS
    for entry in _walk(conn):
        if entry["dossier_id"] is not None and entry["body_digest"] is not None:
            sealed[entry["dossier_id"]] = (entry["seq"], entry["body_digest"])
        report.entries += 1
        seq = entry["seq"]
        if seq != expected_seq:
            report.problems.append((seq, "missing_entries" if seq > expected_seq else "reordered"))
        if entry["prev_hash"] != prev:
            report.problems.append((seq, "broken_link"))
        if entry_hash(entry) != entry["hash"]:
            report.problems.append((seq, "edited"))
        expected_seq, prev = seq + 1, entry["hash"]
    head = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
    last_seq = expected_seq - 1
    if head is None:
        if report.entries:
            report.problems.append((last_seq, "head_missing"))
    elif head.seq != last_seq or head.hash != prev:
        report.problems.append((head.seq, "truncated"))
    _verify_dossiers(conn, sealed, report)
    return report


def _verify_dossiers(
    conn: Connection, sealed: Mapping[str, tuple[int, str]], report: AuditReport
) -> None:
    rows = conn.execution_options(yield_per=2000).execute(select(dossiers.c.id, dossiers.c.body))
    for row in rows:
        seal = sealed.get(row.id)
        if seal is None:
            report.problems.append((0, "dossier_not_audited"))
        elif body_digest(row.body) != seal[1]:
            report.problems.append((seal[0], "dossier_edited"))
