"""The slot register: disjoint blocks, restored devices moved to a fresh slot, retired slots
never handed out again the same day nor while codes from them dated today or later are known."""

from __future__ import annotations

import uuid
from datetime import timedelta
from typing import Any

import httpx
from sqlalchemy import text

from counter_app.domain.vntime import now_vn
from sync.central.db import make_engine
from tests.central.support import Device, bearer, code_for, new_agency
from tests.central_server import CentralServer, Login


def _register(server: CentralServer, agency: str, login: Login, **more: Any) -> httpx.Response:
    body = {"agency_id": agency, "device_name": "Quầy", "install_id": str(uuid.uuid4()), **more}
    return httpx.post(server.api + "/devices", json=body, headers=bearer(server.token(login)))


def _device_token(server: CentralServer, grant: dict[str, Any]) -> httpx.Response:
    return httpx.post(
        server.api + "/auth/token",
        json={
            "grant_type": "device_secret",
            "device_id": grant["device_id"],
            "device_secret": grant["device_secret"],
        },
    )


def _sql(server: CentralServer, statement: str, **params: Any) -> None:
    engine = make_engine(server.db_url)
    with engine.begin() as conn:
        conn.execute(text(statement), params)
    engine.dispose()


def test_nine_disjoint_slots_then_exhausted(server: CentralServer) -> None:
    agency, login = new_agency(server)
    grants = [_register(server, agency, login).json() for _ in range(9)]
    assert [g["slot"] for g in grants] == list(range(1, 10))
    assert [(g["block_first"], g["block_last"]) for g in grants] == [
        (k * 1000, k * 1000 + 999) for k in range(1, 10)
    ]
    refused = _register(server, agency, login)
    assert refused.status_code == 409
    assert refused.json()["code"] == "slots_exhausted"


def test_restored_device_gets_a_fresh_slot_and_the_old_is_retired(server: CentralServer) -> None:
    agency, login = new_agency(server)
    old = _register(server, agency, login).json()
    old_token = _device_token(server, old).json()["access_token"]
    new = _register(
        server, agency, login, reason="restored", previous_device_id=old["device_id"]
    ).json()
    assert (old["slot"], new["slot"]) == (1, 2)
    refused = _device_token(server, old)
    assert refused.status_code == 401 and refused.json()["code"] == "device_retired"
    gone = httpx.get(server.api + f"/devices/{old['device_id']}", headers=bearer(old_token))
    assert gone.status_code == 401
    info = httpx.get(
        server.api + f"/devices/{old['device_id']}", headers=bearer(server.token(login))
    ).json()
    assert (info["active"], info["slot"]) == (False, None)
    third = _register(server, agency, login).json()
    assert third["slot"] == 3  # slot 1 was retired today: not again today


def test_restored_device_may_still_send_codes_of_its_old_block_dated_up_to_today(
    server: CentralServer,
) -> None:
    agency, login = new_agency(server)
    old = _register(server, agency, login).json()
    new = _register(
        server, agency, login, reason="reinstalled", previous_device_id=old["device_id"]
    ).json()
    token = _device_token(server, new).json()["access_token"]
    dev = Device(new["device_id"])
    today_old = dev.received(code_for(1005, agency=agency))[1]
    tomorrow = now_vn().date() + timedelta(days=1)
    future_old = dev.received(code_for(1006, tomorrow, agency=agency))[1]
    fresh = dev.received(code_for(2000, agency=agency))[1]
    reply = httpx.post(
        server.api + "/commands",
        json=dev.batch([today_old, future_old, fresh]),
        headers=bearer(token),
    ).json()
    assert [(r["outcome"], r["code"]) for r in reply["results"]] == [
        ("applied", None),
        ("rejected", "code_outside_slot"),
        ("applied", None),
    ]


def test_retired_slot_returns_only_when_no_code_from_it_is_dated_today_or_later(
    server: CentralServer,
) -> None:
    agency, login = new_agency(server)
    holder = _register(server, agency, login).json()
    token = _device_token(server, holder).json()["access_token"]
    dev = Device(holder["device_id"])
    ahead = now_vn().date() + timedelta(days=3)  # the PC's clock ran three days ahead
    pushed = httpx.post(
        server.api + "/commands",
        json=dev.batch([dev.received(code_for(1001, ahead, agency=agency))[1]]),
        headers=bearer(token),
    ).json()
    assert pushed["results"][0]["outcome"] == "applied"
    moved = httpx.post(
        server.api + f"/devices/{holder['device_id']}/move-slot",
        json={"reason": "clock was ahead"},
        headers=bearer(server.token(login)),
    ).json()
    assert moved["slot"] == 2
    _sql(  # as if the move had been made yesterday
        server,
        "UPDATE slot_assignments SET retired_on = retired_on - 1 WHERE agency_id = :a",
        a=agency,
    )
    others = [_register(server, agency, login).json()["slot"] for _ in range(7)]
    assert others == [3, 4, 5, 6, 7, 8, 9]  # slot 1 withheld: a code dated ahead is known
    refused = _register(server, agency, login)
    assert refused.status_code == 409 and refused.json()["code"] == "slots_exhausted"
    _sql(server, "DELETE FROM dossiers WHERE agency_id = :a", a=agency)
    assert _register(server, agency, login).json()["slot"] == 1


def test_a_slot_retired_today_is_not_handed_out_again_today(server: CentralServer) -> None:
    agency, login = new_agency(server)
    first = _register(server, agency, login).json()
    assert [_register(server, agency, login).json()["slot"] for _ in range(7)] == list(range(2, 9))
    restored = _register(
        server, agency, login, reason="restored", previous_device_id=first["device_id"]
    ).json()
    assert restored["slot"] == 9
    refused = _register(server, agency, login)  # only slot 1 is free, retired today
    assert refused.status_code == 409 and refused.json()["code"] == "slots_exhausted"
    _sql(  # the next day
        server,
        "UPDATE slot_assignments SET retired_on = retired_on - 1 WHERE agency_id = :a",
        a=agency,
    )
    assert _register(server, agency, login).json()["slot"] == 1
