"""The machine in the way — disk full, read-only folder, permission denied, a folder where the
store should be — each its own message through the real CLI, exit 1, and never "restore"."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.domain.errors import DomainError, EnvironmentProblem
from counter_app.store.unit_of_work import store_path
from tests.integration.errors_support import (
    NO_DAC,
    can_drop_dac,
    can_mount,
    cli,
    expected_error,
)

RESTORE_ADVICE = "khôi phục bản sao lưu gần nhất"  # the old, data-losing advice


@pytest.fixture
def public_dir() -> Iterator[Path]:
    """A folder outside pytest's 0700 tree (a process without DAC override must reach it)."""
    root = Path(tempfile.mkdtemp(prefix="counter-errors-"))
    root.chmod(0o755)
    try:
        yield root
    finally:
        for path in [root, *root.rglob("*")]:
            if not path.is_symlink():
                path.chmod(0o700)
        shutil.rmtree(root)


def _initialised(folder: Path) -> Path:
    data = folder / "data"
    assert cli(data, "init", "--device-slot", "1").returncode == 0
    return data


def _assert_environment(result_stderr: str, code: str, path: Path) -> None:
    err: DomainError = EnvironmentProblem(code, path=str(path))
    assert result_stderr == expected_error(err)
    assert RESTORE_ADVICE not in result_stderr


def test_permission_denied(public_dir: Path) -> None:
    if not can_drop_dac():
        pytest.skip("setpriv cannot drop DAC override here")
    data = _initialised(public_dir)
    store_path(data).chmod(0o000)
    result = cli(data, "find", "nguyen", prefix=NO_DAC)
    assert result.returncode == 1
    _assert_environment(result.stderr, "store_permission_denied", store_path(data))


def test_read_only_folder(public_dir: Path) -> None:
    if not can_drop_dac():
        pytest.skip("setpriv cannot drop DAC override here")
    data = _initialised(public_dir)
    for leftover in data.glob("counter.sqlite3-*"):
        leftover.unlink()
    data.chmod(0o555)
    for args in (("find", "nguyen"), ("audit", "verify")):
        result = cli(data, *args, prefix=NO_DAC)
        assert result.returncode == 1, args
        assert "Cảnh báo" not in result.stderr  # logs/ itself is still writable
        _assert_environment(result.stderr, "store_read_only", store_path(data))


def test_a_folder_where_the_store_should_be(tmp_path: Path) -> None:
    data = _initialised(tmp_path)
    for path in data.glob("counter.sqlite3*"):
        path.unlink()
    store_path(data).mkdir()
    for args in (("find", "nguyen"), ("doctor",), ("init",)):
        result = cli(data, *args)
        assert result.returncode == 1, args
        text = expected_error(
            EnvironmentProblem("store_path_is_folder", path=str(store_path(data)))
        )
        assert text.removeprefix("Lỗi: ") in result.stderr + result.stdout, args
        assert store_path(data).is_dir()


def test_disk_full_during_demo_leaves_no_half_store(public_dir: Path) -> None:
    """A 400 kB tmpfs: the demo runs out of space half-way; the message says disk full (not
    damaged, not restore), and no half-built store is left behind."""
    if not can_mount():
        pytest.skip("no private mount namespace with tmpfs here")
    mount = public_dir / "small"
    mount.mkdir()
    data = mount / "data"
    script = (
        f'mount -t tmpfs -o size=400k tmpfs "{mount}" && "$@"; status=$?; '
        f'ls -A "{data}" > "{public_dir}/listing"; exit $status'
    )
    result = cli(data, "demo", prefix=["unshare", "-m", "sh", "-c", script, "sh"])
    assert result.returncode == 1
    build_store = data / ".demo-build" / "counter.sqlite3"
    _assert_environment(result.stderr, "store_disk_full", build_store)
    listing = (public_dir / "listing").read_text().split()
    assert "counter.sqlite3" not in listing and ".demo-build" not in listing, listing


def test_logs_unusable_warns_once_and_the_command_still_works(tmp_path: Path) -> None:
    data = _initialised(tmp_path)
    shutil.rmtree(data / "logs")
    (data / "logs").write_text("not a folder")
    result = cli(data, "doctor")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stderr.count("Cảnh báo: không ghi được tệp nhật ký") == 1
    bad_args = cli(data, "calendar", "due", "--days", "x")
    assert bad_args.returncode == 2
    assert bad_args.stderr.count("Cảnh báo: không ghi được tệp nhật ký") == 1


def test_read_only_log_folder_warns_once(public_dir: Path) -> None:
    if not can_drop_dac():
        pytest.skip("setpriv cannot drop DAC override here")
    data = _initialised(public_dir)
    for log_file in (data / "logs").iterdir():
        log_file.unlink()
    (data / "logs").chmod(0o555)
    result = cli(data, "find", "nguyen", prefix=NO_DAC)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count("Cảnh báo: không ghi được tệp nhật ký") == 1
    assert os.listdir(data / "logs") == []


def test_pipes_in_the_data_folder_never_hang(tmp_path: Path) -> None:
    data = _initialised(tmp_path)
    settings = data / "settings.toml"
    kept = settings.read_bytes()
    settings.unlink()
    os.mkfifo(settings)
    result = cli(data, "find", "nguyen", timeout=30)
    assert result.returncode == 2 and "settings.toml" in result.stderr
    settings.unlink()
    settings.write_bytes(kept)
    for log_file in (data / "logs").iterdir():
        log_file.unlink()
    os.mkfifo(data / "logs" / "counter-app.log")
    result = cli(data, "find", "nguyen", timeout=30)
    assert result.returncode == 0
    assert result.stderr.count("Cảnh báo: không ghi được tệp nhật ký") == 1
    (data / "logs" / "counter-app.log").unlink()
    store = store_path(data)
    store.rename(tmp_path / "kept.sqlite3")
    os.mkfifo(store)
    result = cli(data, "find", "nguyen", timeout=30)
    assert result.returncode == 1
    _assert_environment(result.stderr, "store_not_regular_file", store)


def test_read_only_medium(public_dir: Path) -> None:
    """The data folder on a read-only mount (a write-protected stick): read-only, not damaged."""
    if not can_mount():
        pytest.skip("no private mount namespace here")
    data = _initialised(public_dir)
    for leftover in data.glob("counter.sqlite3-*"):
        leftover.unlink()
    shutil.rmtree(data / "logs")
    script = f'mount --bind "{data}" "{data}" && mount -o remount,bind,ro "{data}" && exec "$@"'
    result = cli(data, "find", "nguyen", prefix=["unshare", "-m", "sh", "-c", script, "sh"])
    assert result.returncode == 1
    warning, _, error = result.stderr.partition("\n")
    assert warning.startswith("Cảnh báo: không ghi được tệp nhật ký")  # once, then the error
    _assert_environment(error, "store_read_only", store_path(data))
