"""The files lane beside the commands lane (the engine's ``sync_once``), against the real server:
a big upload never holds a status change back."""

from __future__ import annotations

import hashlib
import threading
import time

import httpx
import pytest

from counter_app.composition import App
from counter_app.services.central_link import load_link
from sync.engine import SyncEngine
from sync.facade import open_sync
from sync.files_lane import FilesLane
from sync.scheduler import SyncScheduler
from tests.central_server import CentralServer
from tests.netproxy import NetProxy
from tests.sync.files_support import MB, attach, blob, payload
from tests.sync.support import central_codes, join, receive


def test_sync_once_pushes_the_commands_then_uploads_the_files(
    live_app: App, central: CentralServer, proxy: NetProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    join(live_app, central, proxy.url)
    content = payload(3 * MB, seed=8)
    code = attach(live_app, content)
    at_first_patch: list[list[str]] = []
    import sync.engine

    real_factory = sync.engine.files_lane

    def watched(*args: object) -> FilesLane:
        lane = real_factory(*args)  # type: ignore[arg-type]
        assert lane is not None
        real_patch = lane.tus.patch

        def patch(url: str, offset: int, data: bytes, checksum: str | None = None) -> int:
            if not at_first_patch:
                at_first_patch.append(central_codes(central))
            return real_patch(url, offset, data, checksum)

        lane.tus.patch = patch  # type: ignore[method-assign]
        return lane

    monkeypatch.setattr(sync.engine, "files_lane", watched)
    service = open_sync(live_app.services)
    assert service.status().pending_files == 1
    report = service.sync_once()
    assert (report.files_uploaded, report.remaining) == (1, 0)
    assert at_first_patch == [[code]]  # the dossier was at the centre before any file byte
    assert service.status().pending_files == 0
    assert blob(central, hashlib.sha256(content).hexdigest()) == content


def test_a_commands_round_is_not_held_up_by_a_big_upload_running_beside_it(
    live_app: App, central: CentralServer, proxy: NetProxy, monkeypatch: pytest.MonkeyPatch
) -> None:
    join(live_app, central, proxy.url)
    attach(live_app, payload(8 * MB, seed=9))
    monkeypatch.setattr("sync.engine.files_lane", lambda *args: None)  # the files run beside
    engine = SyncEngine(live_app.services)
    engine.sync_once()  # the attach's own commands
    link = load_link(live_app.store)
    assert link is not None
    proxy.rate_bps = MB  # one link, shared: 8 MB take 8 s
    uploaded: list[int] = []
    with httpx.Client(timeout=30) as client:
        lane = FilesLane(live_app.services, client, proxy.url, engine.credentials(link))
        worker = threading.Thread(target=lambda: uploaded.append(lane.run()))
        worker.start()
        deadline = time.monotonic() + 30
        while lane.stats.confirmed == 0 and time.monotonic() < deadline:
            time.sleep(0.05)
        codes = receive(live_app, 1)
        started = time.monotonic()
        report = engine.sync_once()
        took = time.monotonic() - started
        upload_still_running = worker.is_alive()
        worker.join(timeout=60)
    engine.close()
    assert (report.acknowledged, report.remaining) == (1, 0)
    assert codes[0] in central_codes(central)
    assert upload_still_running, "the upload ended before the commands round: nothing shown"
    assert took < 2.5, f"the commands round took {took:.1f} s beside the upload"
    assert uploaded == [1]


def test_the_scheduler_sends_a_status_change_while_its_files_thread_uploads(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    """The scheduler's own threads: a scan crawling up a slow link (8 MB at 1 MB/s) while a
    dossier received meanwhile reaches the centre at once, before the upload ends."""
    join(live_app, central, proxy.url)
    attach(live_app, payload(8 * MB, seed=10))
    engine = SyncEngine(live_app.services, sleep=lambda _s: None)
    engine.sync_commands()  # the attach's own commands
    proxy.rate_bps = MB
    scheduler = SyncScheduler(engine, interval_s=60.0)
    scheduler.start()
    try:
        deadline = time.monotonic() + 30
        while not _uploading(central) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert _uploading(central), "the files thread never started the upload"
        codes = receive(live_app, 1, start=20)
        scheduler.poke()
        started = time.monotonic()
        while codes[0] not in central_codes(central) and time.monotonic() - started < 10:
            time.sleep(0.05)
        took = time.monotonic() - started
        assert codes[0] in central_codes(central)
        assert engine.files_busy(), "the upload ended before the dossier: nothing shown"
        assert took < 2.5, f"the dossier waited {took:.1f} s behind the upload"
    finally:
        scheduler.stop(timeout=30)
        engine.close()


def _uploading(central: CentralServer) -> bool:
    """Has the centre received any byte of an upload yet?"""
    return any(p.stat().st_size > 0 for p in central.files_dir.rglob("*") if p.is_file())
