"""Every file the CLI writes is its owner's only (0600 files, 0700 folders), and a store found
readable by others is tightened on open and reported by ``doctor``."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(os.name != "posix", reason="POSIX modes")

STORE = "counter.sqlite3"


def cli(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The real command, started with the usual permissive umask (022)."""
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
        umask=0o022,
    )
    assert "Traceback" not in result.stdout + result.stderr
    return result


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _modes(root: Path) -> dict[str, int]:
    return {str(p.relative_to(root)): _mode(p) for p in [root, *root.rglob("*")]}


def test_every_file_the_cli_creates_is_owner_only(tmp_path: Path) -> None:
    data_dir = tmp_path / "fresh" / "data"
    usb = tmp_path / "usb"
    assert cli(data_dir, "demo").returncode == 0
    assert cli(data_dir, "find", "001090123456").returncode == 0
    assert cli(data_dir, "backup", "--to", str(data_dir / "backups" / "b1.sqlite3")).returncode == 0
    assert cli(data_dir, "backup", "--to", str(usb / "b2.sqlite3")).returncode == 0
    modes = _modes(data_dir)
    assert {"logs", "settings.toml", STORE, "backups/b1.sqlite3"} <= set(modes)
    assert any(name.startswith("logs/") for name in modes)
    loose = {
        name: oct(mode)
        for name, mode in modes.items()
        if mode != (0o700 if (data_dir / name).is_dir() else 0o600)
    }
    assert loose == {}
    assert _mode(usb / "b2.sqlite3") == 0o600
    # the WAL and SHM SQLite creates beside the store take the store's mode
    conn = sqlite3.connect(data_dir / STORE)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("CREATE TABLE probe (x)")
        for suffix in ("-wal", "-shm"):
            assert _mode(data_dir / (STORE + suffix)) == 0o600, suffix
    finally:
        conn.close()


def test_a_store_readable_by_others_is_tightened_and_reported(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    assert cli(data_dir, "demo").returncode == 0
    store, log_file = data_dir / STORE, data_dir / "logs" / "counter-app.log"
    store.chmod(0o644)
    log_file.chmod(0o644)
    data_dir.chmod(0o755)
    doctor = cli(data_dir, "doctor")
    assert doctor.returncode == 0, doctor.stdout
    report = next(line for line in doctor.stdout.splitlines() if "Quyền truy cập tệp" in line)
    assert "đã để người khác đọc được, nay chỉ chủ sở hữu" in report
    # the log file is tightened as soon as logging starts, before any command looks at the store
    assert f"{STORE} (644)" in report
    assert (_mode(data_dir), _mode(store), _mode(log_file)) == (0o700, 0o600, 0o600)
    assert "Quyền truy cập tệp: chỉ chủ sở hữu" in cli(data_dir, "doctor").stdout

    store.chmod(0o664)  # any command that opens the store repairs it too
    assert cli(data_dir, "find", "nguyen").returncode == 0
    assert _mode(store) == 0o600
    assert "now owner only" in log_file.read_text(encoding="utf-8")


QR = "079090123456|012345678|NGUYEN VAN AN|01011990|Nam|Phường Bến Nghé, Quận 1, TP. Hồ Chí Minh|15042021"


@pytest.mark.parametrize(
    ("typed", "shown", "hidden"),
    [
        (QR, "*********456|…", ["079090123456", "NGUYEN", "01011990", "Bến Nghé"]),
        ("079090123456", "*********456", ["079090123456"]),
        ("0987 654 321", "*******321", ["0987 654 321", "654 321"]),
    ],
)
def test_find_never_echoes_personal_data(
    tmp_path: Path, typed: str, shown: str, hidden: list[str]
) -> None:
    data_dir = tmp_path / "data"
    assert cli(data_dir, "init").returncode == 0
    result = cli(data_dir, "find", typed)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Không tìm thấy hồ sơ nào cho “{shown}”."
    logs = "".join(p.read_text(encoding="utf-8") for p in (data_dir / "logs").iterdir())
    for secret in hidden:
        assert secret not in result.stdout + result.stderr + logs


def test_store_and_logs_are_created_private_even_under_a_loose_umask(tmp_path: Path) -> None:
    """Not only through the CLI's umask: the store and log files are created 0600 themselves."""
    import logging

    from counter_app.logs import configure_logging
    from counter_app.store.unit_of_work import open_store

    old = os.umask(0o022)
    root = logging.getLogger()
    before = list(root.handlers)
    try:
        store = open_store(tmp_path / "data", create=True)
        store.close()
        log_file = configure_logging(tmp_path / "data" / "logs", console_level=None)
        logging.getLogger("counter_app.test").warning("one line")
    finally:
        os.umask(old)
        for handler in [h for h in root.handlers if h not in before]:
            root.removeHandler(handler)
            handler.close()
    assert log_file is not None  # the log could be opened
    assert _mode(tmp_path / "data") == 0o700
    assert _mode(tmp_path / "data" / STORE) == 0o600
    assert (_mode(log_file.parent), _mode(log_file)) == (0o700, 0o600)
