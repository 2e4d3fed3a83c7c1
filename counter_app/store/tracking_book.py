"""The tracking book's numbering (Sổ theo dõi hồ sơ, TT 03/2025/TT-VPCP Mẫu 07, Mẫu 06 of 01/2018).

Paper tracking books run per year with continuous entry numbers; the receipt prints "Vào Sổ theo
dõi hồ sơ, Quyển số … Số thứ tự …". The number is allocated inside the receipt's write transaction
(``BEGIN IMMEDIATE``: one writer at a time), so it is continuous; the unique constraint on
``(agency_code, year, number)`` refuses a repeated number even if the counter was rolled back.
"""

from __future__ import annotations

import sqlite3
from datetime import datetime

from sqlalchemy import Connection, select
from sqlalchemy.exc import IntegrityError

from counter_app.domain.dossier import Dossier
from counter_app.domain.dossier_life import TrackingEntry
from counter_app.domain.errors import ConflictError
from counter_app.domain.vntime import as_vn
from counter_app.store import schema as t
from counter_app.store.engine import driver

_SQL_BUMP = (
    "INSERT INTO tracking_book_counters (agency_code, year, last_number) VALUES (?, ?, 1)"
    " ON CONFLICT (agency_code, year) DO UPDATE SET last_number = last_number + 1"
    " RETURNING last_number"
)
_SQL_ENTRY = (
    "INSERT INTO tracking_book_entries (agency_code, year, number, volume, dossier_id,"
    " dossier_code, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)"
)


class TrackingBook:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def allocate(
        self,
        agency_code: str,
        dossier_id: str,
        dossier_code: str,
        at: datetime,
        entries_per_volume: int | None = None,
    ) -> TrackingEntry:
        """The next entry of ``agency_code``'s book for the year of ``at`` (Vietnam time)."""
        moment = as_vn(at)
        year = moment.year
        # fixed SQL on the accept path: no per-call statement building (one UPSERT … RETURNING,
        # SQLite ≥ 3.35, and one INSERT)
        sql = driver(self._conn)
        number = int(sql.execute(_SQL_BUMP, (agency_code, year)).fetchone()[0])
        volume = 1 if not entries_per_volume else (number - 1) // entries_per_volume + 1
        try:
            sql.execute(
                _SQL_ENTRY,
                (agency_code, year, number, volume, dossier_id, dossier_code, moment.isoformat()),
            )
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            raise ConflictError(
                "tracking_number_taken", agency=agency_code, year=year, number=number
            ) from exc
        return TrackingEntry(year, volume, number)

    def numbers(self, agency_code: str, year: int) -> list[int]:
        entries = t.tracking_book_entries
        stmt = (
            select(entries.c.number)
            .where(entries.c.agency_code == agency_code, entries.c.year == year)
            .order_by(entries.c.number)
        )
        return [int(n) for n in self._conn.execute(stmt).scalars()]


def enter_in_tracking_book(conn: Connection, dossier: Dossier, at: datetime) -> None:
    """Give a received dossier its tracking-book entry, once (a supplement's new receipt keeps
    the entry of the first one)."""
    if dossier.tracking is None:
        dossier.tracking = TrackingBook(conn).allocate(
            dossier.agency_code, dossier.id, dossier.code, at
        )
