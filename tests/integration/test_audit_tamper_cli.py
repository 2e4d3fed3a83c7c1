"""Tampering done with plain sqlite3 on the real file, found by ``counter-app audit verify``.

Each case edits what a user sees (the columns ``find`` shows), what sync sends (the outbox) or
what keeps codes unique (the device's code state), then runs the real CLI: exit code 1 and a
finding that names the dossier by its (sealed) code, in Vietnamese.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.integration.test_cli import run

Tamper = Callable[[sqlite3.Connection, str, str], None]


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("tamper-demo")
    assert run(data_dir, "demo").returncode == 0
    return data_dir


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


def _target(path: Path) -> tuple[str, str]:
    """A dossier in the middle of the demo office: (id, code)."""
    with sqlite3.connect(path) as conn:
        row = conn.execute(
            "SELECT id, code FROM dossiers ORDER BY code LIMIT 1 OFFSET 7"
        ).fetchone()
    return str(row[0]), str(row[1])


def _column(column: str, value: str) -> Tamper:
    def tamper(conn: sqlite3.Connection, dossier_id: str, _code: str) -> None:
        conn.execute(f"UPDATE dossiers SET {column} = ? WHERE id = ?", (value, dossier_id))

    return tamper


def _outbox_payload(conn: sqlite3.Connection, dossier_id: str, _code: str) -> None:
    conn.execute(
        "UPDATE outbox SET payload = json_set(payload, '$.applicant.phone', '0999999999') "
        "WHERE seq = (SELECT max(seq) FROM outbox WHERE dossier_id = ?)",
        (dossier_id,),
    )


def _outbox_deleted(conn: sqlite3.Connection, dossier_id: str, _code: str) -> None:
    conn.execute(
        "DELETE FROM outbox WHERE seq = (SELECT min(seq) FROM outbox WHERE dossier_id = ?)",
        (dossier_id,),
    )


def _outbox_smuggled(conn: sqlite3.Connection, dossier_id: str, _code: str) -> None:
    conn.execute(
        "INSERT INTO outbox (id, dossier_id, event, payload, created_at) "
        "SELECT 'smuggled', dossier_id, event, payload, '2026-01-01T00:00:00+07:00' FROM outbox "
        "WHERE dossier_id = ? LIMIT 1",
        (dossier_id,),
    )


def _dossier_deleted(conn: sqlite3.Connection, dossier_id: str, _code: str) -> None:
    conn.execute("DELETE FROM dossiers WHERE id = ?", (dossier_id,))


COLUMNS_SHOWN = "hiển thị khi tra cứu khác với nội dung đã niêm phong"
# case -> (tampering, the Vietnamese words expected with the dossier code)
CASES: dict[str, tuple[Tamper, str]] = {
    "name": (_column("applicant_name", "Trần Thị Giả"), f"họ tên người nộp {COLUMNS_SHOWN}"),
    "status": (_column("status", "10"), f"trạng thái {COLUMNS_SHOWN}"),
    "due_date": (_column("due_at", "2031-01-01T17:00:00+07:00"), f"ngày hẹn trả {COLUMNS_SHOWN}"),
    "code": (_column("code", "000.00.00.H00-260101-0001"), f"mã hồ sơ {COLUMNS_SHOWN}"),
    "id_number": (
        _column("applicant_id_number", "001099999999"),
        f"số giấy tờ tùy thân {COLUMNS_SHOWN}",
    ),
    "phone": (_column("applicant_phone", "0999999999"), f"số điện thoại {COLUMNS_SHOWN}"),
    "dossier_deleted": (_dossier_deleted, "không còn trong cơ sở dữ liệu"),
    "outbox_payload": (_outbox_payload, "khác với nội dung đã niêm phong"),
    "outbox_deleted": (_outbox_deleted, "bị mất: bản tin đã bị xóa bên ngoài ứng dụng"),
    "outbox_smuggled": (_outbox_smuggled, "không được ghi trong nhật ký thao tác"),
}


def _finding_lines(stdout: str) -> list[str]:
    return [line.strip() for line in stdout.splitlines() if line.startswith("  ")]


@pytest.mark.parametrize("case", sorted(CASES))
def test_tampering_is_found_and_names_the_dossier(demo_dir: Path, case: str) -> None:
    assert run(demo_dir, "audit", "verify").returncode == 0
    store = demo_dir / "counter.sqlite3"
    dossier_id, code = _target(store)
    tamper, words = CASES[case]
    with sqlite3.connect(store) as conn:
        tamper(conn, dossier_id, code)
    conn.close()
    result = run(demo_dir, "audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    findings = _finding_lines(result.stdout)
    assert any(f"Hồ sơ {code}" in line or f"hồ sơ {code}" in line for line in findings), findings
    assert any(code in line and words in line for line in findings), findings
    assert not any("mục 0" in line for line in findings), findings


@pytest.mark.parametrize(
    "rewind",
    [
        "UPDATE devices SET last_seq = 0, last_day = '2020-01-01' WHERE is_local = 1",
        "UPDATE devices SET last_seq = last_seq - 1 WHERE is_local = 1",  # same day, one back
        "UPDATE devices SET last_seq = 0, last_day = NULL, last_issued_at = NULL",
    ],
)
def test_a_rewound_device_code_state_is_found(demo_dir: Path, rewind: str) -> None:
    store = demo_dir / "counter.sqlite3"
    with sqlite3.connect(store) as conn:
        highest = conn.execute("SELECT max(code) FROM dossiers").fetchone()[0]
        conn.execute(rewind)
    conn.close()
    result = run(demo_dir, "audit", "verify")
    assert result.returncode == 1, result.stdout + result.stderr
    (finding,) = _finding_lines(result.stdout)
    assert f"đã bị lùi về trước hồ sơ {highest}" in finding


def test_doctor_reports_the_finding_by_dossier_code(demo_dir: Path) -> None:
    store = demo_dir / "counter.sqlite3"
    dossier_id, code = _target(store)
    with sqlite3.connect(store) as conn:
        _column("status", "9")(conn, dossier_id, code)
    conn.close()
    result = run(demo_dir, "doctor")
    assert result.returncode == 1
    problems = [line for line in result.stdout.splitlines() if code in line]
    assert len(problems) == 1 and f"trạng thái {COLUMNS_SHOWN}" in problems[0], result.stdout
