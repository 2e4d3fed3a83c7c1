"""Repositories: typed reads and writes on one connection inside a unit of work."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Row, func, insert, select, update

from counter_app.domain.codec import decode_stored, decode_stored_json, to_jsonable
from counter_app.domain.codes import IssuerState, SequenceBlock
from counter_app.domain.dossier import Dossier, DossierSummary
from counter_app.domain.enums import DossierStatus, Role
from counter_app.domain.errors import (
    ConflictError,
)
from counter_app.domain.ids import new_id
from counter_app.domain.office import Agency, Device, StaffMember
from counter_app.domain.procedure import Procedure
from counter_app.domain.text import prefix_upper_bound, search_key
from counter_app.domain.vntime import as_vn
from counter_app.store import schema as t
from counter_app.store.canonical import Snapshot, canonical_json
from counter_app.store.engine import driver


class ConcurrentModification(ConflictError):
    code = "concurrent_modification"


def iso(moment: datetime | None) -> str | None:
    return as_vn(moment).isoformat() if moment is not None else None


class AgencyRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, agency: Agency) -> None:
        self._conn.execute(insert(t.agencies).values(**to_jsonable(agency)))

    def get(self, code: str) -> Agency | None:
        row = self._conn.execute(select(t.agencies).where(t.agencies.c.code == code)).first()
        return Agency(**row._mapping) if row else None

    def save(self, agency: Agency) -> None:
        """Add ``agency``, or rename the one with its code (level and parent are kept)."""
        if self.get(agency.code) is None:
            self.add(agency)
        else:
            self._conn.execute(
                update(t.agencies).where(t.agencies.c.code == agency.code).values(name=agency.name)
            )


_DEVICE_COLS = (
    "id, agency_code, name, seq_first, seq_last, is_local, last_day, last_seq, last_issued_at"
)
_SQL_LOCAL_DEVICE = (
    f"SELECT {_DEVICE_COLS} FROM devices WHERE is_local = 1 AND agency_code = ? LIMIT 1"
)
_SQL_SAVE_STATE = "UPDATE devices SET last_day = ?, last_seq = ?, last_issued_at = ? WHERE id = ?"


class DeviceRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def register(self, device: Device, at: datetime) -> None:
        """Record a device; its block must not overlap another device's of the same agency."""
        for other in self.for_agency(device.agency_code):
            if other.block.overlaps(device.block):
                raise ConflictError(
                    "sequence_block_taken",
                    device=other.name,
                    first=other.block.first,
                    last=other.block.last,
                )
            if device.is_local and other.is_local:
                raise ConflictError("device_already_registered", device=other.name)
        self._conn.execute(
            insert(t.devices).values(
                id=device.id,
                agency_code=device.agency_code,
                name=device.name,
                seq_first=device.block.first,
                seq_last=device.block.last,
                is_local=device.is_local,
                registered_at=iso(at),
            )
        )

    def for_agency(self, agency_code: str) -> list[Device]:
        rows = self._conn.execute(select(t.devices).where(t.devices.c.agency_code == agency_code))
        return [self._device(r) for r in rows]

    def local(self, agency_code: str) -> Device:
        """This PC's registration with ``agency_code`` (a PC moved to another agency needs a new
        registration: its old block belongs to the old agency's sequence)."""
        row = driver(self._conn).execute(_SQL_LOCAL_DEVICE, (agency_code,)).fetchone()
        if row is None:
            raise ConflictError("device_not_registered", agency=agency_code)
        return _device(*row)

    def set_local(self, device_id: str, is_local: bool) -> None:
        """Mark a registration as this PC's own (or no longer: after a move to a fresh slot the
        old one stays on record, so its block is never taken again)."""
        self._conn.execute(
            update(t.devices).where(t.devices.c.id == device_id).values(is_local=is_local)
        )

    def save_state(self, device_id: str, state: IssuerState) -> None:
        driver(self._conn).execute(
            _SQL_SAVE_STATE,
            (
                state.day.isoformat() if state.day else None,
                state.last_seq,
                iso(state.last_issued_at),
                device_id,
            ),
        )

    @staticmethod
    def _device(row: Row[Any]) -> Device:
        m = row._mapping
        return _device(*(m[c] for c in _DEVICE_COLS.split(", ")))


