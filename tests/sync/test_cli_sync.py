"""``counter-app register`` and ``counter-app sync`` as a user runs them: real processes, the real
server under uvicorn, exact exit codes (0 done, 1 not everything acknowledged, 2 wrong input,
3 refused) and the Vietnamese message of each refusal; nothing queued is ever lost."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import keyring
import pytest

from tests.central_server import CentralServer
from tests.integration.cli_support import TIMEOUT, demo_copy, intake_file, receive, run, says
from tests.support import require
from tests.sync.support import central_codes, unsent

DONE, NOT_DONE, WRONG_INPUT, REFUSED = 0, 1, 2, 3


def _register(
    data_dir: Path, server: CentralServer, *extra: str
) -> subprocess.CompletedProcess[str]:
    return run(
        data_dir,
        "register",
        "--server",
        server.url,
        "--agency",
        server.agency_id,
        "--device",
        "QUẦY 2",
        "--user",
        server.supervisor.username,
        *extra,
    )


@pytest.fixture
def joined(data_dir: Path, central: CentralServer) -> Path:
    """A real office's store registered with the centre through the CLI (the supervisor's
    password taken from the keyring)."""
    assert run(data_dir, "init").returncode == 0
    keyring.set_password("counter-app", "staff:truongbp", central.supervisor.password)
    result = _register(data_dir, central)
    assert result.returncode == DONE, result.stderr
    return data_dir


def test_register_sync_and_status(joined: Path, central: CentralServer) -> None:
    codes = [receive(joined) for _ in range(3)]
    assert unsent(joined) == 3
    synced = run(joined, "sync", "--once")
    assert synced.returncode == DONE, synced.stderr
    assert "còn chờ gửi: 0" in synced.stdout
    assert central_codes(central) == sorted(codes)
    status = run(joined, "sync", "--status")
    assert status.returncode == DONE
    assert "Kết nối: đang kết nối" in status.stdout
    assert "Đang chờ gửi, trung tâm chưa xác nhận: 0" in status.stdout


def test_the_device_secret_is_only_in_the_keyring(joined: Path, test_keyring: Path) -> None:
    with sqlite3.connect(joined / "counter.sqlite3") as conn:
        device_id = conn.execute("SELECT device_id FROM sync_state").fetchone()[0]
        dump = "\n".join(conn.iterdump())
    secret = keyring.get_password("counter-app", f"device-secret:{device_id}")
    assert secret and secret not in dump
    for path in joined.rglob("*"):
        if path.is_file():
            assert secret.encode() not in path.read_bytes(), path


def test_register_asks_for_the_password_on_the_terminal(
    data_dir: Path, central: CentralServer
) -> None:
    assert run(data_dir, "init").returncode == 0
    command = [sys.executable, "-m", "counter_app", "register", "--server", central.url]
    command += ["--agency", central.agency_id, "--device", "QUẦY 3"]
    result = subprocess.run(
        command,
        input=f"{central.supervisor.username}\n{central.supervisor.password}\n",
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env={**os.environ, "COUNTER_APP_DATA": str(data_dir)},
        check=False,
    )
    assert result.returncode == DONE, result.stderr
    assert central.supervisor.password not in result.stdout + result.stderr


def test_a_wrong_password_is_wrong_input(data_dir: Path, central: CentralServer) -> None:
    assert run(data_dir, "init").returncode == 0
    keyring.set_password("counter-app", "staff:truongbp", "not-the-password")
    result = _register(data_dir, central)
    assert result.returncode == WRONG_INPUT
    assert says(result, "central_sign_in_refused")
    assert "not-the-password" not in result.stdout + result.stderr
    assert run(data_dir, "sync", "--once").returncode == REFUSED  # still not registered


def test_offline_exits_1_and_loses_nothing(joined: Path, central: CentralServer) -> None:
    codes = [receive(joined) for _ in range(2)]
    central.stop()
    offline = run(joined, "sync", "--once")
    assert offline.returncode == NOT_DONE
    assert says(offline, "central_unreachable")
    assert unsent(joined) == 2
    central.start()
    assert run(joined, "sync", "--once").returncode == DONE
    assert central_codes(central) == sorted(codes)


def test_a_clock_off_by_more_than_5_minutes_is_refused(
    joined: Path, central: CentralServer
) -> None:
    require(os.path.exists("/usr/bin/faketime"), "faketime (libfaketime)")
    receive(joined)
    result = run(joined, "sync", "--once", prefix=["faketime", "-f", "+10m"])
    assert result.returncode == REFUSED
    assert says(result, "central_clock_skew")
    assert central_codes(central) == []
    assert unsent(joined) == 1
    status = run(joined, "sync", "--status")
    assert "bị từ chối" in status.stdout and "central_clock_skew" in status.stdout
    assert "đồng hồ" in status.stdout.lower()  # the sentence, not only the code


def test_another_agency_is_refused_at_registration(data_dir: Path, central: CentralServer) -> None:
    assert run(data_dir, "init").returncode == 0
    keyring.set_password("counter-app", "staff:truongbp", central.supervisor.password)
    result = run(
        data_dir, "register", "--server", central.url, "--agency", "000.00.01.H22",
        "--device", "QUẦY 2", "--user", "truongbp",
    )  # fmt: skip
    assert result.returncode == REFUSED
    assert says(result, "central_agency_mismatch")
    assert "chưa đăng ký" in run(data_dir, "sync", "--status").stdout


def test_a_device_the_centre_no_longer_knows_is_refused(
    joined: Path, central: CentralServer
) -> None:
    receive(joined)
    with sqlite3.connect(central.db_url.removeprefix("sqlite:///")) as conn:
        conn.execute("UPDATE devices SET active = 0")
    result = run(joined, "sync", "--once")
    assert result.returncode == REFUSED
    assert says(result, "central_device_unknown")
    assert unsent(joined) == 1


def test_a_refused_payload_is_parked_and_named(joined: Path, central: CentralServer) -> None:
    code = receive(joined)
    with sqlite3.connect(joined / "counter.sqlite3") as conn:
        conn.execute(
            "UPDATE outbox SET payload = replace(payload, ?, ?)", (code, code[:-4] + "0000")
        )
    result = run(joined, "sync", "--once")
    assert result.returncode == NOT_DONE
    assert f"TẠM GIỮ: dossier.received của hồ sơ {code}" in result.stdout
    assert "malformed_command" in result.stdout
    assert unsent(joined) == 1  # kept, waiting for staff


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("demo") / "data"
    assert run(folder, "demo").returncode == 0
    return folder


def test_a_demo_store_never_syncs(
    demo_template: Path, tmp_path: Path, central: CentralServer
) -> None:
    demo = demo_copy(demo_template, tmp_path / "demo")
    keyring.set_password("counter-app", "staff:truongbp", central.supervisor.password)
    registered = _register(demo, central)
    assert registered.returncode == REFUSED
    assert says(registered, "store_not_real")
    synced = run(demo, "sync", "--once")
    assert synced.returncode == REFUSED
    assert says(synced, "store_not_real")
    assert "cơ sở dữ liệu mẫu" in run(demo, "sync", "--status").stdout
    assert central_codes(central) == []


def test_sync_without_once_waits_for_the_link_then_exits_0(
    joined: Path, central: CentralServer
) -> None:
    codes = [receive(joined)]
    central.stop()
    env = {**os.environ, "COUNTER_APP_DATA": str(joined)}
    process = subprocess.Popen(
        [sys.executable, "-m", "counter_app", "sync"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )
    try:
        assert process.stderr is not None
        first = process.stderr.readline()  # the first round failed: it says so and waits
        assert process.poll() is None
        central.start()
        out, err = process.communicate(timeout=TIMEOUT)
        assert "còn chờ gửi: 0" in out
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == DONE, err
    assert says(subprocess.CompletedProcess([], 1, first, ""), "central_unreachable")
    assert central_codes(central) == codes


def test_a_bad_server_address_is_wrong_input(data_dir: Path) -> None:
    assert run(data_dir, "init").returncode == 0
    keyring.set_password("counter-app", "staff:truongbp", "x")
    result = run(
        data_dir, "register", "--server", "motcua", "--agency", "000.00.06.H56",
        "--device", "QUẦY 2", "--user", "truongbp",
    )  # fmt: skip
    assert result.returncode == WRONG_INPUT
    assert says(result, "invalid_server_url")


def test_accepting_an_online_code_that_is_not_waiting_is_wrong_input(joined: Path) -> None:
    source = intake_file(joined.parent)
    result = run(joined, "receive", "--from", str(source), "--online", "000.00.06.H56-261128-0007")
    assert result.returncode == WRONG_INPUT
    assert says(result, "online_dossier_not_waiting")
    assert unsent(joined) == 0  # nothing stored, nothing queued
