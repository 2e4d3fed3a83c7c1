"""Reference data pulled by cursor, in the app's own shapes; the national export, validated
against the exchange schemas the law issue committed."""

from __future__ import annotations

import json
from typing import Any

import httpx
from jsonschema import Draft202012Validator, FormatChecker

from counter_app.domain.dossier import FeeLine, ReceivedItem
from counter_app.domain.enums import DocumentForm, FeeTiming, PaymentMethod
from counter_app.resources import resource_path
from sync.central.db import make_engine
from sync.central.seed import apply_seed
from tests.central.support import Device, bearer, code_for, dossier
from tests.central_server import CentralServer


def _pull(server: CentralServer, token: str, kind: str, limit: int = 100) -> tuple[list[Any], str]:
    items: list[Any] = []
    cursor, more = "", True
    while more:
        reply = httpx.get(
            server.api + f"/reference/{kind}",
            params={"cursor": cursor, "limit": limit},
            headers=bearer(token),
        )
        assert reply.status_code == 200, reply.text
        page = reply.json()
        items += page["items"]
        cursor, more = page["next_cursor"], page["more"]
    return items, cursor


def test_procedures_and_calendar_come_in_the_shipped_shapes(server: CentralServer) -> None:
    token = server.token(server.officer)
    procedures, cursor = _pull(server, token, "procedures", limit=7)
    shipped = json.loads(resource_path("data", "procedures-sample.json").read_text("utf-8"))
    assert sorted(procedures, key=lambda p: p["code"]) == sorted(shipped, key=lambda p: p["code"])
    years, _ = _pull(server, token, "calendar")
    for year in years:
        path = resource_path("calendar", f"vn-{year['year']}.json")
        assert year == json.loads(path.read_text("utf-8-sig"))
    assert {y["year"] for y in years} >= {2025, 2026}
    changed = {**shipped[0], "name": shipped[0]["name"] + " (sửa đổi)"}
    engine = make_engine(server.db_url)
    apply_seed(engine, {"procedures": [changed]})
    engine.dispose()
    reply = httpx.get(
        server.api + "/reference/procedures", params={"cursor": cursor}, headers=bearer(token)
    ).json()
    assert reply["items"] == [changed] and reply["more"] is False


def test_staff_and_agencies_carry_no_secret(server: CentralServer) -> None:
    token = server.token(server.officer)
    staff, _ = _pull(server, token, "staff")
    assert {s["username"] for s in staff} >= {"canbo1", "truongbp", "quantri", "buudien1"}
    assert all(s["agency_id"] == server.agency_id for s in staff)
    assert all(
        set(s) == {"id", "username", "full_name", "roles", "agency_id", "active"} for s in staff
    )
    agencies, _ = _pull(server, token, "agencies")
    assert {"id": server.agency_id, "name": agencies[0]["name"]} in agencies


def test_bad_cursor_is_a_problem(server: CentralServer) -> None:
    reply = httpx.get(
        server.api + "/reference/staff",
        params={"cursor": "abc"},
        headers=bearer(server.token(server.officer)),
    )
    assert reply.status_code == 400 and reply.json()["code"] == "invalid_cursor"


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(resource_path("schemas", f"{name}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_national_export_validates_against_the_exchange_schemas(server: CentralServer) -> None:
    grant = server.register_device("Quầy N")
    dev = Device(grant.device_id)
    d = dossier(code_for(grant.block_first + 42))
    d.items = [ReceivedItem("TP1", "Tờ khai đăng ký khai sinh", DocumentForm.ORIGINAL)]
    d.fees = [FeeLine("Lệ phí", 8000, FeeTiming.BEFORE, PaymentMethod.CASH, "BL-1")]
    token = server.device_token(grant)
    pushed = httpx.post(
        server.api + "/commands",
        json=dev.batch([dev.command("dossier.received", d)]),
        headers=bearer(token),
    ).json()
    assert pushed["results"][0]["outcome"] == "applied"
    reply = httpx.get(server.api + f"/dossiers/{d.code}/national", headers=bearer(token))
    assert reply.status_code == 200, reply.text
    record = reply.json()
    _validator("national-dossier").validate(record["dossier"])
    for step in record["progress"]:
        _validator("national-progress").validate(step)
    assert record["dossier"]["MaHoSo"] == d.code
    assert record["dossier"]["TrangThaiHoSo"] == "2"
    assert record["dossier"]["MaTTHC"] == "1.001193"
    assert record["progress"][0]["NguoiXuLy"] == "Lê Thị Thu Hà"  # canbo1's full name
    missing = httpx.get(server.api + f"/dossiers/{code_for(9998)}/national", headers=bearer(token))
    assert missing.status_code == 404 and missing.json()["code"] == "unknown_dossier"