def _device(
    device_id: str,
    agency_code: str,
    name: str,
    seq_first: int,
    seq_last: int,
    is_local: int,
    last_day: str | None,
    last_seq: int,
    last_issued_at: str | None,
) -> Device:
    """A device from its columns in ``_DEVICE_COLS`` order."""
    state = IssuerState(
        date.fromisoformat(last_day) if last_day else None,
        last_seq,
        datetime.fromisoformat(last_issued_at) if last_issued_at else None,
    )
    return Device(
        device_id,
        agency_code,
        name,
        SequenceBlock(seq_first, seq_last),
        bool(is_local),
        state,
    )


class StaffRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, member: StaffMember) -> None:
        self._conn.execute(insert(t.staff).values(**to_jsonable(member)))

    def update(self, member: StaffMember) -> None:
        """Name, role, agency and active flag of the member with ``member.id`` (no secrets here)."""
        values = to_jsonable(member)
        values.pop("id")
        self._conn.execute(update(t.staff).where(t.staff.c.id == member.id).values(**values))

    def by_username(self, username: str) -> StaffMember | None:
        row = self._conn.execute(select(t.staff).where(t.staff.c.username == username)).first()
        return self._member(row) if row is not None else None

    def all(self) -> list[StaffMember]:
        rows = self._conn.execute(select(t.staff).order_by(t.staff.c.username))
        return [self._member(r) for r in rows]

    @staticmethod
    def _member(row: Row[Any]) -> StaffMember:
        m = dict(row._mapping)
        return StaffMember(**{**m, "role": Role(m["role"]), "active": bool(m["active"])})


_SQL_PROCEDURE_BODY = "SELECT body FROM procedures WHERE code = ?"


@functools.lru_cache(maxsize=256)
def _procedure(body: str) -> Procedure:
    """A stored procedure body decoded (strictly); keyed by the whole stored text, so an edited
    row is decoded afresh. :class:`Procedure` is immutable, hence safe to share."""
    return decode_stored_json(Procedure, body, record="procedures")


class ProcedureRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def upsert(self, proc: Procedure) -> None:
        values = {
            "name": proc.name,
            "name_key": proc.name_key,
            "field": proc.field,
            "level": proc.level,
            "body": to_jsonable(proc),
        }
        done = self._conn.execute(
            update(t.procedures).where(t.procedures.c.code == proc.code).values(**values)
        )
        if done.rowcount == 0:
            self._conn.execute(insert(t.procedures).values(code=proc.code, **values))

    def get(self, code: str) -> Procedure | None:
        row = driver(self._conn).execute(_SQL_PROCEDURE_BODY, (code,)).fetchone()
        return _procedure(row[0]) if row and row[0] else None

    def search(self, query: str, limit: int = 50) -> list[Procedure]:
        """By code prefix, or by every word of the name typed without diacritics."""
        key = search_key(query)
        stmt = select(t.procedures.c.body).order_by(t.procedures.c.code).limit(limit)
        if key and key[0].isdigit():
            stmt = stmt.where(t.procedures.c.code.startswith(key, autoescape=True))
        else:
            for word in key.split():
                stmt = stmt.where(t.procedures.c.name_key.contains(word, autoescape=True))
        return [
            decode_stored(Procedure, r.body, record="procedures") for r in self._conn.execute(stmt)
        ]

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(t.procedures)).scalar_one())


