"""A store written before schema 0003 (entries without a body seal), upgraded to the head:
``audit verify`` counts those entries as legacy instead of calling every dossier tampered.

The 0002-era store is made by real means: dossiers received by the application, then the file
is put exactly in the state the 0002 application left it in (entries hashed without a body
digest or outbox link, the 0003 and 0006 columns removed by Alembic's own downgrade).
"""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path

from alembic import command
from sqlalchemy import create_engine

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from counter_app.store import migrate
from counter_app.store.audit import GENESIS, entry_hash
from tests.integration.test_cli import run

DOSSIERS = 4


def _receive_some(app: App, clock: FixedClock) -> list[str]:
    codes = []
    for i in range(DOSSIERS):
        party = Party(ApplicantKind.CITIZEN, f"Phạm Văn {i}", f"03809100000{i}")
        code = intake.receive(app.services, intake.IntakeRequest("2.000986", party), "canbo1").code
        clock.advance(timedelta(minutes=7))
        lifecycle.transfer(app.services, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
        codes.append(code)
    return codes


def _as_written_by_0002(path: Path) -> None:
    """Rehash the chain as the 0002 application did (no body digest), then downgrade."""
    with sqlite3.connect(path) as conn:
        conn.row_factory = sqlite3.Row
        conn.execute("UPDATE audit_log SET body_digest = NULL, outbox_id = NULL")
        prev = GENESIS
        for row in conn.execute("SELECT * FROM audit_log ORDER BY seq").fetchall():
            entry = {k: row[k] for k in row.keys()}  # noqa: SIM118
            for key in ("before", "after"):
                entry[key] = json.loads(entry[key]) if entry[key] is not None else None
            entry["prev_hash"] = prev
            prev = entry_hash(entry)
            conn.execute(
                "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?",
                (entry["prev_hash"], prev, row["seq"]),
            )
        conn.execute("UPDATE audit_head SET hash = ?", (prev,))
    conn.close()
    engine = create_engine(f"sqlite:///{path}")
    cfg = migrate.alembic_config()
    with engine.begin() as connection:
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, "0002")
    engine.dispose()
    with sqlite3.connect(path) as conn:
        assert conn.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0002"
        columns = {r[1] for r in conn.execute("PRAGMA table_info(audit_log)")}
        assert "body_digest" not in columns
    conn.close()


def test_an_upgraded_0002_store_verifies_with_its_legacy_entries_counted(
    app: App, clock: FixedClock
) -> None:
    codes = _receive_some(app, clock)
    app.close()
    data_dir = app.data_dir
    _as_written_by_0002(app.store.path)

    assert run(data_dir, "init").returncode == 0  # the upgrade, to the head
    result = run(data_dir, "audit", "verify")
    assert result.returncode == 0, result.stdout
    assert f"{2 * DOSSIERS} mục nhật ký cũ không có niêm phong nội dung" in result.stdout

    # the legacy dossiers are still guarded where they can be: their shown columns, their rows
    with sqlite3.connect(app.store.path) as conn:
        conn.execute("UPDATE dossiers SET applicant_name = 'Giả Mạo' WHERE code = ?", (codes[1],))
        conn.execute("DELETE FROM dossiers WHERE code = ?", (codes[2],))
    conn.close()
    result = run(data_dir, "audit", "verify")
    assert result.returncode == 1
    lines = [line.strip() for line in result.stdout.splitlines() if line.startswith("  ")]
    assert len(lines) == 2, lines
    assert lines[0].startswith(f"Hồ sơ {codes[1]}: họ tên người nộp hiển thị")
    assert lines[1].startswith(f"Hồ sơ {codes[2]}, đã ghi trong mục nhật ký")
