"""The scan dialog's screenshot (``docs/screenshots/scan.png``), also taken by ``make
screenshots``: a demo dossier, the SANE ``test`` device in the chooser, three pages imported
(text, a red seal, a blank page marked for review), one of them turned.

``xvfb-run -a python -m tests.gui.scan_screenshot docs/screenshots`` on its own."""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

from PIL import Image
from PySide6.QtWidgets import QApplication

os.environ.setdefault("QT_QPA_PLATFORM", "xcb")  # a real X server (xvfb-run), before Qt loads

from counter_app.composition import open_app
from counter_app.scan_adapter import ScanAdapter
from counter_app.services import desk
from tests.gui.conftest import make_demo_store
from tests.gui.screenshots import settle, shoot
from tests.scan_pages import seal_page, text_page
from tests.scanning_support import sane_config_dir
from ui.app import build_window, make_application, sign_in


def shoot_scan(qt: QApplication, app: object, window: object, out: Path, work: Path) -> None:
    from ui.main_window import MainWindow

    assert isinstance(window, MainWindow)
    code = next(
        window.model.row_at(r).summary.code
        for r in range(window.model.rowCount())
        if len(desk.dossier(window.session.ctx.store, window.model.row_at(r).summary.code).items)
        > 1
    )
    view = window.open_dossier(code)
    settle(qt, 800)
    dialog = view.open_scan()
    assert dialog is not None
    settle(qt, 1500)
    files = [work / "to-khai.png", work / "giay-to.png", work / "trang.png"]
    text_page(150).save(files[0])
    seal_page(150).save(files[1])
    Image.new("L", (1240, 1754), 255).save(files[2])
    dialog.import_files(files)
    for _ in range(40):
        settle(qt, 250)
        if dialog.progress is None:
            break
    dialog.pages.item(1).setSelected(True)
    dialog.pages.rotate_selected(90)
    dialog.item.setCurrentIndex(1)
    dialog.resize(1000, 760)
    settle(qt, 800)
    shoot(dialog, out / "scan.png")
    dialog.close()
    view.close()


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    sane_config_dir()
    root = Path(tempfile.mkdtemp(prefix="counter-shots-"))
    try:
        make_demo_store(root)
        app = open_app(root)
        qt = make_application()
        user = sign_in(desk.staff_members(app.store))
        assert user is not None
        window = build_window(app, user, scanner=ScanAdapter(app.services, app.data_dir))
        window.resize(1280, 760)
        window.show()
        settle(qt, 1200)
        shoot_scan(qt, app, window, out, root)
        window.close()
        app.close()
    finally:
        shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots")))