def dossier_columns(
    dossier: Dossier, updated_at: datetime, body: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The searchable columns beside the JSON body (one place, used by inserts and updates);
    ``body`` is the dossier's JSON when the caller already has it."""
    return {
        **_searchable(dossier, updated_at),
        "body": body if body is not None else to_jsonable(dossier),
    }


def _searchable(dossier: Dossier, updated_at: datetime) -> dict[str, Any]:
    return {
        "code": dossier.code,
        "agency_code": dossier.agency_code,
        "procedure_code": dossier.procedure_code,
        "channel": int(dossier.channel),
        "status": int(dossier.status),
        "applicant_name": dossier.applicant.name,
        "applicant_name_key": search_key(dossier.applicant.name),
        "applicant_id_number": dossier.applicant.id_number,
        "applicant_phone": dossier.applicant.phone,
        "received_at": iso(dossier.received_at),
        "due_at": iso(dossier.due_at),
        "updated_at": iso(updated_at),
        "version": dossier.version,
    }


#: The columns kept beside a dossier's JSON body (what lists and searches read), in SQL order.
SEARCHABLE_COLUMNS = (
    "code",
    "agency_code",
    "procedure_code",
    "channel",
    "status",
    "applicant_name",
    "applicant_name_key",
    "applicant_id_number",
    "applicant_phone",
    "received_at",
    "due_at",
    "updated_at",
    "version",
)
_SQL_ADD_DOSSIER = (
    f"INSERT INTO dossiers (id, {', '.join(SEARCHABLE_COLUMNS)}, body)"
    f" VALUES ({', '.join('?' * (len(SEARCHABLE_COLUMNS) + 2))})"
)
_SQL_SAVE_DOSSIER = (
    f"UPDATE dossiers SET {', '.join(f'{c} = ?' for c in SEARCHABLE_COLUMNS)}, body = ?"
    " WHERE id = ? AND version = ?"
)
_SQL_DOSSIER_BODY = "SELECT body FROM dossiers WHERE "


def _row_values(dossier: Dossier, updated_at: datetime) -> list[Any]:
    columns = _searchable(dossier, updated_at)
    return [columns[c] for c in SEARCHABLE_COLUMNS]


_SUMMARY_COLS = (
    t.dossiers.c.id,
    t.dossiers.c.code,
    t.dossiers.c.procedure_code,
    t.dossiers.c.applicant_name,
    t.dossiers.c.status,
    t.dossiers.c.received_at,
    t.dossiers.c.due_at,
)


def _summary(row: Row[Any, Any, Any, Any, Any, Any, Any]) -> DossierSummary:
    return DossierSummary(
        row.id,
        row.code,
        row.procedure_code,
        row.applicant_name,
        DossierStatus(row.status),
        datetime.fromisoformat(row.received_at),
        datetime.fromisoformat(row.due_at) if row.due_at else None,
    )


class DossierRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self, dossier: Dossier, at: datetime, body: dict[str, Any] | Snapshot | None = None
    ) -> None:
        """Insert; ``body`` is the dossier's JSON (a :class:`Snapshot` is stored as encoded)."""
        snapshot = body if isinstance(body, Snapshot) else Snapshot.of(body or dossier)
        driver(self._conn).execute(
            _SQL_ADD_DOSSIER, (dossier.id, *_row_values(dossier, at), snapshot.text)
        )

    def update(self, dossier: Dossier, at: datetime) -> dict[str, Any]:
        """:meth:`save`, returning the JSON body written."""
        return self.save(dossier, at).data

    def save(self, dossier: Dossier, at: datetime) -> Snapshot:
        """Save with optimistic locking (the stored version must still be the one loaded) and
        return the body written, so callers need not encode the dossier again."""
        loaded = dossier.version
        dossier.version = loaded + 1
        try:
            snapshot = Snapshot.of(dossier)
            done = driver(self._conn).execute(
                _SQL_SAVE_DOSSIER,
                (*_row_values(dossier, at), snapshot.text, dossier.id, loaded),
            )
        except BaseException:
            dossier.version = loaded
            raise
        if done.rowcount != 1:
            dossier.version = loaded
            raise ConcurrentModification(dossier_code=dossier.code)
        return snapshot

    def get(self, dossier_id: str) -> Dossier | None:
        return self._one(f"{_SQL_DOSSIER_BODY}id = ?", dossier_id)

    def by_code(self, code: str) -> Dossier | None:
        return self._one(f"{_SQL_DOSSIER_BODY}code = ?", code.strip().upper())

    def _one(self, sql: str, key: str) -> Dossier | None:
        """The stored body (raw JSON text) decoded strictly; a body that does not decode is
        ``stored_record_damaged``, never a half-read dossier."""
        row = self._conn.exec_driver_sql(sql, (key,)).first()
        if row is None:
            return None
        return decode_stored_json(Dossier, row.body, record="dossiers")

    def summaries_by_code(self, code: str) -> list[DossierSummary]:
        stmt = select(*_SUMMARY_COLS).where(t.dossiers.c.code == code.strip().upper())
        return [_summary(r) for r in self._conn.execute(stmt)]

    def summaries_by_id_number(self, id_number: str, limit: int = 50) -> list[DossierSummary]:
        return self._newest_first(t.dossiers.c.applicant_id_number, id_number, limit)

    def summaries_by_phone(self, phone: str, limit: int = 50) -> list[DossierSummary]:
        return self._newest_first(t.dossiers.c.applicant_phone, phone, limit)

    def _newest_first(self, column: Any, value: str, limit: int) -> list[DossierSummary]:
        """A person's dossiers, newest first (indexes on ``(column, received_at)``)."""
        stmt = (
            select(*_SUMMARY_COLS)
            .where(column == value)
            .order_by(t.dossiers.c.received_at.desc())
            .limit(limit)
        )
        return [_summary(r) for r in self._conn.execute(stmt)]

    def summaries_by_name_prefix(self, prefix: str, limit: int = 50) -> list[DossierSummary]:
        """Diacritic-insensitive prefix of the applicant's full name (an index range scan)."""
        key = search_key(prefix)
        if not key:
            return []
        col = t.dossiers.c.applicant_name_key
        stmt = (
            select(*_SUMMARY_COLS)
            .where(col >= key, col < prefix_upper_bound(key))
            .order_by(col)
            .limit(limit)
        )
        return [_summary(r) for r in self._conn.execute(stmt)]

    def open_summaries(
        self, statuses: Sequence[DossierStatus], limit: int = 500
    ) -> list[DossierSummary]:
        stmt = (
            select(*_SUMMARY_COLS)
            .where(t.dossiers.c.status.in_([int(s) for s in statuses]))
            .order_by(t.dossiers.c.due_at)
            .limit(limit)
        )
        return [_summary(r) for r in self._conn.execute(stmt)]

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(t.dossiers)).scalar_one())


