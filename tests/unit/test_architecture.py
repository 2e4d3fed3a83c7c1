"""The core is Qt-free: importing all of it works with PySide6 made unimportable."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_imports_without_qt() -> None:
    script = textwrap.dedent("""
        import importlib, pkgutil, sys

        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "PyQt5", "PyQt6"):
                    raise ImportError("Qt is forbidden in the core: " + name)
                return None

        sys.meta_path.insert(0, NoQt())
        import counter_app
        names = [m.name for m in pkgutil.walk_packages(counter_app.__path__, "counter_app.")
                 if ".migrations" not in m.name and m.name != "counter_app.__main__"]
        for name in names:
            importlib.import_module(name)
        assert not [m for m in sys.modules if m.startswith(("PySide6", "shiboken6"))]
        print(len(names))
    """)
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert int(result.stdout.strip()) > 20
