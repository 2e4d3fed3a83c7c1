"""Child process for the crash test: opens the real window offscreen on a data folder, starts an
intake, types into it, and prints ``DRAFT SAVED`` once the autosave has written the draft. The
test then kills it with SIGKILL (no chance to save anything on the way out)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QTimer

from counter_app.composition import open_app
from counter_app.services import desk
from ui.app import build_window, make_application, sign_in

NAME, ID_NUMBER, PROCEDURE = "Ngô Thị Thu Trang", "001198007777", "1.000894"


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = open_app(Path(sys.argv[1]))
    qt = make_application()
    user = sign_in(desk.staff_members(app.store))
    assert user is not None
    window = build_window(app, user)
    window.show()
    window.new_intake()
    form = window.intake
    assert form is not None
    state = {"typed": False}

    def step() -> None:
        if not state["typed"] and form.procedures:
            form.choose(PROCEDURE)
            form.applicant.edits["name"].setText(NAME)
            form.applicant.edits["id_number"].setText(ID_NUMBER)
            state["typed"] = True
        elif state["typed"] and form.drafts.path.exists():
            print("DRAFT SAVED", flush=True)
            timer.stop()

    timer = QTimer()
    timer.setInterval(50)
    timer.timeout.connect(step)
    timer.start()
    return int(qt.exec())


if __name__ == "__main__":
    sys.exit(main())
