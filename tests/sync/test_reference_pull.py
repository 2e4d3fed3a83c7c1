"""Reference data (procedures, agencies, staff, official calendar) pulled by cursor from the real
reference server into the local store, a page and its cursor in one transaction."""

from __future__ import annotations

import json
import sqlite3
import stat
from pathlib import Path
from typing import Any

import pytest

from counter_app.composition import App, official_calendar
from counter_app.domain.enums import Role
from counter_app.domain.errors import EnvironmentProblem
from counter_app.i18n import error_message
from counter_app.resources import resource_path
from counter_app.services.central_link import LinkRecord, load_link
from counter_app.store.unit_of_work import store_path
from sync.central.db import make_engine
from sync.central.seed import apply_seed
from sync.errors import CentralReferenceInvalid
from sync.facade import open_sync
from tests.central_server import CentralServer
from tests.netproxy import NetProxy, http_response
from tests.sync.support import join

PROCEDURES = b"GET /api/v1/reference/procedures"
CURSORS = ("procedures_cursor", "agencies_cursor", "staff_cursor", "calendar_cursor")


def _shipped() -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = json.loads(
        resource_path("data", "procedures-sample.json").read_text("utf-8")
    )
    return records


def _reseed(server: CentralServer, seed: dict[str, Any]) -> None:
    engine = make_engine(server.db_url)
    try:
        apply_seed(engine, seed)
    finally:
        engine.dispose()


def _renamed(suffix: str) -> dict[str, Any]:
    first = _shipped()[0]
    return {**first, "name": first["name"] + suffix}


def _new_member(active: bool = True) -> dict[str, Any]:
    return {
        "username": "canbo2",
        "password": "canbo2-demo",
        "full_name": "Đỗ Thị Lan",
        "roles": ["counter_officer"],
        "agency_id": "000.00.06.H56",
        "active": active,
    }


def _cursors(app: App) -> tuple[str, ...]:
    link = load_link(app.store)
    assert isinstance(link, LinkRecord)
    return tuple(str(getattr(link, name)) for name in CURSORS)


def _local(data_dir: Path) -> tuple[list[Any], list[Any], list[Any]]:
    with sqlite3.connect(store_path(data_dir)) as conn:
        procedures = conn.execute("SELECT code, body FROM procedures ORDER BY code").fetchall()
        staff = conn.execute("SELECT * FROM staff ORDER BY username").fetchall()
        agencies = conn.execute("SELECT * FROM agencies ORDER BY code").fetchall()
    return procedures, staff, agencies


def _calendar_files(data_dir: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (p.read_text("utf-8"), p.stat().st_mtime_ns)
        for p in sorted((data_dir / "calendar").glob("vn-*.json"))
    }


def test_a_pull_brings_reference_data_and_a_second_changes_nothing(
    live_app: App, central: CentralServer, data_dir: Path
) -> None:
    join(live_app, central)
    _reseed(central, {"procedures": [_renamed(" (trung tâm)")], "staff": [_new_member()]})
    service = open_sync(live_app.services)
    service.sync_once()
    first = _shipped()[0]
    with live_app.store.read() as tx:
        procedure = tx.procedures.get(first["code"])
        member = tx.staff.by_username("canbo2")
    assert procedure is not None and procedure.name == first["name"] + " (trung tâm)"
    assert member is not None and member.role is Role.COUNTER_OFFICER and member.active
    assert member.full_name == "Đỗ Thị Lan"
    files = _calendar_files(data_dir)
    assert set(files) >= {"vn-2025.json", "vn-2026.json"}
    for name in files:
        path = data_dir / "calendar" / name
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert json.loads(path.read_text("utf-8")) == json.loads(
            resource_path("calendar", name).read_text("utf-8-sig")
        )
    years = official_calendar(data_dir)  # the core's loader reads the centre's years
    assert {2025, 2026} <= set(years)
    cursors = _cursors(live_app)
    assert all(cursors), cursors
    before = _local(data_dir)
    service.sync_once()  # nothing new at the centre: nothing changes, the cursors stay
    assert _local(data_dir) == before
    assert _calendar_files(data_dir) == files
    assert _cursors(live_app) == cursors


def test_a_changed_procedure_and_a_member_made_inactive_are_updated(
    live_app: App, central: CentralServer
) -> None:
    join(live_app, central)
    service = open_sync(live_app.services)
    _reseed(central, {"staff": [_new_member()]})
    service.sync_once()
    cursors = _cursors(live_app)
    _reseed(central, {"procedures": [_renamed(" (sửa đổi)")], "staff": [_new_member(False)]})
    service.sync_once()
    code = _shipped()[0]["code"]
    with live_app.store.read() as tx:
        procedure = tx.procedures.get(code)
        member = tx.staff.by_username("canbo2")
    assert procedure is not None and procedure.name.endswith(" (sửa đổi)")
    assert member is not None and not member.active
    after = _cursors(live_app)
    assert after[0] != cursors[0] and after[2] != cursors[2]  # procedures, staff moved
    assert after[1] == cursors[1] and after[3] == cursors[3]  # agencies, calendar kept


def _page(items: list[Any]) -> bytes:
    body = {"kind": "procedures", "items": items, "next_cursor": "999999", "more": False}
    return json.dumps(body, ensure_ascii=False).encode()


def test_a_malformed_page_is_refused_and_nothing_of_it_applied(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    code = _shipped()[0]["code"]
    with live_app.store.read() as tx:
        before = tx.procedures.get(code)
    assert before is not None
    broken = {k: v for k, v in _shipped()[1].items() if k != "name"}
    reply = _page([_renamed(" (không được áp dụng)"), broken])
    proxy.respond(
        http_response(200, "OK", reply, Content_Type="application/json"), match=PROCEDURES
    )
    service = open_sync(live_app.services)
    with pytest.raises(CentralReferenceInvalid) as caught:
        service.sync_once()
    assert caught.value.code == "central_reference_invalid"
    assert caught.value.params["kind"] == "procedures"
    assert caught.value.params["item"] == "1"
    assert caught.value.field == "name"
    assert "{" not in error_message(caught.value)
    assert proxy.canned == 1
    with live_app.store.read() as tx:
        assert tx.procedures.get(code) == before  # the good item of that page was not applied
    link = load_link(live_app.store)
    assert link is not None and link.procedures_cursor == ""
    assert link.problem_code == "central_reference_invalid"


def test_a_calendar_that_cannot_be_saved_keeps_its_cursor_and_comes_again(
    live_app: App, central: CentralServer, data_dir: Path
) -> None:
    join(live_app, central)
    blocker = data_dir / "calendar"
    blocker.write_text("not a folder", encoding="utf-8")  # the year files cannot be written
    service = open_sync(live_app.services)
    with pytest.raises(EnvironmentProblem) as caught:
        service.sync_once()
    assert caught.value.code == "central_calendar_unwritable"
    assert "{" not in error_message(caught.value)
    link = load_link(live_app.store)
    assert link is not None and link.calendar_cursor == "" and link.procedures_cursor
    blocker.unlink()
    service.sync_once()  # the cursor stayed with the unsaved page: the years come again
    assert set(_calendar_files(data_dir)) >= {"vn-2025.json", "vn-2026.json"}
    link = load_link(live_app.store)
    assert link is not None and link.calendar_cursor
