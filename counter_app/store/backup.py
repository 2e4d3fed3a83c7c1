"""Store files as whole, single files: backups (also to FAT/exFAT sticks), restore copies, and
setting a replaced store aside.

A backup is written with SQLite's online backup API into ``<target>.partial`` (owner-only),
switched to ``journal_mode=DELETE`` (one complete file that opens from read-only media), checked
with ``PRAGMA integrity_check``, fsynced, and only then given its name. FAT has no hard links, so
the name is given by a rename after checking the name is free. Any interruption (an error,
Ctrl-C, a cancel through the progress object) removes the ``.partial`` file.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

from counter_app.domain.errors import BusyError, ConflictError, DamagedError, EnvironmentProblem
from counter_app.domain.vntime import now_vn
from counter_app.ports import Progress
from counter_app.store.code_mark import fsync_dir

PAGES_PER_STEP = 256
BACKUP_SUFFIX = ".sqlite3"


def stamp() -> str:
    return f"{now_vn():%Y%m%d-%H%M%S}"


def backup_target(target: Path) -> Path:
    """An existing folder gets a dated file inside it; a file name is used as given."""
    if target.is_dir():
        return target / f"counter-{stamp()}{BACKUP_SUFFIX}"
    return target


def _progress_callback(progress: Progress | None) -> Callable[[int, int, int], object]:
    def report(_status: int, remaining: int, total: int) -> None:
        if progress is None:
            return
        if progress.total != total:
            progress.start(total)
        progress.advance(total - remaining - progress.done)
        progress.check()  # raising here aborts the copy (sqlite3 stops the backup)

    return report


def copy_database(source: sqlite3.Connection, dest: Path, progress: Progress | None) -> None:
    """Copy ``source`` into the new file ``dest`` (created owner-only, must not exist), as one
    complete DELETE-journal file, integrity-checked and fsynced."""
    fd = os.open(dest, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    os.close(fd)
    target = sqlite3.connect(dest)
    try:
        # no shared-memory WAL index on the target (FAT over FUSE, network shares fail on it)
        target.execute("PRAGMA locking_mode = EXCLUSIVE").fetchone()
        source.backup(target, pages=PAGES_PER_STEP, progress=_progress_callback(progress))
        target.execute("PRAGMA journal_mode = DELETE").fetchone()
        check = target.execute("PRAGMA integrity_check").fetchone()[0]
        if check != "ok":
            raise DamagedError("backup_copy_damaged", detail=str(check))
    finally:
        target.close()
    with dest.open("rb+") as handle:
        os.fsync(handle.fileno())


def _give_name(partial: Path, target: Path) -> None:
    """Name the finished copy without ever overwriting: a hard link where the filesystem has
    them, else (FAT, exFAT) a rename after checking that the name is still free."""
    try:
        os.link(partial, target)
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.ENOSYS):
            raise
        if target.exists():
            raise FileExistsError(errno.EEXIST, "exists", str(target)) from exc
        os.rename(partial, target)
    fsync_dir(target.parent)


def write_backup(source: sqlite3.Connection, target: Path, progress: Progress | None) -> Path:
    """Back ``source`` up to ``target`` (a file name, or a folder for a dated file in it)."""
    target = backup_target(target)
    if target.exists():
        raise ConflictError("backup_target_exists", path=str(target))
    partial = target.with_name(target.name + ".partial")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        partial.unlink(missing_ok=True)  # left by a process killed outright (SIGKILL, power)
        copy_database(source, partial, progress)
        _give_name(partial, target)
    except FileExistsError as exc:
        raise ConflictError("backup_target_exists", path=str(target)) from exc
    except (OSError, sqlite3.Error) as exc:
        raise EnvironmentProblem(
            "backup_target_unwritable", path=str(target), detail=str(exc)
        ) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink(missing_ok=True)
    return target


def _aside_name(path: Path) -> Path:
    aside = path.with_name(f"{path.name}.replaced-{stamp()}")
    n = 1
    while aside.exists():
        n += 1
        aside = path.with_name(f"{path.name}.replaced-{stamp()}-{n}")
    return aside


def replace_keeping_aside(path: Path, new: Path | None) -> Path | None:
    """Put ``new`` (a complete single file) in the place of the store file ``path``, keeping the
    old one under a dated name beside it (never deleted); with ``new=None`` only set it aside.
    Returns the aside name, or ``None`` when there was no old file.

    The live file is never modified: the aside is a consistent copy made with the online backup
    API (its WAL included) while this process holds the write lock, so no other writer can
    commit in between; a store another program is writing to is refused (``store_in_use``). A
    damaged old file (which cannot be copied) is renamed aside with its WAL instead. The
    replacement itself is one atomic rename.
    """
    if not path.exists():
        if new is not None:
            os.replace(new, path)
        fsync_dir(path.parent)
        return None
    aside = _aside_name(path)
    conn = _lock_for_copy(path)
    try:
        if conn is not None:
            # a second connection reads (the one holding the write lock may not be the source)
            reader = sqlite3.connect(path)
            try:
                copy_database(reader, aside, None)
            finally:
                reader.close()
            _keep_sidecars(path, aside, ".old")
            _swap(path, new)
        else:  # damaged: keep the file itself, with its WAL beside it under the same new name
            _keep_sidecars(path, aside, "")
            os.rename(path, aside)
            if new is not None:
                os.replace(new, path)
    finally:
        if conn is not None:
            conn.close()
    fsync_dir(path.parent)
    return aside


def _lock_for_copy(path: Path) -> sqlite3.Connection | None:
    """A connection holding the store's write lock, or ``None`` for a file that is no store to
    copy (empty, no tables, not SQLite): that one is kept byte for byte by a rename."""
    if path.stat().st_size == 0:
        return None
    conn = sqlite3.connect(path, timeout=1, isolation_level=None)
    try:
        if not conn.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            conn.close()
            return None
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        conn.close()
        if "locked" in str(exc) or "busy" in str(exc):
            raise BusyError("store_in_use", path=str(path)) from exc
        return None
    except sqlite3.DatabaseError:
        conn.close()
        return None
    return conn


def _keep_sidecars(path: Path, aside: Path, suffix: str) -> None:
    """Move the WAL and its index away from ``path`` (left there, SQLite would apply them to the
    file that takes its place). After a good copy (``suffix`` given) the index is only a cache
    and an empty WAL holds nothing; a non-empty WAL is kept."""
    for side in ("-wal", "-shm"):
        old = path.with_name(path.name + side)
        if not old.exists():
            continue
        if suffix and (side == "-shm" or old.stat().st_size == 0):
            old.unlink()
        else:
            os.rename(old, aside.with_name(aside.name + side + suffix))


def _swap(path: Path, new: Path | None) -> None:
    if new is None:
        path.unlink()
    else:
        os.replace(new, path)
