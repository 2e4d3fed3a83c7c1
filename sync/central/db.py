"""The central server's tables (SQLAlchemy 2 Core) and its database engine.

Nothing another worker needs lives in process memory: idempotency (``commands``), cursors (the
``seq`` columns), the slot register, upload offsets and tokens are rows here, so several uvicorn
workers (on several hosts) can serve one PostgreSQL database. SQLite is the default for a small
province or a test: one file, WAL, every transaction ``BEGIN IMMEDIATE`` (one writer at a time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Connection,
    Engine,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    Sequence,
    String,
    Table,
    Text,
    create_engine,
    event,
    select,
    text,
)
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

T = TypeVar("T")
metadata = MetaData()

#: The order of commands (``server_seq``): a PostgreSQL SEQUENCE (no lock held to commit); on
#: SQLite a row of ``counters`` (one writer at a time anyway).
server_seq = Sequence("server_seq", metadata=metadata, start=1)

counters = Table(
    "counters",
    metadata,
    Column("name", String(80), primary_key=True),
    Column("value", BigInteger, nullable=False),
)

agencies = Table(
    "agencies",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("name", Text, nullable=False),
    Column("ref_seq", BigInteger, nullable=False, index=True),
)

staff = Table(
    "staff",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("full_name", Text, nullable=False),
    Column("roles", Text, nullable=False),  # JSON list
    Column("agency_id", String(40), ForeignKey("agencies.id"), nullable=False),
    Column("password_hash", Text, nullable=False),
    Column("active", Boolean, nullable=False),
    Column("ref_seq", BigInteger, nullable=False, index=True),
)

procedures = Table(
    "procedures",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("body", Text, nullable=False),  # a procedures-*.json entry
    Column("ref_seq", BigInteger, nullable=False, index=True),
)

calendar_years = Table(
    "calendar_years",
    metadata,
    Column("year", Integer, primary_key=True),
    Column("body", Text, nullable=False),  # a vn-YYYY.json file
    Column("ref_seq", BigInteger, nullable=False, index=True),
)

tokens = Table(
    "tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("kind", String(10), nullable=False),  # access | refresh
    Column("family", String(40), nullable=False, index=True),  # one sign-in
    Column("staff_id", String(40)),
    Column("device_id", String(40)),
    Column("agency_id", String(40), nullable=False),
    Column("expires_at", Float, nullable=False),
    Column("revoked", Boolean, nullable=False),
)

devices = Table(
    "devices",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency_id", String(40), ForeignKey("agencies.id"), nullable=False),
    Column("name", Text, nullable=False),
    Column("install_id", String(80), nullable=False),
    Column("secret_hash", String(64), nullable=False),
    Column("previous_device_id", String(40)),
    Column("slot", Integer),  # None once retired
    Column("active", Boolean, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("chain_seq", BigInteger, nullable=False),
    Column("chain_hash", String(64), nullable=False),
)

#: Every slot ever handed out: which device held it, from when, until when (Vietnam dates).
slot_assignments = Table(
    "slot_assignments",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("agency_id", String(40), nullable=False),
    Column("slot", Integer, nullable=False),
    Column("device_id", String(40), nullable=False, index=True),
    Column("assigned_at", Float, nullable=False),
    Column("retired_on", Integer),  # yymmdd (Vietnam date) the slot was retired; None: held
    Index(
        "one_holder_per_slot",
        "agency_id",
        "slot",
        unique=True,
        sqlite_where=text("retired_on IS NULL"),
        postgresql_where=text("retired_on IS NULL"),
    ),
)

chain_heads = Table(
    "chain_heads",
    metadata,
    Column("device_id", String(40), primary_key=True),
    Column("seq", BigInteger, primary_key=True),
    Column("hash", String(64), nullable=False),
)

commands = Table(
    "commands",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("device_id", String(40), nullable=False),
    Column("body_sha256", String(64), nullable=False),
    Column("outcome", String(10), nullable=False),
    Column("server_seq", BigInteger),
    Column("code", String(60)),
    Column("reason", Text),
)

dossiers = Table(
    "dossiers",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("code", String(40), nullable=False, unique=True),
    Column("agency_id", String(40), nullable=False),
    Column("code_day", Integer, nullable=False),  # yymmdd of the code
    Column("code_seq", Integer, nullable=False),
    Column("device_id", String(40), nullable=False),
    Column("status", Integer, nullable=False),
    Column("body", Text, nullable=False),  # the device's latest snapshot (canonical JSON)
    Column("server_seq", BigInteger, nullable=False),
    Index("dossier_code_block", "agency_id", "code_day", "code_seq"),
)

history = Table(
    "history",
    metadata,
    Column("server_seq", BigInteger, primary_key=True, autoincrement=False),
    Column("dossier_id", String(40), nullable=False, index=True),
    Column("command_id", String(40), nullable=False),
    Column("type", String(60), nullable=False),
    Column("status", Integer),
    Column("at", String(40), nullable=False),
    Column("body", Text, nullable=False),
)

online_dossiers = Table(
    "online_dossiers",
    metadata,
    Column("code", String(40), primary_key=True),
    Column("agency_id", String(40), nullable=False),
    Column("body", Text, nullable=False),
    Column("acceptance_due", String(40), nullable=False),
)

#: The changes feed: ``seq`` from the ``changes`` counter row, whose lock is held to commit, so
#: rows become visible in ``seq`` order and a cursor never skips one.
changes = Table(
    "changes",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("agency_id", String(40), nullable=False, index=True),
    Column("kind", String(30), nullable=False),
    Column("dossier_code", String(40), nullable=False),
    Column("at", String(40), nullable=False),
    Column("body", Text, nullable=False),
)

uploads = Table(
    "uploads",
    metadata,
    Column("id", String(40), primary_key=True),
    Column("agency_id", String(40), nullable=False),
    Column("device_id", String(40)),
    Column("length", BigInteger, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("filename", Text, nullable=False),
    Column("dossier_code", String(40), nullable=False),
    Column("created_at", Float, nullable=False),
)

blobs = Table(
    "blobs",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("size", BigInteger, nullable=False),
    Column("created_at", Float, nullable=False),
)


def is_postgres(engine: Engine | Connection) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: str) -> Engine:
    """An engine for ``url``; SQLite gets WAL, a busy timeout and ``BEGIN IMMEDIATE``."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        engine = create_engine(
            url, connect_args={"check_same_thread": False, "timeout": 30}, pool_size=8
        )
        _sqlite_immediate(engine)
        return engine
    return create_engine(url, pool_size=10, max_overflow=10, pool_pre_ping=True)


