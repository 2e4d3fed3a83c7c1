"""Keep the sync drain benchmark runnable: a tiny run prints the promised JSON (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_drain_benchmark_runs_and_prints_its_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.sync_drain", "--json", "--dossiers", "20"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    figures = json.loads(done.stdout.strip().splitlines()[-1])
    assert figures["dossiers"] == 20
    assert figures["drain_10k_s"] > 0
