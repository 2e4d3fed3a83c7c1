"""The engine against the real reference server over real sockets, through the fault proxy."""

from __future__ import annotations

from counter_app.composition import App
from sync.client_api import LinkState
from sync.facade import open_sync
from tests.central_server import CentralServer
from tests.netproxy import NetProxy
from tests.sync.support import central_codes, join, receive


def test_queued_dossiers_reach_the_centre_once(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    codes = receive(live_app, 5)
    service = open_sync(live_app.services)
    report = service.sync_once()
    assert report.remaining == 0
    assert report.acknowledged == 5
    assert central_codes(central) == sorted(codes)
    status = service.status()
    assert status.state is LinkState.ONLINE
    assert status.pending_commands == 0
