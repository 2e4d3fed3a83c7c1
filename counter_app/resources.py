"""Where the read-only resources (translations, sample data) live.

The top-level ``resources/`` folder sits beside the import packages in a source checkout (and an
editable install). A built wheel carries it inside the package as ``counter_app/_resources``,
with the catalogues compiled (see ``setup.py``). A PyInstaller build unpacks it under
``sys._MEIPASS/resources``. The environment variable ``COUNTER_APP_RESOURCES`` overrides all of
them (useful for tests and unusual installs).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ENV_VAR = "COUNTER_APP_RESOURCES"
PACKAGED = "_resources"
"""The resources' folder inside an installed (non-editable) package."""


def resources_root() -> Path:
    """The folder holding the application's resources (it is not checked to exist)."""
    override = os.environ.get(ENV_VAR)
    if override:
        return Path(override).expanduser().resolve()
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return Path(str(bundle)) / "resources"
    packaged = Path(__file__).resolve().parent / PACKAGED
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """``resource_path("i18n", "vi.po")`` → the path of that file inside the resources folder."""
    return resources_root().joinpath(*parts)
