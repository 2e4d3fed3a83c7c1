"""Engine set-up: WAL, synchronous=FULL, busy_timeout, foreign keys, and explicit BEGIN modes.

pysqlite's own transaction handling is switched off (``isolation_level = None``) so that we emit
``BEGIN IMMEDIATE`` for writes (the write lock is taken up front: no deadlock-prone lock upgrade)
and a plain deferred ``BEGIN`` for everything else (readers never block the writer under WAL).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import Connection
from sqlalchemy.pool import ConnectionPoolEntry

from counter_app.store.canonical import canonical_json

BUSY_TIMEOUT_MS = 10_000
BEGIN_OPTION = "counter_app_begin"


def _json_dumps(value: Any) -> str:
    return canonical_json(value)


def _on_connect(dbapi_connection: sqlite3.Connection, _record: ConnectionPoolEntry) -> None:
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = FULL")
        cursor.execute("PRAGMA foreign_keys = ON")
    finally:
        cursor.close()


def _on_begin(conn: Connection) -> None:
    """Deferred unless the caller asked for the write lock (``Store.write()`` does)."""
    mode = conn.get_execution_options().get(BEGIN_OPTION, "DEFERRED")
    driver(conn).execute("BEGIN IMMEDIATE" if mode == "IMMEDIATE" else "BEGIN")


def driver(conn: Connection) -> sqlite3.Connection:
    """The pysqlite connection under ``conn``. The fixed SQL of the accept path runs on it
    directly: SQLAlchemy's statement machinery costs about 12 µs a statement, more than SQLite
    itself. The transaction stays SQLAlchemy's (``BEGIN`` above, ``COMMIT`` when the unit of
    work ends), and SQLite's own errors are typed like SQLAlchemy's (``sqlite_errors``)."""
    return cast(sqlite3.Connection, conn.connection.driver_connection)


def sqlite_url(path: Path) -> str:
    return f"sqlite+pysqlite:///{path}"


def open_engine(path: Path) -> Engine:
    """An engine on the SQLite file ``path`` (created on first connection)."""
    engine = create_engine(
        sqlite_url(path),
        json_serializer=_json_dumps,
        hide_parameters=True,  # errors must never carry names, ID numbers or phones into logs
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


def to_single_file(engine: Engine) -> None:
    """Fold the WAL into the main file and leave it in ``journal_mode=DELETE``: one complete file
    to move or copy (it goes back to WAL at the next open)."""
    raw = engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        driver.execute("PRAGMA journal_mode = DELETE").fetchone()
    finally:
        raw.close()
