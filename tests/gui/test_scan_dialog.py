"""The scan dialog over the real SANE ``test`` backend and a real demo store: pages arrive one by
one while the event loop keeps running, rotate / delete / save attach a PDF/A to the dossier;
imported files work the same (a blank page is marked, never dropped); cancel and a driver fault
keep the pages already received, the fault said in Vietnamese."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.scan_adapter import ScanAdapter
from counter_app.services import desk
from counter_app.services.attachments import SCANS
from tests.gui.conftest import WAIT_MS
from tests.scan_pages import text_page
from tests.scanning_support import require_component, sane_config_dir
from ui.app import build_window, make_application, sign_in
from ui.dossier.view import DossierView
from ui.main_window import MainWindow
from ui.scanning.pages import BLANK, ROTATION
from ui.scanning.scan_dialog import ScanDialog

sane_config_dir()
pytestmark = pytest.mark.timeout(120)
DEV = "test:0"
Hook = Callable[[Any, int], None]


def reset_device() -> None:
    import sane

    sane.init()
    dev = sane.open(DEV)
    dev.read_return_value = "Default"
    dev.read_limit = dev.read_delay = False
    dev.close()


@pytest.fixture
def hooks() -> list[Hook]:
    return []


@pytest.fixture
def scan_window(qtbot: QtBot, gui_app: App, hooks: list[Hook]) -> Iterator[MainWindow]:
    require_component("sane-test-backend")
    reset_device()
    from scanning.sane_backend import SaneBackend

    def after_page(dev: Any, read: int) -> None:
        for hook in hooks:
            hook(dev, read)

    adapter = ScanAdapter(
        gui_app.services, gui_app.data_dir, backend=lambda: SaneBackend(after_page=after_page)
    )
    make_application()
    user = sign_in(desk.staff_members(gui_app.store))
    assert user is not None
    window = build_window(gui_app, user, scanner=adapter)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    yield window
    window.runner.wait_idle()
    window.close()
    reset_device()


def _dossier_with_items(app: App, window: MainWindow) -> str:
    for row in range(window.model.rowCount()):
        code = window.model.row_at(row).summary.code
        if len(desk.dossier(app.store, code).items) >= 1:
            return code
    raise AssertionError("no demo dossier has document items")


def open_dialog(qtbot: QtBot, window: MainWindow, app: App) -> tuple[DossierView, ScanDialog]:
    view = window.open_dossier(_dossier_with_items(app, window))
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.dossier is not None, timeout=WAIT_MS)
    assert view.scan_button.isEnabled()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(view, Qt.Key.Key_F11)
    dialog = view.scan_dialog
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.device.findData(DEV) >= 0 and dialog.started, timeout=WAIT_MS)
    dialog.device.setCurrentIndex(dialog.device.findData(DEV))
    dialog.source.setCurrentIndex(dialog.source.findData("adf"))
    dialog.dpi.setValue(100)
    return view, dialog


def stop_after(n: int, status: str = "SANE_STATUS_NO_DOCS") -> Hook:
    """The feeder holds ``n`` sheets (no docs after them: the normal end), or faults after n."""

    def hook(dev: Any, read: int) -> None:
        if read == n:
            dev.read_return_value = status

    return hook


def wait_done(qtbot: QtBot, dialog: ScanDialog) -> None:
    qtbot.waitUntil(lambda: dialog.progress is None, timeout=WAIT_MS * 3)


def stored_pages(app: App, code: str, item_code: str) -> int:
    item = next(i for i in desk.dossier(app.store, code).items if i.requirement_code == item_code)
    assert item.scan is not None
    digest = item.scan.content_hash
    with pikepdf.open(app.data_dir / SCANS / digest[:2] / f"{digest}.pdf") as pdf:
        assert len(pdf.pages) == item.scan.pages
        return len(pdf.pages)


def test_adf_pages_arrive_live_then_rotate_delete_save(
    qtbot: QtBot, scan_window: MainWindow, gui_app: App, hooks: list[Hook]
) -> None:
    shown_while_scanning = threading.Event()
    seen: list[int] = []

    def hold_at_two(dev: Any, read: int) -> None:
        if read == 2:  # the scanner waits here until the window has drawn two thumbnails
            seen.append(int(shown_while_scanning.wait(10)))

    hooks += [hold_at_two, stop_after(3)]
    view, dialog = open_dialog(qtbot, scan_window, gui_app)
    QTest.mouseClick(dialog.buttons["scan"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.count() >= 1, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: dialog.pages.count() == 2, timeout=WAIT_MS)
    assert dialog.progress is not None  # still scanning: the pages came while the loop ran
    shown_while_scanning.set()
    wait_done(qtbot, dialog)
    assert seen == [1], "the scan blocked the event loop (thumbnails came only at the end)"
    assert dialog.pages.count() == 3, dialog.status.text()
    dialog.pages.item(0).setSelected(True)
    QTest.mouseClick(dialog.buttons["rotate"], Qt.MouseButton.LeftButton)
    assert dialog.pages.item(0).data(ROTATION) == 90
    dialog.pages.clearSelection()
    dialog.pages.item(1).setSelected(True)
    QTest.mouseClick(dialog.buttons["delete"], Qt.MouseButton.LeftButton)
    assert dialog.pages.count() == 2
    item_code = dialog.item.currentData()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS * 3):
        QTest.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert stored_pages(gui_app, view.code, item_code) == 2


def test_move_and_insert_rescan_keep_the_order(
    qtbot: QtBot, scan_window: MainWindow, gui_app: App, hooks: list[Hook]
) -> None:
    hooks.append(stop_after(2))
    _view, dialog = open_dialog(qtbot, scan_window, gui_app)
    dialog.start_scan()
    wait_done(qtbot, dialog)
    keys = [dialog.pages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)]
    dialog.pages.item(1).setSelected(True)
    dialog.pages.move_selected(-1)
    assert [dialog.pages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(2)] == keys[::-1]
    reset_device()
    hooks[:] = [stop_after(1)]
    dialog.pages.clearSelection()
    dialog.pages.item(1).setSelected(True)
    dialog.insert_scan()
    wait_done(qtbot, dialog)
    order = [dialog.pages.item(i).data(Qt.ItemDataRole.UserRole) for i in range(3)]
    assert order == [keys[1], 3, keys[0]]


def test_imported_files_with_a_blank_page_marked_not_dropped(
    qtbot: QtBot, scan_window: MainWindow, gui_app: App, tmp_path: Path
) -> None:
    text, blank = tmp_path / "to-khai.png", tmp_path / "trang.png"
    text_page(100).save(text, dpi=(100, 100))
    Image.new("L", (827, 1169), 255).save(blank, dpi=(100, 100))
    view, dialog = open_dialog(qtbot, scan_window, gui_app)
    dialog.import_files([text, blank])
    wait_done(qtbot, dialog)
    assert dialog.pages.count() == 2, dialog.status.text()
    assert [dialog.pages.item(i).data(BLANK) for i in range(2)] == [False, True]
    assert "⚠" in dialog.pages.item(1).text()
    item_code = dialog.item.currentData()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS * 3):
        dialog.save()
    assert stored_pages(gui_app, view.code, item_code) == 2


def test_cancel_mid_scan_keeps_the_pages_received(
    qtbot: QtBot, scan_window: MainWindow, gui_app: App, hooks: list[Hook]
) -> None:
    release = threading.Event()

    def hold_at_two(dev: Any, read: int) -> None:
        if read == 2:
            release.wait(10)

    hooks.append(hold_at_two)
    _view, dialog = open_dialog(qtbot, scan_window, gui_app)
    dialog.start_scan()
    qtbot.waitUntil(lambda: dialog.pages.count() == 2, timeout=WAIT_MS)
    QTest.mouseClick(dialog.buttons["cancel"], Qt.MouseButton.LeftButton)
    release.set()
    wait_done(qtbot, dialog)
    kept = dialog.pages.count()
    assert 2 <= kept < 10
    assert dialog.status.text() == (f"Đã dừng quét; {kept} trang đã nhận vẫn được giữ.")


def test_a_jam_keeps_the_pages_and_says_so_in_vietnamese(
    qtbot: QtBot, scan_window: MainWindow, gui_app: App, hooks: list[Hook]
) -> None:
    hooks.append(stop_after(2, "SANE_STATUS_JAMMED"))
    _view, dialog = open_dialog(qtbot, scan_window, gui_app)
    dialog.start_scan()
    wait_done(qtbot, dialog)
    assert dialog.pages.count() == 2
    text = dialog.status.text()
    assert text.startswith("Giấy bị kẹt trong máy quét “test:0”"), text
    assert "2 trang đã quét vẫn được giữ" in text
    assert dialog.status.property("error") is True
