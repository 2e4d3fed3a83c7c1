"""Seeding the centre: agencies, staff (passwords stored as scrypt hashes), the procedure
catalogue and the official calendar years, from a JSON file or the app's own demo data.

The seed file (every key optional)::

    {"agencies": [{"id": "000.00.06.H56", "name": "…"}],
     "staff": [{"username": "truongbp", "password": "…", "full_name": "…",
                "roles": ["supervisor"], "agency_id": "000.00.06.H56"}],
     "procedures": [ <entries of resources/data/procedures-*.json> ],
     "procedures_file": "path/to/procedures.json",
     "calendar": [ <resources/calendar/vn-YYYY.json contents> ],
     "calendar_dir": "path/to/folder/of/vn-YYYY.json"}

Seeding again updates what changed (same username, same procedure code, same year) and moves
its reference cursor, so counters pull the change.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, select, update

from counter_app.domain.errors import ValidationError
from counter_app.domain.official_calendar import official_year_from_json
from counter_app.domain.procedure import procedure_from_record
from counter_app.resources import resource_path
from counter_app.store.canonical import canonical_json
from sync.central import db
from sync.central.security import hash_password

DEMO_AGENCY = "000.00.06.H56"
DEMO_AGENCY_NAME = "Bộ phận Một cửa (văn phòng trình diễn)"
#: The demo office's staff (as ``counter_app/services/demo.py``) and their demo passwords.
DEMO_STAFF: tuple[tuple[str, str, str, str], ...] = (
    ("canbo1", "Lê Thị Thu Hà", "counter_officer", "canbo1-demo"),
    ("buudien1", "Phạm Văn Tùng", "postal_clerk", "buudien1-demo"),
    ("truongbp", "Nguyễn Minh Đức", "supervisor", "truongbp-demo"),
    ("quantri", "Trần Quốc Bảo", "administrator", "quantri-demo"),
)
REFERENCE = "reference"


def demo_seed() -> dict[str, Any]:
    return {
        "agencies": [{"id": DEMO_AGENCY, "name": DEMO_AGENCY_NAME}],
        "staff": [
            {
                "username": username,
                "password": password,
                "full_name": name,
                "roles": [role],
                "agency_id": DEMO_AGENCY,
            }
            for username, name, role, password in DEMO_STAFF
        ],
        "procedures_file": str(resource_path("data", "procedures-sample.json")),
        "calendar_dir": str(resource_path("calendar")),
    }


def read_seed(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError("invalid_seed_file", field="json", path=str(path)) from exc
    if not isinstance(data, dict):
        raise ValidationError("invalid_seed_file", field="json", path=str(path))
    base = path.parent
    for key in ("procedures_file", "calendar_dir"):
        if isinstance(data.get(key), str):
            data[key] = str(base / data[key])
    return data


def apply_seed(engine: Engine, seed: Mapping[str, Any]) -> dict[str, int]:
    """Check every entry, then write them all in one transaction."""
    try:
        return _apply_seed(engine, seed)
    except (KeyError, TypeError, AttributeError, ValueError) as exc:  # a wrong shape
        raise ValidationError("invalid_seed_file", path="seed") from exc


def _apply_seed(engine: Engine, seed: Mapping[str, Any]) -> dict[str, int]:
    procedures = list(seed.get("procedures", []))
    if "procedures_file" in seed:
        procedures += json.loads(Path(seed["procedures_file"]).read_text(encoding="utf-8"))
    years = list(seed.get("calendar", []))
    if "calendar_dir" in seed:
        years += [
            json.loads(p.read_text(encoding="utf-8-sig"))
            for p in sorted(Path(seed["calendar_dir"]).glob("vn-*.json"))
        ]
    for record in procedures:
        procedure_from_record(record)  # refuses a malformed entry before anything is written
    for year in years:
        official_year_from_json(year)
    staff = [
        {**s, "password_hash": hash_password(str(s["password"]))} for s in seed.get("staff", [])
    ]

    def work(conn: Connection) -> dict[str, int]:
        for a in seed.get("agencies", []):
            _upsert(conn, db.agencies, db.agencies.c.id, a["id"], {"name": a["name"]})
        for s in staff:
            _staff(conn, s)
        for record in procedures:
            body = {"body": canonical_json(record)}
            _upsert(conn, db.procedures, db.procedures.c.code, record["code"], body)
        for year in years:
            body = {"body": canonical_json(year)}
            _upsert(conn, db.calendar_years, db.calendar_years.c.year, year["year"], body)
        return {
            "agencies": len(seed.get("agencies", [])),
            "staff": len(staff),
            "procedures": len(procedures),
            "calendar_years": len(years),
        }

    db.create_schema(engine)
    return db.in_transaction(engine, work)


def _upsert(conn: Connection, table: Any, key: Any, value: Any, values: dict[str, Any]) -> None:
    row = conn.execute(select(table).where(key == value)).first()
    if row is not None and all(getattr(row, k) == v for k, v in values.items()):
        return  # unchanged: the cursor does not move
    seq = db.next_counter(conn, REFERENCE)
    if row is None:
        conn.execute(table.insert().values({key.name: value, **values, "ref_seq": seq}))
    else:
        conn.execute(update(table).where(key == value).values(**values, ref_seq=seq))


def _staff(conn: Connection, s: Mapping[str, Any]) -> None:
    t = db.staff
    row = conn.execute(select(t.c.id).where(t.c.username == s["username"])).first()
    values = {
        "full_name": s["full_name"],
        "roles": json.dumps(list(s["roles"])),
        "agency_id": s["agency_id"],
        "password_hash": s["password_hash"],
        "active": bool(s.get("active", True)),
        "ref_seq": db.next_counter(conn, REFERENCE),
    }
    if row is None:
        conn.execute(
            t.insert().values(id=s.get("id") or str(uuid.uuid4()), username=s["username"], **values)
        )
    else:
        conn.execute(update(t).where(t.c.id == row.id).values(**values))


def seed_json(engine: Engine, path: Path | None) -> dict[str, int]:
    return apply_seed(engine, read_seed(path) if path else demo_seed())


__all__ = ["apply_seed", "demo_seed", "read_seed", "seed_json"]
