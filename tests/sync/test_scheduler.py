"""Sync on its own: when the link returns (probing with backoff) and on a timer, not only after
a local change — the scheduler thread against the real server behind the fault proxy."""

from __future__ import annotations

import time
from collections.abc import Callable

from counter_app.composition import App
from sync.backoff import Backoff
from sync.engine import SyncEngine
from sync.scheduler import SyncScheduler
from tests.central_server import CentralServer
from tests.netproxy import NetProxy
from tests.sync.support import central_codes, join, receive


def _until(condition: Callable[[], bool], timeout: float = 15.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


def test_syncs_when_the_link_returns_and_on_a_timer(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    proxy.set_mode("reset")  # the link is down before anything is sent
    codes = receive(live_app, 2)
    engine = SyncEngine(live_app.services, sleep=lambda _s: None)
    scheduler = SyncScheduler(engine, interval_s=0.5, probe_backoff=Backoff(0.2, 0.5))
    scheduler.start()
    try:
        assert _until(lambda: scheduler.probes >= 2)  # probing while the centre is away
        assert central_codes(central) == []
        proxy.heal()  # the link returns: no local change, no poke
        assert _until(lambda: central_codes(central) == sorted(codes))
        more = receive(live_app, 1, start=10)  # no poke: the timer picks it up
        assert _until(lambda: central_codes(central) == sorted(codes + more))
    finally:
        scheduler.stop()
        engine.close()
