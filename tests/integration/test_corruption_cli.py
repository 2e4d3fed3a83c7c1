"""Damage inside the file (not only a bad header): doctor reports it, audit verify does not call
the log intact, backup blames the store and not the target."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from counter_app.store.unit_of_work import store_path
from tests.integration.errors_support import cli


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("corrupt") / "demo"
    assert cli(folder, "demo").returncode == 0
    return folder


def _index_root_page(path: Path, index: str) -> int:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", (index,)).fetchone()
        return int(row[0])
    finally:
        conn.close()


@pytest.fixture(params=["middle", "index"])
def damaged(demo: Path, tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    """Pages damaged inside a healthy file: four in the middle, or the root page of an index
    that reading the audit log never touches (only SQLite's own check can see that one)."""
    data = tmp_path / "data"
    shutil.copytree(demo, data)
    path = store_path(data)
    if request.param == "middle":
        offset = path.stat().st_size // 2
    else:
        offset = (_index_root_page(path, "ix_dossiers_status_due") - 1) * 4096
    with path.open("r+b") as handle:
        handle.seek(offset)
        handle.write(b"\xde\xad\xbe\xef" * 4096)
    return data


DAMAGED_WORDS = "bị hỏng"  # "is damaged"
INTACT_WORDS = ("nguyên vẹn", "Không có dữ liệu nào bị mất")  # "intact", "nothing was lost"


def test_doctor_reports_page_damage(damaged: Path) -> None:
    result = cli(damaged, "doctor")
    assert result.returncode == 1
    assert DAMAGED_WORDS in result.stdout and result.stderr == ""
    assert result.stdout.strip().endswith("Một số mục kiểm tra không đạt.")


def test_audit_verify_does_not_say_intact(damaged: Path) -> None:
    result = cli(damaged, "audit", "verify")
    assert result.returncode == 1
    assert result.stderr.startswith("Lỗi: ") and DAMAGED_WORDS in result.stderr
    assert str(store_path(damaged)) in result.stderr
    for words in INTACT_WORDS:
        assert words not in result.stdout + result.stderr


def test_backup_blames_the_store_not_the_target(damaged: Path, tmp_path: Path) -> None:
    target = tmp_path / "backup.sqlite3"
    result = cli(damaged, "backup", "--to", str(target))
    assert result.returncode == 1
    assert DAMAGED_WORDS in result.stderr and str(store_path(damaged)) in result.stderr
    assert str(target) not in result.stderr
    assert not target.exists()
