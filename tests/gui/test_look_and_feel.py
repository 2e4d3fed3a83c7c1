"""The look of a real product: bundled icons drawn sharp at any pixel ratio, function keys shown
in the menus, the large-text choice remembered for the staff member, the supervisor's figures of
the day, and a procedure's guidance printed from the window (real store, real printing room)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QSize, Qt
from PySide6.QtGui import QFont
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLineEdit, QMenu, QToolBar
from pytestqt.qtbot import QtBot

from counter_app.composition import App, slips_adapter
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.resources import resource_path
from counter_app.services import desk, intake
from printing.preview import page_texts
from tests.gui.conftest import WAIT_MS, open_window, type_text
from ui.app import LARGE_POINT_SIZE, NORMAL_POINT_SIZE, apply_font, build_window
from ui.icons import icon
from ui.main_window import MainWindow
from ui.preferences import FILE_NAME, Preferences, PreferenceStore


def test_menu_icons_are_bundled_vectors_with_their_licence(window: MainWindow) -> None:
    assert "ISC License" in resource_path("icons", "LICENSE").read_text(encoding="utf-8")
    toolbar = window.findChild(QToolBar, "mainToolbar")
    assert toolbar is not None and len(toolbar.actions()) >= 7
    for action in toolbar.actions():
        assert not action.icon().isNull(), action.text()
        sharp = action.icon().pixmap(QSize(24, 24), 2.0)  # a high-DPI screen
        assert (sharp.width(), sharp.height(), sharp.devicePixelRatio()) == (48, 48, 2.0)
        image = sharp.toImage()
        inked = sum(image.pixelColor(x, y).alpha() > 0 for x in range(48) for y in range(48))
        assert inked > 50, action.text()
    assert icon("no-such-icon").isNull()  # a missing file is an empty icon, not an error


def test_function_keys_are_shown_in_the_menus(window: MainWindow) -> None:
    keys = {
        a.text(): a.shortcut().toString()
        for menu in window.menuBar().findChildren(QMenu)
        for a in menu.actions()
    }
    assert keys["Tiếp nhận hồ sơ mới"] == "F2"
    assert keys["Tra cứu"] == "F3"
    assert keys["In phiếu…"] == "F12"
    assert keys["In hướng dẫn thực hiện thủ tục…"] == "Shift+F12"


def test_large_text_is_remembered_for_the_staff_member(qtbot: QtBot, gui_app: App) -> None:
    first = open_window(qtbot, gui_app)
    assert not first.large_action.isChecked()
    first.large_action.trigger()
    assert QApplication.font().pointSize() == LARGE_POINT_SIZE
    saved = gui_app.data_dir / FILE_NAME
    qtbot.waitUntil(saved.exists, timeout=WAIT_MS)
    assert json.loads(saved.read_text(encoding="utf-8"))[first.session.user.username] == {
        "large_text": True
    }
    first.close()
    apply_font(large=False)  # as a fresh start would be
    again = open_window(qtbot, gui_app)  # the same staff member, after a restart
    try:
        assert again.large_action.isChecked()
        assert QApplication.font().pointSize() == LARGE_POINT_SIZE
    finally:
        again.close()
        QApplication.setFont(QFont(QApplication.font().family(), NORMAL_POINT_SIZE))


def test_supervisor_desk_shows_todays_figures(qtbot: QtBot, window: MainWindow) -> None:
    board = window.open_desk()
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.today.text().startswith("Hôm nay"), timeout=WAIT_MS)
    text = board.today.text()
    for words in ("tiếp nhận", "đúng hạn", "quá hạn", "yêu cầu bổ sung", "từ chối", " đ"):
        assert words in text


def test_procedure_guidance_is_printed_from_the_window(qtbot: QtBot, gui_app: App) -> None:
    user = desk.staff_members(gui_app.store)[0]
    window = build_window(gui_app, user, slips_adapter(gui_app))
    qtbot.addWidget(window)
    dialog = window.open_guidance()
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: bool(dialog.procedures), timeout=WAIT_MS)
    type_text(dialog.query, "khai sinh")  # without diacritics
    assert dialog.list.count() >= 1
    chosen = dialog.list.currentItem().text()
    preview = dialog.open_preview()
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(preview.save_button.isEnabled, timeout=WAIT_MS)
    assert preview.pdf is not None
    text = " ".join(" ".join(page_texts(preview.pdf)).split())
    assert "PHIẾU HƯỚNG DẪN THỰC HIỆN THỦ TỤC HÀNH CHÍNH" in text
    assert chosen.split(" — ")[0] in text  # the procedure's code
    assert "Thành phần hồ sơ" in text and "Thời hạn giải quyết" in text
    window.close()


def test_qt_own_dialog_words_are_vietnamese(window: MainWindow) -> None:
    """Qt ships no Vietnamese catalogue: its standard buttons and a field's context menu come
    from ours (the same words the reprint question and the file dialogs show)."""
    std = QDialogButtonBox.StandardButton
    box = QDialogButtonBox(std.Ok | std.Cancel | std.Yes | std.No | std.Save)
    words = {kind: box.button(kind).text() for kind in (std.Ok, std.Cancel, std.Yes, std.No)}
    assert words == {std.Ok: "Đồng ý", std.Cancel: "Hủy", std.Yes: "&Có", std.No: "&Không"}
    field = QLineEdit()
    menu = field.createStandardContextMenu()
    texts = [a.text().split("\t")[0] for a in menu.actions() if a.text()]
    assert "&Sao chép" in texts and "&Dán" in texts and "Chọn tất cả" in texts
    # texts the catalogue does not know stay Qt's own (an empty answer would blank them all)
    assert QCoreApplication.translate("QImageReader", "Unknown error") == "Unknown error"
    assert QCoreApplication.translate("QPlatformTheme", "Not one of Qt's") == "Not one of Qt's"


def test_the_hand_over_list_of_a_batch_is_printed_from_it(qtbot: QtBot, gui_app: App) -> None:
    user = desk.staff_members(gui_app.store)[0]
    window = build_window(gui_app, user, slips_adapter(gui_app))
    qtbot.addWidget(window)
    codes = []
    for name, number in (("Lý Văn Nam", "001180001111"), ("Mai Thị Hoa", "001181002222")):
        request = intake.IntakeRequest("1.000894", Party(ApplicantKind.CITIZEN, name, number))
        codes.append(intake.receive(gui_app.services, request, "canbo1").code)
    batch = window.open_handover()
    qtbot.addWidget(batch)
    for code in codes:
        type_text(batch.code, code)
        QTest.keyClick(batch.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(batch.batch) == 2, timeout=WAIT_MS)
    type_text(batch.agency, "Phòng Tư pháp")
    type_text(batch.agency_officer, "Lê Thị Hoa")
    assert not batch.print_list.isEnabled()
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS):
        QTest.mouseClick(batch.hand_over, Qt.MouseButton.LeftButton)
    assert batch.print_list.isEnabled()
    preview = batch.open_list()
    assert preview is not None
    qtbot.addWidget(preview)
    qtbot.waitUntil(preview.save_button.isEnabled, timeout=WAIT_MS)
    assert preview.pdf is not None
    text = " ".join(" ".join(page_texts(preview.pdf)).split())
    assert "DANH SÁCH BÀN GIAO HỒ SƠ" in text
    assert all(code in text for code in codes)
    assert "Người nhận: Lê Thị Hoa" in text and "Tổng số: 2 hồ sơ." in text  # the batch only
    window.close()


def test_preferences_survive_a_damaged_file_and_keep_other_staff(tmp_path: Path) -> None:
    store = PreferenceStore(tmp_path)
    (tmp_path / FILE_NAME).write_text("{not json", encoding="utf-8")
    assert store.load("canbo1") == Preferences()  # the defaults, no error
    store.save("canbo1", Preferences(large_text=True))
    store.save("truongbp", Preferences(large_text=False))
    assert store.load("canbo1").large_text and not store.load("truongbp").large_text
    assert (tmp_path / FILE_NAME).stat().st_mode & 0o077 == 0  # owner-only


def test_qt_words_cost_no_reference_to_none(window: MainWindow) -> None:
    """Each of Qt's many lookups through our translator must leave ``None``'s reference count
    as it was (PySide6 forgets one per lookup; at zero Python 3.11 aborts when it exits)."""
    before = sys.getrefcount(None)
    for _ in range(2000):
        QCoreApplication.translate("QPlatformTheme", "Cancel")
        QCoreApplication.translate("QWidget", "Not ours")
    assert sys.getrefcount(None) >= before
