"""The tracking book's numbering (Sổ theo dõi hồ sơ, TT 03/2025/TT-VPCP Mẫu 07, Mẫu 06 of 01/2018).

Paper tracking books run per year with continuous entry numbers; the receipt prints "Vào Sổ theo
dõi hồ sơ, Quyển số … Số thứ tự …". The number is allocated inside the receipt's write transaction
(``BEGIN IMMEDIATE``: one writer at a time), so it is continuous; the unique constraint on
``(agency_code, year, number)`` refuses a repeated number even if the counter was rolled back.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, insert, select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.exc import IntegrityError

from counter_app.domain.dossier import Dossier
from counter_app.domain.dossier_life import TrackingEntry
from counter_app.domain.errors import ConflictError
from counter_app.domain.vntime import as_vn
from counter_app.store import schema as t


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
        counters = t.tracking_book_counters
        bump = (  # one statement: SQLite ≥ 3.35 (UPSERT … RETURNING)
            sqlite_insert(counters)
            .values(agency_code=agency_code, year=year, last_number=1)
            .on_conflict_do_update(
                index_elements=[counters.c.agency_code, counters.c.year],
                set_={"last_number": counters.c.last_number + 1},
            )
            .returning(counters.c.last_number)
        )
        number = int(self._conn.execute(bump).scalar_one())
        volume = 1 if not entries_per_volume else (number - 1) // entries_per_volume + 1
        try:
            self._conn.execute(
                insert(t.tracking_book_entries).values(
                    agency_code=agency_code,
                    year=year,
                    number=number,
                    volume=volume,
                    dossier_id=dossier_id,
                    dossier_code=dossier_code,
                    recorded_at=moment.isoformat(),
                )
            )
        except IntegrityError as exc:
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
