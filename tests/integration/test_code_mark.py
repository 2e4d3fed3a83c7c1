"""The code mark outside the store: written before COMMIT, so it is never behind the store."""

from __future__ import annotations

import json
import os

import pytest
from sqlalchemy import func, select

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.errors import ConflictError, EnvironmentProblem
from counter_app.services import intake
from counter_app.store import schema as t
from counter_app.store.code_mark import MARK_FILE


def _request() -> intake.IntakeRequest:
    return intake.IntakeRequest("1.001193", Party(ApplicantKind.CITIZEN, "Lê Văn Bình"))


def _count(app: App) -> int:
    with app.store.read() as tx:
        return int(tx.conn.execute(select(func.count()).select_from(t.dossiers)).scalar_one())


def test_the_mark_follows_every_code_issued(app: App) -> None:
    codes = [intake.receive(app.services, _request(), "canbo1").code for _ in range(3)]
    mark = json.loads((app.data_dir / MARK_FILE).read_text())
    assert [(m["seq"], m["pending_seq"]) for m in mark["blocks"].values()] == [
        (int(codes[-2][-4:]), int(codes[-1][-4:]))
    ]
    assert oct((app.data_dir / MARK_FILE).stat().st_mode & 0o777) == "0o600"


def test_a_mark_that_cannot_be_written_issues_no_code(app: App) -> None:
    before = _count(app)
    blocker = app.data_dir / f".{MARK_FILE}.{os.getpid()}.tmp"
    blocker.mkdir()  # the mark's temporary file cannot be created
    with pytest.raises(EnvironmentProblem) as err:
        intake.receive(app.services, _request(), "canbo1")
    assert err.value.code == "code_mark_unwritable"
    assert _count(app) == before  # the transaction rolled back: mark first, then COMMIT
    blocker.rmdir()
    assert intake.receive(app.services, _request(), "canbo1").code.endswith("-1000")


def test_a_store_behind_its_mark_refuses(app: App) -> None:
    intake.receive(app.services, _request(), "canbo1")
    path = app.data_dir / MARK_FILE
    mark = json.loads(path.read_text())
    for block in mark["blocks"].values():
        # as if this PC had committed codes that this store does not know
        block["day"], block["seq"] = block["pending_day"], block["pending_seq"] + 5
    path.write_text(json.dumps(mark))
    with pytest.raises(ConflictError) as err:
        intake.receive(app.services, _request(), "canbo1")
    assert err.value.code == "device_state_rewound"


def test_a_crash_between_the_mark_and_commit_does_not_block_intake(app: App) -> None:
    """The mark names a pending code the store never committed (as after a SIGKILL between the
    mark's fsync and COMMIT): the store is exactly at the recorded state, so intake goes on."""
    first = intake.receive(app.services, _request(), "canbo1")
    path = app.data_dir / MARK_FILE
    mark = json.loads(path.read_text())
    for block in mark["blocks"].values():
        block["seq"], block["pending_seq"] = block["pending_seq"], block["pending_seq"] + 1
    path.write_text(json.dumps(mark))
    second = intake.receive(app.services, _request(), "canbo1")
    assert int(second.code[-4:]) == int(first.code[-4:]) + 1
