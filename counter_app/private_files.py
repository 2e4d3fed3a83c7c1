"""Files holding personal data are readable by their owner only.

On POSIX the data folder, the store with its WAL/SHM/journal, the logs, the settings and every
backup the application writes are ``0600`` (files) and ``0700`` (folders): new files get these
modes when created (:func:`restrict_new_files` sets the process umask, and the store and log
files are also created with explicit modes), and files found looser on open are tightened
(:func:`secure_data_dir`) and reported. On Windows modes mean little: the data folder lives in
the user's profile (``%LOCALAPPDATA%``), whose access list admits only that user (plus SYSTEM
and administrators); nothing is changed there.
"""

from __future__ import annotations

import contextlib
import os
import stat
from pathlib import Path

POSIX = os.name == "posix"
FILE_MODE = 0o600
DIR_MODE = 0o700
_OWNER_ONLY_UMASK = 0o077


def restrict_new_files() -> None:
    """Every file or folder this process creates from now on is its owner's only."""
    if POSIX:
        os.umask(_OWNER_ONLY_UMASK)


def private_dir(path: Path) -> None:
    """Create ``path`` (and missing parents) owner-only, or tighten it if it exists."""
    path.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
    tighten(path)


def create_private_file(path: Path) -> None:
    """Create an empty owner-only file at ``path`` unless one exists already."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def write_private_text(path: Path, text: str) -> None:
    """``text`` as ``path``, owner-only and never half a file: a temporary file beside it, fsync,
    then one rename. Raises :class:`OSError` (the temporary file removed); callers say what it
    means for them."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        private_dir(path.parent)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        raise


def tighten(path: Path) -> int | None:
    """Remove group and other access from ``path``; its old mode if it was looser, else None."""
    if not POSIX:
        return None
    try:
        mode = stat.S_IMODE(path.lstat().st_mode)
    except FileNotFoundError:
        return None
    if path.is_symlink() or not mode & 0o077:
        return None
    path.chmod(mode & ~0o077)
    return mode


def secure_data_dir(data_dir: Path) -> list[tuple[Path, int]]:
    """Tighten the data folder and everything in it (store, WAL, SHM, logs, settings, backups
    kept there); returns each path that was looser, with its old mode."""
    if not POSIX or not data_dir.is_dir():
        return []
    loose: list[tuple[Path, int]] = []
    for path in [data_dir, *sorted(data_dir.rglob("*"))]:
        try:
            old = tighten(path)
        except OSError:
            continue  # not ours to change (another owner): left alone, still reported by doctor
        if old is not None:
            loose.append((path, old))
    return loose
