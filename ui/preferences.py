"""Each staff member's display preferences (for now: large text), kept across restarts.

One small JSON file in the data folder, ``ui-preferences.json``: ``{"<username>": {"large_text":
true}}``, owner-only and written atomically (temporary file, fsync, rename). A missing or
unreadable file gives the defaults; a preference that cannot be saved is logged, and the window
carries on with it for this session.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from counter_app.private_files import write_private_text

log = logging.getLogger(__name__)

FILE_NAME = "ui-preferences.json"


@dataclass(frozen=True)
class Preferences:
    large_text: bool = False


class PreferenceStore:
    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    def _all(self) -> dict[str, Any]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("unreadable %s: defaults used", FILE_NAME)
            return {}
        return data if isinstance(data, dict) else {}

    def load(self, user: str) -> Preferences:
        mine = self._all().get(user)
        large = mine.get("large_text") if isinstance(mine, dict) else None
        return Preferences(large_text=large is True)

    def save(self, user: str, prefs: Preferences) -> None:
        data = self._all()
        data[user] = asdict(prefs)
        try:
            write_private_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError:
            log.warning("display preferences not saved", exc_info=True)
