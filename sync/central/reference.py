"""Reference data pulled by cursor: procedures (as ``procedures-*.json`` entries), agencies,
staff and roles (no secrets), and the official calendar (as ``vn-YYYY.json`` files).

Every row carries the ``reference`` counter value of its last change (``ref_seq``); a page is the
rows changed after the cursor, in that order; the cursor is the last ``ref_seq`` served.
"""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import Table, select

from sync.central import db
from sync.central.auth import Principal
from sync.central.feed import parse_cursor
from sync.central.state import Central
from sync.protocol import ReferenceKind, ReferencePage

PAGE = 100
TABLES: dict[str, Table] = {
    "procedures": db.procedures,
    "agencies": db.agencies,
    "staff": db.staff,
    "calendar": db.calendar_years,
}


def _item(kind: str, row: Any) -> dict[str, Any]:
    if kind in ("procedures", "calendar"):
        body: dict[str, Any] = json.loads(row.body)
        return body
    if kind == "agencies":
        return {"id": row.id, "name": row.name}
    return {
        "id": row.id,
        "username": row.username,
        "full_name": row.full_name,
        "roles": json.loads(row.roles),
        "agency_id": row.agency_id,
        "active": row.active,
    }


def page(
    c: Central, who: Principal, kind: ReferenceKind, cursor: str | None, limit: int = PAGE
) -> ReferencePage:
    after = parse_cursor(cursor)
    table = TABLES[kind]
    query = select(table).where(table.c.ref_seq > after)
    if kind == "staff":  # a counter learns its own agency's staff only
        query = query.where(table.c.agency_id == who.agency_id)
    with db.reading(c.engine) as conn:
        rows = conn.execute(query.order_by(table.c.ref_seq).limit(limit + 1)).all()
    more = len(rows) > limit
    rows = rows[:limit]
    return ReferencePage(
        kind=kind,
        items=[_item(kind, r) for r in rows],
        next_cursor=str(rows[-1].ref_seq if rows else after),
        more=more,
    )
