"""The files lane on a bad link and with bad data: a byte flipped on the way (per-chunk
checksum), a damaged local file (whole-file hash), 401 renewal, 503 with Retry-After persisted."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import datetime, timedelta

import httpx
import pytest
import sqlalchemy as sa

from counter_app.composition import App
from counter_app.services.attachments import SCANS
from counter_app.store.schema import file_uploads
from sync.files_lane import QUICK_BASE_S, QUICK_CAP_S, QUICK_RETRIES, FilesLane
from sync.protocol import MAX_CHUNK
from tests.central_server import CentralServer
from tests.netproxy import NetProxy, http_response
from tests.sync.files_support import (
    MB,
    CorruptingProxy,
    DeviceCredentials,
    attach,
    blob,
    lane_via,
    payload,
)
from tests.sync.keyring_support import memory_keyring  # noqa: F401

HEADERS = 1024
PATCH = b"PATCH "


@pytest.fixture
def device(central: CentralServer) -> DeviceCredentials:
    registered = central.register_device("Quầy thử")
    return DeviceCredentials(central.url, registered.device_id, registered.secret)


@pytest.fixture
def bad_link(central: CentralServer) -> Iterator[CorruptingProxy]:
    link = CorruptingProxy("127.0.0.1", central.port)
    link.start()
    try:
        yield link
    finally:
        link.stop()


def _row(app: App) -> sa.Row[tuple[object, ...]]:
    with app.store.read() as tx:
        return tx.conn.execute(sa.select(file_uploads)).one()


def _problem(status: int, reason: str, code: str, **headers: str) -> bytes:
    body = json.dumps({"title": reason, "status": status, "code": code}).encode()
    return http_response(status, reason, body, Content_Type="application/problem+json", **headers)


def test_a_byte_flipped_on_the_way_is_caught_by_the_chunk_checksum_and_resent(
    app: App, central: CentralServer, device: DeviceCredentials, bad_link: CorruptingProxy
) -> None:
    content = payload(12 * MB, seed=11)
    attach(app, content)
    lane, client = lane_via(app, bad_link.url, device)
    device.authorization()
    bad_link.corrupt_next = 1
    with client:
        assert lane.run() == 1
    assert bad_link.corrupted == 1
    assert lane.stats.checksum_resends == 1
    assert blob(central, hashlib.sha256(content).hexdigest()) == content
    # only the damaged chunk went twice, not the whole file
    assert bad_link.bytes_up <= len(content) + MAX_CHUNK + lane.tus.requests * HEADERS


def test_a_damaged_local_file_is_never_uploaded(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(1 * MB, seed=12)
    attach(app, content)
    digest = hashlib.sha256(content).hexdigest()
    path = app.data_dir / SCANS / digest[:2] / f"{digest}.pdf"
    damaged = bytearray(path.read_bytes())
    damaged[1000] ^= 0x01
    path.write_bytes(bytes(damaged))
    lane, client = lane_via(app, proxy.url, device)
    with client:
        assert lane.run() == 0
    row = _row(app)
    assert (row.last_error, row.done_at, row.url) == ("scan_file_damaged", None, None)
    assert proxy.bytes_up == 0
    assert blob(central, digest) is None
    assert lane.pending_count() == 1


def test_a_401_renews_the_device_token_once_and_goes_on(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(1 * MB, seed=13)
    attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    proxy.respond(_problem(401, "Unauthorized", "token_expired"), match=PATCH)
    with client:
        assert lane.run() == 1
    assert device.renewals == 1
    assert blob(central, hashlib.sha256(content).hexdigest()) == content


def test_a_second_401_after_renewal_stops_the_run_without_losing_anything(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    attach(app, payload(1 * MB, seed=14))
    lane, client = lane_via(app, proxy.url, device)
    proxy.respond(_problem(401, "Unauthorized", "token_invalid"), times=2, match=PATCH)
    with client:
        assert lane.run() == 0
    assert device.renewals == 1
    assert _row(app).done_at is None
    assert lane.pending_count() == 1


def test_a_failing_centre_is_left_alone_until_its_retry_after(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    attach(app, payload(1 * MB, seed=15))
    sleeps: list[float] = []
    with httpx.Client(timeout=10) as client:
        lane = FilesLane(app.services, client, proxy.url, device, sleep=sleeps.append)
        busy = _problem(503, "Service Unavailable", "server_busy", Retry_After="120")
        proxy.respond(busy, times=QUICK_RETRIES + 1, match=PATCH)
        assert lane.run() == 0
        # quick retries on the spot: the first at once, then with full jitter
        assert len(sleeps) == QUICK_RETRIES - 1
        for n, slept in enumerate(sleeps, start=1):
            assert 0 <= slept <= min(QUICK_CAP_S, QUICK_BASE_S * 2 ** (n - 1))
        row = _row(app)
        assert (row.last_error, row.attempts, row.done_at) == ("upload_link_down", 1, None)
        now = app.services.clock.now()
        next_at = datetime.fromisoformat(str(row.next_attempt_at))
        assert next_at >= now + timedelta(seconds=120)  # the centre's Retry-After honoured
        requests = lane.tus.requests
        assert lane.run() == 0  # not due yet: nothing is sent
        assert lane.tus.requests == requests
        assert [u.total for u in lane.uploads()] == [1 * MB]


def test_uploads_lists_what_the_server_confirmed_so_far(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(3 * MB, seed=16)
    code = attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    assert [(u.dossier_code, u.sent, u.total) for u in lane.uploads()] == [(code, 0, 3 * MB)]
    proxy.cut_after(up=1 * MB)
    real_patch = lane.tus.patch

    def then_down(url: str, offset: int, data: bytes, checksum: str | None = None) -> int:
        if proxy.cuts:
            proxy.set_mode("reset")
        return real_patch(url, offset, data, checksum)

    lane.tus.patch = then_down  # type: ignore[method-assign]
    with client:
        assert lane.run() == 0
    (state,) = lane.uploads()
    assert state.sha256 == hashlib.sha256(content).hexdigest()
    assert state.filename == f"{code}_TP2.pdf"
    assert 0 < state.sent < state.total == 3 * MB