_SQL_ADD_OUTBOX = (
    "INSERT INTO outbox (id, dossier_id, event, payload, created_at) VALUES (?, ?, ?, ?, ?)"
)


class OutboxRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(
        self, dossier_id: str, event: str, payload: dict[str, Any] | Snapshot, at: datetime
    ) -> str:
        """Queue an event; a :class:`Snapshot` payload is stored as already encoded."""
        entry_id = new_id()
        text = payload.text if isinstance(payload, Snapshot) else canonical_json(payload)
        driver(self._conn).execute(_SQL_ADD_OUTBOX, (entry_id, dossier_id, event, text, iso(at)))
        return entry_id

    def pending(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            select(t.outbox)
            .where(t.outbox.c.sent_at.is_(None))
            .order_by(t.outbox.c.seq)
            .limit(limit)
        )
        return [dict(r._mapping) for r in rows]

    def count_pending(self) -> int:
        """How many entries wait to be sent (the status bar's unsynced count)."""
        stmt = select(func.count()).select_from(t.outbox).where(t.outbox.c.sent_at.is_(None))
        return int(self._conn.execute(stmt).scalar_one())

    def mark_sent(self, entry_id: str, at: datetime) -> None:
        self._conn.execute(
            update(t.outbox).where(t.outbox.c.id == entry_id).values(sent_at=iso(at))
        )
