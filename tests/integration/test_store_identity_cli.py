"""A store knows its agency and whether it is a demo; settings cannot silently change either;
commands that only read never upgrade the store (that is ``init``'s job)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from alembic import command

from counter_app.domain.errors import ConflictError, ValidationError
from counter_app.services.store_identity import require_real
from counter_app.store import migrate
from counter_app.store.engine import open_engine
from counter_app.store.identity import StoreKind
from counter_app.store.unit_of_work import open_store, store_path
from tests.integration.errors_support import cli, expected_error, message


def _revision(data: Path) -> str:
    conn = sqlite3.connect(store_path(data))
    try:
        return str(conn.execute("SELECT version_num FROM alembic_version").fetchone()[0])
    finally:
        conn.close()


def test_missing_settings_next_to_a_store_is_an_error(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "init", "--device-slot", "1").returncode == 0
    (data / "settings.toml").unlink()
    wanted = expected_error(ValidationError("settings_missing", path=str(data / "settings.toml")))
    for args in (("find", "nguyen"), ("init",), ("demo",), ("audit", "verify")):
        result = cli(data, *args)
        assert (result.returncode, result.stderr) == (2, wanted), args
    assert not (data / "settings.toml").exists()  # nothing silently re-created


def test_settings_of_another_agency_are_refused(tmp_path: Path) -> None:
    data = tmp_path / "data"
    assert cli(data, "init", "--device-slot", "1").returncode == 0
    settings = data / "settings.toml"
    settings.write_text(settings.read_text().replace("000.00.06.H56", "000.00.01.H22"))
    wanted = expected_error(
        ValidationError(
            "store_agency_mismatch", store_agency="000.00.06.H56", settings_agency="000.00.01.H22"
        )
    )
    for args in (("find", "nguyen"), ("init",), ("audit", "verify")):
        result = cli(data, *args)
        assert (result.returncode, result.stderr) == (2, wanted), args
    doctor = cli(data, "doctor")
    assert doctor.returncode == 1 and wanted.removeprefix("Lỗi: ").strip() in doctor.stdout


def test_identity_is_recorded(tmp_path: Path) -> None:
    real, demo = tmp_path / "real", tmp_path / "demo"
    assert cli(real, "init", "--device-slot", "1").returncode == 0
    assert cli(demo, "demo").returncode == 0
    for folder, kind in ((real, StoreKind.REAL), (demo, StoreKind.DEMO)):
        store = open_store(folder)
        try:
            identity = store.identity()
            assert identity is not None and identity.kind is kind
            assert identity.agency_code == "000.00.06.H56" and len(identity.store_id) == 32
            assert store.is_demo() is (kind is StoreKind.DEMO)
            if kind is StoreKind.DEMO:
                with pytest.raises(ConflictError, match="store_not_real"):
                    require_real(store)
            else:
                assert require_real(store) == identity
        finally:
            store.close()


@pytest.mark.parametrize("old", ["0002", "0003"])
def test_read_only_commands_do_not_upgrade(tmp_path: Path, old: str) -> None:
    data = tmp_path / "data"
    assert cli(data, "init", "--device-slot", "1").returncode == 0
    engine = open_engine(store_path(data))
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.downgrade(cfg, old)
    engine.dispose()
    head = migrate.head_revision()
    wanted = expected_error(
        ConflictError("store_needs_upgrade", path=str(store_path(data)), found=old, supported=head)
    )
    for args in (("find", "nguyen"), ("audit", "verify")):
        result = cli(data, *args)
        assert (result.returncode, result.stderr) == (1, wanted), args
    doctor = cli(data, "doctor")
    assert doctor.returncode == 1
    assert wanted.removeprefix("Lỗi: ").strip() in doctor.stdout
    backup = cli(data, "backup", "--to", str(tmp_path / "before-upgrade.sqlite3"))
    assert backup.returncode == 0, backup.stderr  # an old store can be backed up as it is
    assert _revision(data) == old  # nothing above upgraded it
    assert cli(data, "init", "--device-slot", "1").returncode == 0
    assert _revision(data) == head
    assert cli(data, "find", "nguyen").returncode == 0
    assert message(ConflictError("store_needs_upgrade")).count("counter-app init") == 1
