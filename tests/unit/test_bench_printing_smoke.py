"""Keep the printing benchmark runnable: a tiny run prints the promised JSON (no timing asserts)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KEYS = ("receipt_ms_median", "receipts_1000_s", "raw_reportlab_ms_median", "receipt_vs_raw_ratio")


@pytest.mark.slow
def test_the_printing_benchmark_runs_and_prints_its_json() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.printing", "--json", "--runs", "2", "--receipts", "3"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert all(isinstance(result[k], float | int) and result[k] > 0 for k in KEYS)
