"""The code mark outside the store: written before COMMIT, so it is never behind the store."""

from __future__ import annotations

import errno
from dataclasses import replace

import pytest
from sqlalchemy import func, select

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.errors import ConflictError, EnvironmentProblem
from counter_app.services import intake
from counter_app.store import schema as t
from counter_app.store.code_mark import MARK_FILE, CodeMark


def _request() -> intake.IntakeRequest:
    return intake.IntakeRequest("1.001193", Party(ApplicantKind.CITIZEN, "Lê Văn Bình"))


def _count(app: App) -> int:
    with app.store.read() as tx:
        return int(tx.conn.execute(select(func.count()).select_from(t.dossiers)).scalar_one())


def _marks(app: App) -> CodeMark:
    return CodeMark(app.data_dir / MARK_FILE)


def test_the_mark_follows_every_code_issued(app: App) -> None:
    codes = [intake.receive(app.services, _request(), "canbo1").code for _ in range(3)]
    marks = _marks(app).load()
    assert marks is not None
    assert [(m.seq, m.pending_seq) for m in marks.values()] == [
        (int(codes[-2][-4:]), int(codes[-1][-4:]))
    ]
    assert oct((app.data_dir / MARK_FILE).stat().st_mode & 0o777) == "0o600"


class _FullDisk(CodeMark):
    def _write_file(self, marks: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


def test_a_mark_that_cannot_be_written_issues_no_code(app: App) -> None:
    before = _count(app)
    app.store.code_mark = _FullDisk(app.data_dir / MARK_FILE)
    with pytest.raises(EnvironmentProblem) as err:
        intake.receive(app.services, _request(), "canbo1")
    assert err.value.code == "code_mark_unwritable"
    assert _count(app) == before  # the transaction rolled back: mark first, then COMMIT
    app.store.code_mark = CodeMark(app.data_dir / MARK_FILE)
    assert intake.receive(app.services, _request(), "canbo1").code.endswith("-1000")


def _rewrite(app: App, shift: int) -> None:
    mark = _marks(app)
    marks = mark.load()
    assert marks is not None
    mark._write(  # as if this PC had gone on issuing beyond what the store knows
        {
            k: replace(
                m,
                day=m.pending_day,
                seq=m.pending_seq + shift - 1,
                pending_seq=m.pending_seq + shift,
            )
            for k, m in marks.items()
        }
    )


def test_a_store_behind_its_mark_refuses(app: App) -> None:
    intake.receive(app.services, _request(), "canbo1")
    _rewrite(app, 5)
    with pytest.raises(ConflictError) as err:
        intake.receive(app.services, _request(), "canbo1")
    assert err.value.code == "device_state_rewound"


def test_a_crash_between_the_mark_and_commit_does_not_block_intake(app: App) -> None:
    """The mark names a pending code the store never committed (as after a SIGKILL between the
    mark's fdatasync and COMMIT): the store is exactly at the recorded state, so intake goes on."""
    first = intake.receive(app.services, _request(), "canbo1")
    _rewrite(app, 1)
    second = intake.receive(app.services, _request(), "canbo1")
    assert int(second.code[-4:]) == int(first.code[-4:]) + 1


def test_a_torn_write_keeps_the_previous_copy(app: App) -> None:
    codes = [intake.receive(app.services, _request(), "canbo1").code for _ in range(2)]
    path = app.data_dir / MARK_FILE
    raw = bytearray(path.read_bytes())
    current = 0 if raw[:8] > raw[32 * 1024 : 32 * 1024 + 8] else 1
    raw[current * 32 * 1024 + 100] ^= 0xFF  # the newest copy half written
    path.write_bytes(bytes(raw))
    marks = _marks(app).load()
    assert marks is not None
    assert [m.pending_seq for m in marks.values()] == [int(codes[0][-4:])]


def test_a_code_already_stored_is_refused_by_the_store_itself(app: App) -> None:
    """Below the mark, the unique index on dossiers.code: a device state set back with no mark
    to catch it (this PC never wrote one) still cannot store a second dossier with a code."""
    codes = [intake.receive(app.services, _request(), "canbo1").code for _ in range(2)]
    with app.store.write() as tx:
        tx.conn.exec_driver_sql("UPDATE devices SET last_seq = last_seq - 1 WHERE is_local = 1")
    (app.data_dir / MARK_FILE).unlink()
    with pytest.raises(ConflictError) as err:
        intake.receive(app.services, _request(), "canbo1")
    assert err.value.code == "dossier_code_taken"
    assert _count(app) == 2
    with app.store.read() as tx:
        stored = [r[0] for r in tx.conn.exec_driver_sql("SELECT code FROM dossiers ORDER BY code")]
    assert stored == sorted(codes)
