"""The client killed with SIGKILL at random points while it receives dossiers and syncs them
(50 runs, each a forked process restarted on the same store): afterwards every dossier accepted
on the counter is on the centre exactly once, and every queued command was applied once."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import time
from pathlib import Path

from counter_app.composition import App, open_app
from counter_app.store.unit_of_work import store_path
from sync.engine import SyncEngine
from sync.facade import open_sync
from tests.central_server import CentralServer
from tests.sync.support import central_codes, central_commands, join, receive

RUNS = 50


def _child(data_dir: Path, ready: int, run: int) -> None:
    """Receive and sync in small batches until killed (never returns into pytest)."""
    status = 1
    try:
        app = open_app(data_dir)
        engine = SyncEngine(app.services, batch_size=2)
        os.write(ready, b"r")
        i = 0
        while True:
            receive(app, 3, start=run * 1000 + i)
            i += 3
            with contextlib.suppress(Exception):  # the link's trouble: go on receiving
                engine.sync_once()
    except BaseException:
        status = 2
    finally:
        os._exit(status)


def _acked_there_not_here(data_dir: Path, central: CentralServer) -> set[str]:
    with sqlite3.connect(store_path(data_dir)) as conn:
        unacked = {r[0] for r in conn.execute("SELECT id FROM outbox WHERE sent_at IS NULL")}
    with sqlite3.connect(central.db_url.removeprefix("sqlite:///")) as conn:
        held = {r[0] for r in conn.execute("SELECT id FROM commands")}
    return unacked & held


def _local(data_dir: Path) -> tuple[list[str], int]:
    with sqlite3.connect(store_path(data_dir)) as conn:
        codes = sorted(r[0] for r in conn.execute("SELECT code FROM dossiers"))
        commands = int(conn.execute("SELECT count(*) FROM outbox").fetchone()[0])
    return codes, commands


def test_sigkill_at_random_points_loses_and_repeats_nothing(
    live_app: App, central: CentralServer
) -> None:
    join(live_app, central)
    data_dir = live_app.data_dir
    live_app.close()
    rng = random.Random(20261128)
    windows = 0  # kills that fell between the centre's commit and the acknowledgement here
    for run in range(RUNS):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            _child(data_dir, write_end, run)
        os.close(write_end)
        assert os.read(read_end, 1) == b"r"
        os.close(read_end)
        time.sleep(rng.uniform(0.0, 0.25))
        os.kill(pid, signal.SIGKILL)
        _pid, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status), f"run {run}: the child ended on its own ({status})"
        windows += bool(_acked_there_not_here(data_dir, central))
    final = open_app(data_dir)
    try:
        report = open_sync(final.services).sync_once()
    finally:
        final.close()
    assert report.remaining == 0
    codes, commands = _local(data_dir)
    assert len(codes) >= RUNS
    assert central_codes(central) == codes  # every accepted dossier, once
    assert central_commands(central) == commands  # every command applied exactly once
    assert windows >= 5  # the kills did fall between the centre's commit and the ack here
