"""The store itself: migrations match the tables, pragmas hold, transactions behave."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text

from counter_app.domain.errors import DomainError
from counter_app.store.schema import metadata
from counter_app.store.unit_of_work import open_store, store_path


def test_migrations_produce_exactly_the_declared_schema(tmp_path: Path) -> None:
    store = open_store(tmp_path, create=True)
    try:
        with store.engine.connect() as conn:
            diff = compare_metadata(MigrationContext.configure(conn), metadata)
        assert diff == []
    finally:
        store.close()


def test_pragmas(tmp_path: Path) -> None:
    store = open_store(tmp_path, create=True)
    try:
        with store.engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            busy_timeout = conn.exec_driver_sql("PRAGMA busy_timeout").scalar()
            assert busy_timeout is not None and busy_timeout >= 5000
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
    finally:
        store.close()


def test_write_takes_the_lock_up_front_and_read_does_not(tmp_path: Path) -> None:
    store = open_store(tmp_path, create=True)
    other = sqlite3.connect(store_path(tmp_path), timeout=0.1, isolation_level=None)
    try:
        with store.write() as tx:
            tx.conn.execute(text("SELECT 1"))
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        with store.read() as tx:
            tx.conn.execute(text("SELECT count(*) FROM dossiers"))
            other.execute("BEGIN IMMEDIATE")  # a reader does not block a writer under WAL
            other.execute("ROLLBACK")
    finally:
        other.close()
        store.close()


def test_a_failed_unit_of_work_rolls_back(tmp_path: Path) -> None:
    store = open_store(tmp_path, create=True)
    try:
        with pytest.raises(RuntimeError), store.write() as tx:
            tx.conn.execute(text("INSERT INTO meta(key, value) VALUES ('a', 'b')"))
            raise RuntimeError
        with store.read() as tx:
            assert tx.conn.execute(text("SELECT count(*) FROM meta")).scalar() == 0
    finally:
        store.close()


def test_concurrent_writers_serialise(tmp_path: Path) -> None:
    store = open_store(tmp_path, create=True)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            for i in range(50):
                with store.write() as tx:
                    tx.conn.execute(
                        text("INSERT INTO meta(key, value) VALUES (:k, 'v')"), {"k": f"{n}-{i}"}
                    )
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    try:
        assert not errors
        with store.read() as tx:
            assert tx.conn.execute(text("SELECT count(*) FROM meta")).scalar() == 200
    finally:
        store.close()


def test_uninitialised_damaged_and_too_new(tmp_path: Path) -> None:
    with pytest.raises(DomainError, match="store_not_initialised"):
        open_store(tmp_path / "none")
    bad = tmp_path / "bad"
    bad.mkdir()
    store_path(bad).write_bytes(b"garbage" * 1000)
    with pytest.raises(DomainError, match="store_damaged"):
        open_store(bad)
    newer = tmp_path / "newer"
    open_store(newer, create=True).close()
    with sqlite3.connect(store_path(newer)) as conn:
        conn.execute("UPDATE alembic_version SET version_num = '9999'")
    with pytest.raises(DomainError, match="store_too_new"):
        open_store(newer)


def test_upgrade_from_the_first_revision_keeps_the_data(tmp_path: Path) -> None:
    from alembic import command

    from counter_app.store import migrate
    from counter_app.store.engine import open_engine

    engine = open_engine(store_path(tmp_path))
    cfg = migrate.alembic_config()
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0001")
        conn.exec_driver_sql(
            "INSERT INTO dossiers (id, code, agency_code, procedure_code, channel, status, "
            "applicant_name, applicant_name_key, applicant_id_number, applicant_phone, "
            "received_at, updated_at, version, body) VALUES ('i', 'c', 'a', 'p', 1, 2, 'An', "
            "'an', '001090000001', '0912000000', '2026-03-02T09:00:00+07:00', "
            "'2026-03-02T09:00:00+07:00', 0, '{}')"
        )
    engine.dispose()
    store = open_store(tmp_path)
    try:
        assert store.schema_revision() == migrate.head_revision() != "0001"
        with store.read() as tx:
            plan = tx.conn.exec_driver_sql(
                "EXPLAIN QUERY PLAN SELECT id FROM dossiers WHERE applicant_id_number = ? "
                "ORDER BY received_at DESC",
                ("001090000001",),
            ).all()
            assert "ix_dossiers_id_number_received" in str(plan) and "TEMP B-TREE" not in str(plan)
            assert tx.dossiers.count() == 1
    finally:
        store.close()
