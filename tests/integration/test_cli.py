"""The `counter-app` command as a user runs it: a real process, real files, exit codes, no tracebacks."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

TIMEOUT = 180


def run(
    data_dir: Path, *args: str, lang: str | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    env.pop("COUNTER_APP_LANG", None)
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=env,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo")
    result = run(data_dir, "demo")
    assert result.returncode == 0, result.stderr
    return data_dir


def test_demo_then_due_date_across_tet_2026(demo_dir: Path) -> None:
    result = run(demo_dir, "calendar", "due", "--received", "2026-02-13T15:30", "--days", "5")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "2026-02-27T17:00"


@pytest.mark.parametrize(
    ("args", "first_line"),
    [
        (("--same-day",), "2026-02-23T17:00"),
        (("--hours", "4"), "2026-02-23T11:00"),
        (("--calendar-days", "3"), "2026-02-26T17:00"),
    ],
)
def test_due_units(demo_dir: Path, args: tuple[str, ...], first_line: str) -> None:
    result = run(demo_dir, "calendar", "due", "--received", "2026-02-13T15:30", *args)
    assert result.stdout.splitlines()[0] == first_line


def test_due_with_the_centres_overrides(demo_dir: Path, tmp_path: Path) -> None:
    overrides = tmp_path / "centre.json"
    overrides.write_text(json.dumps({"days_off": ["2026-02-23"], "working_days": []}))
    result = run(
        demo_dir,
        "calendar",
        "due",
        "--received",
        "2026-02-13T15:30",
        "--days",
        "5",
        "--calendar",
        str(overrides),
    )
    assert result.stdout.splitlines()[0] == "2026-03-02T17:00"


def test_demo_is_idempotent_and_findable(demo_dir: Path) -> None:
    again = run(demo_dir, "demo")
    assert again.returncode == 0
    found = run(demo_dir, "find", "nguyen", "--json")
    rows = json.loads(found.stdout)
    assert rows and all(r["applicant_name"].startswith("Nguyễn") for r in rows)
    by_code = run(demo_dir, "find", rows[0]["code"])
    assert rows[0]["code"] in by_code.stdout


def test_demo_has_assorted_states(demo_dir: Path) -> None:
    with sqlite3.connect(demo_dir / "counter.sqlite3") as conn:
        statuses = dict(conn.execute("SELECT status, count(*) FROM dossiers GROUP BY status"))
        procedures = conn.execute("SELECT count(*) FROM procedures").fetchone()[0]
    assert sum(statuses.values()) >= 40 and procedures == 35
    assert {2, 3, 4, 5, 6, 7, 8, 9, 10} <= set(statuses)


def test_audit_verify_backup_and_doctor(demo_dir: Path, tmp_path: Path) -> None:
    assert run(demo_dir, "audit", "verify").returncode == 0
    target = tmp_path / "backup.sqlite3"
    assert run(demo_dir, "backup", "--to", str(target)).returncode == 0
    with sqlite3.connect(target) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM dossiers").fetchone()[0] >= 40
    again = run(demo_dir, "backup", "--to", str(target))
    assert again.returncode != 0 and again.stderr.strip()
    doctor = run(demo_dir, "doctor")
    assert doctor.returncode == 0 and "1000" in doctor.stdout


@pytest.mark.parametrize(
    "args",
    [
        ("calendar", "due", "--received", "hôm qua", "--days", "2"),
        ("calendar", "due", "--received", "2026-02-13T15:30"),
        ("calendar", "due", "--received", "2026-02-13T15:30", "--days", "-1"),
        ("calendar", "due", "--received", "2026-02-13T15:30", "--days", "2", "--hours", "3"),
        ("nonsense",),
        ("find",),
    ],
)
def test_bad_arguments_are_explained_in_vietnamese(demo_dir: Path, args: tuple[str, ...]) -> None:
    result = run(demo_dir, *args)
    assert result.returncode == 2
    assert result.stderr.startswith("Lỗi:"), result.stderr


def test_bad_calendar_file(demo_dir: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"days_off": ["2026-02-30"]}')
    result = run(
        demo_dir,
        "calendar",
        "due",
        "--received",
        "2026-02-13T15:30",
        "--days",
        "1",
        "--calendar",
        str(bad),
    )
    assert result.returncode == 2 and result.stderr.startswith("Lỗi:")
    missing = run(
        demo_dir,
        "calendar",
        "due",
        "--received",
        "2026-02-13T15:30",
        "--days",
        "1",
        "--calendar",
        str(tmp_path / "nope.json"),
    )
    assert missing.returncode == 2 and missing.stderr.startswith("Lỗi:")
    assert "--calendar" in missing.stderr and "settings.toml" not in missing.stderr


def test_missing_and_damaged_store(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    result = run(empty, "find", "nguyen")
    assert result.returncode == 2 and "counter-app init" in result.stderr  # wrong folder: input
    damaged = tmp_path / "damaged"
    assert run(damaged, "init").returncode == 0
    for leftover in damaged.glob("counter.sqlite3*"):
        leftover.unlink()
    (damaged / "counter.sqlite3").write_bytes(b"this is not a database" * 100)
    for args in (("find", "nguyen"), ("audit", "verify"), ("doctor",)):
        result = run(damaged, *args)
        assert result.returncode == 1, args
        assert (result.stderr + result.stdout).strip()


def test_bad_settings_name_the_key(tmp_path: Path) -> None:
    assert run(tmp_path, "init").returncode == 0
    settings = tmp_path / "settings.toml"
    settings.write_text(settings.read_text().replace('cutoff = "15:00"', 'cutoff = "25:00"'))
    result = run(tmp_path, "find", "nguyen")
    assert result.returncode == 2 and "office.cutoff" in result.stderr


def test_gui_starts_with_no_subcommand(demo_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``counter-app`` alone asks who signs in (the smoke-test hook types the demo staff's
    user name and password into the real dialog), opens the window (offscreen here) and, asked
    to, leaves once the working queue is on screen; a wrong password is refused (exit 2)."""
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setenv("COUNTER_APP_EXIT_WHEN_READY", "1")
    result = run(demo_dir, stdin="canbo1\ndemo\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("READY ")
    wrong = run(demo_dir, stdin="canbo1\nnot-the-password\n")
    assert wrong.returncode == 2 and "READY" not in wrong.stdout
    assert "REFUSED" in wrong.stderr and "mật khẩu" in wrong.stderr.lower()
