"""Real SQLite failures on real files, mapped by SQLite's result code to their own typed error."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import event

from counter_app.composition import open_app
from counter_app.domain.errors import BusyError, DamagedError, EnvironmentProblem
from counter_app.ports import FixedClock
from counter_app.services import intake
from counter_app.store.sqlite_errors import SQLITE_FULL, sqlite_code, typed_sqlite_error
from counter_app.store.unit_of_work import open_store, store_path
from tests.conftest import T0
from tests.integration.test_robustness import _req


def test_disk_full_is_its_own_error_not_damage(data_dir: Path) -> None:
    """SQLite's page limit on a real file gives a real SQLITE_FULL: disk full, never damaged."""
    app = open_app(data_dir, clock=FixedClock(T0))
    try:
        pages = app.store.engine.connect().exec_driver_sql("PRAGMA page_count").scalar()
        app.store.engine.dispose()

        def cap(dbapi_connection: sqlite3.Connection, _record: object) -> None:
            dbapi_connection.execute(f"PRAGMA max_page_count = {pages}")

        event.listen(app.store.engine, "connect", cap)
        with pytest.raises(EnvironmentProblem) as info:
            for _ in range(200):
                intake.receive(app.services, _req(), "canbo1")
        assert info.value.code == "store_disk_full"
        assert sqlite_code(info.value.__cause__ or info.value) == SQLITE_FULL
    finally:
        app.close()


def test_not_a_database_is_damaged(tmp_path: Path) -> None:
    store_path(tmp_path).write_bytes(b"this is not a database" * 200)
    with pytest.raises(DamagedError) as info:
        open_store(tmp_path)
    assert info.value.code == "store_damaged"


def test_busy_is_retryable(data_dir: Path) -> None:
    path = store_path(data_dir)
    holder = sqlite3.connect(path, isolation_level=None)
    other = sqlite3.connect(path, timeout=0.05, isolation_level=None)
    try:
        holder.execute("BEGIN EXCLUSIVE")
        with pytest.raises(sqlite3.OperationalError) as raw:
            other.execute("BEGIN IMMEDIATE")
        typed = typed_sqlite_error(raw.value, path)
        assert isinstance(typed, BusyError) and typed.code == "store_busy" and typed.retryable
    finally:
        holder.execute("ROLLBACK")
        holder.close()
        other.close()


def test_read_only_connection_is_read_only(data_dir: Path) -> None:
    path = store_path(data_dir)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    with pytest.raises(sqlite3.OperationalError) as raw:
        conn.execute("DELETE FROM staff")
    conn.close()
    typed = typed_sqlite_error(raw.value, path)
    assert isinstance(typed, EnvironmentProblem) and typed.code == "store_read_only"


def test_a_folder_where_the_store_should_be(tmp_path: Path) -> None:
    store_path(tmp_path).mkdir()
    with pytest.raises(EnvironmentProblem) as info:
        open_store(tmp_path)
    assert info.value.code == "store_path_is_folder"