def _sqlite_immediate(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _connect(dbapi_conn: Any, _record: Any) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        readonly = conn.get_execution_options().get("central_readonly", False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def create_schema(engine: Engine) -> None:
    """Tables, indexes and the sequence (idempotent: every worker may call it at start)."""
    with engine.begin() as conn:
        if is_postgres(conn):  # two workers starting together: one creates, the other waits
            conn.execute(text("SELECT pg_advisory_xact_lock(7261001)"))
        metadata.create_all(conn)
        have = set(conn.execute(select(counters.c.name)).scalars())
        for name in ("server_seq", "changes", "reference"):
            if name not in have:
                conn.execute(counters.insert().values(name=name, value=0))


RETRYABLE = (IntegrityError, OperationalError)


def in_transaction(engine: Engine, work: Callable[[Connection], T], attempts: int = 6) -> T:
    """Run ``work`` in one transaction; a unique-key race or a serialisation/lock failure with
    another worker rolls back and runs it again (the loser then sees the winner's rows)."""
    for attempt in range(attempts):
        try:
            with engine.begin() as conn:
                return work(conn)
        except RETRYABLE:
            if attempt == attempts - 1:
                raise
        except DBAPIError as exc:
            if not exc.connection_invalidated or attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


@contextmanager
def reading(engine: Engine) -> Iterator[Connection]:
    """A read-only transaction (on SQLite a deferred one: readers do not wait for the writer)."""
    with engine.connect() as conn:
        conn.execution_options(central_readonly=True)
        with conn.begin():
            yield conn


def next_counter(conn: Connection, name: str, n: int = 1) -> int:
    """Add ``n`` to the named counter (created at 0) and return the new value; the row stays
    locked until the transaction ends."""
    row = conn.execute(
        counters.update()
        .where(counters.c.name == name)
        .values(value=counters.c.value + n)
        .returning(counters.c.value)
    ).first()
    if row is not None:
        return int(row[0])
    conn.execute(counters.insert().values(name=name, value=n))
    return n


def server_seqs(conn: Connection, n: int) -> list[int]:
    """``n`` fresh values of the server's event order."""
    if n == 0:
        return []
    if is_postgres(conn):
        rows = conn.execute(
            text("SELECT nextval('server_seq') FROM generate_series(1, :n)"), {"n": n}
        )
        return sorted(int(r[0]) for r in rows)
    last = next_counter(conn, "server_seq", n)
    return list(range(last - n + 1, last + 1))
