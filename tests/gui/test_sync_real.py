"""The window's sync against the real engine and the real reference server (uvicorn on
127.0.0.1, ``tests/central_server.py``): the status bar before and after "sync now", the
scheduler sending on its own after a local write and stopping with the window, a change the
centre refuses in the parked list with its reason and a retry, online dossiers with their
acceptance clock, a large scan's upload progress, and the sign-in against the centre."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QTableWidget, QTableWidgetItem
from pytestqt.qtbot import QtBot

from counter_app.composition import App, WindowSync, window_sync
from counter_app.domain.deadlines import WarningLevel
from counter_app.domain.enums import Channel
from counter_app.domain.office import StaffMember
from counter_app.services import desk, lifecycle
from sync.signin import DEMO_PASSWORD
from tests.central_server import CentralServer
from tests.gui.conftest import WAIT_MS, type_text
from tests.netproxy import NetProxy
from tests.sync.files_support import MB, attach, payload
from tests.sync.support import central_codes, join, receive
from tests.sync.test_engine_link import _spoil_first_command
from ui.app import build_window, make_application
from ui.main_window import MainWindow
from ui.models.queue_model import COLOURS
from ui.sign_in_dialog import member_for
from ui.sync_seam import SyncSeams
from ui.sync_status import SyncBar
from ui.tasks import OUTBOX, WriteOp
from ui.uploads_dialog import UploadsDialog

LONG_MS = 60_000


def signed_in(app: App, wiring: WindowSync, login: tuple[str, str]) -> StaffMember:
    """The person at the counter, signed in through the real sign-in (online against the
    centre on a registered store)."""
    session = wiring.sign_in.sign_in(*login)
    return member_for(session, desk.staff_members(app.store), app.services.agency_code)


def officer(server: CentralServer) -> tuple[str, str]:
    return server.officer.username, server.officer.password


class Opened:
    """A window over the real engine (and, when asked, its scheduler)."""

    def __init__(self, qtbot: QtBot, app: App, login: tuple[str, str], *, scheduler: bool) -> None:
        make_application()
        self.wiring: WindowSync = window_sync(app)
        w = self.wiring
        seams = SyncSeams(w.service, w.scheduler if scheduler else None, w.sign_in, None)
        self.user = signed_in(app, w, login)
        self.window: MainWindow = build_window(app, self.user, seams=seams)
        self.window.show()
        assert self.window.sync_bar is not None
        self.bar: SyncBar = self.window.sync_bar
        qtbot.waitUntil(lambda: self.bar.last is not None, timeout=WAIT_MS)

    def close(self) -> None:
        self.window.close()
        self.window.deleteLater()
        QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        gc.collect()
        self.wiring.close()


@pytest.fixture
def opened(qtbot: QtBot, live_app: App, central: CentralServer) -> Iterator[Opened]:
    join(live_app, central)
    view = Opened(qtbot, live_app, officer(central), scheduler=False)
    yield view
    view.close()


def show_status(qtbot: QtBot, bar: SyncBar) -> None:
    with qtbot.waitSignal(bar.status_shown, timeout=WAIT_MS):
        bar.refresh()


def sync_now(qtbot: QtBot, bar: SyncBar) -> object:
    with qtbot.waitSignal(bar.synced, timeout=LONG_MS) as done:
        assert bar.sync_now() is not None
    return done.args[0]


def test_sync_now_sends_the_queue_and_the_status_bar_follows(
    qtbot: QtBot, opened: Opened, live_app: App, central: CentralServer
) -> None:
    codes = receive(live_app, 3)
    bar = opened.bar
    show_status(qtbot, bar)
    assert bar.unsynced.text() == "3 thay đổi chưa đồng bộ"
    assert bar.link.text().startswith("Mất kết nối")  # registered, never reached yet
    report = sync_now(qtbot, bar)
    assert getattr(report, "acknowledged", None) == 3, report
    assert getattr(report, "remaining", None) == 0
    assert opened.window.message.text().startswith("Đồng bộ xong")
    qtbot.waitUntil(lambda: bar.unsynced.text() == "0 thay đổi chưa đồng bộ", timeout=WAIT_MS)
    assert bar.link.text().startswith("Trực tuyến — đồng bộ lúc")
    assert central_codes(central) == sorted(codes)


def test_a_refused_change_is_listed_with_its_reason_and_can_be_retried(
    qtbot: QtBot, opened: Opened, live_app: App, central: CentralServer
) -> None:
    bad, good = receive(live_app, 2)
    lifecycle.transfer(live_app.services, bad, "Phòng Tư pháp", "canbo1", receiver="Nguyễn Văn Nam")
    _spoil_first_command(live_app, bad)
    bar = opened.bar
    report = sync_now(qtbot, bar)
    assert getattr(report, "parked", None) == 1
    qtbot.waitUntil(bar.parked_button.isVisible, timeout=WAIT_MS)
    assert bar.parked_button.text() == "1 thay đổi bị từ chối"
    dialog = bar.open_parked()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    cells = [item(dialog.table, 0, c).text() for c in range(dialog.table.columnCount())]
    assert cells[0] == bad
    assert cells[1] == "Tiếp nhận hồ sơ"
    assert cells[3].startswith("Trung tâm không đọc được thay đổi này")
    assert "hỗ trợ kỹ thuật" in cells[4]
    assert cells[5] == "1 thay đổi sau"  # the transfer waits behind it
    assert "malformed_command" not in " ".join(cells)
    with qtbot.waitSignal(dialog.retried, timeout=WAIT_MS):
        dialog.retry_button.click()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=WAIT_MS)
    assert "đưa lại vào hàng đợi" in dialog.message.text()
    show_status(qtbot, bar)
    assert not bar.parked_button.isVisible()
    assert bar.unsynced.text() == "2 thay đổi chưa đồng bộ"
    assert central_codes(central) == [good]


def _online(server: CentralServer, submitted: datetime, name: str) -> str:
    reply = httpx.post(
        f"{server.api}/online-dossiers",
        json={
            "agency_id": server.agency_id,
            "procedure_code": "1.001193",
            "applicant": {"name": name},
            "submitted_at": submitted.isoformat(),
        },
        headers={"Authorization": f"Bearer {server.token(server.supervisor)}"},
        timeout=10,
    )
    assert reply.status_code == 201, reply.text
    code: str = reply.json()["dossier_code"]
    return code


def test_online_dossiers_waiting_with_their_acceptance_clock(
    qtbot: QtBot, opened: Opened, central: CentralServer
) -> None:
    now = datetime.now(UTC)
    fresh = _online(central, now, "Trần Thị Bình")
    late = _online(central, now - timedelta(days=10), "Lê Văn Muộn")
    bar = opened.bar
    sync_now(qtbot, bar)
    qtbot.waitUntil(bar.online_button.isVisible, timeout=WAIT_MS)
    assert bar.online_button.text() == "2 hồ sơ trực tuyến chờ tiếp nhận"
    dialog = bar.open_online()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 2, timeout=WAIT_MS)
    rows = {item(dialog.table, r, 0).text(): r for r in range(2)}
    assert set(rows) == {fresh, late}
    assert list(rows) == [late, fresh]  # soonest acceptance time first
    late_row, fresh_row = rows[late], rows[fresh]
    assert item(dialog.table, late_row, 2).text() == "Lê Văn Muộn"
    assert item(dialog.table, late_row, 5).text() == "Quá hạn"
    overdue = COLOURS[WarningLevel.OVERDUE]
    assert overdue is not None
    assert item(dialog.table, late_row, 0).background().color() == overdue
    assert item(dialog.table, fresh_row, 5).text() != "Quá hạn"
    assert "1 hồ sơ đã quá hạn tiếp nhận" in dialog.summary.text()


def test_a_large_scan_shows_its_upload_progress(
    qtbot: QtBot, live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    code = attach(live_app, payload(3 * MB, seed=11))
    view = Opened(qtbot, live_app, officer(central), scheduler=False)
    try:
        bar = view.bar
        show_status(qtbot, bar)
        assert "1 tệp chờ gửi" in bar.unsynced.text()
        dialog = bar.open_uploads()
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
        assert _cell(dialog, 1) == code
        assert _cell(dialog, 2) == "0,0 / 2,9 MB"
        proxy.rate_bps = 600_000  # a slow link: the upload takes a few seconds
        seen: list[str] = []
        dialog.loaded.connect(lambda _n: seen.append(_cell(dialog, 2)))
        with qtbot.waitSignal(bar.synced, timeout=LONG_MS):
            bar.sync_now()
        assert any(t not in ("", "0,0 / 2,9 MB") for t in seen), seen  # moved while sending
        qtbot.waitUntil(lambda: dialog.table.rowCount() == 0, timeout=WAIT_MS)
        assert dialog.summary.text() == "Không có tệp nào chờ gửi."
    finally:
        view.close()


def _cell(dialog: UploadsDialog, column: int) -> str:
    return item(dialog.table, 0, column).text() if dialog.table.rowCount() else ""


def item(table: QTableWidget, row: int, column: int) -> QTableWidgetItem:
    found = table.item(row, column)
    assert found is not None
    return found


def test_the_scheduler_sends_a_local_write_on_its_own_and_stops_with_the_window(
    qtbot: QtBot, live_app: App, central: CentralServer
) -> None:
    join(live_app, central)
    view = Opened(qtbot, live_app, officer(central), scheduler=True)
    try:
        scheduler = view.wiring.scheduler
        assert scheduler is not None and view.bar.scheduler_running
        qtbot.waitUntil(lambda: scheduler.rounds >= 1, timeout=LONG_MS)
        codes: list[str] = []
        view.window.runner.write(
            WriteOp(lambda: codes.extend(receive(live_app, 1)), changes=frozenset({OUTBOX}))
        )
        qtbot.waitUntil(lambda: len(central_codes(central)) == 1, timeout=LONG_MS)  # no click
        assert central_codes(central) == codes
    finally:
        view.close()
    assert not scheduler._thread.is_alive()


def test_a_demo_store_never_starts_the_scheduler(qtbot: QtBot, demo_store_app: App) -> None:
    view = Opened(qtbot, demo_store_app, ("canbo1", DEMO_PASSWORD), scheduler=True)
    try:
        assert view.wiring.scheduler is None and not view.bar.scheduler_running
        assert view.bar.link.text() == "Dữ liệu mẫu — không bao giờ đồng bộ"
        assert not view.bar.sync_action.isEnabled()
    finally:
        view.close()


def test_an_online_dossier_is_accepted_from_the_waiting_list(
    qtbot: QtBot, opened: Opened, live_app: App, central: CentralServer
) -> None:
    code = _online(central, datetime.now(UTC), "Trần Thị Bình")
    bar = opened.bar
    sync_now(qtbot, bar)
    dialog = bar.open_online()
    qtbot.waitUntil(lambda: dialog.table.rowCount() == 1, timeout=WAIT_MS)
    dialog.table.selectRow(0)
    QTest.keyClick(dialog, Qt.Key.Key_Return)
    window = opened.window
    qtbot.waitUntil(lambda: window.intake is not None and window.intake.isVisible())
    form = window.intake
    assert form is not None and code in form.windowTitle()
    qtbot.waitUntil(lambda: form.procedure is not None, timeout=WAIT_MS)  # catalogue loaded
    assert form.applicant.edits["name"].text() == "Trần Thị Bình"
    assert not form.refuse_button.isEnabled() and not form.supplement_button.isEnabled()
    type_text(form.applicant.edits["id_number"], "001090012345")
    form.receive_button.click()
    qtbot.waitUntil(lambda: window.intake is None, timeout=WAIT_MS)
    with live_app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
    assert dossier is not None and dossier.channel is Channel.ONLINE
    report = sync_now(qtbot, bar)
    assert getattr(report, "parked", None) == 0
    assert code in central_codes(central)
