"""Entry point of the counter window. The PySide6 window arrives with the UI issue; until then
this says so instead of failing."""

from __future__ import annotations

from typing import Any

from counter_app.i18n import _


def main(app: Any) -> int:
    print(_("The counter window is not available yet in this version."))
    print(_("Data folder: {path}").format(path=app.data_dir))
    print(
        _(
            "Use the commands instead: counter-app --help (find, calendar due, audit verify, "
            "backup, doctor)."
        )
    )
    return 0
