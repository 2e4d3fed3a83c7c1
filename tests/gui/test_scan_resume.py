"""The scan dialog offers to continue a scan of the dossier that was interrupted (a process
killed mid-batch: its pages stay on disk), brings the pages back and saves them; "Discard"
deletes them. Choosing an item preselects the profile its procedure's catalogue names."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.ports import Progress
from counter_app.scan_adapter import ScanAdapter
from counter_app.services import desk
from scanning.model import Capabilities, DeviceInfo, ScanSettings
from scanning.session import MANIFEST, ScanSession
from tests.gui.conftest import WAIT_MS
from tests.gui.test_scan_dialog import stored_pages
from tests.scan_pages import text_page
from ui.app import build_window, make_application, sign_in
from ui.main_window import MainWindow
from ui.scanning.scan_dialog import ScanDialog

pytestmark = pytest.mark.timeout(120)


class NoScanner:
    name = "none"

    def devices(self) -> Sequence[DeviceInfo]:
        return []

    def capabilities(self, device: str) -> Capabilities:
        raise AssertionError(device)

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        raise AssertionError(device)


@pytest.fixture
def window(qtbot: QtBot, gui_app: App) -> Iterator[MainWindow]:
    adapter = ScanAdapter(gui_app.services, gui_app.data_dir, backend=NoScanner)
    make_application()
    user = sign_in(desk.staff_members(gui_app.store))
    assert user is not None
    win = build_window(gui_app, user, scanner=adapter)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=WAIT_MS)
    yield win
    win.runner.wait_idle()
    win.close()


def dossier_code(app: App, window: MainWindow) -> str:
    for row in range(window.model.rowCount()):
        code = window.model.row_at(row).summary.code
        if len(desk.dossier(app.store, code).items) >= 2:
            return code
    raise AssertionError("no demo dossier has two document items")


def open_dialog(qtbot: QtBot, window: MainWindow, code: str) -> ScanDialog:
    view = window.open_dossier(code)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.dossier is not None, timeout=WAIT_MS)
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(view, Qt.Key.Key_F11)
    dialog = view.scan_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.started, timeout=WAIT_MS)
    return dialog


def killed_mid_batch(app: App, code: str, tmp_path: Path) -> Path:
    """A real process scanning 4 pages for ``code`` dies (SIGKILL) after the second."""
    files = []
    for i in range(4):
        files.append(tmp_path / f"p{i}.png")
        text_page(100, lines=2 + i).save(files[-1], dpi=(100, 100))
    child = subprocess.run(
        [sys.executable, "-m", "tests.gui.scan_child", str(app.data_dir), code, *map(str, files)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert child.returncode == -9, child.stderr
    assert child.stdout.split() == ["PAGE", "1", "PAGE", "2"]
    (folder,) = [m.parent for m in (app.data_dir / "scan-sessions").glob(f"*/{MANIFEST}")]
    assert len(ScanSession.open(folder).pages) == 2
    return folder


def test_an_interrupted_scan_is_offered_continued_and_saved(
    qtbot: QtBot, window: MainWindow, gui_app: App, tmp_path: Path
) -> None:
    code = dossier_code(gui_app, window)
    folder = killed_mid_batch(gui_app, code, tmp_path)
    dialog = open_dialog(qtbot, window, code)
    assert dialog.resume_box.isVisibleTo(dialog)
    assert "2 trang" in dialog.resume_text.text(), dialog.resume_text.text()
    QTest.mouseClick(dialog.resume_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.count() == 2 and dialog.progress is None, timeout=WAIT_MS)
    assert not dialog.resume_box.isVisibleTo(dialog)
    item_code = dialog.item.currentData()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS * 3):
        dialog.save()
    assert stored_pages(gui_app, code, item_code) == 2
    assert ScanSession.open(folder).meta["saved"] == 2
    dialog.close()
    again = open_dialog(qtbot, window, code)
    assert not again.resume_box.isVisibleTo(again)  # saved: no longer interrupted


def test_an_interrupted_scan_can_be_discarded(
    qtbot: QtBot, window: MainWindow, gui_app: App, tmp_path: Path
) -> None:
    code = dossier_code(gui_app, window)
    folder = killed_mid_batch(gui_app, code, tmp_path)
    other = ScanSession.create(gui_app.data_dir / "scan-sessions" / "other", dossier="X-1")
    other.add(Image.new("L", (50, 50), 255), 100)
    dialog = open_dialog(qtbot, window, code)
    assert dialog.resume_box.isVisibleTo(dialog)
    QTest.mouseClick(dialog.discard_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not folder.exists(), timeout=WAIT_MS)
    qtbot.waitUntil(lambda: not dialog.resume_box.isVisibleTo(dialog), timeout=WAIT_MS)
    assert dialog.pages.count() == 0
    assert (other.folder / MANIFEST).exists()  # another dossier's session is left alone


def test_the_item_profile_named_by_the_catalogue_is_preselected(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    code = dossier_code(gui_app, window)
    dossier = desk.dossier(gui_app.store, code)
    sealed = dossier.items[1].requirement_code
    with gui_app.store.write() as tx:
        procedure = tx.procedures.get(dossier.procedure_code)
        assert procedure is not None
        documents = tuple(
            replace(d, scan_profile="seal_photo_300") if d.code == sealed else d
            for d in procedure.documents
        )
        tx.procedures.upsert(replace(procedure, documents=documents))
    dialog = open_dialog(qtbot, window, code)
    assert (dialog.profile.text(), dialog.dpi.value()) == ("Văn bản thường 200 dpi", 200)
    assert dialog.mode.currentData() == "gray"
    dialog.item.setCurrentIndex(dialog.item.findData(sealed))
    assert dialog.profile.text() == "Có dấu đỏ / ảnh màu 300 dpi"
    assert (dialog.dpi.value(), dialog.mode.currentData()) == (300, "color")


def test_two_dossiers_scanned_at_once_keep_their_own_sessions(
    gui_app: App, window: MainWindow, tmp_path: Path
) -> None:
    """Each dossier window may have its scan dialog open: the batches never mix, and a session
    whose pages were all saved is removed when that dossier's next batch starts."""
    codes = [window.model.row_at(row).summary.code for row in range(window.model.rowCount())]
    first, second = [c for c in codes if desk.dossier(gui_app.store, c).items][:2]
    adapter = ScanAdapter(gui_app.services, gui_app.data_dir, backend=NoScanner)
    page = tmp_path / "p.png"
    text_page(100, lines=3).save(page, dpi=(100, 100))
    keys: dict[str, list[int]] = {first: [], second: []}
    assert adapter.start(first) == [] and adapter.start(second) == []
    adapter.import_files(first, [page], 100, Progress(), lambda p: keys[first].append(p.key))
    adapter.import_files(
        second, [page, page], 100, Progress(), lambda p: keys[second].append(p.key)
    )
    adapter.import_files(first, [page], 100, Progress(), lambda p: keys[first].append(p.key))
    assert keys == {first: [1, 4], second: [2, 3]}
    one, two = adapter.session(first), adapter.session(second)
    assert (len(one.pages), one.meta["dossier"]) == (2, first)
    assert (len(two.pages), two.meta["dossier"]) == (2, second)
    item = desk.dossier(gui_app.store, first).items[0].requirement_code
    assert adapter.save_item(first, item, [(k, 0) for k in keys[first]], "canbo1") == 2
    assert adapter.start(first) == []
    assert not one.folder.exists()  # all its pages are in the dossier's file
    assert (two.folder / MANIFEST).exists()  # still being scanned in the other window
