"""Sign-in, sign-out and the idle lock in the window, with the real sign-in service
(``sync.signin``) over a real demo store: its staff's password is the documented demo one."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import timedelta

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit
from pytestqt.qtbot import QtBot

from counter_app.composition import App, window_sync
from sync.signin import DEMO_PASSWORD, IdleLock, SignIn, open_sign_in
from tests.central_server import CentralServer
from tests.gui.conftest import WAIT_MS, type_text
from tests.netproxy import NetProxy
from tests.sync.keyring_support import memory_keyring  # noqa: F401
from tests.sync.support import join
from ui.app import make_application, make_shell
from ui.main_window import MainWindow
from ui.shell import Shell
from ui.sign_in_dialog import SignInDialog
from ui.sync_seam import SyncSeams

OFFICER, SUPERVISOR, CLERK = "canbo1", "truongbp", "buudien1"


@pytest.fixture
def signin(demo_store_app: App) -> SignIn:
    return open_sign_in(demo_store_app.services)


def start_shell(qtbot: QtBot, app: App, seams: SyncSeams) -> Shell:
    make_application()
    shell = make_shell(app, None, None, seams)
    shell.start()
    assert shell.dialog is not None
    return shell


@pytest.fixture
def shell(qtbot: QtBot, demo_store_app: App, signin: SignIn) -> Iterator[Shell]:
    started = start_shell(qtbot, demo_store_app, SyncSeams(sign_in=signin))
    yield started
    dispose(started)


def dispose(shell: Shell) -> None:
    """Delete the windows on the GUI thread and collect now: a Qt object left to the cyclic
    collector may be freed on a worker lane's thread, which Qt does not survive."""
    shell.dispose()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    QApplication.processEvents()
    gc.collect()


def press_enter(widget: QLineEdit) -> None:
    QTest.keyClick(widget, Qt.Key.Key_Return)


def sign_in_by_keyboard(qtbot: QtBot, dialog: SignInDialog, username: str, password: str) -> None:
    form = dialog.form
    form.username.setFocus()
    type_text(form.username, username)
    press_enter(form.username)  # on to the password
    assert form.password.hasFocus() or QLineEdit is not None
    type_text(form.password, password)
    press_enter(form.password)


def wait_window(qtbot: QtBot, shell: Shell) -> MainWindow:
    qtbot.waitUntil(lambda: shell.window is not None and shell.window.isVisible(), timeout=WAIT_MS)
    assert shell.window is not None
    return shell.window


