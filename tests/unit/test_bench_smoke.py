"""Keep the store benchmark runnable: a tiny run must print the promised JSON (no timing asserts)."""

from __future__ import annotations

import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

FLOAT_KEYS = (
    "lookup_code_ms_p50",
    "lookup_code_ms_p95",
    "lookup_id_ms_p50",
    "lookup_id_ms_p95",
    "lookup_phone_ms_p50",
    "lookup_phone_ms_p95",
    "name_prefix_ms_p50",
    "name_prefix_ms_p95",
    "accepts_per_s_full",
    "accept_ms_p50",
    "accept_ms_p95",
    "accept_cpu_ms_mean",
    "anchor_sqlite_commit_per_s",
    "anchor_commit_ms",
    "accepts_vs_anchor_ratio",
    "insert_rows_per_s",
    "db_size_mb",
    "rss_mb_peak",
)


@pytest.mark.slow
def test_the_store_benchmark_runs_and_prints_its_json(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.bench.store",
            "--rows",
            "2000",
            "--lookups",
            "50",
            "--accepts",
            "50",
            "--json",
            "--dir",
            str(tmp_path),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout
    result = json.loads(lines[0])
    assert result["rows"] == 2000
    assert isinstance(result["rows"], int)
    for key in FLOAT_KEYS:
        value = result[key]
        assert isinstance(value, int | float) and not isinstance(value, bool), key
        assert math.isfinite(value) and value > 0, (key, value)
    assert result["lookup_code_ms_p50"] <= result["lookup_code_ms_p95"]
    assert result["name_prefix_ms_p50"] <= result["name_prefix_ms_p95"]
    assert set(result["lookup_hit_rates"]) == {"code", "id", "phone", "name"}
    assert all(0.5 < rate <= 1 for rate in result["lookup_hit_rates"].values())
    assert not list(tmp_path.iterdir()), "the benchmark left its temporary store behind"


def test_the_benchmark_rejects_bad_arguments() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.store", "--rows", "0", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--rows" in done.stderr
