"""The files lane against the real reference server under uvicorn, through the fault-injecting
proxy: drops every 2 MB, damaged chunks, known content, abandoned uploads, a lost final answer."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from typing import Any

import pytest
import sqlalchemy as sa

from counter_app.composition import App
from counter_app.services import attachments
from counter_app.store.schema import file_uploads
from sync.protocol import MAX_CHUNK
from sync.tus import Transient, TusClient, chunk_checksum
from tests.central_server import CentralServer
from tests.netproxy import NetProxy
from tests.sync.files_support import (
    MB,
    DeviceCredentials,
    attach,
    blob,
    lane_via,
    payload,
    receive,
)
from tests.sync.keyring_support import memory_keyring  # noqa: F401

#: Request and response headers of one tus call, generously.
HEADERS = 1024


def _rows(app: App) -> list[Any]:
    with app.store.read() as tx:
        return list(tx.conn.execute(sa.select(file_uploads)).all())


def _server_has(server: CentralServer, content: bytes) -> bool:
    return blob(server, hashlib.sha256(content).hexdigest()) == content


@pytest.fixture
def device(central: CentralServer) -> DeviceCredentials:
    registered = central.register_device("Quầy thử")
    return DeviceCredentials(central.url, registered.device_id, registered.secret)


def test_50mb_over_a_link_dropping_every_2mb_resends_at_most_one_chunk_per_drop(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(50 * MB, seed=1)
    attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    device.authorization()  # the token fetched outside the measured link
    proxy.reset_counters()
    proxy.cut_after(up=2 * MB, repeat=True)
    with client:
        assert lane.run() == 1
    assert _server_has(central, content)
    assert proxy.cuts >= 20  # 50 MB through a link cut every 2 MB
    stats = lane.stats
    # every drop re-sent at most the one chunk that was under way (never more than 4 MiB)
    assert stats.drops >= proxy.cuts - 1
    assert stats.lost_in_flight <= stats.drops * MAX_CHUNK
    overhead = proxy.bytes_up - len(content)
    assert overhead <= stats.lost_in_flight + lane.tus.requests * HEADERS
    assert [r.done_at is not None for r in _rows(app)] == [True]
    assert lane.pending_count() == 0


def test_a_damaged_chunk_is_answered_460_and_sent_again(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(3 * MB, seed=2)
    attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    real_patch = lane.tus.patch
    damaged: list[int] = []

    def patch_damaging_once(url: str, offset: int, data: bytes, checksum: str | None = None) -> int:
        if not damaged:  # the checksum of other bytes: what a byte flipped on the way gives
            damaged.append(offset)
            return real_patch(url, offset, data, chunk_checksum(b"\x00" + data[1:]))
        return real_patch(url, offset, data, checksum)

    lane.tus.patch = patch_damaging_once  # type: ignore[method-assign]
    with client:
        assert lane.run() == 1
    assert damaged == [0]
    assert lane.stats.checksum_resends == 1
    assert _server_has(central, content)


def test_content_the_centre_has_is_done_at_creation_without_a_body(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(2 * MB, seed=3)
    attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    with client:
        assert lane.run() == 1
        attach(app, content, code=receive(app, "Trần Văn Bình"))  # the same file, another dossier
        device.authorization()
        proxy.reset_counters()
        assert lane.pending_count() == 1
        assert lane.run() == 1
    assert proxy.bytes_up < 2 * HEADERS  # one creation request, no body
    assert lane.stats.known_at_creation == 1
    assert lane.pending_count() == 0


def test_a_file_is_done_only_when_the_server_confirms_the_whole_length(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(1 * MB, seed=4)
    attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    real_patch = lane.tus.patch

    def answer_lost(url: str, offset: int, data: bytes, checksum: str | None = None) -> int:
        new = real_patch(url, offset, data, checksum)
        if new == len(content):  # the server took the last byte; its answer never arrives
            proxy.set_mode("reset")
            raise Transient("answer lost")
        return new

    lane.tus.patch = answer_lost  # type: ignore[method-assign]
    with client:
        assert lane.run() == 0
        (row,) = _rows(app)
        assert row.done_at is None and row.last_error == "upload_link_down"
        assert lane.pending_count() == 1
        proxy.heal()
        lane.tus.patch = real_patch  # type: ignore[method-assign]
        with app.store.write() as tx:  # due again now
            tx.conn.execute(file_uploads.update().values(next_attempt_at=None))
        proxy.reset_counters()
        assert lane.run() == 1
    assert proxy.bytes_up < 2 * HEADERS  # asked the offset (HEAD), sent nothing again
    assert _server_has(central, content)


def test_an_abandoned_upload_is_terminated_at_the_centre(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(4 * MB, seed=5)
    code = attach(app, content)
    lane, client = lane_via(app, proxy.url, device)
    proxy.set_mode("reset")
    with client:
        lane.tus.create = _created_then_drop(lane.tus, proxy)  # type: ignore[method-assign]
        assert lane.run() == 0
        (row,) = _rows(app)
        assert row.url and row.done_at is None
        attachments.delete_scan(app.services, code, "TP2", "canbo1")
        proxy.heal()
        assert lane.pending_count() == 0
        assert lane.run() == 0
        assert lane.stats.terminated == 1
        assert _rows(app) == []
        gone = client.head(row.url, headers={"Tus-Resumable": "1.0.0", **_auth(device)})
    assert gone.status_code == 404


def _created_then_drop(tus: TusClient, proxy: NetProxy) -> Any:
    real_create = tus.create

    def create(length: int, metadata: dict[str, str]) -> Any:
        proxy.heal()
        created = real_create(length, metadata)
        proxy.set_mode("reset")
        return created

    return create


def _auth(device: DeviceCredentials) -> dict[str, str]:
    return {"Authorization": device.authorization()}


def test_an_upload_resumes_at_the_servers_offset_after_the_client_is_killed(
    app: App, central: CentralServer, device: DeviceCredentials, proxy: NetProxy
) -> None:
    content = payload(8 * MB, seed=6)
    attach(app, content)
    proxy.rate_bps = 2 * MB  # slow enough to kill the client half-way
    child = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.sync.files_child",
            str(app.data_dir),
            proxy.url,
            device.device_id,
        ],
        env={**os.environ, "DEVICE_SECRET": device.device_secret},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 60
    confirmed = 0
    while time.monotonic() < deadline and child.poll() is None and confirmed < 2 * MB:
        time.sleep(0.05)
        rows = _rows(app)
        confirmed = rows[0].offset if rows else 0
    assert child.poll() is None, child.stderr.read() if child.stderr else ""
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    confirmed = _rows(app)[0].offset
    assert 0 < confirmed < len(content)
    proxy.heal()
    proxy.reset_counters()
    lane, client = lane_via(app, proxy.url, device)
    device.authorization()
    offsets: list[int] = []
    real_patch = lane.tus.patch

    def recording(url: str, offset: int, data: bytes, checksum: str | None = None) -> int:
        offsets.append(offset)
        return real_patch(url, offset, data, checksum)

    lane.tus.patch = recording  # type: ignore[method-assign]
    with client:
        assert lane.run() == 1
    assert offsets[0] >= confirmed  # resumed where the server was, not from zero
    assert proxy.bytes_up <= len(content) - confirmed + lane.tus.requests * HEADERS
    assert _server_has(central, content)
