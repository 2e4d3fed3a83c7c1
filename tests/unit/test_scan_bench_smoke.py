"""Keep the scanning benchmark runnable: a tiny run prints the promised JSON keys."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.mark.timeout(180)
def test_scan_bench_prints_its_json() -> None:
    cmd = [sys.executable, "-m", "tests.bench.scan_pipeline", "--json", "--pages", "2"]
    cmd += ["--no-ocrmypdf", "--dpi", "200"]
    result = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=170, check=False)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in (
        "pages_per_min_gray200",
        "kb_per_page_bw200",
        "kb_per_page_gray200",
        "kb_per_page_color200",
        "img2pdf_kb_per_page_gray200",
        "img2pdf_pages_per_min_gray200",
    ):
        assert isinstance(data[key], float) and data[key] > 0, key
    assert data["kb_per_page_bw200"] <= 30
    assert "ocrmypdf_skipped" in data
