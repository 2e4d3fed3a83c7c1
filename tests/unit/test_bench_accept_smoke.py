"""Keep the accept benchmark runnable: a tiny run against the foundation commit prints its JSON
(no timing asserts: speed targets live in the benchmark, never in tests)."""

from __future__ import annotations

import json
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench.accept import BASE_COMMIT
from tests.support import require

REPO = Path(__file__).resolve().parents[2]


def _has_base_commit() -> bool:
    if shutil.which("git") is None:
        return False
    found = subprocess.run(
        ["git", "-C", str(REPO), "cat-file", "-e", f"{BASE_COMMIT}^{{commit}}"],
        capture_output=True,
        check=False,
    )
    return found.returncode == 0


@pytest.mark.slow
def test_the_accept_benchmark_runs_both_trees_and_prints_its_json(tmp_path: Path) -> None:
    require(_has_base_commit(), f"git and the foundation commit {BASE_COMMIT}")
    command = [sys.executable, "-m", "tests.bench.accept", "--repeats", "1", "--rounds", "2"]
    command += ["--accepts", "5", "--json", "--dir", str(tmp_path)]
    done = subprocess.run(
        command,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == 1, done.stdout
    result = json.loads(lines[0])
    assert (result["base_commit"], result["accepts"], result["rounds"]) == (BASE_COMMIT, 5, 2)
    for key in (
        "base_accept_cpu_ms",
        "accept_cpu_ms",
        "cpu_speedup",
        "base_accepts_per_s",
        "accepts_per_s",
        "accepts_per_s_speedup",
        "anchor_sqlite_commit_per_s",
    ):
        value = result[key]
        assert isinstance(value, float) and math.isfinite(value) and value > 0, (key, value)
    assert [len(result["runs"][tree]) for tree in ("base", "ours")] == [1, 1]
    assert not list(tmp_path.iterdir()), "the benchmark left a temporary store behind"


def test_the_accept_benchmark_refuses_more_accepts_than_a_day_allows() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tests.bench.accept", "--rounds", "4", "--accepts", "250"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 2
    assert "--rounds" in done.stderr