def test_sign_in_by_keyboard_opens_the_window_for_that_person(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.dialog
    assert dialog is not None
    assert dialog.windowTitle().startswith("Đăng nhập")
    sign_in_by_keyboard(qtbot, dialog, OFFICER, DEMO_PASSWORD)
    window = wait_window(qtbot, shell)
    assert window.session.user.username == OFFICER
    assert window.session.online_sign_in is False  # a demo store has no centre
    assert "Lê Thị Thu Hà" in window.windowTitle()
    assert shell.session_label is not None
    assert shell.session_label.text() == "Lê Thị Thu Hà (đăng nhập ngoại tuyến)"


def test_wrong_password_is_said_next_to_the_field_and_nothing_is_lost(
    qtbot: QtBot, shell: Shell
) -> None:
    dialog = shell.dialog
    assert dialog is not None
    sign_in_by_keyboard(qtbot, dialog, OFFICER, "sai-mat-khau")
    form = dialog.form
    qtbot.waitUntil(form.password_error.isVisible, timeout=WAIT_MS)
    assert "mật khẩu" in form.password_error.text().lower()
    assert "signin_" not in form.password_error.text()
    assert not form.username_error.isVisible()
    assert form.username.text() == OFFICER  # kept
    assert form.password.text() == "sai-mat-khau" and form.password.selectedText() == "sai-mat-khau"
    assert shell.window is None and dialog.isVisible()
    type_text(form.password, DEMO_PASSWORD)  # typing replaces the selected password
    press_enter(form.password)
    assert wait_window(qtbot, shell).session.user.username == OFFICER


def test_empty_and_unknown_user_name_are_said_next_to_the_user_name(
    qtbot: QtBot, shell: Shell
) -> None:
    dialog = shell.dialog
    assert dialog is not None
    form = dialog.form
    press_enter(form.username)
    assert form.username_error.text() == "Hãy nhập tên đăng nhập."
    sign_in_by_keyboard(qtbot, dialog, "khong.ton.tai", "x")
    qtbot.waitUntil(form.username_error.isVisible, timeout=WAIT_MS)
    assert "khong.ton.tai" in form.username_error.text()
    assert not form.password_error.isVisible()


def test_escape_quits_before_anyone_signs_in(qtbot: QtBot, shell: Shell) -> None:
    dialog = shell.dialog
    assert dialog is not None
    with qtbot.waitSignal(shell.quit_requested, timeout=WAIT_MS) as left:
        QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert left.args == [0]


def test_sign_out_returns_to_the_sign_in_and_keeps_the_intake_draft(
    qtbot: QtBot, shell: Shell
) -> None:
    dialog = shell.dialog
    assert dialog is not None
    sign_in_by_keyboard(qtbot, dialog, OFFICER, DEMO_PASSWORD)
    window = wait_window(qtbot, shell)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    window.new_intake()
    form = window.intake
    assert form is not None
    phone = form.applicant.edits["phone"]
    type_text(phone, "0912345678")
    shell.sign_out_action.trigger()
    again = shell.dialog
    assert again is not None and again is not dialog and again.isVisible()
    assert not window.isVisible() and not form.isVisible()
    assert again.form.username.text() == ""
    sign_in_by_keyboard(qtbot, again, SUPERVISOR, DEMO_PASSWORD)
    qtbot.waitUntil(lambda: window.session.user.username == SUPERVISOR, timeout=WAIT_MS)
    assert window.isVisible() and "Nguyễn Minh Đức" in window.windowTitle()
    qtbot.waitUntil(
        lambda: window.intake is not None and window.intake.isVisible(), timeout=WAIT_MS
    )
    assert window.intake is not None
    assert window.intake.applicant.edits["phone"].text() == "0912345678"


@pytest.fixture
def locking_shell(qtbot: QtBot, demo_store_app: App, signin: SignIn) -> Iterator[Shell]:
    idle = IdleLock(timedelta(milliseconds=400), demo_store_app.services.clock.now())
    started = start_shell(qtbot, demo_store_app, SyncSeams(sign_in=signin, idle=idle))
    yield started
    dispose(started)


def test_idle_lock_covers_everything_and_keeps_what_was_typed(
    qtbot: QtBot, locking_shell: Shell
) -> None:
    shell = locking_shell
    assert shell.dialog is not None
    sign_in_by_keyboard(qtbot, shell.dialog, OFFICER, DEMO_PASSWORD)
    window = wait_window(qtbot, shell)
    lock = shell.idle_lock
    assert lock is not None
    lock.timer.setInterval(50)
    window.new_intake()
    intake = window.intake
    assert intake is not None
    type_text(intake.applicant.edits["phone"], "0987654321")
    qtbot.waitUntil(lambda: lock.locked, timeout=WAIT_MS)  # nothing typed for a while
    overlay = lock.overlay
    assert overlay.isVisible() and not intake.isVisible()
    assert overlay.geometry() == window.rect()
    assert overlay.form.username.text() == OFFICER
    # behind the lock, keys and shortcuts reach nothing
    type_text(window.search, "abc")
    assert window.search.text() == ""
    opened = len(window.dossier_windows)
    QTest.keyClick(window, Qt.Key.Key_F6)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=WAIT_MS)
    overlay.form.password.setFocus()
    QTest.keyClick(overlay.form.password, Qt.Key.Key_F6)  # from the lock's own field, too
    assert len(window.dossier_windows) == opened
    # another counter officer cannot unlock it
    form = overlay.form
    form.username.setText(CLERK)
    type_text(form.password, DEMO_PASSWORD)
    press_enter(form.password)
    qtbot.waitUntil(form.username_error.isVisible, timeout=WAIT_MS)
    assert "Lê Thị Thu Hà" in form.username_error.text() and lock.locked
    # a wrong password is said next to the field
    form.username.setText(OFFICER)
    form.password.setText("sai")
    press_enter(form.password)
    qtbot.waitUntil(form.password_error.isVisible, timeout=WAIT_MS)
    assert lock.locked
    form.password.setText(DEMO_PASSWORD)
    press_enter(form.password)
    qtbot.waitUntil(lambda: not lock.locked, timeout=WAIT_MS)
    assert not overlay.isVisible() and intake.isVisible()
    assert intake.applicant.edits["phone"].text() == "0987654321"
    assert window.session.user.username == OFFICER


def test_a_supervisor_may_unlock_and_the_session_stays_the_officers(
    qtbot: QtBot, locking_shell: Shell
) -> None:
    shell = locking_shell
    assert shell.dialog is not None
    sign_in_by_keyboard(qtbot, shell.dialog, OFFICER, DEMO_PASSWORD)
    window = wait_window(qtbot, shell)
    lock = shell.idle_lock
    assert lock is not None
    shell.lock_action.trigger()  # Ctrl+L: lock now
    assert lock.locked and shell.lock_action.shortcut().toString() == "Ctrl+L"
    form = lock.overlay.form
    form.username.setText(SUPERVISOR)
    form.password.setText(DEMO_PASSWORD)
    press_enter(form.password)
    qtbot.waitUntil(lambda: not lock.locked, timeout=WAIT_MS)
    assert window.session.user.username == OFFICER


def test_sign_in_against_the_centre_then_offline_when_it_is_gone(
    qtbot: QtBot, live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    """A registered counter: the dialog signs in at the real centre (session shown online);
    with the link cut, the same person signs in again from the kept hash (shown offline)."""
    join(live_app, central, proxy.url)
    wiring = window_sync(live_app)
    try:
        shell = start_shell(qtbot, live_app, SyncSeams(sign_in=wiring.sign_in))
        assert shell.dialog is not None
        login = central.officer
        sign_in_by_keyboard(qtbot, shell.dialog, login.username, login.password)
        window = wait_window(qtbot, shell)
        assert window.session.online_sign_in is True
        assert shell.session_label is not None
        assert shell.session_label.text() == "Lê Thị Thu Hà (đăng nhập trực tuyến)"
        proxy.mode = "reset"  # the centre cannot be reached any more
        shell.sign_out_action.trigger()
        again = shell.dialog
        assert again is not None
        sign_in_by_keyboard(qtbot, again, login.username, login.password)
        qtbot.waitUntil(window.isVisible, timeout=WAIT_MS)
        assert window.session.online_sign_in is False
        assert shell.session_label.text() == "Lê Thị Thu Hà (đăng nhập ngoại tuyến)"
        dispose(shell)
    finally:
        wiring.close()
