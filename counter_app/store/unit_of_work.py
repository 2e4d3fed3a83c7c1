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
from typing import Literal

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DatabaseError, IntegrityError

from counter_app.domain.errors import (
    ConflictError,
    DamagedError,
    DomainError,
    EnvironmentProblem,
    NotFoundError,
)
from counter_app.ports import Progress
from counter_app.private_files import create_private_file, private_dir
from counter_app.store import migrate
from counter_app.store.audit import AuditLog
from counter_app.store.backup import write_backup
from counter_app.store.code_mark import MARK_FILE, CodeMark, fsync_dir
from counter_app.store.engine import BEGIN_OPTION, open_engine, to_single_file
from counter_app.store.identity import StoreIdentity, read_identity
from counter_app.store.repositories import (
    AgencyRepository,
    DeviceRepository,
    DossierRepository,
    OutboxRepository,
    ProcedureRepository,
    StaffRepository,
)
from counter_app.store.sqlite_errors import typed_sqlite_error

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
        #: The same engine, beginning with ``BEGIN IMMEDIATE`` (made once: it is not free).
        self._writer = engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"})
        #: The high-water mark of issued codes, outside the store file (see ``code_mark``).
        self.code_mark = CodeMark(path.parent / MARK_FILE)

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One use case's transaction, holding SQLite's write lock from its first statement."""
        try:
            with self._writer.begin() as conn:
                tx = Tx(conn)
                yield tx
                for hook in tx.before_commit:
                    hook()
        except (IntegrityError, sqlite3.IntegrityError) as exc:
            if "dossiers.code" in str(getattr(exc, "orig", exc)):
                raise ConflictError("dossier_code_taken") from exc
            raise
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise _typed(exc, self.path) from exc

    @contextmanager
    def read(self) -> Iterator[Tx]:
        try:
            with self.engine.begin() as conn:
                yield Tx(conn)
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            raise _typed(exc, self.path) from exc

    def integrity_check(self, *, quick: bool = False) -> list[str]:
        """SQLite's own check of every page (``quick``: without the index cross-checks). A
        store too damaged to run it reports the error instead of raising."""
        pragma = "PRAGMA quick_check" if quick else "PRAGMA integrity_check"
        try:
            with self.engine.connect() as conn:
                return [str(r[0]) for r in conn.exec_driver_sql(pragma)]
        except (DatabaseError, sqlite3.DatabaseError) as exc:
            return [str(getattr(exc, "orig", exc))]

    def identity(self) -> StoreIdentity | None:
        """Who this store belongs to (``None``: an older store not yet claimed by ``init``)."""
        with self.read() as tx:
            return read_identity(tx.conn)

    def is_demo(self) -> bool:
        """True for a store made by ``counter-app demo``: it must never be synchronised."""
        identity = self.identity()
        return identity is not None and identity.is_demo

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


def _typed(exc: DatabaseError | sqlite3.DatabaseError, path: Path) -> DomainError:
    """SQLite's errors as the user should hear them (see :mod:`counter_app.store.sqlite_errors`)."""
    return typed_sqlite_error(exc, path)


def store_path(data_dir: Path) -> Path:
    return data_dir / STORE_FILE


#: What opening does with an older schema: ``upgrade`` it (``init``, ``demo``, the GUI), refuse
#: with ``store_needs_upgrade`` unless it is ``current`` (commands that only read), or take it as
#: it is (``any``: ``doctor`` reports it, ``backup`` copies it).
SchemaPolicy = Literal["upgrade", "current", "any"]


def open_store(data_dir: Path, *, create: bool = False, schema: SchemaPolicy = "upgrade") -> Store:
    """Open the store in ``data_dir``, bringing its schema up to date only when ``schema`` is
    ``upgrade``.

    Without ``create`` a missing store is ``store_not_initialised``. An existing file that is not
    a healthy store — not SQLite, or SQLite without our tables or schema version (emptied,
    truncated) — is ``store_damaged`` even with ``create``: only ``init --new-store`` puts a new
    store where a file was. One made by a newer version is ``store_too_new``; a disk, folder or
    permission problem is its own ``EnvironmentProblem``.
    """
    path = store_path(data_dir)
    if path.is_dir():
        raise EnvironmentProblem("store_path_is_folder", path=str(path))
    if path.exists() and not path.is_file():  # a pipe or a device would hang or never end
        raise EnvironmentProblem("store_not_regular_file", path=str(path))
    if not path.exists():
        if not create:
            raise NotFoundError("store_not_initialised", path=str(path))
        _create_store(data_dir, path)
    elif path.stat().st_size == 0:  # checked before SQLite writes a header into it
        raise DamagedError("store_damaged", path=str(path), detail="empty file")
    try:
        check_is_store(path)
    except sqlite3.DatabaseError as exc:
        raise _typed(exc, path) from exc
    engine = open_engine(path)
    try:
        _check_schema(engine, path, schema)
    except (DatabaseError, sqlite3.DatabaseError) as exc:
        engine.dispose()
        raise _typed(exc, path) from exc
    except DomainError:
        engine.dispose()
        raise
    return Store(path, engine)


def _check_schema(engine: Engine, path: Path, schema: SchemaPolicy) -> None:
    if schema == "upgrade":
        migrate.upgrade(engine)
        return
    current = migrate.current_revision(engine)
    if schema == "current" and current != migrate.head_revision():
        if current is not None and current not in migrate.known_revisions():
            raise ConflictError("store_too_new", found=current, supported=migrate.head_revision())
        raise ConflictError(
            "store_needs_upgrade",
            path=str(path),
            found=current or "—",
            supported=migrate.head_revision(),
        )


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
    fresh = data_dir / f".{path.name}.new-{os.getpid()}"
    try:
        private_dir(data_dir)
        for leftover in (fresh, fresh.with_name(fresh.name + "-wal")):
            leftover.unlink(missing_ok=True)
        create_private_file(fresh)  # owner only; the name it is linked to keeps the mode
    except OSError as exc:
        raise EnvironmentProblem(
            "data_dir_unusable", path=str(data_dir), detail=exc.strerror
        ) from exc
    engine = open_engine(fresh)
    try:
        migrate.upgrade(engine)
        to_single_file(engine)
    except (DatabaseError, sqlite3.DatabaseError) as exc:  # disk full, read-only… while building
        fresh.unlink(missing_ok=True)
        raise _typed(exc, path) from exc  # named as the store the user knows
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
