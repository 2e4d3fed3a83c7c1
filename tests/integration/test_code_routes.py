"""A dossier code is never issued twice — by any route (issue 5 §1), through the real CLI.

Routes: a plain `init` without a slot, an emptied store, a restored backup, a store recreated
over the old one, a clock set forward then back, two `demo` runs at once, the reserved range.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from counter_app.domain.codes import DossierCode
from counter_app.store.unit_of_work import store_path
from tests.integration.cli_support import (
    SUPERVISOR,
    demo_copy,
    intake_file,
    receive,
    run,
    says,
    stored_codes,
)
from tests.support import require

FAKETIME = shutil.which("faketime")
NEXT_YEAR = ("faketime", "-f", "+365d")


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo-template") / "data"
    result = run(data_dir, "demo")
    assert result.returncode == 0, result.stderr
    return data_dir


@pytest.fixture
def office(demo_template: Path, tmp_path: Path) -> Path:
    return demo_copy(demo_template, tmp_path / "data")


def _seq(code: str) -> int:
    return DossierCode.parse(code).seq


# ------------------------------------------------------------------ plain init, reserved range
def test_plain_init_registers_no_slot_and_intake_is_refused(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    init = run(data_dir, "init")
    assert init.returncode == 0, init.stderr
    refused = run(data_dir, "receive", "--from", str(intake_file(tmp_path)))
    assert refused.returncode == 1
    assert says(refused, "device_not_registered")
    assert stored_codes(data_dir) == []


def test_slot_zero_is_the_centres_reserved_range(tmp_path: Path, office: Path) -> None:
    refused = run(tmp_path / "fresh", "init", "--device-slot", "0")
    assert refused.returncode == 2 and says(refused, "device_slot_reserved")
    codes = [*stored_codes(office), receive(office)]
    assert codes and all(1000 <= _seq(c) <= 1999 for c in codes)  # the demo's slot 1
    moved = run(office, "device", "move-slot", "--slot", "0", "--reason", "x", "--by", SUPERVISOR)
    assert moved.returncode == 2 and says(moved, "device_slot_reserved")


# ------------------------------------------------------------------ emptied store
COMMANDS = (
    ("init",),
    ("init", "--device-slot", "2"),
    ("demo",),
    ("find", "nguyen"),
    ("backup", "--to", "BACKUP"),
    ("audit", "verify"),
    (),  # the GUI entry
    ("receive", "--from", "INTAKE"),
    ("device", "move-slot", "--slot", "2", "--reason", "x", "--by", SUPERVISOR),
)


@pytest.mark.parametrize("emptied", ["zero-bytes", "no-tables"])
def test_an_emptied_store_is_damaged_for_every_command(
    office: Path, tmp_path: Path, emptied: str
) -> None:
    path = store_path(office)
    path.unlink()
    path.write_bytes(b"")
    if emptied == "no-tables":
        sqlite3.connect(path).execute("PRAGMA user_version = 7").connection.close()
    before = path.read_bytes()
    intake = str(intake_file(tmp_path))
    for command in COMMANDS:
        args = [
            intake if a == "INTAKE" else str(tmp_path / "b.sqlite3") if a == "BACKUP" else a
            for a in command
        ]
        result = run(office, *args)
        assert (result.returncode, says(result, "store_damaged")) == (1, True), command
    doctor = run(office, "doctor")
    assert doctor.returncode == 1 and says(doctor, "store_damaged")
    assert path.read_bytes() == before  # nothing silently rebuilt in its place
    # the one explicit way out keeps the old file and makes a new store
    fresh = run(office, "init", "--new-store")
    assert fresh.returncode == 0, fresh.stderr
    assert [p.read_bytes() for p in office.glob("counter.sqlite3.replaced-*")] == [before]


def test_a_store_recreated_in_the_same_slot_cannot_reissue(office: Path) -> None:
    issued = receive(office)
    assert run(office, "init", "--new-store", "--device-slot", "1").returncode == 0
    # the new store knows no codes, but the mark outside it does
    refused = run(office, "receive", "--from", str(intake_file(office.parent)))
    assert refused.returncode == 1 and says(refused, "device_state_rewound")
    assert issued not in stored_codes(office)


# ------------------------------------------------------------------ restore
def test_a_restored_store_never_reissues_a_code(office: Path, tmp_path: Path) -> None:
    backup = run(office, "backup", "--to", str(tmp_path / "before.sqlite3"))
    assert backup.returncode == 0, backup.stderr
    after_backup = [receive(office), receive(office)]
    restored = run(office, "restore", "--from", str(tmp_path / "before.sqlite3"))
    assert restored.returncode == 0, restored.stderr
    assert len(list(office.glob("counter.sqlite3.replaced-*"))) == 1
    assert not set(after_backup) & set(stored_codes(office))  # really rewound
    refused = run(office, "receive", "--from", str(intake_file(tmp_path)))
    assert refused.returncode == 1 and says(refused, "device_state_rewound")
    not_boss = run(office, "device", "move-slot", "--slot", "2", "--reason", "x", "--by", "canbo1")
    assert not_boss.returncode == 2 and says(not_boss, "not_a_supervisor")
    back = run(office, "device", "move-slot", "--slot", "1", "--reason", "x", "--by", SUPERVISOR)
    assert back.returncode == 1 and says(back, "device_slot_used_before")
    moved = run(
        office, "device", "move-slot", "--slot", "2", "--reason", "khôi phục", "--by", SUPERVISOR
    )
    assert moved.returncode == 0, moved.stderr
    new = [receive(office), receive(office)]
    assert all(2000 <= _seq(c) <= 2999 for c in new)
    assert not set(new) & set(after_backup)
    assert run(office, "audit", "verify").returncode == 0  # the move is in the chain


# ------------------------------------------------------------------ clock forward, then back
def test_a_clock_set_a_year_ahead_then_corrected_has_a_way_out(office: Path) -> None:
    require(FAKETIME is not None, "faketime (apt-get install faketime)")
    today = receive(office)
    ahead = run(office, "receive", "--from", str(intake_file(office.parent)), prefix=NEXT_YEAR)
    assert ahead.returncode == 1 and says(ahead, "clock_jump_unconfirmed")
    future = receive(office, "--confirm-clock", prefix=NEXT_YEAR)
    assert DossierCode.parse(future).day.year == DossierCode.parse(today).day.year + 1
    corrected = run(office, "receive", "--from", str(intake_file(office.parent)))
    assert corrected.returncode == 1 and says(corrected, "clock_went_backwards")
    confirmed = run(office, "receive", "--from", str(intake_file(office.parent)), "--confirm-clock")
    assert confirmed.returncode == 1  # backwards is never confirmable
    moved = run(
        office, "device", "move-slot", "--slot", "3", "--reason", "clock", "--by", SUPERVISOR
    )
    assert moved.returncode == 0, moved.stderr
    again = receive(office)
    assert DossierCode.parse(again).day == DossierCode.parse(today).day
    assert 3000 <= _seq(again) <= 3999
    assert len(set(stored_codes(office))) == len(stored_codes(office))


# ------------------------------------------------------------------ two demos at once
def test_two_demos_at_once_never_repeat_a_code(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    cmd = [sys.executable, "-m", "counter_app", "--data-dir", str(data_dir), "demo"]
    procs = [
        subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outcomes = [(p.wait(timeout=300), p.communicate()) for p in procs]
    for rc, (out, err) in outcomes:
        assert "Traceback" not in out + err
        assert rc in (0, 1), err  # the errors helper makes the loser refuse; never a crash
    assert 0 in [rc for rc, _ in outcomes]
    codes = stored_codes(data_dir)
    assert codes and max(Counter(codes).values()) == 1
    assert all(1000 <= _seq(c) <= 1999 for c in codes)


def test_even_a_fresh_backup_needs_a_fresh_slot_after_restore(office: Path, tmp_path: Path) -> None:
    receive(office)
    assert run(office, "backup", "--to", str(tmp_path / "now.sqlite3")).returncode == 0
    assert run(office, "restore", "--from", str(tmp_path / "now.sqlite3")).returncode == 0
    refused = run(office, "receive", "--from", str(intake_file(tmp_path)))
    assert refused.returncode == 1 and says(refused, "device_state_rewound")
