"""SQLite's errors as the user should hear them, chosen by SQLite's result code, never by text.

Python 3.11's ``sqlite3`` exceptions carry ``sqlite_errorcode``/``sqlite_errorname``. Each class
of trouble gets its own code and advice: busy (wait and try again); the machine in the way —
disk full, read-only folder or medium, permission denied, a folder where the file should be, an
I/O failure — where the data is intact, so the advice never says "restore a backup" (following
it would lose every dossier since that backup); and only real damage is ``store_damaged``.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from counter_app.domain.errors import BusyError, DamagedError, DomainError, EnvironmentProblem

# SQLite's primary result codes (``sqlite_errorcode & 0xFF``).
SQLITE_PERM, SQLITE_BUSY, SQLITE_LOCKED, SQLITE_READONLY = 3, 5, 6, 8
SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL, SQLITE_CANTOPEN = 10, 11, 13, 14
SQLITE_AUTH, SQLITE_NOTADB = 23, 26

#: Result codes whose meaning does not depend on where the file is.
_PLAIN: dict[int, tuple[type[DomainError], str]] = {
    SQLITE_BUSY: (BusyError, "store_busy"),
    SQLITE_LOCKED: (BusyError, "store_busy"),
    SQLITE_FULL: (EnvironmentProblem, "store_disk_full"),
    SQLITE_READONLY: (EnvironmentProblem, "store_read_only"),
    SQLITE_PERM: (EnvironmentProblem, "store_permission_denied"),
    SQLITE_AUTH: (EnvironmentProblem, "store_permission_denied"),
    SQLITE_IOERR: (EnvironmentProblem, "store_io_error"),
}


def sqlite_code(exc: BaseException) -> int | None:
    """The primary SQLite result code behind ``exc`` (a SQLAlchemy or sqlite3 error), if any."""
    code = getattr(getattr(exc, "orig", exc), "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def typed_sqlite_error(exc: BaseException, path: Path) -> DomainError:
    """The typed error for a SQLite failure on the store (or backup) file ``path``."""
    orig = getattr(exc, "orig", exc)
    detail = f"{getattr(orig, 'sqlite_errorname', type(orig).__name__)}: {orig}"
    code = sqlite_code(exc)
    if code == SQLITE_CANTOPEN:
        return cannot_open(path, detail)
    if code in _PLAIN:
        kind, name = _PLAIN[code]
        return kind(name, path=str(path), detail=detail)
    return DamagedError("store_damaged", path=str(path), detail=detail)


def cannot_open(path: Path, detail: str) -> EnvironmentProblem:
    """Why SQLite could not open (or create) ``path`` or the journal files next to it."""
    if path.is_dir():
        return EnvironmentProblem("store_path_is_folder", path=str(path))
    folder = path.parent
    if read_only_mount(folder):
        return EnvironmentProblem("store_read_only", path=str(path))
    writable = os.access(folder, os.W_OK | os.X_OK) and (
        not path.exists() or os.access(path, os.R_OK | os.W_OK)
    )
    if not writable:
        return EnvironmentProblem("store_permission_denied", path=str(path))
    return EnvironmentProblem("store_cannot_open", path=str(path), detail=detail)


def read_only_mount(folder: Path) -> bool:
    """True when ``folder`` lies on a file system mounted read-only (POSIX only)."""
    try:
        return bool(os.statvfs(folder).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs on Windows
        return False


#: ``errno`` values of an ``OSError`` that say which environment problem it is.
_ERRNO_CODES: dict[int, str] = {
    errno.ENOSPC: "store_disk_full",
    errno.EDQUOT: "store_disk_full",
    errno.EROFS: "store_read_only",
    errno.EACCES: "store_permission_denied",
    errno.EPERM: "store_permission_denied",
    errno.EISDIR: "store_path_is_folder",
}


def typed_os_error(exc: OSError, path: Path) -> EnvironmentProblem:
    """An ``OSError`` met while using the data folder (settings, logs, locks, the store)."""
    where = Path(exc.filename) if isinstance(exc.filename, str) else path
    code = _ERRNO_CODES.get(exc.errno or 0)
    if code is not None:
        return EnvironmentProblem(code, path=str(where))
    return EnvironmentProblem("data_dir_unusable", path=str(where), detail=exc.strerror or str(exc))
