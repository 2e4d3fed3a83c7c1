"""The engine against the real reference server over real sockets, through the fault proxy."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from counter_app.composition import App, open_app
from counter_app.domain.errors import ConflictError
from counter_app.domain.vntime import now_vn
from counter_app.ports import FixedClock
from counter_app.services.central_link import load_link
from counter_app.store.unit_of_work import store_path
from sync.client_api import LinkState
from sync.engine import SyncEngine
from sync.errors import AgencyMismatch, CentralUnavailable, CentralUnreachable, ClockSkew
from sync.facade import EngineService, open_sync
from tests.central_server import CentralServer
from tests.netproxy import NetProxy, http_response
from tests.sync.support import central_codes, central_commands, join, receive, unsent

COMMANDS = b"POST /api/v1/commands"


def _service(app: App, sleeps: list[float] | None = None) -> EngineService:
    service = EngineService(app.services)
    if sleeps is not None:
        service.engine = SyncEngine(app.services, sleep=sleeps.append)
    return service


def test_queued_dossiers_reach_the_centre_once(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    codes = receive(live_app, 5)
    service = open_sync(live_app.services)
    report = service.sync_once()
    assert (report.sent, report.acknowledged, report.remaining) == (5, 5, 0)
    assert central_codes(central) == sorted(codes)
    status = service.status()
    assert status.state is LinkState.ONLINE
    assert status.pending_commands == 0
    assert status.clock_skew_s is not None and abs(status.clock_skew_s) < 60


def test_answer_lost_after_the_centre_committed_gives_exactly_one_dossier(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    codes = receive(live_app, 3)
    proxy.lose_reply(COMMANDS)
    report = _service(live_app, []).sync_once()
    assert proxy.lost_replies == 1  # the first answer never arrived
    assert report.acknowledged == 3 and report.remaining == 0
    assert central_codes(central) == sorted(codes)  # once each, not twice
    assert central_commands(central) == 3


def test_answer_lost_and_the_process_gone_is_replayed_at_the_next_start(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    codes = receive(live_app, 4)
    proxy.lose_reply(COMMANDS, times=3)  # every try of this round loses its answer
    with pytest.raises(CentralUnreachable):
        _service(live_app, []).sync_once()
    assert central_codes(central) == sorted(codes)  # the centre has them…
    assert unsent(live_app.data_dir) == 4  # …but nothing is done here without its answer
    report = _service(live_app).sync_once()  # a fresh engine, as after a restart
    assert report.acknowledged == 4 and report.remaining == 0
    assert central_codes(central) == sorted(codes)
    assert central_commands(central) == 4


def _spoil_first_command(app: App, code: str) -> None:
    """The centre will refuse this dossier's first command (its body names another code)."""
    with sqlite3.connect(store_path(app.data_dir)) as conn:
        seq, payload = conn.execute(
            "SELECT o.seq, o.payload FROM outbox o JOIN dossiers d ON d.id = o.dossier_id"
            " WHERE d.code = ? ORDER BY o.seq LIMIT 1",
            (code,),
        ).fetchone()
        body = json.loads(payload)
        body["code"] = body["code"][:-4] + "0000"
        conn.execute("UPDATE outbox SET payload = ? WHERE seq = ?", (json.dumps(body), seq))


