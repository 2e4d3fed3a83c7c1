"""Tampering with the audit log is detected: edited, deleted, reordered, truncated entries."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from counter_app.cli import main
from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from counter_app.services.maintenance import verify_audit


@pytest.fixture
def busy_store(app: App, clock: FixedClock) -> Path:
    for i in range(5):
        party = Party(ApplicantKind.CITIZEN, f"Lê Văn {i}", f"03809000000{i}")
        code = intake.receive(app.services, intake.IntakeRequest("2.000986", party), "canbo1").code
        clock.advance(timedelta(minutes=10))
        lifecycle.transfer(app.services, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    assert verify_audit(app.store).ok
    app.store.close()
    return app.store.path


def _sql(path: Path, *statements: str) -> None:
    with sqlite3.connect(path) as conn:
        for statement in statements:
            conn.execute(statement)


TAMPERING: dict[str, Callable[[Path], None]] = {
    "edited": lambda p: _sql(p, "UPDATE audit_log SET actor = 'someone' WHERE seq = 3"),
    "edited_json": lambda p: _sql(
        p, "UPDATE audit_log SET after = json_set(after, '$.status', 9) WHERE seq = 4"
    ),
    "deleted": lambda p: _sql(p, "DELETE FROM audit_log WHERE seq = 5"),
    "reordered": lambda p: _sql(
        p,
        "UPDATE audit_log SET seq = -1 WHERE seq = 2",
        "UPDATE audit_log SET seq = 2 WHERE seq = 3",
        "UPDATE audit_log SET seq = 3 WHERE seq = -1",
    ),
    "truncated": lambda p: _sql(
        p, "DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)"
    ),
    "dossier_edited": lambda p: _sql(  # the dossier row itself, not the log
        p, "UPDATE dossiers SET body = json_set(body, '$.status', 10), status = 10 WHERE rowid = 2"
    ),
    "dossier_smuggled_in": lambda p: _sql(
        p,
        "INSERT INTO dossiers (id, code, agency_code, procedure_code, channel, status, "
        "applicant_name, applicant_name_key, received_at, updated_at, version, body) "
        "SELECT 'x', 'X-1', agency_code, procedure_code, channel, status, applicant_name, "
        "applicant_name_key, received_at, updated_at, version, body FROM dossiers LIMIT 1",
    ),
    "rehashed_edit": lambda p: _sql(  # an edit whose author recomputed nothing but the entry's hash
        p,
        "UPDATE audit_log SET hash = (CASE WHEN hash LIKE 'ab%' THEN 'cd' ELSE 'ab' END) "
        "|| substr(hash, 3) WHERE seq = 6",
    ),
}


@pytest.mark.parametrize("how", sorted(TAMPERING))
def test_tampering_is_detected_by_the_cli(
    busy_store: Path, how: str, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir = busy_store.parent
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 0
    TAMPERING[how](busy_store)
    assert main(["--data-dir", str(data_dir), "audit", "verify"]) == 1
    out = capsys.readouterr().out
    assert "entry" in out or "mục" in out
