"""The store and its units of work: one transaction per use case.

``store.write()`` opens a ``BEGIN IMMEDIATE`` transaction (SQLite has one writer; taking the lock
up front means a use case never fails half-way on a lock upgrade), ``store.read()`` a deferred one.
Leaving the ``with`` block commits; an exception rolls everything back.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError, OperationalError

from counter_app.domain.errors import DomainError
from counter_app.store import migrate
from counter_app.store.audit import AuditLog
from counter_app.store.engine import BEGIN_OPTION, open_engine
from counter_app.store.repositories import (
    AgencyRepository,
    DeviceRepository,
    DossierRepository,
    OutboxRepository,
    ProcedureRepository,
    StaffRepository,
)

STORE_FILE = "counter.sqlite3"


class Tx:
    """The repositories of one transaction."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.agencies = AgencyRepository(conn)
        self.devices = DeviceRepository(conn)
        self.staff = StaffRepository(conn)
        self.procedures = ProcedureRepository(conn)
        self.dossiers = DossierRepository(conn)
        self.outbox = OutboxRepository(conn)
        self.audit = AuditLog(conn)


class Store:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextmanager
    def write(self) -> Iterator[Tx]:
        with self.engine.begin() as conn:
            yield Tx(conn)

    @contextmanager
    def read(self) -> Iterator[Tx]:
        with self.engine.execution_options(**{BEGIN_OPTION: "DEFERRED"}).begin() as conn:
            yield Tx(conn)

    def integrity_check(self) -> list[str]:
        with self.engine.connect() as conn:
            return [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def backup_to(self, target: Path) -> None:
        """Copy the live store with SQLite's online backup API (consistent under concurrent writes)."""
        if target.exists():
            raise DomainError("backup_target_exists", path=str(target))
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".partial")
        partial.unlink(missing_ok=True)
        with self.engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
        partial.replace(target)

    def close(self) -> None:
        self.engine.dispose()


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILE


def open_store(data_dir: Path, *, create: bool = False) -> Store:
    """Open (and migrate to the newest schema) the store in ``data_dir``.

    Without ``create`` a missing store is ``store_not_initialised``; a file that is not a healthy
    SQLite database is ``store_damaged``; one made by a newer version is ``store_too_new``.
    """
    path = store_path(data_dir)
    if not path.exists() and not create:
        raise DomainError("store_not_initialised", path=str(path))
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError("data_dir_unusable", path=str(data_dir), detail=exc.strerror) from exc
    engine = open_engine(path)
    try:
        migrate.upgrade(engine)
    except (DatabaseError, OperationalError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise DomainError(
            "store_damaged", path=str(path), detail=str(exc.orig if hasattr(exc, "orig") else exc)
        ) from exc
    except DomainError:
        engine.dispose()
        raise
    return Store(path, engine)
