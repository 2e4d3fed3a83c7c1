"""Backups that work on a real USB stick, and a restore that checks before it replaces (issue 5 §6).

The FAT test formats a real FAT file system (mkfs.vfat) and mounts it with fusefat: this
sandbox's kernel has no vfat module for a loop mount, but FUSE works, and fusefat behaves as a
stick does for us (no hard links, no chmod). Under CI=true a missing tool is a failure.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import stat
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.composition import open_app
from counter_app.domain.errors import Cancelled
from counter_app.ports import Progress
from counter_app.store.unit_of_work import store_path
from tests.integration.cli_support import demo_copy, receive, run, says, stored_codes
from tests.support import require

MKFS = shutil.which("mkfs.vfat") or next(
    (p for p in ("/usr/sbin/mkfs.vfat", "/sbin/mkfs.vfat") if Path(p).exists()), None
)
FUSEFAT = shutil.which("fusefat")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("backup-demo") / "data"
    result = run(data_dir, "demo")
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture
def office(demo_template: Path, tmp_path: Path) -> Path:
    return demo_copy(demo_template, tmp_path / "data")


@pytest.fixture
def fat_stick(tmp_path: Path) -> Iterator[Path]:
    require(MKFS is not None and FUSEFAT is not None, "mkfs.vfat and fusefat (apt-get)")
    assert MKFS is not None and FUSEFAT is not None
    image, mount = tmp_path / "stick.img", tmp_path / "stick"
    mount.mkdir()
    with image.open("wb") as handle:
        handle.truncate(32 * 1024 * 1024)
    subprocess.run([MKFS, "-n", "USB", str(image)], check=True, capture_output=True)
    mounted = subprocess.run(
        [FUSEFAT, "-o", "rw+", str(image), str(mount)], check=False, capture_output=True
    )
    require(mounted.returncode == 0, f"a FUSE mount of FAT ({mounted.stderr!r})")
    try:
        yield mount
    finally:
        subprocess.run(["fusermount", "-u", str(mount)], check=False, capture_output=True)


def _single_file_ok(path: Path) -> int:
    """Opens read-only, journal_mode DELETE (not WAL), integrity ok; returns the dossier count."""
    assert path.read_bytes()[18:20] == b"\x01\x01"  # file format 1: not a WAL database
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count: int = conn.execute("SELECT count(*) FROM dossiers").fetchone()[0]
        return count
    finally:
        conn.close()


def test_backup_to_a_fat_stick_folder_then_restore_from_it(office: Path, fat_stick: Path) -> None:
    with pytest.raises(OSError):  # the point of the test: this file system has no hard links
        os.link(office / "settings.toml", fat_stick / "probe")
    result = run(office, "backup", "--to", str(fat_stick))
    assert result.returncode == 0, result.stderr
    written = list(fat_stick.glob("counter-*.sqlite3"))
    assert len(written) == 1 and str(written[0]) in result.stdout
    assert not list(fat_stick.glob("*.partial"))
    assert _single_file_ok(written[0]) == len(stored_codes(office))
    again = run(office, "backup", "--to", str(written[0]))
    assert again.returncode == 1 and says(again, "backup_target_exists")
    restored = run(office, "restore", "--from", str(written[0]))
    assert restored.returncode == 0, restored.stderr


def test_backup_file_is_owner_only_and_single(office: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "b.sqlite3"
    assert run(office, "backup", "--to", str(target)).returncode == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not Path(f"{target}-wal").exists() and _single_file_ok(target) > 0


class _CancelAtFirstStep(Progress):
    def advance(self, step: int = 1, message: str | None = None) -> None:
        super().advance(step, message)
        self.cancel()


def test_a_cancelled_backup_leaves_no_partial_file(office: Path, tmp_path: Path) -> None:
    target = tmp_path / "stick"
    target.mkdir()
    app = open_app(office)
    try:
        with pytest.raises(Cancelled):
            app.store.backup_to(target, _CancelAtFirstStep())
    finally:
        app.close()
    assert list(target.iterdir()) == []  # no backup, no .partial of personal data


def _restore(office: Path, source: Path) -> subprocess.CompletedProcess[str]:
    before = store_path(office).read_bytes()
    result = run(office, "restore", "--from", str(source))
    assert store_path(office).read_bytes() == before  # refused: nothing replaced
    assert not list(office.glob("counter.sqlite3.replaced-*"))
    return result


def test_restore_checks_the_file_before_replacing_anything(office: Path, tmp_path: Path) -> None:
    missing = _restore(office, tmp_path / "nope.sqlite3")
    assert missing.returncode == 2 and says(missing, "restore_source_missing")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff" + b"x" * 5000)
    not_store = _restore(office, tmp_path / "photo.jpg")
    assert not_store.returncode == 2 and says(not_store, "restore_source_not_a_store")

    good = tmp_path / "good.sqlite3"
    assert run(office, "backup", "--to", str(good)).returncode == 0
    tampered = tmp_path / "tampered.sqlite3"
    shutil.copy(good, tampered)
    with sqlite3.connect(tampered) as conn:
        conn.execute("UPDATE dossiers SET body = json_set(body, '$.summary', 'sửa lén')")
    broken = _restore(office, tampered)
    assert broken.returncode == 1 and says(broken, "restore_audit_broken")

    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    cut = _restore(office, truncated)
    assert cut.returncode == 1 and says(cut, "restore_source_damaged")

    other = tmp_path / "other"
    other.mkdir()
    (other / "settings.toml").write_text(
        (office / "settings.toml").read_text().replace("000.00.06.H56", "000.00.01.H22")
    )
    assert run(other, "init", "--device-slot", "4").returncode == 0
    foreign = tmp_path / "foreign.sqlite3"
    assert run(other, "backup", "--to", str(foreign)).returncode == 0
    wrong = _restore(office, foreign)
    assert wrong.returncode == 2 and says(wrong, "restore_wrong_agency")
    receive(office)  # after all the refusals the office still works, with its slot


def test_restore_refuses_while_the_store_is_open_elsewhere(office: Path, tmp_path: Path) -> None:
    good = tmp_path / "good.sqlite3"
    assert run(office, "backup", "--to", str(good)).returncode == 0
    holder = sqlite3.connect(store_path(office), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")  # another program in the middle of writing
        holder.execute("SELECT count(*) FROM dossiers").fetchone()
        busy = _restore(office, good)
    finally:
        holder.close()
    assert busy.returncode == 1 and says(busy, "store_in_use")
