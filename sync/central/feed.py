"""The changes feed a counter pulls by cursor, and the two sides that write it: the processing
agency (status changes, results ready) and the portal (online dossiers, with their acceptance
clock computed by the core's rules on the official calendar the centre holds).

Feed rows take their ``seq`` from the ``changes`` counter row, locked until commit: rows become
visible in ``seq`` order, so a reader at cursor ``n`` never misses a row committed later with a
smaller ``seq``. The cursor is the last ``seq`` seen, as text (opaque to the client).
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, select, update

from counter_app.domain.calendar import CalendarOverrides, WorkingCalendar
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.official_calendar import official_year_from_json
from counter_app.domain.online import online_acceptance
from counter_app.domain.rules import get_rule_set
from counter_app.domain.vntime import as_vn
from counter_app.settings import WEEKDAYS, default_settings
from counter_app.store.canonical import canonical_json
from sync.central import db, slots
from sync.central.auth import Principal, require_admin
from sync.central.problems import ApiProblem
from sync.central.state import Central, now_utc
from sync.protocol import AgencyEvent, Change, ChangesPage, OnlineAccepted, OnlineSubmission

PAGE = 200
ONLINE_FIRST, ONLINE_LAST = 1, 999


def parse_cursor(cursor: str | None) -> int:
    if not cursor:
        return 0
    if not cursor.isdigit() or len(cursor) > 18:
        raise ApiProblem(400, "invalid_cursor", "pass back the next_cursor you were given")
    return int(cursor)


def changes_page(c: Central, who: Principal, cursor: str | None, limit: int = PAGE) -> ChangesPage:
    after = parse_cursor(cursor)
    t = db.changes
    with db.reading(c.engine) as conn:
        rows = conn.execute(
            select(t)
            .where(t.c.agency_id == who.agency_id, t.c.seq > after)
            .order_by(t.c.seq)
            .limit(limit + 1)
        ).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return ChangesPage(
        changes=[
            Change(
                seq=r.seq,
                kind=r.kind,
                dossier_code=r.dossier_code,
                at=datetime.fromisoformat(r.at),
                body=json.loads(r.body),
            )
            for r in rows
        ],
        next_cursor=str(rows[-1].seq if rows else after),
        more=more,
    )


def _add_change(
    conn: Connection, agency_id: str, kind: str, code: str, body: dict[str, Any]
) -> int:
    seq = db.next_counter(conn, "changes")
    conn.execute(
        db.changes.insert().values(
            seq=seq,
            agency_id=agency_id,
            kind=kind,
            dossier_code=code,
            at=now_utc().isoformat(),
            body=canonical_json(body),
        )
    )
    return seq


def agency_event(c: Central, who: Principal, code: str, event: AgencyEvent) -> Change:
    if not 1 <= event.status <= 10:
        raise ApiProblem(422, "invalid_status", "status codes run 1-10 (TrangThaiHoSo)")

    def work(conn: Connection) -> Change:
        d = db.dossiers
        row = conn.execute(select(d.c.id, d.c.agency_id).where(d.c.code == code)).first()
        if row is None:
            raise ApiProblem(404, "unknown_dossier", dossier_code=code)
        require_admin(who, row.agency_id)
        body = {"status": event.status, "note": event.note}
        conn.execute(update(d).where(d.c.id == row.id).values(status=event.status))
        seq = _add_change(conn, row.agency_id, event.kind, code, body)
        return Change(seq=seq, kind=event.kind, dossier_code=code, at=now_utc(), body=body)

    return db.in_transaction(c.engine, work)


def calculator(conn: Connection) -> DeadlineCalculator:
    """The core's deadline rules on the official calendar years the centre holds."""
    years = {}
    for body in conn.execute(select(db.calendar_years.c.body)).scalars():
        year = official_year_from_json(json.loads(body))
        years[year.year] = year
    office = default_settings().office  # the common office hours, the default rule set
    week = {i: list(office.hours[name]) for i, name in enumerate(WEEKDAYS) if name in office.hours}
    hours = OfficeHours.from_strings(week, office.cutoff, office.minutes_per_working_day or None)
    rules = get_rule_set(office.rule_set)
    rules = replace(  # as the counter's composition root does with the same settings
        rules,
        online_acceptance_minutes=office.online_acceptance_hours * 60
        or rules.online_acceptance_minutes,
        online_offhours_delay_minutes=office.online_offhours_delay_minutes,
    )
    return DeadlineCalculator(WorkingCalendar(CalendarOverrides(), years), hours, rules)


def submit_online(c: Central, who: Principal, sub: OnlineSubmission) -> OnlineAccepted:
    """An online dossier: a code from the centre's own range (0001-0999 of the day), its
    acceptance clock, and an ``online_submitted`` change for the agency's counters."""
    require_admin(who, sub.agency_id)

    def work(conn: Connection) -> OnlineAccepted:
        if (
            conn.execute(select(db.agencies.c.id).where(db.agencies.c.id == sub.agency_id)).first()
            is None
        ):
            raise ApiProblem(404, "unknown_agency", agency_id=sub.agency_id)
        day = as_vn(sub.submitted_at).date()
        seq = db.next_counter(conn, f"online:{sub.agency_id}:{slots.day_number(day)}")
        if seq > ONLINE_LAST:
            raise ApiProblem(409, "online_sequence_exhausted", day=day.isoformat())
        code = f"{sub.agency_id}-{day:%y%m%d}-{seq:04d}"
        due = online_acceptance(calculator(conn), sub.submitted_at).deadline
        body = {
            **sub.model_dump(mode="json"),
            "dossier_code": code,
            "acceptance_due": due.isoformat(),
        }
        conn.execute(
            db.online_dossiers.insert().values(
                code=code,
                agency_id=sub.agency_id,
                body=canonical_json(body),
                acceptance_due=due.isoformat(),
            )
        )
        _add_change(conn, sub.agency_id, "online_submitted", code, body)
        return OnlineAccepted(dossier_code=code, acceptance_due=due)

    return db.in_transaction(c.engine, work)
