"""Build hook: the wheel carries the resources, with the translation catalogues compiled.

Everything is declared in ``pyproject.toml``; this file only adds one step to ``build_py``. The
top-level ``resources/`` folder (demo data, fonts, icons, the ``.po`` sources) is copied into the
package as ``counter_app/_resources`` (where ``counter_app.resources`` finds it once installed),
and each ``resources/i18n/<lang>.po`` is compiled there into
``i18n/<lang>/LC_MESSAGES/counter_app.mo`` with Babel (a build requirement). A catalogue that
does not compile cleanly fails the build. Editable installs read ``resources/`` in place; the
Makefile compiles their catalogues.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from setuptools import setup
from setuptools.command.build_py import build_py

ROOT = Path(__file__).resolve().parent
SOURCE = ROOT / "resources"
PACKAGED = Path("counter_app") / "_resources"
DOMAIN = "counter_app"
#: Sources and generated files that stay out of the wheel (the .mo files are compiled afresh).
EXCLUDED = ("*.po", "*.pot", "*.mo", "LC_MESSAGES", "__pycache__")


def compile_catalogue(po_file: Path, mo_file: Path) -> None:
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as fileobj:
        catalog = read_po(fileobj, locale=po_file.stem)
    problems = [f"{m.id!r}: {e}" for m, errors in catalog.check() for e in errors]
    if problems:
        raise SystemExit(f"{po_file}: " + "; ".join(problems))
    mo_file.parent.mkdir(parents=True, exist_ok=True)
    with mo_file.open("wb") as fileobj:
        write_mo(fileobj, catalog)


class BuildPyWithResources(build_py):
    def run(self) -> None:
        super().run()
        if getattr(self, "editable_mode", False):
            return
        target = Path(self.build_lib) / PACKAGED
        shutil.rmtree(target, ignore_errors=True)
        shutil.copytree(SOURCE, target, ignore=shutil.ignore_patterns(*EXCLUDED))
        for po_file in sorted((SOURCE / "i18n").glob("*.po")):
            mo_file = target / "i18n" / po_file.stem / "LC_MESSAGES" / f"{DOMAIN}.mo"
            compile_catalogue(po_file, mo_file)


setup(cmdclass={"build_py": BuildPyWithResources})