def test_a_refused_command_parks_only_the_later_commands_of_its_dossier(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    from counter_app.services import lifecycle

    join(live_app, central, proxy.url)
    bad, good = receive(live_app, 2)
    for code in (bad, good):
        lifecycle.transfer(
            live_app.services, code, "Phòng Tư pháp", "canbo1", receiver="Nguyễn Văn Nam"
        )
    later = receive(live_app, 1, start=10)
    _spoil_first_command(live_app, bad)
    service = open_sync(live_app.services)
    report = service.sync_once()
    assert report.parked == 1
    assert report.remaining == 2  # the refused command and the one held behind it
    assert central_codes(central) == sorted([good, *later])
    [parked] = service.parked()
    assert (parked.dossier_code, parked.code, parked.held_back) == (bad, "malformed_command", 1)
    assert service.status().parked == 1
    newer = receive(live_app, 1, start=20)
    again = service.sync_once()  # the held-back command waits; other dossiers' work goes on
    assert (again.sent, again.acknowledged, again.remaining) == (1, 1, 2)
    assert central_codes(central) == sorted([good, *later, *newer])


def test_429_with_retry_after_is_waited_for_then_sent(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 2)
    busy = http_response(429, "Too Many Requests", b"{}", Retry_After="1")
    proxy.respond(busy, match=COMMANDS)
    sleeps: list[float] = []
    report = _service(live_app, sleeps).sync_once()
    assert proxy.canned == 1
    assert sleeps == [1.0]
    assert report.acknowledged == 2 and report.remaining == 0


def test_a_long_retry_after_is_kept_as_the_next_attempt_time(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 2)
    proxy.respond(http_response(503, "Service Unavailable", Retry_After="120"), match=COMMANDS)
    with pytest.raises(CentralUnavailable):
        _service(live_app, []).sync_once()
    link = load_link(live_app.store)
    assert link is not None and link.next_attempt_at is not None
    wait = (link.next_attempt_at - now_vn()).total_seconds()
    assert 100 < wait <= 120
    assert link.problem_code == "central_unavailable"
    assert open_sync(live_app.services).status().state is LinkState.OFFLINE


def test_401_renews_the_device_token_once(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 1)
    service = _service(live_app)
    service.sync_once()
    credentials = service.engine._credentials
    assert credentials is not None and credentials.grants == 1
    receive(live_app, 1, start=5)
    proxy.respond(http_response(401, "Unauthorized"), match=COMMANDS)
    report = service.sync_once()
    assert credentials.grants == 2  # renewed, then the same batch again
    assert report.acknowledged == 1 and report.remaining == 0


def test_retries_persist_across_a_restart(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 3)
    _service(live_app).sync_once()  # signed in; now the link goes down mid-way
    receive(live_app, 2, start=10)
    proxy.respond(http_response(503, "Service Unavailable"), times=3, match=COMMANDS)
    with pytest.raises(CentralUnavailable):
        _service(live_app, []).sync_once()
    live_app.close()
    reopened = open_app(live_app.data_dir)  # a restart: what is known comes from the store
    try:
        proxy.respond(http_response(503, "Service Unavailable"), times=3, match=COMMANDS)
        with pytest.raises(CentralUnavailable):
            _service(reopened, []).sync_once()
        link = load_link(reopened.store)
        assert link is not None and link.attempts == 2
        with sqlite3.connect(store_path(reopened.data_dir)) as conn:
            rows = conn.execute(
                "SELECT attempts, next_attempt_at, last_error FROM outbox WHERE sent_at IS NULL"
            ).fetchall()
        assert [r[0] for r in rows] == [2, 2]
        assert all(r[1] and r[2] == "central_unavailable" for r in rows)
        report = _service(reopened).sync_once()
        assert report.acknowledged == 2 and report.remaining == 0
        after = load_link(reopened.store)
        assert after is not None and (after.attempts, after.next_attempt_at) == (0, None)
    finally:
        reopened.close()


def test_a_clock_more_than_5_minutes_off_is_refused_and_nothing_is_pushed(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 2)
    skewed = replace(live_app.services, clock=FixedClock(now_vn() + timedelta(minutes=7)))
    proxy.reset_counters()
    with pytest.raises(ClockSkew) as refused:
        EngineService(skewed).sync_once()
    assert refused.value.code == "central_clock_skew"
    assert refused.value.params["skew_min"] == 7
    assert central_codes(central) == []
    assert unsent(live_app.data_dir) == 2
    status = open_sync(live_app.services).status()
    assert (status.state, status.problem_code) == (LinkState.REFUSED, "central_clock_skew")


def test_a_centre_serving_another_agency_is_refused(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 1)
    health = {
        "status": "ok",
        "server_time": datetime.now().astimezone().isoformat(),
        "version": "x",
        "agency_ids": ["000.00.01.H22"],
    }
    reply = http_response(200, "OK", json.dumps(health).encode(), Content_Type="application/json")
    proxy.respond(reply, match=b"GET /api/v1/health")
    with pytest.raises(AgencyMismatch):
        open_sync(live_app.services).sync_once()
    assert central_codes(central) == []
    assert unsent(live_app.data_dir) == 1


def test_a_demo_store_never_syncs_even_with_a_link(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 2)
    with sqlite3.connect(store_path(live_app.data_dir)) as conn:
        conn.execute("UPDATE store_identity SET kind = 'demo'")
    service = open_sync(live_app.services)
    proxy.reset_counters()
    with pytest.raises(ConflictError) as refused:
        service.sync_once()
    assert refused.value.code == "store_not_real"
    assert proxy.bytes_up == 0  # not even a health check
    assert central_codes(central) == []
    assert service.status().state is LinkState.DEMO


def test_a_reused_command_id_parks_that_command_and_the_rest_goes(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    [first] = receive(live_app, 1)
    service = open_sync(live_app.services)
    service.sync_once()
    with sqlite3.connect(store_path(live_app.data_dir)) as conn:  # same id, another body
        conn.execute(
            "UPDATE outbox SET sent_at = NULL, payload = replace(payload, 'Nguyễn', 'Trần')"
        )
    later = receive(live_app, 1, start=7)
    report = service.sync_once()
    assert (report.parked, report.acknowledged, report.remaining) == (1, 1, 1)
    [parked] = service.parked()
    assert (parked.dossier_code, parked.code) == (first, "command_id_reused")
    assert central_codes(central) == sorted([first, *later])


def test_a_rewritten_audit_chain_is_refused_as_a_whole(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    receive(live_app, 2)
    service = open_sync(live_app.services)
    service.sync_once()
    link = load_link(live_app.store)
    assert link is not None and link.acked_chain_seq > 0
    with sqlite3.connect(store_path(live_app.data_dir)) as conn:  # the acknowledged entry rewritten
        conn.execute(
            "UPDATE audit_log SET hash = ? WHERE seq = ?", ("f" * 64, link.acked_chain_seq)
        )
    receive(live_app, 2, start=5)
    with pytest.raises(ConflictError) as refused:
        service.sync_once()
    assert refused.value.code == "central_chain_diverged"
    assert service.parked() == []  # no command is blamed for the device's chain
    assert unsent(live_app.data_dir) == 2
    assert service.status().state is LinkState.REFUSED
