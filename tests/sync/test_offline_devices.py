"""Two counters of one agency, each registered with the centre (which hands out the slots), work
offline for 30 simulated days (the core's clock injection), then sync: no two dossiers share a
code, and the centre refuses none (no ``code_clash``, no code outside a slot)."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from counter_app.composition import App, open_app
from counter_app.domain.vntime import now_vn
from counter_app.ports import FixedClock
from sync.facade import open_sync
from tests.central_server import CentralServer
from tests.sync.support import central_codes, join, receive

DAYS, PER_DAY = 30, 3


def _offline_month(app: App, start: FixedClock) -> list[str]:
    ctx = replace(app.services, clock=start)
    offline = App(app.data_dir, app.settings, app.store, ctx)
    codes: list[str] = []
    for _day in range(DAYS):
        codes += receive(offline, PER_DAY, start=len(codes))
        start.advance(timedelta(days=1))
    return codes


def test_two_counters_offline_for_30_days_issue_no_clashing_codes(
    live_app: App, central: CentralServer, template_dir: Path, tmp_path: Path
) -> None:
    other_dir = tmp_path / "second"
    shutil.copytree(template_dir, other_dir)
    other = open_app(other_dir)
    try:
        first_grant = join(live_app, central, name="QUẦY 1")
        second_grant = join(other, central, name="QUẦY 2")
        assert first_grant.slot != second_grant.slot  # the centre owns the slot register
        month_ago = now_vn().replace(hour=8, minute=30) - timedelta(days=DAYS)
        codes_a = _offline_month(live_app, FixedClock(month_ago))
        codes_b = _offline_month(other, FixedClock(month_ago))
        assert not set(codes_a) & set(codes_b)
        reports = [open_sync(app.services).sync_once() for app in (live_app, other)]
    finally:
        other.close()
    assert [(r.parked, r.remaining) for r in reports] == [(0, 0), (0, 0)]
    assert central_codes(central) == sorted(codes_a + codes_b)
    assert len(codes_a) == len(codes_b) == DAYS * PER_DAY
