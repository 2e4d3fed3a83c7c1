"""Crash safety: SIGKILL a writer at random moments; the store must always be whole.

A fresh writer child (``kill_writer_child``) accepts dossiers in a loop on the SAME store and
prints each code after its transaction committed. The parent kills it with SIGKILL at a random
moment — during start-up, after a random delay once it is ready, or right after its k-th commit —
at least 50 times, and after every kill opens the store and checks that nothing is half written.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from counter_app.domain.codes import DossierCode
from counter_app.domain.vntime import VN_TZ
from counter_app.store.audit import verify_chain
from counter_app.store.unit_of_work import open_store
from tests.integration.kill_writer_child import TickingClock, build_store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX-only")

REPO = Path(__file__).resolve().parents[2]
CHILD = "tests.integration.kill_writer_child"
KILLS = 50
SEED = 20260302
#: Each child works on its own day (a fresh block of 999), one clock second per accept.
BASE = datetime(2026, 1, 5, 7, 30, tzinfo=VN_TZ)
LINE_TIMEOUT_S = 30.0


class LineReader:
    """Lines from a child's stdout with a deadline (no hang if the child stalls)."""

    def __init__(self, proc: subprocess.Popen[bytes]) -> None:
        assert proc.stdout is not None
        self._fd = proc.stdout.fileno()
        self._buffer = b""
        self.eof = False

    def readline(self, timeout: float = LINE_TIMEOUT_S) -> str | None:
        deadline = time.monotonic() + timeout
        while b"\n" not in self._buffer:
            if self.eof:
                return None
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("the writer child said nothing in time")
            ready, _, _ = select.select([self._fd], [], [], left)
            if ready:
                chunk = os.read(self._fd, 65536)
                if not chunk:
                    self.eof = True
                self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def rest(self) -> list[str]:
        """Every complete line still to come, up to end of file (the child is dead)."""
        lines = []
        while (line := self.readline()) is not None:
            lines.append(line)
        return lines


@dataclass
class Tally:
    printed: set[str] = field(default_factory=set)
    modes: dict[str, int] = field(default_factory=dict)
    #: kills that landed after a commit but before its code was printed
    unprinted_commits: int = 0


def check_store(data_dir: Path, printed: set[str]) -> int:
    """Every invariant of a whole store; returns the number of dossiers."""
    store = open_store(data_dir)
    try:
        assert store.integrity_check() == ["ok"]
        with store.read() as tx:
            c = tx.conn

            def scalar(sql: str) -> int:
                return int(c.exec_driver_sql(sql).scalar_one())

            codes = [str(r[0] or "") for r in c.exec_driver_sql("SELECT code FROM dossiers")]
            assert all(codes), "a dossier without a code"
            assert len(set(codes)) == len(codes)
            assert (
                scalar(
                    "SELECT count(*) FROM dossiers d WHERE (SELECT count(*) FROM outbox o"
                    " WHERE o.dossier_id = d.id AND o.event = 'dossier.received') != 1"
                )
                == 0
            ), "a dossier without exactly one dossier.received outbox entry"
            assert (
                scalar(
                    "SELECT count(*) FROM dossiers d WHERE NOT EXISTS"
                    " (SELECT 1 FROM audit_log a WHERE a.dossier_id = d.id)"
                )
                == 0
            ), "a dossier without its audit entry"
            assert (
                scalar(
                    "SELECT count(*) FROM outbox o WHERE NOT EXISTS"
                    " (SELECT 1 FROM dossiers d WHERE d.id = o.dossier_id)"
                )
                == 0
            ), "an outbox entry without its dossier"
            assert (
                scalar(
                    "SELECT count(*) FROM audit_log a WHERE a.dossier_id IS NOT NULL AND NOT"
                    " EXISTS (SELECT 1 FROM dossiers d WHERE d.id = a.dossier_id)"
                )
                == 0
            ), "an audit entry without its dossier"
            assert scalar("SELECT count(*) FROM outbox") == len(codes)
            report = verify_chain(c)
            assert report.ok, report.problems
            assert report.entries == len(codes)
            device = tx.devices.local("000.00.06.H56")
        if codes:
            parsed = [DossierCode.parse(code) for code in codes]
            last_day = max(p.day for p in parsed)
            assert device.state.day == last_day
            assert device.state.last_seq == max(p.seq for p in parsed if p.day == last_day)
        else:
            assert device.state.day is None and device.state.last_seq == 0
        missing = printed - set(codes)
        assert not missing, f"committed (printed) codes lost: {sorted(missing)[:5]}"
        return len(codes)
    finally:
        store.close()


def kill_once(data_dir: Path, run: int, rnd: random.Random, tally: Tally) -> int:
    """Start a fresh child, kill it at a random moment; the codes it reported as committed."""
    start = BASE + timedelta(days=run)
    proc = subprocess.Popen(
        [sys.executable, "-m", CHILD, str(data_dir), start.isoformat()],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    reader = LineReader(proc)
    seen: list[str] = []
    try:
        mode = rnd.choices(("startup", "ready", "commits"), (1, 4, 5))[0]
        tally.modes[mode] = tally.modes.get(mode, 0) + 1
        if mode == "startup":
            time.sleep(rnd.uniform(0.0, 0.8))
        else:
            assert reader.readline() == "ready", proc.stderr.read() if proc.stderr else ""
            if mode == "ready":
                time.sleep(rnd.uniform(0.0, 0.25))
            else:
                for _ in range(rnd.randint(1, 60)):
                    line = reader.readline()
                    assert line is not None
                    seen.append(line)
                if rnd.random() < 0.7:
                    time.sleep(rnd.uniform(0.0, 0.004))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=LINE_TIMEOUT_S)
        seen.extend(reader.rest())
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        stderr = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stdout:
            proc.stdout.close()
        if proc.stderr:
            proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL, f"the child died by itself:\n{stderr}"
    codes = [line for line in seen if line not in ("ready", "done")]
    tally.printed.update(codes)
    return len(codes)


@pytest.mark.slow
def test_sigkill_at_random_moments_never_leaves_a_partial_accept(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_store(data_dir, TickingClock(BASE - timedelta(days=1))).close()
    rnd = random.Random(SEED)
    tally = Tally()
    stored = check_store(data_dir, tally.printed)
    for run in range(KILLS):
        before = stored
        printed_now = kill_once(data_dir, run, rnd, tally)
        stored = check_store(data_dir, tally.printed)
        # Every printed code is stored; at most one commit can be stored but not yet printed.
        assert before + printed_now <= stored <= before + printed_now + 1
        tally.unprinted_commits += stored - before - printed_now
    print(  # visible with -s: how the kills landed
        f"kills={KILLS} modes={tally.modes} committed={stored} printed={len(tally.printed)}"
        f" committed-but-unprinted={tally.unprinted_commits}"
    )
    assert len(tally.printed) > KILLS  # the children did real work between kills
    assert tally.modes.get("commits", 0) >= 10 and tally.modes.get("ready", 0) >= 10
