"""The store and its units of work: one transaction per use case.

``store.write()`` opens a ``BEGIN IMMEDIATE`` transaction (SQLite has one writer; taking the lock
up front means a use case never fails half-way on a lock upgrade), ``store.read()`` a deferred one.
Leaving the ``with`` block commits; an exception rolls everything back.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Literal

from sqlalchemy import Connection, Engine, inspect
from sqlalchemy.exc import DatabaseError, IntegrityError

from counter_app.domain.errors import (
    ConflictError,
    DamagedError,
    DomainError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.private_files import create_private_file, private_dir
from counter_app.store import migrate
from counter_app.store.audit import AuditLog
from counter_app.store.engine import BEGIN_OPTION, open_engine
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


class Store:
    def __init__(self, path: Path, engine: Engine) -> None:
        self.path = path
        self.engine = engine

    @contextmanager
    def write(self) -> Iterator[Tx]:
        """One use case's transaction, holding SQLite's write lock from its first statement."""
        try:
            with self.engine.execution_options(**{BEGIN_OPTION: "IMMEDIATE"}).begin() as conn:
                yield Tx(conn)
        except IntegrityError as exc:
            if "dossiers.code" in str(exc.orig):
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

    def backup_to(self, target: Path) -> None:
        """Copy the live store with SQLite's online backup API (consistent under concurrent
        writes), check the copy's integrity, fsync it, and only then give it its name; an
        existing file is never overwritten."""
        if target.exists():
            raise ValidationError("backup_target_exists", path=str(target))
        partial = target.with_name(target.name + ".partial")
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            partial.unlink(missing_ok=True)
            self._copy_to(partial)
            os.link(partial, target)  # fails if the name appeared meanwhile: never overwrites
        except FileExistsError as exc:
            raise ValidationError("backup_target_exists", path=str(target)) from exc
        except (OSError, sqlite3.Error) as exc:
            raise EnvironmentProblem(
                "backup_target_unwritable", path=str(target), detail=str(exc)
            ) from exc
        finally:
            partial.unlink(missing_ok=True)

    def _copy_to(self, partial: Path) -> None:
        with self.engine.connect() as conn:
            source = conn.connection.driver_connection
            assert isinstance(source, sqlite3.Connection)
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
                check = dest.execute("PRAGMA integrity_check").fetchone()[0]
                if check != "ok":
                    raise sqlite3.DatabaseError(f"backup copy failed its integrity check: {check}")
            finally:
                dest.close()
        with partial.open("rb+") as handle:
            os.fsync(handle.fileno())

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

    Without ``create`` a missing store is ``store_not_initialised``; a file that is not a healthy
    SQLite database is ``store_damaged``; one made by a newer version is ``store_too_new``; a
    disk, folder or permission problem is its own ``EnvironmentProblem``.
    """
    path = store_path(data_dir)
    if path.is_dir():
        raise EnvironmentProblem("store_path_is_folder", path=str(path))
    if path.exists() and not path.is_file():  # a pipe or a device would hang or never end
        raise EnvironmentProblem("store_not_regular_file", path=str(path))
    if not path.exists() and not create:
        raise NotFoundError("store_not_initialised", path=str(path))
    try:
        private_dir(data_dir)
        existed = path.exists()
        if not existed:
            create_private_file(path)  # SQLite gives its WAL and SHM the same mode
    except OSError as exc:
        raise EnvironmentProblem(
            "data_dir_unusable", path=str(data_dir), detail=exc.strerror
        ) from exc
    engine = open_engine(path)
    try:
        if existed and not create and not inspect(engine).get_table_names():
            # an emptied or truncated file must not silently become a new, empty store
            raise DamagedError("store_damaged", path=str(path), detail="no tables")
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
