"""The changes feed by cursor: the processing agency's events and online dossiers with their
acceptance clock (the core's rules, on the centre's calendar)."""

from __future__ import annotations

from datetime import datetime

import httpx

from counter_app import composition
from counter_app.domain.online import online_acceptance
from counter_app.domain.vntime import VN_TZ
from counter_app.settings import default_settings
from tests.central.support import Device, bearer, code_for
from tests.central_server import CentralServer


def _changes(server: CentralServer, token: str, cursor: str = "", limit: int = 200) -> dict:  # type: ignore[type-arg]
    reply = httpx.get(
        server.api + "/changes",
        params={"cursor": cursor, "limit": limit},
        headers=bearer(token),
    )
    assert reply.status_code == 200, reply.text
    return reply.json()  # type: ignore[no-any-return]


def test_agency_events_reach_the_counter_by_cursor(server: CentralServer) -> None:
    grant = server.register_device("Quầy E")
    device_token = server.device_token(grant)
    start = _changes(server, device_token)
    while start["more"]:
        start = _changes(server, device_token, start["next_cursor"])
    dev = Device(grant.device_id)
    code = code_for(grant.block_first + 1)
    pushed = httpx.post(
        server.api + "/commands",
        json=dev.batch([dev.received(code)[1]]),
        headers=bearer(device_token),
    )
    assert pushed.json()["results"][0]["outcome"] == "applied"
    supervisor = server.token(server.supervisor)
    for kind, status in (("status_changed", 4), ("result_ready", 9)):
        posted = httpx.post(
            server.api + f"/agency/dossiers/{code}/events",
            json={"kind": kind, "status": status, "note": "Phòng Tư pháp"},
            headers=bearer(supervisor),
        )
        assert posted.status_code == 201, posted.text
    first = _changes(server, device_token, start["next_cursor"], limit=1)
    assert first["more"] is True
    assert [(c["kind"], c["body"]["status"]) for c in first["changes"]] == [("status_changed", 4)]
    second = _changes(server, device_token, first["next_cursor"], limit=1)
    assert [(c["kind"], c["dossier_code"]) for c in second["changes"]] == [("result_ready", code)]
    empty = _changes(server, device_token, second["next_cursor"])
    assert empty["changes"] == [] and empty["next_cursor"] == second["next_cursor"]
    unknown = httpx.post(
        server.api + f"/agency/dossiers/{code_for(9999)}/events",
        json={"kind": "status_changed", "status": 4},
        headers=bearer(supervisor),
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "unknown_dossier"


def test_online_dossier_gets_a_centre_code_and_the_acceptance_clock(server: CentralServer) -> None:
    submitted = datetime(2026, 3, 6, 16, 30, tzinfo=VN_TZ)  # a Friday, 16:30
    admin = server.token(server.admin)
    body = {
        "agency_id": server.agency_id,
        "procedure_code": "1.001193",
        "applicant": {"name": "Trần Văn Bình"},
        "submitted_at": submitted.isoformat(),
    }
    reply = httpx.post(server.api + "/online-dossiers", json=body, headers=bearer(admin))
    assert reply.status_code == 201, reply.text
    accepted = reply.json()
    assert accepted["dossier_code"] == f"{server.agency_id}-260306-0001"
    settings = default_settings()
    calc = composition.deadline_calculator(settings, server.log_dir / "no-data")
    expected = online_acceptance(calc, submitted).deadline
    assert datetime.fromisoformat(accepted["acceptance_due"]) == expected
    assert expected.date().isoformat() == "2026-03-09"  # the next working day, a Monday
    second = httpx.post(server.api + "/online-dossiers", json=body, headers=bearer(admin))
    assert second.json()["dossier_code"].endswith("-0002")
    grant = server.register_device("Quầy O")
    token = server.device_token(grant)
    feed = _changes(server, token)
    online = [c for c in feed["changes"] if c["kind"] == "online_submitted"]
    assert online[0]["dossier_code"] == accepted["dossier_code"]
    assert online[0]["body"]["acceptance_due"] == accepted["acceptance_due"]
    dev = Device(grant.device_id)
    take = dev.received(accepted["dossier_code"])[1]  # the counter accepts it under its code
    never = dev.received(f"{server.agency_id}-260306-0003")[1]  # never submitted
    pushed = httpx.post(
        server.api + "/commands", json=dev.batch([take, never]), headers=bearer(token)
    ).json()
    assert [(r["outcome"], r["code"]) for r in pushed["results"]] == [
        ("applied", None),
        ("rejected", "code_outside_slot"),
    ]


def test_online_submission_needs_the_agencys_administrator(server: CentralServer) -> None:
    body = {
        "agency_id": server.agency_id,
        "procedure_code": "1.001193",
        "applicant": {},
        "submitted_at": "2026-03-06T09:00:00+07:00",
    }
    officer = httpx.post(
        server.api + "/online-dossiers", json=body, headers=bearer(server.token(server.officer))
    )
    assert officer.status_code == 403 and officer.json()["code"] == "forbidden"
