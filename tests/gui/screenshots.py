"""Screenshots of each main screen on a real X server with the bundled fonts.

``xvfb-run -a python -m tests.gui.screenshots docs/screenshots`` (``make screenshots``): a demo
office in a temporary folder, then the main window, a filled-in intake, a dossier and the
supervisor's desk, each saved as PNG. Not part of ``make test`` (which needs no X server).
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import cast

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")  # a real X server (xvfb-run), before Qt loads

from counter_app.composition import open_app, scan_adapter, slips_adapter
from counter_app.domain.slip_kinds import SlipKind, applies
from counter_app.services import desk
from tests.gui.conftest import make_demo_store
from ui.app import build_window, make_application, sign_in
from ui.main_window import MainWindow
from ui.session import Scanner

CARD = "001099012345|123456789|Nguyễn Thị Lan|05031990|Nữ|Số 12 Lý Thường Kiệt, Hà Nội|01022021"


def settle(app: QApplication, ms: int = 600) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def shoot(widget: QWidget, path: Path) -> None:
    widget.grab().save(str(path))
    print(path)


def preview_of_receipt(qt: QApplication, window: MainWindow, path: Path) -> None:
    """The print preview of the first received dossier's receipt."""
    ctx = window.session.ctx
    code = next(
        r.summary.code
        for r in desk.queue(ctx)
        if applies(SlipKind.RECEIPT, desk.dossier(ctx.store, r.summary.code))
    )
    view = window.open_dossier(code)
    settle(qt, 1000)
    dialog = view.print_slip()
    assert dialog is not None
    dialog.resize(900, 1000)
    settle(qt, 2000)
    shoot(dialog, path)
    dialog.close()
    view.close()


def handed_over(window: MainWindow) -> str:
    """A queued dossier with a hand-over to show (its giver, receiver and result)."""
    ctx = window.session.ctx
    for r in range(window.model.rowCount()):
        code = window.model.row_at(r).summary.code
        if desk.dossier(ctx.store, code).transfers:
            return code
    return window.model.row_at(0).summary.code


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="counter-shots-"))
    try:
        make_demo_store(root)
        app = open_app(root)
        qt = make_application()
        user = sign_in(desk.staff_members(app.store))
        assert user is not None
        scanner = scan_adapter(app)
        window = build_window(app, user, slips_adapter(app), cast("Scanner | None", scanner))
        window.resize(1280, 760)
        window.show()
        settle(qt, 1200)
        shoot(window, out / "main-window.png")
        window.new_intake()
        form = window.intake
        assert form is not None
        settle(qt)
        form.choose("1.000894")
        name = form.applicant.edits["name"]
        name.setFocus()
        name.setText(name.text() + CARD)
        name.textEdited.emit(name.text())
        form.applicant.edits["phone"].setText("0912345678")
        form.resize(980, 900)
        settle(qt)
        shoot(form, out / "intake.png")
        form.close()
        view = window.open_dossier(handed_over(window))
        view.resize(960, 1240)  # tall enough to show the hand-overs and the scan button
        settle(qt, 1000)
        shoot(view, out / "dossier.png")
        view.close()
        preview_of_receipt(qt, window, out / "preview.png")
        batch = window.open_handover()
        for r in range(2):
            batch.code.setText(window.model.row_at(r).summary.code)
            batch.add()
        batch.agency.setText("Phòng Tư pháp")
        batch.agency_officer.setText("Lê Thị Hoa")
        batch.budget.amount.setValue(2)
        settle(qt, 1000)
        shoot(batch, out / "handover.png")
        batch.close()
        board = window.open_desk()
        settle(qt, 1000)
        shoot(board, out / "supervisor-desk.png")
        board.close()
        guidance = window.open_guidance()
        assert guidance is not None
        settle(qt, 600)
        guidance.query.setText("khai sinh")
        guidance.query.textEdited.emit("khai sinh")
        preview = guidance.open_preview()
        assert preview is not None
        preview.resize(1000, 1000)
        settle(qt, 2000)
        shoot(preview, out / "guidance.png")
        preview.close()
        guidance.close()
        window.close()
        app.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
