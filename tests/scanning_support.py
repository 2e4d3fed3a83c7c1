"""What the scanning tests need from the machine, and the SANE ``test`` backend set up privately
(``SANE_CONFIG_DIR``: only the ``test`` backend, so listing is instant and nothing probes the
network; ``geometry_max`` so the virtual device can do A4)."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from tests.scan_pages import font_path
from tests.support import require

_SANE_DIR: list[Path] = []


def sane_config_dir() -> Path:
    """A private SANE configuration with the test backend only; set in the environment (before
    the first ``sane.init()``, and inherited by CLI subprocesses)."""
    if not _SANE_DIR:
        folder = Path(tempfile.mkdtemp(prefix="sane-test-"))
        (folder / "dll.conf").write_text("test\n", encoding="ascii")
        (folder / "test.conf").write_text("geometry_max 300.0\n", encoding="ascii")
        os.environ["SANE_CONFIG_DIR"] = str(folder)
        _SANE_DIR.append(folder)
    return _SANE_DIR[0]


def _sane_ok() -> bool:
    try:
        import sane  # noqa: F401
    except ImportError:
        return False
    sane_config_dir()
    return Path("/usr/lib/x86_64-linux-gnu/sane/libsane-test.so.1").exists() or bool(
        list(Path("/usr/lib").glob("*/sane/libsane-test.so*"))
    )


def _tesseract_vie() -> bool:
    return shutil.which("tesseract") is not None and any(
        Path(d).joinpath("vie.traineddata").exists()
        for d in (
            "/usr/share/tesseract-ocr/5/tessdata",
            "/usr/share/tesseract-ocr/4.00/tessdata",
        )
    )


CHECKS: dict[str, Callable[[], bool]] = {
    "sane-test-backend": _sane_ok,
    "tesseract-vie": _tesseract_vie,
    "dejavu-font": lambda: font_path() is not None,
}


def require_component(name: str) -> None:
    """Skip locally (with the reason) when a required component is missing; under CI=true a
    missing component fails the test instead."""
    require(CHECKS[name](), name)
