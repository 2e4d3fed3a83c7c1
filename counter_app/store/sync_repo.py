"""The sync engine's tables (revision 0012): the outbox as a queue, the link's state, and what
the centre's changes feed delivered. Fixed SQL on the caller's connection (one transaction)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Connection

from counter_app.store.repositories import iso


@dataclass(frozen=True, slots=True)
class QueuedCommand:
    seq: int
    id: str
    dossier_id: str
    dossier_code: str
    event: str
    payload: dict[str, Any]
    created_at: datetime
    attempts: int


@dataclass(frozen=True, slots=True)
class ParkedRow:
    id: str
    dossier_code: str
    event: str
    parked_at: datetime
    code: str
    reason: str
    held_back: int


_PENDING = "o.sent_at IS NULL AND o.parked_at IS NULL"
#: Later commands of a dossier whose earlier command the centre refused wait behind it.
_NOT_HELD = (
    "NOT EXISTS (SELECT 1 FROM outbox p WHERE p.dossier_id = o.dossier_id"
    " AND p.parked_at IS NOT NULL AND p.sent_at IS NULL AND p.seq < o.seq)"
)
_SQL_DUE = (
    "SELECT o.seq, o.id, o.dossier_id, d.code, o.event, o.payload, o.created_at, o.attempts"
    " FROM outbox o JOIN dossiers d ON d.id = o.dossier_id"
    f" WHERE {_PENDING} AND o.seq > ? AND {_NOT_HELD} ORDER BY o.seq LIMIT ?"
)
_SQL_ACK = (
    "UPDATE outbox SET sent_at = ?, server_seq = ?, next_attempt_at = NULL, last_error = NULL"
    " WHERE id = ? AND sent_at IS NULL"
)
_SQL_PARK = (
    "UPDATE outbox SET parked_at = ?, parked_code = ?, parked_reason = ?"
    " WHERE id = ? AND sent_at IS NULL"
)
_SQL_FAILED = (
    "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = ?, last_error = ?"
    " WHERE id = ? AND sent_at IS NULL"
)
_SQL_UNPARK = (
    "UPDATE outbox SET parked_at = NULL, parked_code = NULL, parked_reason = NULL,"
    " attempts = 0, next_attempt_at = NULL WHERE id = ? AND sent_at IS NULL"
)
_SQL_PARKED = (
    "SELECT o.id, d.code, o.event, o.parked_at, o.parked_code, o.parked_reason,"
    " (SELECT count(*) FROM outbox l WHERE l.dossier_id = o.dossier_id AND l.seq > o.seq"
    "  AND l.sent_at IS NULL AND l.parked_at IS NULL) AS held_back"
    " FROM outbox o JOIN dossiers d ON d.id = o.dossier_id"
    " WHERE o.parked_at IS NOT NULL AND o.sent_at IS NULL ORDER BY o.seq"
)


class SyncQueue:
    """The outbox seen by the engine. A row is done (``sent_at``) only once the centre's
    acknowledgement for it has arrived; a refused row is parked with the centre's reason."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def due(self, limit: int, after_seq: int = 0) -> list[QueuedCommand]:
        """Unsent, unparked rows in the device's order, except those of a dossier held back by
        an earlier parked row; ``after_seq`` continues after a batch already taken."""
        rows = self._conn.exec_driver_sql(_SQL_DUE, (after_seq, limit))
        return [
            QueuedCommand(
                r.seq,
                r.id,
                r.dossier_id,
                r.code,
                r.event,
                json.loads(r.payload) if isinstance(r.payload, str) else r.payload,
                datetime.fromisoformat(r.created_at),
                r.attempts,
            )
            for r in rows
        ]

    def acknowledge(self, acks: Iterable[tuple[str, int | None]], at: datetime) -> int:
        stamp = iso(at)
        done = 0
        for command_id, server_seq in acks:
            done += self._conn.exec_driver_sql(_SQL_ACK, (stamp, server_seq, command_id)).rowcount
        return done

    def park(self, command_id: str, code: str, reason: str, at: datetime) -> None:
        self._conn.exec_driver_sql(_SQL_PARK, (iso(at), code, reason, command_id))

    def failed(self, ids: Sequence[str], error: str, next_at: datetime) -> None:
        stamp = iso(next_at)
        for command_id in ids:
            self._conn.exec_driver_sql(_SQL_FAILED, (stamp, error, command_id))

    def unpark(self, command_id: str) -> bool:
        return self._conn.exec_driver_sql(_SQL_UNPARK, (command_id,)).rowcount == 1

    def parked(self) -> list[ParkedRow]:
        return [
            ParkedRow(
                r.id,
                r.code,
                r.event,
                datetime.fromisoformat(r.parked_at),
                r.parked_code or "",
                r.parked_reason or "",
                int(r.held_back),
            )
            for r in self._conn.exec_driver_sql(_SQL_PARKED)
        ]

    def counts(self) -> tuple[int, int]:
        """(not yet acknowledged, parked): the first includes the parked and held-back rows."""
        row = self._conn.exec_driver_sql(
            "SELECT count(*), count(parked_at) FROM outbox WHERE sent_at IS NULL"
        ).one()
        return int(row[0]), int(row[1])

    def next_attempt(self) -> datetime | None:
        value = self._conn.exec_driver_sql(
            f"SELECT min(o.next_attempt_at) FROM outbox o WHERE {_PENDING}"
        ).scalar()
        return datetime.fromisoformat(value) if value else None


def chain_head(conn: Connection) -> tuple[int, str]:
    row = conn.exec_driver_sql("SELECT seq, hash FROM audit_head").first()
    return (int(row.seq), str(row.hash)) if row else (0, "")


def chain_entry_hash(conn: Connection, seq: int) -> str:
    """The hash of this store's own audit entry ``seq`` ("" when it has none)."""
    value = conn.exec_driver_sql("SELECT hash FROM audit_log WHERE seq = ?", (seq,)).scalar()
    return str(value) if value else ""
