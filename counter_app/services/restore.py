"""Restoring a backup: check the file first, then swap it in, keeping the replaced store aside.

The file is copied into the data folder, then checked there (a SQLite store of ours, integrity
ok, schema known and brought up to date, audit chain intact, same agency as this office); only
then does it replace the store, atomically, and the replaced store is kept under a dated name.
The restored store's block is closed in the code mark: a restored store may be behind codes this
PC already handed out, so intake is refused until a supervisor moves the PC to a fresh slot.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.errors import DamagedError, DomainError, NotFoundError, ValidationError
from counter_app.ports import Progress
from counter_app.services.maintenance import verify_audit
from counter_app.store import migrate
from counter_app.store import schema as t
from counter_app.store.backup import copy_database, replace_keeping_aside
from counter_app.store.code_mark import MARK_FILE, CodeMark
from counter_app.store.engine import open_engine, to_single_file
from counter_app.store.unit_of_work import Store, check_is_store, store_path

SQLITE_HEADER = b"SQLite format 3\x00"


@dataclass(frozen=True, slots=True)
class RestoreResult:
    source: Path
    replaced_aside: Path | None
    dossiers: int
    audit_entries: int
    closed_block: SequenceBlock | None


def _check_source(source: Path) -> None:
    if not source.is_file():
        raise NotFoundError("restore_source_missing", field="from", path=str(source))
    try:
        with source.open("rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        raise NotFoundError("restore_source_missing", field="from", path=str(source)) from exc
    if header != SQLITE_HEADER:
        raise ValidationError("restore_source_not_a_store", field="from", path=str(source))


def _copy_in(source: Path, staging: Path, progress: Progress | None) -> None:
    """Read the backup without writing to it (it may sit on read-only media)."""
    uri = source.resolve().as_uri()
    try:
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True)
        conn.execute("SELECT 1 FROM sqlite_master").fetchall()
    except sqlite3.Error:
        conn = sqlite3.connect(f"{uri}?immutable=1", uri=True)
    try:
        copy_database(conn, staging, progress)
    except DamagedError as exc:
        raise DamagedError("restore_source_damaged", path=str(source)) from exc
    except sqlite3.DatabaseError as exc:
        raise DamagedError("restore_source_damaged", path=str(source), detail=str(exc)) from exc
    finally:
        conn.close()


def _verify(staging: Path, source: Path, agency_code: str) -> tuple[int, int, SequenceBlock | None]:
    """Check the copy; return (dossiers, audit entries, the restored device's block)."""
    try:
        check_is_store(staging)
    except (DomainError, sqlite3.DatabaseError) as exc:
        raise ValidationError("restore_source_not_a_store", path=str(source)) from exc
    engine = open_engine(staging)
    store = Store(staging, engine)
    try:
        integrity = store.integrity_check()
        if integrity != ["ok"]:
            raise DamagedError("restore_source_damaged", path=str(source), detail=integrity[0])
        migrate.upgrade(engine)  # an older backup is brought to this version's schema
        audit = verify_audit(store)
        if not audit.ok:
            seq, reason = audit.problems[0]
            raise DamagedError("restore_audit_broken", path=str(source), seq=seq, reason=reason)
        with store.read() as tx:
            agencies = list(tx.conn.execute(select(t.agencies.c.code)).scalars())
            if agency_code not in agencies:
                raise ValidationError(
                    "restore_wrong_agency", agency=agency_code, found=", ".join(agencies) or "—"
                )
            try:
                block: SequenceBlock | None = tx.devices.local(agency_code).block
            except DomainError:
                block = None
            dossiers = tx.dossiers.count()
        to_single_file(engine)
    finally:
        engine.dispose()
    return dossiers, audit.entries, block


def restore(
    data_dir: Path, source: Path, agency_code: str, progress: Progress | None = None
) -> RestoreResult:
    """Replace the store in ``data_dir`` by the backup ``source`` after checking it."""
    _check_source(source)
    data_dir.mkdir(parents=True, exist_ok=True)
    staging = data_dir / f".restoring-{os.getpid()}.sqlite3"
    try:
        staging.unlink(missing_ok=True)
        _copy_in(source, staging, progress)
        if progress is not None:
            progress.check()
        dossiers, entries, block = _verify(staging, source, agency_code)
        if progress is not None:
            progress.check()
        if block is not None:  # closed BEFORE the swap: a crash in between stays on the safe side
            CodeMark(data_dir / MARK_FILE).close(agency_code, block)
        aside = replace_keeping_aside(store_path(data_dir), staging)
    finally:
        for leftover in (staging, *(staging.with_name(staging.name + s) for s in ("-wal", "-shm"))):
            with contextlib.suppress(OSError):
                leftover.unlink(missing_ok=True)
    return RestoreResult(source, aside, dossiers, entries, block)
