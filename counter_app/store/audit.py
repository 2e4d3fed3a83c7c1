"""Append-only, hash-chained audit log.

Entry ``n`` stores ``hash = sha256(canonical JSON of (seq, at, actor, action, dossier_id, before,
after, prev_hash))`` and ``prev_hash`` = the hash of entry ``n-1`` (64 zeros for the first).
``audit_head`` keeps the last ``(seq, hash)``, written in the same transaction, so that cutting
entries off the end is detected too. Editing, deleting or reordering any entry breaks the chain.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, insert, select, update

from counter_app.domain.codec import to_jsonable
from counter_app.domain.vntime import as_vn
from counter_app.store.schema import audit_head, audit_log, dossiers

if TYPE_CHECKING:
    from counter_app.ports import Progress

GENESIS = "0" * 64
#: Rows checked between two progress reports (and cancellation checks).
PROGRESS_STEP = 500


_HASHED = ("seq", "at", "actor", "action", "dossier_id", "before", "after", "prev_hash")


def _sha256(value: Any) -> str:
    canonical = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def entry_hash(entry: Mapping[str, Any]) -> str:
    material = {k: entry[k] for k in _HASHED}
    if entry.get("body_digest") is not None:  # entries since schema 0003 also seal the body
        material["body_digest"] = entry["body_digest"]
    return _sha256(material)


def body_digest(body: Mapping[str, Any]) -> str:
    """The digest of a dossier's stored JSON body, as written and as read back."""
    return _sha256(_canonical(body))


def _canonical(value: Mapping[str, Any] | None) -> dict[str, Any] | None:
    """The value exactly as a reader will get it back from the JSON column (string keys, JSON
    types), so that the hash computed now is the hash recomputed at verification."""
    if value is None:
        return None
    result: dict[str, Any] = json.loads(json.dumps(to_jsonable(value), ensure_ascii=False))
    return result


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
        before: Mapping[str, Any] | None,
        after: Mapping[str, Any] | None,
        body: Mapping[str, Any] | None = None,
    ) -> int:
        """Append an entry; ``body`` is the dossier's whole stored JSON after the action, whose
        digest the entry seals so that an edit of the dossier row itself is detected too."""
        head = self._conn.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
        seq, prev = (head.seq + 1, head.hash) if head else (1, GENESIS)
        entry: dict[str, Any] = {
            "seq": seq,
            "at": as_vn(at).isoformat(),
            "actor": actor,
            "action": action,
            "dossier_id": dossier_id,
            "before": _canonical(before),
            "after": _canonical(after),
            "prev_hash": prev,
            "body_digest": body_digest(body) if body is not None else None,
        }
        entry["hash"] = entry_hash(entry)
        self._conn.execute(insert(audit_log).values(**entry))
        if head:
            self._conn.execute(update(audit_head).values(seq=seq, hash=entry["hash"]))
        else:
            self._conn.execute(insert(audit_head).values(id=1, seq=seq, hash=entry["hash"]))
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


class _Ticker:
    """Reports one step per row to ``progress`` in batches, checking for cancellation."""

    def __init__(self, progress: Progress | None, total: int, message: str) -> None:
        self.progress, self.pending = progress, 0
        if progress is not None:
            progress.start(total, message)
            progress.check()

    def tick(self) -> None:
        self.pending += 1
        if self.pending >= PROGRESS_STEP:
            self.flush()

    def flush(self) -> None:
        if self.progress is not None and self.pending:
            self.progress.advance(self.pending)
            self.pending = 0
            self.progress.check()


def _verify_total(conn: Connection) -> int:
    entries = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    bodies = conn.execute(select(func.count()).select_from(dossiers)).scalar_one()
    return int(entries) + int(bodies)


def verify_chain(
    conn: Connection, progress: Progress | None = None, message: str = ""
) -> AuditReport:
    """Walk the whole chain, then check every dossier against the digest its last entry sealed;
    each problem is ``(seq, reason)`` with a reason code. One step per entry and per dossier is
    reported to ``progress`` (with ``message``), which may cancel (``Cancelled``) between
    steps."""
    report = AuditReport()
    total = _verify_total(conn) if progress is not None else 0
    ticker = _Ticker(progress, total, message)
    sealed: dict[str, tuple[int, str]] = {}
    expected_seq, prev = 1, GENESIS
    for entry in _walk(conn):
        ticker.tick()
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
    _verify_dossiers(conn, sealed, report, ticker)
    ticker.flush()
    return report


def _verify_dossiers(
    conn: Connection, sealed: Mapping[str, tuple[int, str]], report: AuditReport, ticker: _Ticker
) -> None:
    rows = conn.execution_options(yield_per=2000).execute(select(dossiers.c.id, dossiers.c.body))
    for row in rows:
        ticker.tick()
        seal = sealed.get(row.id)
        if seal is None:
            report.problems.append((0, "dossier_not_audited"))
        elif body_digest(row.body) != seal[1]:
            report.problems.append((seal[0], "dossier_edited"))
