"""Issued slips and the dossier reads the slips need (tracking-book ranks, period lists)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import Connection, func, insert, select

from counter_app.domain.codec import decode
from counter_app.domain.dossier import Dossier
from counter_app.domain.vntime import VN_TZ, as_vn
from counter_app.store import schema as t


def _day_start(d: date) -> str:
    return datetime.combine(d, time(0, 0), VN_TZ).isoformat()


class SlipRepository:
    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def add(self, row: dict[str, Any]) -> None:
        self._conn.execute(insert(t.slips).values(**row))

    def for_dossier(self, dossier_id: str) -> list[dict[str, Any]]:
        rows = self._conn.execute(
            select(t.slips)
            .where(t.slips.c.dossier_id == dossier_id)
            .order_by(t.slips.c.issued_at, t.slips.c.id)
        )
        return [dict(r._mapping) for r in rows]

    def latest_original(self, dossier_id: str, kind: str) -> dict[str, Any] | None:
        row = self._conn.execute(
            select(t.slips)
            .where(
                t.slips.c.dossier_id == dossier_id,
                t.slips.c.kind == kind,
                t.slips.c.reprint_of.is_(None),
            )
            .order_by(t.slips.c.issued_at.desc(), t.slips.c.id.desc())
        ).first()
        return dict(row._mapping) if row else None

    def next_number(self, kind: str, year: int) -> int:
        """The next number of an original ``kind`` slip in ``year`` (numbers restart each year)."""
        count = self._conn.execute(
            select(func.count())
            .select_from(t.slips)
            .where(
                t.slips.c.kind == kind,
                t.slips.c.reprint_of.is_(None),
                t.slips.c.issued_at >= _day_start(date(year, 1, 1)),
                t.slips.c.issued_at < _day_start(date(year + 1, 1, 1)),
            )
        ).scalar_one()
        return int(count) + 1

    def count(self) -> int:
        return int(self._conn.execute(select(func.count()).select_from(t.slips)).scalar_one())


class DossierPeriods:
    """Dossier reads by period, for the tracking book and the hand-over list."""

    def __init__(self, conn: Connection) -> None:
        self._conn = conn

    def received_between(self, agency_code: str, start: date, end: date) -> list[Dossier]:
        stmt = (
            select(t.dossiers.c.body)
            .where(
                t.dossiers.c.agency_code == agency_code,
                t.dossiers.c.received_at >= _day_start(start),
                t.dossiers.c.received_at < _day_start(end + timedelta(days=1)),
            )
            .order_by(t.dossiers.c.received_at, t.dossiers.c.code)
        )
        return [decode(Dossier, r.body) for r in self._conn.execute(stmt)]

    def transferred_between(self, agency_code: str, start: date, end: date) -> list[Dossier]:
        """Dossiers with a hand-over to a processing agency in the period (received at most a
        year before it)."""
        low, high = _day_start(start), _day_start(end + timedelta(days=1))
        candidates = self.received_between(agency_code, start - timedelta(days=366), end)
        return [
            d
            for d in candidates
            if any(low <= as_vn(tr.at).isoformat() < high for tr in d.transfers)
        ]

    def book_entry(self, dossier: Dossier) -> int:
        """The dossier's continuous entry number in its year's tracking book."""
        received = as_vn(dossier.received_at)
        count = self._conn.execute(
            select(func.count())
            .select_from(t.dossiers)
            .where(
                t.dossiers.c.agency_code == dossier.agency_code,
                t.dossiers.c.received_at >= _day_start(date(received.year, 1, 1)),
                t.dossiers.c.received_at <= received.isoformat(),
            )
        ).scalar_one()
        return int(count)
