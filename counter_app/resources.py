"""Where the read-only resources (translations, sample data) live.

The top-level ``resources/`` folder sits beside the import packages in a source checkout. A
PyInstaller build unpacks it under ``sys._MEIPASS/resources``. The environment variable
``COUNTER_APP_RESOURCES`` overrides both (useful for tests and unusual installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "COUNTER_APP_RESOURCES"


def resources_root() -> Path:
    """The folder holding the application's resources (it is not checked to exist)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser().resolve()
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(str(bundle)) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """``resource_path("i18n", "vi.po")`` → the path of that file inside the resources folder."""
    return resources_root().joinpath(*parts)
