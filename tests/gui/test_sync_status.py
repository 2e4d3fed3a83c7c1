"""The sync part of the window at widget level, over a stand-in of the engine's service: the
status bar's words for each link state, refreshed off the GUI thread on a timer and after each
local write; sync now with progress and cancel; the scheduler's start and stop. (The real engine
against the real reference server: ``test_sync_real.py``.)"""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.services import desk
from sync.client_api import LinkState
from tests.gui.conftest import WAIT_MS
from tests.gui.sync_standin import StandInScheduler, StandInSync, status
from ui.app import build_window, make_application, sign_in
from ui.main_window import MainWindow
from ui.sync_seam import SyncSeams
from ui.sync_status import SyncBar
from ui.tasks import OUTBOX, WriteOp


@pytest.fixture
def standin() -> StandInSync:
    return StandInSync(status(LinkState.ONLINE, pending_commands=3))


@pytest.fixture
def scheduler() -> StandInScheduler:
    return StandInScheduler()


@pytest.fixture
def sync_window(
    qtbot: QtBot, gui_app: App, standin: StandInSync, scheduler: StandInScheduler
) -> Iterator[MainWindow]:
    make_application()
    user = sign_in(desk.staff_members(gui_app.store))
    assert user is not None
    window = build_window(gui_app, user, seams=SyncSeams(standin, scheduler))
    qtbot.addWidget(window)
    window.show()
    assert window.sync_bar is not None
    qtbot.waitUntil(
        lambda: window.sync_bar is not None and window.sync_bar.last is not None, timeout=WAIT_MS
    )
    yield window
    window.close()


def bar_of(window: MainWindow) -> SyncBar:
    assert window.sync_bar is not None
    return window.sync_bar


def test_status_bar_shows_link_and_count_read_off_the_gui_thread(
    qtbot: QtBot, sync_window: MainWindow, standin: StandInSync
) -> None:
    bar = bar_of(sync_window)
    assert bar.link.text().startswith("Trực tuyến")
    assert bar.unsynced.text() == "3 thay đổi chưa đồng bộ"
    assert standin.threads and threading.main_thread().name not in standin.threads
    assert not sync_window.connection.isVisible()  # the old placeholder gave way


@pytest.mark.parametrize(
    ("state", "code", "expected"),
    [
        (LinkState.OFFLINE, None, "Mất kết nối"),
        (LinkState.REFUSED, "device_not_registered", "Trung tâm từ chối đồng bộ"),
        (LinkState.NOT_REGISTERED, None, "Máy chưa đăng ký với trung tâm"),
        (LinkState.DEMO, None, "Dữ liệu mẫu"),
    ],
)
def test_each_link_state_in_vietnamese(
    qtbot: QtBot,
    sync_window: MainWindow,
    standin: StandInSync,
    state: LinkState,
    code: str | None,
    expected: str,
) -> None:
    bar = bar_of(sync_window)
    standin.current = status(state, problem_code=code, pending_commands=1, pending_files=2)
    with qtbot.waitSignal(bar.status_shown, timeout=WAIT_MS):
        bar.refresh()
    assert bar.link.text().startswith(expected), bar.link.text()
    assert "·" in bar.unsynced.text() and "2 tệp" in bar.unsynced.text()
    assert bar.sync_action.isEnabled() is (state not in (LinkState.DEMO, LinkState.NOT_REGISTERED))
    if code:
        assert code not in bar.link.text()


def test_refreshed_after_a_local_write_and_on_the_timer(
    qtbot: QtBot, sync_window: MainWindow, standin: StandInSync
) -> None:
    bar = bar_of(sync_window)
    before = standin.status_calls
    standin.current = status(LinkState.ONLINE, pending_commands=4)
    with qtbot.waitSignal(bar.status_shown, timeout=WAIT_MS):
        sync_window.runner.write(WriteOp(lambda: None, changes=frozenset({OUTBOX})))
    assert bar.unsynced.text() == "4 thay đổi chưa đồng bộ"
    bar.timer.setInterval(50)
    qtbot.waitUntil(lambda: standin.status_calls >= before + 3, timeout=WAIT_MS)


def test_parked_and_online_counts_open_their_lists(
    qtbot: QtBot, sync_window: MainWindow, standin: StandInSync
) -> None:
    bar = bar_of(sync_window)
    standin.current = status(LinkState.ONLINE, parked=2, online_waiting=1)
    with qtbot.waitSignal(bar.status_shown, timeout=WAIT_MS):
        bar.refresh()
    assert bar.parked_button.isVisible() and "2" in bar.parked_button.text()
    assert bar.online_button.isVisible()
    bar.parked_button.click()
    assert any(type(d).__name__ == "ParkedDialog" for d in bar.dialogs)


def test_sync_now_on_a_worker_lane_with_progress_then_message(
    qtbot: QtBot, sync_window: MainWindow, standin: StandInSync
) -> None:
    bar = bar_of(sync_window)
    standin.sync_steps, standin.step_s = 3, 0.05
    assert bar.sync_action.shortcut().toString() == "Ctrl+Shift+S"
    with qtbot.waitSignal(bar.synced, timeout=WAIT_MS) as done:
        dialog = bar.sync_now()
        assert dialog is not None
        assert not bar.sync_action.isEnabled()  # one at a time
    assert done.args[0].acknowledged == 3
    assert "3" in sync_window.message.text() and "Đồng bộ xong" in sync_window.message.text()
    assert (
        "net-lane" in " ".join(standin.threads)
        or threading.main_thread().name not in standin.threads
    )
    qtbot.waitUntil(bar.sync_action.isEnabled, timeout=WAIT_MS)


def test_sync_now_can_be_cancelled(
    qtbot: QtBot, sync_window: MainWindow, standin: StandInSync
) -> None:
    bar = bar_of(sync_window)
    standin.sync_steps, standin.step_s = 200, 0.02
    with qtbot.waitSignal(bar.synced, timeout=WAIT_MS) as done:
        dialog = bar.sync_now()
        assert dialog is not None
        qtbot.wait(100)
        button = dialog.findChild(QPushButton)
        assert button is not None and button.text() == "Hủy"
        button.click()  # the person presses Cancel
    assert type(done.args[0]).__name__ == "Cancelled"
    assert "vẫn còn trong hàng đợi" in sync_window.message.text()
    assert sync_window.message.property("error") is False


def test_scheduler_started_on_a_registered_store_and_stopped_on_close(
    qtbot: QtBot, sync_window: MainWindow, scheduler: StandInScheduler
) -> None:
    assert scheduler.started == 1
    sync_window.close()
    assert scheduler.stopped == 1


def test_scheduler_not_started_on_a_demo_store(qtbot: QtBot, gui_app: App) -> None:
    standin, scheduler = StandInSync(status(LinkState.DEMO)), StandInScheduler()
    user = sign_in(desk.staff_members(gui_app.store))
    assert user is not None
    make_application()
    window = build_window(gui_app, user, seams=SyncSeams(standin, scheduler))
    qtbot.addWidget(window)
    bar = bar_of(window)
    qtbot.waitUntil(lambda: bar.last is not None, timeout=WAIT_MS)
    assert scheduler.started == 0
    assert bar.sync_now() is None
    window.close()
    assert scheduler.stopped == 0
