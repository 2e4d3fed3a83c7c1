"""Wrong usage of `counter-app`, said by argparse in Vietnamese through our catalogue (a real
process each time): the exact sentence, exit code 2, and none of argparse's English."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGLISH = ("usage:", "error:", "required", "invalid choice", "argument", "expected", "options")


def run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_DATA": str(tmp_path / "data")}
    env.pop("COUNTER_APP_LANG", None)
    return subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


RECEIVED = ("calendar", "due", "--received", "2026-02-13T15:30")


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("calendar", "due"), "Lỗi: thiếu các tham số bắt buộc sau: --received"),
        (RECEIVED, "Lỗi: cần dùng một trong các tham số --days --hours --same-day --calendar-days"),
        (
            (*RECEIVED, "--days", "2", "--hours", "3"),
            "Lỗi: tham số --hours: không được dùng cùng với tham số --days",
        ),
        (("find",), "Lỗi: thiếu các tham số bắt buộc sau: query"),
        (("find", "a", "b"), "Lỗi: không nhận ra các tham số: b"),
        (("init", "--device-name"), "Lỗi: tham số --device-name: cần đúng một giá trị"),
        (("nonsense",), "lựa chọn 'nonsense' không hợp lệ (hãy chọn một trong: 'init', 'demo',"),
        (("audit", "check"), "lựa chọn 'check' không hợp lệ (hãy chọn một trong: 'verify')"),
    ],
)
def test_wrong_usage_is_said_in_vietnamese(
    tmp_path: Path, args: tuple[str, ...], said: str
) -> None:
    result = run(tmp_path, *args)
    assert result.returncode == 2, result.stderr
    first, hint = result.stderr.splitlines()
    assert said in first
    assert first.startswith("Lỗi: ")
    assert hint.startswith("Gõ “counter-app")
    assert not [word for word in ENGLISH if word in result.stderr.lower()], result.stderr
    assert result.stdout == ""


def test_help_is_in_vietnamese(tmp_path: Path) -> None:
    result = run(tmp_path, "calendar", "due", "--help")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("cách dùng: counter-app calendar due [-h] --received")
    assert "\ntùy chọn:\n" in result.stdout
    assert "hiện hướng dẫn này rồi thoát" in result.stdout
    assert not [word for word in ("usage:", "options:", "show this") if word in result.stdout]
