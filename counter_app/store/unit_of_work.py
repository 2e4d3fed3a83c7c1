"""The store and its units of work: one transaction per use case.

``store.write()`` opens a ``BEGIN IMMEDIATE`` transaction (SQLite has one writer; taking the lock
up front means a use case never fails half-way on a lock upgrade), ``store.read()`` a deferred one.
Leaving the ``with`` block commits; an exception rolls everything back.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError, IntegrityError, OperationalError

from counter_app.domain.errors import DamagedError, DomainError
from counter_app.ports import Progress
from counter_app.store import migrate
from counter_app.store.audit import AuditLog
from counter_app.store.backup import write_backup
from counter_app.store.code_mark import MARK_FILE, CodeMark, fsync_dir
from counter_app.store.engine import BEGIN_OPTION, open_engine, to_single_file
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
        #: Run, in order, after the use case's last statement and just before COMMIT (an
        #: exception in one rolls the whole transaction back).
        self.before_commit: list[Callable[[], None]] = []


class Store:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine
        #: The high-water mark of issued codes, outside the store file (see ``code_mark``).
        self.code_mark = CodeMark(path.parent / MARK_FILE)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One use case's transaction, holding SQLite's write lock from its first statement."""
        try:
            with self.engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}).begin() as conn:
                tx = Tx(conn)
                yield tx
                for hook in tx.before_commit:
                    hook()
        except OperationalError as exc:
            raise _typed(exc, self.path) from exc
        except IntegrityError as exc:
            if "dossiers.code" in str(exc.orig):
                raise DomainError("dossier_code_taken") from exc
            raise

    @contextmanager
    def read(self) -> Iterator[Tx]:
        try:
            with self.engine.begin() as conn:
                yield Tx(conn)
        except OperationalError as exc:
            raise _typed(exc, self.path) from exc

    def integrity_check(self) -> list[str]:
        with self.engine.connect() as conn:
            return [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]

    def schema_revision(self) -> str | None:
        return migrate.current_revision(self.engine)

    def backup_to(self, target: Path, progress: Progress | None = None) -> Path:
        """Copy the live store with SQLite's online backup API (consistent under concurrent
        writes) into one complete, checked, fsynced, owner-only file; an existing file is never
        overwritten; a folder gets a dated file inside it. Returns the file written."""
        with self.engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            return write_backup(source, target, progress)

    def close(self) -> None:
        self.engine.dispose()


def _is_busy(exc: BaseException) -> bool:
    return "locked" in str(getattr(exc, "orig", exc)) or "busy" in str(getattr(exc, "orig", exc))


def _typed(exc: DatabaseError | sqlite3.DatabaseError, path: Path) -> DomainError:
    """SQLite's errors as the user should hear them: busy (try again) or damaged (restore)."""
    if _is_busy(exc):
        return DomainError("store_busy", path=str(path))
    return DomainError("store_damaged", path=str(path), detail=str(getattr(exc, "orig", exc)))


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILE


def open_store(data_dir: Path, *, create: bool = False) -> Store:
    """Open (and migrate to the newest schema) the store in ``data_dir``.

    Without ``create`` a missing store is ``store_not_initialised``. An existing file that is not
    a healthy store — not SQLite, or SQLite without our tables or schema version (emptied,
    truncated) — is ``store_damaged`` even with ``create``: only ``init --new-store`` puts a new
    store where a file was. One made by a newer version is ``store_too_new``.
    """
    path = store_path(data_dir)
    if not path.exists():
        if not create:
            raise DomainError("store_not_initialised", path=str(path))
        _create_store(data_dir, path)
    elif path.is_file() and path.stat().st_size == 0:  # checked before SQLite writes a header
        raise DamagedError("store_damaged", path=str(path), detail="empty file")
    try:
        check_is_store(path)
    except sqlite3.DatabaseError as exc:
        raise _typed(exc, path) from exc
    engine = open_engine(path)
    try:
        migrate.upgrade(engine)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise _typed(exc, path) from exc
    except DomainError:
        engine.dispose()
        raise
    return Store(path, engine)


def check_is_store(path: Path) -> None:
    """An emptied or truncated file must never silently become a new, empty store. Checked with
    a plain connection that changes nothing (no WAL switch), so a damaged file stays as found."""
    conn = sqlite3.connect(path)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if not names:
            raise DamagedError("store_damaged", path=str(path), detail="no tables")
        version = (
            conn.execute("SELECT version_num FROM alembic_version").fetchone()
            if "alembic_version" in names
            else None
        )
        if version is None:
            raise DamagedError("store_damaged", path=str(path), detail="no schema version")
    finally:
        conn.close()


def _create_store(data_dir: Path, path: Path) -> None:
    """Build a new store in a private file and give it its name only when fully migrated, so
    that a store file is never seen half made (a crash, or a second process starting)."""
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DomainError("data_dir_unusable", path=str(data_dir), detail=exc.strerror) from exc
    fresh = data_dir / f".{path.name}.new-{os.getpid()}"
    for leftover in (fresh, fresh.with_name(fresh.name + "-wal")):
        leftover.unlink(missing_ok=True)
    engine = open_engine(fresh)
    try:
        migrate.upgrade(engine)
        to_single_file(engine)
    finally:
        engine.dispose()
    try:
        os.link(fresh, path)  # never replaces a store another process created meanwhile
    except FileExistsError:
        pass
    except OSError:
        if not path.exists():
            os.rename(fresh, path)
    finally:
        fresh.unlink(missing_ok=True)
    fsync_dir(data_dir)
