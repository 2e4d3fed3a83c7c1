"""The tracking book's entry numbers (TT 03/2025/TT-VPCP Mẫu 07: continuous over the year, never
repeated) with two processes receiving into one store at the same time."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from sqlalchemy import select

from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.store import schema as t
from counter_app.store.unit_of_work import open_store
from tests.integration.kill_writer_child import build_store

REPO = Path(__file__).resolve().parents[2]
PER_WRITER = 120


def _writer(data_dir: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "tests.integration.kill_writer_child",
            str(data_dir),
            "system",
            "--max",
            str(PER_WRITER),
            "--wait-go",
            "--pause",
            "0.002",
        ],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_processes_get_continuous_never_repeated_entry_numbers(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_store(data_dir, FixedClock(datetime(2020, 1, 1, tzinfo=VN_TZ))).close()
    writers = [_writer(data_dir) for _ in range(2)]
    try:
        for proc in writers:
            assert proc.stdout is not None and proc.stdout.readline().strip() == "ready"
        for proc in writers:
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=120) for proc in writers]
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (_, err) in zip(writers, outputs, strict=True):
        assert proc.returncode == 0, err
    store = open_store(data_dir)
    try:
        with store.read() as tx:
            entries = tx.conn.execute(
                select(t.tracking_book_entries.c.number, t.tracking_book_entries.c.dossier_code)
            ).all()
            bodies = {
                r.code: json.loads(r.body) if isinstance(r.body, str) else r.body
                for r in tx.conn.execute(select(t.dossiers.c.code, t.dossiers.c.body))
            }
    finally:
        store.close()
    numbers = sorted(n for n, _ in entries)
    assert numbers == list(range(1, 2 * PER_WRITER + 1))  # continuous, none repeated
    assert len(bodies) == 2 * PER_WRITER
    # the number stored on each dossier is the one in the book
    assert {c: bodies[c]["tracking"]["number"] for _, c in entries} == {c: n for n, c in entries}
