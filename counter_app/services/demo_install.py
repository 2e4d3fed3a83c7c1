"""Installing the demo office: all or nothing, one at a time, and never into a real store.

The demo is built in a store of its own (``<data>/.demo-build/``) and published as the data
folder's store only when complete, with a link that fails rather than overwrite: a demo killed
half-way leaves no store (the next run starts again), never half a demo. A lock file
(``<data>/demo.lock``, held with ``flock``/``msvcrt.locking``, released by the OS when the process
dies) makes a second ``demo`` on the same folder stop with ``demo_already_running``. The store is
recorded as a demo store (``store_identity.kind = "demo"``), so sync refuses it, and an existing
store that is not a demo store is never written to (``demo_needs_own_folder``).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

from counter_app.domain.errors import BusyError, ConflictError
from counter_app.services import demo
from counter_app.services.context import ServiceContext
from counter_app.services.maintenance import ensure_office
from counter_app.store.identity import StoreKind, claim_identity
from counter_app.store.unit_of_work import Store, open_store, store_path

LOCK_FILE = "demo.lock"
BUILD_DIR = ".demo-build"


def install_demo(
    data_dir: Path, make_context: Callable[[Store], ServiceContext], agency_name: str
) -> dict[str, int]:
    """Load the demo office into ``data_dir``; ``demo_already_loaded`` if it is there already."""
    with demo_lock(data_dir):
        target = store_path(data_dir)
        if target.exists():
            _refuse_existing(data_dir)
        build = data_dir / BUILD_DIR
        shutil.rmtree(build, ignore_errors=True)  # what a killed run left behind
        try:
            summary = _build(build, make_context, agency_name)
            _publish(store_path(build), target)
        finally:
            shutil.rmtree(build, ignore_errors=True)
    return summary


def _refuse_existing(data_dir: Path) -> None:
    store = open_store(data_dir)
    try:
        is_demo = store.is_demo()
    finally:
        store.close()
    if is_demo:
        raise ConflictError("demo_already_loaded")
    raise ConflictError("demo_needs_own_folder", path=str(store.path))


def _build(
    build: Path, make_context: Callable[[Store], ServiceContext], agency_name: str
) -> dict[str, int]:
    store = open_store(build, create=True)
    try:
        ctx = make_context(store)
        with store.write() as tx:
            claim_identity(tx.conn, ctx.agency_code, StoreKind.DEMO, ctx.clock.now())
        ensure_office(ctx, agency_name, demo.DEMO_SLOT)
        summary = demo.load_demo(ctx)
        with store.engine.connect() as conn:  # everything into the main file before the move
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        store.close()
    return summary


def _publish(built: Path, target: Path) -> None:
    """Give the finished store its name; never replace a store that appeared meanwhile."""
    try:
        os.link(built, target)
    except FileExistsError:
        raise ConflictError("demo_needs_own_folder", path=str(target)) from None
    except OSError:  # no hard links on this file system: the lock keeps other demos out
        if target.exists():
            raise ConflictError("demo_needs_own_folder", path=str(target)) from None
        os.rename(built, target)
    _fsync_folder(target.parent)


def _fsync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@contextmanager
def demo_lock(data_dir: Path) -> Iterator[None]:
    """Hold ``<data>/demo.lock`` for the duration, or raise ``demo_already_running``."""
    data_dir.mkdir(parents=True, exist_ok=True)
    with (data_dir / LOCK_FILE).open("a+b") as handle:
        try:
            _lock(handle)
        except OSError:
            raise BusyError("demo_already_running", path=str(data_dir)) from None
        yield


def _lock(handle: IO[bytes]) -> None:
    if sys.platform == "win32":
        import msvcrt

        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
