"""The intake draft on disk: what was typed survives a crash or a window closed by mistake.

One JSON file in ``<data>/drafts/``, owner-only, written atomically (a temporary file in the same
folder, flushed and fsynced, then renamed over the old one): a crash leaves the old draft or the
new one, never half of one. The form saves it every few seconds and on close, and deletes it once
the dossier is stored.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
from pathlib import Path
from typing import Any

from counter_app.private_files import FILE_MODE, private_dir

log = logging.getLogger(__name__)

DRAFT_FOLDER = "drafts"
DRAFT_FILE = "intake.json"


class DraftStore:
    def __init__(self, data_dir: Path) -> None:
        self.folder = data_dir / DRAFT_FOLDER
        self.path = self.folder / DRAFT_FILE

    def save(self, state: dict[str, Any]) -> None:
        private_dir(self.folder)
        tmp = self.path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(state, handle, ensure_ascii=False)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, self.path)

    def load(self) -> dict[str, Any] | None:
        """The saved draft, or None (none, or unreadable: then it is set aside, not lost)."""
        try:
            state = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError):
            log.warning("unreadable intake draft set aside")
            with contextlib.suppress(OSError):
                self.path.replace(self.path.with_suffix(".damaged"))
            return None
        return state if isinstance(state, dict) else None

    def clear(self) -> None:
        with contextlib.suppress(FileNotFoundError):
            self.path.unlink()
