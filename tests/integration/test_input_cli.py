"""Section 3 of issue 5 through the real CLI: out-of-range input and odd files are wrong input
(exit 2, saying what is wrong), a closed pipe is a quiet success, logging starts first."""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from pathlib import Path

import pytest

from counter_app.domain.errors import EnvironmentProblem, NotFoundError, ValidationError
from counter_app.i18n import _, set_language
from tests.integration.errors_support import cli, expected_error, shell

DUE = ("calendar", "due", "--received", "2026-02-13T15:30")


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("input") / "data"
    assert cli(folder, "demo").returncode == 0
    return folder


@pytest.mark.parametrize("when", ["1999-12-31T10:00", "2100-01-01T10:00", "9999-01-01T10:00"])
def test_dates_outside_the_supported_years(data: Path, when: str) -> None:
    result = cli(data, "calendar", "due", "--received", when, "--days", "1")
    assert result.returncode == 2
    assert "2000–2099" in result.stderr and when in result.stderr


@pytest.mark.parametrize(
    ("option", "bound"), [("--days", 1000), ("--hours", 8000), ("--calendar-days", 1500)]
)
def test_huge_processing_times_name_the_bound(data: Path, option: str, bound: int) -> None:
    for value in (str(bound + 1), "9" * 40):
        result = cli(data, *DUE, option, value)
        assert result.returncode == 2, (option, value)
        assert f"0 đến {bound}" in result.stderr and option in result.stderr
    assert cli(data, *DUE, option, str(bound)).returncode == 0


def _calendar_error(result_stderr: str) -> None:
    assert "--calendar" in result_stderr and "settings.toml" not in result_stderr


def test_a_device_is_refused_at_once(data: Path) -> None:
    started = time.monotonic()
    result = cli(data, *DUE, "--days", "1", "--calendar", "/dev/zero", timeout=20)
    assert result.returncode == 2 and time.monotonic() - started < 20
    set_language("vi")
    origin = _("the --calendar option")
    assert result.stderr == expected_error(
        ValidationError("calendar_file_not_regular", path="/dev/zero", origin=origin)
    )


def test_a_fifo_does_not_hang(data: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    result = cli(data, *DUE, "--days", "1", "--calendar", str(fifo), timeout=20)
    assert result.returncode == 2
    _calendar_error(result.stderr)


def test_a_huge_file_is_not_read_whole(data: Path, tmp_path: Path) -> None:
    """A 3 GB (sparse) file under a 2 GB address-space limit: reading it whole would fail."""
    big = tmp_path / "big.json"
    with big.open("wb") as handle:
        handle.truncate(3 * 1024**3)  # sparse: no disk used
    limit = ["prlimit", f"--as={2 * 1024**3}"] if shutil.which("prlimit") else []
    result = cli(data, *DUE, "--days", "1", "--calendar", str(big), prefix=limit)
    assert result.returncode == 2 and "1000000" in result.stderr
    _calendar_error(result.stderr)


def test_deeply_nested_json(data: Path, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 200_000 + "]" * 200_000)
    result = cli(data, *DUE, "--days", "1", "--calendar", str(deep))
    assert result.returncode == 2
    _calendar_error(result.stderr)


def test_a_missing_calendar_file_points_at_the_option(data: Path, tmp_path: Path) -> None:
    path = tmp_path / "nope.json"
    result = cli(data, *DUE, "--days", "1", "--calendar", str(path))
    set_language("vi")
    wanted = NotFoundError(
        "calendar_file_not_found", path=str(path), origin=_("the --calendar option")
    )
    assert (result.returncode, result.stderr) == (2, expected_error(wanted))


def test_invalid_utf8_arguments(data: Path) -> None:
    result = cli(data, "find", b"\xff\xfe")
    assert (result.returncode, result.stderr) == (
        2,
        expected_error(ValidationError("invalid_argument_encoding")),
    )


def test_an_unknown_number_is_wrong_input(data: Path) -> None:
    result = cli(data, "find", "12345")
    wanted = expected_error(ValidationError("unrecognised_number", field="query"))
    assert (result.returncode, result.stderr) == (2, wanted)


@pytest.mark.parametrize(("args", "word"), [(("calendar",), "due"), (("audit",), "verify")])
def test_messages_name_what_the_user_types(data: Path, args: tuple[str, ...], word: str) -> None:
    result = cli(data, *args)
    assert result.returncode == 2
    assert word in result.stderr and "_command" not in result.stderr


@pytest.mark.parametrize("command", ["doctor", "find nguyen", "find nguyen --json"])
def test_a_closed_pipe_is_a_quiet_success(data: Path, command: str) -> None:
    # ``head -c 0`` exits at once: every write of ours meets a closed pipe
    run = f'"{sys.executable}" -m counter_app --data-dir "{data}" {command}'
    result = shell(f'{run} | head -c 0; echo "status=${{PIPESTATUS[0]}}"')
    assert result.stdout.strip() == "status=0"
    assert result.stderr == ""


def test_logging_starts_before_the_arguments_are_parsed(tmp_path: Path) -> None:
    data = tmp_path / "fresh"
    result = cli(data, "calendar", "due", "--received", "x", "--days", "1")
    assert result.returncode == 2
    log = (data / "logs" / "counter-app.log").read_text(encoding="utf-8")
    assert "argument parsing ended with status 2" in log


def test_json_output_still_parses(data: Path) -> None:
    result = cli(data, "find", "nguyen", "--json")
    assert result.returncode == 0 and json.loads(result.stdout)


def test_output_to_a_full_device_says_so(data: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    run = f'"{sys.executable}" -m counter_app --data-dir "{data}" doctor'
    result = shell(f"{run} > /dev/full")
    assert result.returncode == 1
    wanted = EnvironmentProblem("output_unwritable", detail="No space left on device")
    assert result.stderr == expected_error(wanted)


def test_closed_output_streams(data: Path) -> None:
    run = f'"{sys.executable}" -m counter_app --data-dir "{data}"'
    closed_out = shell(f"{run} find nguyen >&-")
    assert (closed_out.returncode, closed_out.stderr) == (0, "")
    closed_err = shell(f"{run} find 12345 2>&-")
    assert closed_err.returncode == 2 and "Traceback" not in closed_err.stdout
