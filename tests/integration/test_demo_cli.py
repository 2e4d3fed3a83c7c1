"""The demo: all or nothing, one at a time, never into a real office's store."""

from __future__ import annotations

import fcntl
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from counter_app.domain.errors import BusyError, ConflictError, NotFoundError
from counter_app.services.demo import DOSSIERS
from counter_app.store.unit_of_work import store_path
from tests.integration.errors_support import cli, expected_error


def _dossiers(data: Path) -> int:
    conn = sqlite3.connect(store_path(data))
    try:
        return int(conn.execute("SELECT count(*) FROM dossiers").fetchone()[0])
    finally:
        conn.close()


def test_demo_killed_half_way_leaves_no_half_demo(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "COUNTER_APP_DATA": str(data)}
    child = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "demo"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    wal = data / ".demo-build" / "counter.sqlite3-wal"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        if wal.exists() and wal.stat().st_size > 400_000:  # dossiers are being written
            break
        time.sleep(0.01)
    assert child.poll() is None, "the demo finished before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait(timeout=30)
    assert not store_path(data).exists()
    missing = cli(data, "find", "nguyen")
    wanted = expected_error(NotFoundError("store_not_initialised", path=str(store_path(data))))
    assert (missing.returncode, missing.stderr) == (2, wanted)
    again = cli(data, "demo")
    assert again.returncode == 0, again.stderr
    assert not (data / ".demo-build").exists()
    assert cli(data, "audit", "verify").returncode == 0
    assert _dossiers(data) == DOSSIERS


def test_a_second_demo_at_the_same_time_is_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    with (data / "demo.lock").open("a+b") as held:
        fcntl.flock(held.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)  # a demo is running
        result = cli(data, "demo")
    wanted = expected_error(BusyError("demo_already_running", path=str(data)))
    assert (result.returncode, result.stderr) == (1, wanted)
    assert not store_path(data).exists()


def test_two_demos_started_together_load_once(tmp_path: Path) -> None:
    data = tmp_path / "data"
    env = {**os.environ, "COUNTER_APP_DATA": str(data)}
    data.mkdir()
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "counter_app", "demo"],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    outcomes = sorted(child.wait(timeout=180) for child in children)
    for child in children:
        assert "Traceback" not in (child.stderr.read() if child.stderr else "")
    assert outcomes in ([0, 0], [0, 1])  # the second waits out (already loaded) or is refused
    assert cli(data, "audit", "verify").returncode == 0
    assert _dossiers(data) == DOSSIERS


def test_a_real_counter_is_never_registered_in_a_demo_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "demo").returncode == 0
    result = cli(data, "init", "--device-slot", "3")
    wanted = expected_error(ConflictError("store_not_real", path=str(store_path(data))))
    assert (result.returncode, result.stderr) == (1, wanted)
    conn = sqlite3.connect(store_path(data))
    try:
        slots = conn.execute("SELECT count(*) FROM devices").fetchone()[0]
    finally:
        conn.close()
    assert slots == 1  # only the demo's own slot 0


def test_demo_never_writes_into_a_real_store(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "init", "--device-slot", "1").returncode == 0
    result = cli(data, "demo")
    wanted = expected_error(ConflictError("demo_needs_own_folder", path=str(store_path(data))))
    assert (result.returncode, result.stderr) == (1, wanted)
    assert _dossiers(data) == 0
