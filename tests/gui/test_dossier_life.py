"""The rest of a dossier's day through the dossier view and the real store: receipt of a
supplement, hand-over, result back, return, rating; a conflict reloads and keeps what was typed;
search from the box; the supervisor's desk flags overdue dossiers."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.domain.deadlines import Timeliness, WarningLevel
from counter_app.domain.dossier import Delivery, FeeLine, MissingItem, Party
from counter_app.domain.enums import ApplicantKind, DeliveryMethod, DossierStatus, FeeTiming
from counter_app.services import desk, intake, lifecycle
from tests.gui.conftest import WAIT_MS, type_text
from ui.dossier.view import DossierView
from ui.main_window import MainWindow


def _supplement_requested(app: App) -> str:
    request = intake.IntakeRequest(
        "1.000894", Party(ApplicantKind.CITIZEN, "Hoàng Thị Mai", "001190005555")
    )
    missing = [MissingItem("Tờ khai", "Chưa ký")]
    return intake.request_supplement(app.services, request, missing, "", "canbo1").code


def _open(qtbot: QtBot, window: MainWindow, code: str) -> DossierView:
    view = window.open_dossier(code)
    assert isinstance(view, DossierView)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.dossier is not None, timeout=WAIT_MS)
    return view


def _click(qtbot: QtBot, view: DossierView, key: str, status: DossierStatus) -> None:
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        QTest.mouseClick(view.buttons[key], Qt.MouseButton.LeftButton)
    assert view.dossier is not None
    assert view.dossier.status is status, view.status.text()


def test_supplement_handover_result_return_rating(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    code = _supplement_requested(gui_app)
    view = _open(qtbot, window, code)
    _click(qtbot, view, "supplement_received", DossierStatus.RECEIVED)
    assert view.dossier is not None and view.dossier.appointment is not None
    type_text(view.agency, "Phòng Tư pháp")
    QTest.mouseClick(view.buttons["transfer"], Qt.MouseButton.LeftButton)  # nobody to receive it
    qtbot.waitUntil(lambda: view.status.property("error") is True, timeout=WAIT_MS)
    assert "người nhận" in view.status.text().lower()
    type_text(view.agency_officer, "Lê Thị Hoa")
    view.step_budget.amount.setValue(4)
    view.step_budget.unit.setCurrentIndex(1)  # working hours
    _click(qtbot, view, "transfer", DossierStatus.PROCESSING)
    _click(qtbot, view, "resolve", DossierStatus.RESOLVED)
    assert "Lê Thị Hoa (Phòng Tư pháp)" in view.details.toPlainText()  # the hand-overs table
    type_text(view.recipient, "Hoàng Thị Mai")
    _click(qtbot, view, "return", DossierStatus.RETURNED)
    view.rating.setValue(4)
    _click(qtbot, view, "rate", DossierStatus.RETURNED)
    stored = desk.dossier(gui_app.store, code)
    assert stored.rating == 4
    assert stored.processing_agency == "Phòng Tư pháp"
    (handed,) = stored.transfers
    assert (handed.by, handed.receiver, handed.to_agency) == (
        "canbo1",
        "Lê Thị Hoa",
        "Phòng Tư pháp",
    )
    (back,) = stored.results_back
    assert (back.giver, back.by, back.from_agency) == ("Lê Thị Hoa", "canbo1", "Phòng Tư pháp")
    assert handed.result is not None and back.result is not None
    assert handed.step_due is not None and handed.step_due > handed.at
    assert stored.result_return is not None and stored.result_return.recipient == "Hoàng Thị Mai"
    assert "Phòng Tư pháp" not in view.status.text()  # the status line names the outcome
    assert "Đã trả kết quả" in view.details.toPlainText()


def test_conflict_reloads_and_keeps_what_was_typed(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    code = _supplement_requested(gui_app)
    view = _open(qtbot, window, code)
    seen = view.dossier
    assert seen is not None
    lifecycle.receive_supplement(gui_app.services, code, "canbo2")  # another counter, meanwhile
    type_text(view.note, "Không đủ điều kiện")
    with qtbot.waitSignal(view.loaded, timeout=WAIT_MS):
        QTest.mouseClick(view.buttons["refuse"], Qt.MouseButton.LeftButton)
    assert view.dossier is not None and view.dossier.version > seen.version
    assert view.dossier.status is DossierStatus.RECEIVED  # not refused on a stale screen
    assert "thay đổi ở nơi khác" in view.status.text()
    assert view.note.text() == "Không đủ điều kiện"
    # the person repeats the action on the fresh dossier
    _click(qtbot, view, "refuse", DossierStatus.REFUSED)


def test_refusal_without_reason_is_explained(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    view = _open(qtbot, window, _supplement_requested(gui_app))
    QTest.mouseClick(view.buttons["refuse"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(view.status.text()), timeout=WAIT_MS)
    assert view.status.property("error") is True
    assert "Traceback" not in view.status.text()
    assert "lý do" in view.status.text().lower()


def test_search_box_finds_by_code_and_name(qtbot: QtBot, window: MainWindow) -> None:
    first = window.model.row_at(0).summary
    window.search.setFocus()
    type_text(window.search, first.code)
    with qtbot.waitSignal(window.searched, timeout=WAIT_MS) as found:
        QTest.keyClick(window.search, Qt.Key.Key_Return)
    assert found.args == [1]
    assert window.model.row_at(0).summary.code == first.code
    window.search.clear()
    surname = first.applicant_name.split()[0]
    ascii_name = {"Nguyễn": "nguyen", "Trần": "tran", "Lê": "le", "Phạm": "pham"}.get(surname)
    if ascii_name:
        type_text(window.search, ascii_name)
        with qtbot.waitSignal(window.searched, timeout=WAIT_MS) as found:
            QTest.keyClick(window.search, Qt.Key.Key_Return)
        assert found.args[0] >= 1


def test_unknown_search_says_so(qtbot: QtBot, window: MainWindow) -> None:
    window.search.setText("123")
    with qtbot.waitSignal(window.searched, timeout=WAIT_MS):
        QTest.keyClick(window.search, Qt.Key.Key_Return)
    assert window.message.property("error") is True
    assert window.message.text()


def test_supervisor_desk_lists_overdue(qtbot: QtBot, window: MainWindow) -> None:
    board = window.open_desk()
    qtbot.addWidget(board)
    qtbot.waitUntil(lambda: board.model.rowCount() >= 1, timeout=WAIT_MS)  # the demo has late ones
    assert "quá hạn" in board.figures.text()
    levels = {board.model.row_at(r).warning for r in range(board.model.rowCount())}
    assert WarningLevel.NORMAL not in levels


def test_apology_with_a_new_date_from_the_dossier_view(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    request = intake.IntakeRequest(
        "1.000894", Party(ApplicantKind.CITIZEN, "Trịnh Văn Khoa", "001187006666")
    )
    code = intake.receive(gui_app.services, request, "canbo1").code
    view = _open(qtbot, window, code)
    assert view.dossier is not None and view.dossier.due_at is not None
    due = view.dossier.due_at.date()
    view.new_date.setDate(QDate(due.year, due.month, due.day).addDays(2))
    type_text(view.note, "Cần xác minh thêm")
    _click(qtbot, view, "apologise", DossierStatus.RECEIVED)
    stored = desk.dossier(gui_app.store, code)
    assert stored.appointment is not None and stored.appointment.rescheduled_due is not None
    assert stored.apology_reason == "Cần xác minh thêm"
    # a second apology is refused in words, not with a traceback
    view.new_date.setDate(view.new_date.date().addDays(3))
    QTest.mouseClick(view.buttons["apologise"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.status.property("error") is True, timeout=WAIT_MS)
    assert "xin lỗi" in view.status.text().lower()


def test_handover_batch_then_results_back(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    codes = []
    for name, number in (("Lý Văn Nam", "001180001111"), ("Mai Thị Hoa", "001181002222")):
        request = intake.IntakeRequest("1.000894", Party(ApplicantKind.CITIZEN, name, number))
        codes.append(intake.receive(gui_app.services, request, "canbo1").code)
    batch = window.open_handover()
    qtbot.addWidget(batch)
    for code in [*codes, codes[0]]:  # a code scanned twice is listed once
        type_text(batch.code, f"https://dichvucong.example/tra-cuu?ma={code}")
        QTest.keyClick(batch.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(batch.batch) == 2, timeout=WAIT_MS)
    type_text(batch.agency, "Phòng Tư pháp")
    type_text(batch.agency_officer, "Lê Thị Hoa")
    batch.budget.amount.setValue(2)  # the agency is given two working days for its step
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS) as handed:
        QTest.mouseClick(batch.hand_over, Qt.MouseButton.LeftButton)
    assert sorted(handed.args[0].done) == sorted(codes)
    assert {desk.dossier(gui_app.store, c).status for c in codes} == {DossierStatus.PROCESSING}
    for code in codes:
        (t,) = desk.dossier(gui_app.store, code).transfers
        assert (t.by, t.receiver) == ("canbo1", "Lê Thị Hoa")
        assert t.step_due is not None and t.step_due > t.at
    batch.agency_officer.clear()
    type_text(batch.agency_officer, "Đỗ Văn Nam")  # who brings the results back
    for code in codes:
        type_text(batch.code, code)
        QTest.keyClick(batch.code, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: len(batch.batch) == 2, timeout=WAIT_MS)
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS):
        QTest.mouseClick(batch.results_back, Qt.MouseButton.LeftButton)
    assert {desk.dossier(gui_app.store, c).status for c in codes} == {DossierStatus.RESOLVED}
    for code in codes:
        (back,) = desk.dossier(gui_app.store, code).results_back
        assert (back.giver, back.by) == ("Đỗ Văn Nam", "canbo1")
        assert back.result is Timeliness.EARLY  # well within the two days given


def _received(app: App, name: str, number: str, **extra: Any) -> str:
    request = intake.IntakeRequest("1.000894", Party(ApplicantKind.CITIZEN, name, number), **extra)
    return intake.receive(app.services, request, "canbo1").code


def test_withdrawal_then_stop(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    view = _open(qtbot, window, _received(gui_app, "Tạ Văn Phú", "001170001234"))
    type_text(view.note, "Công dân xin rút")
    _click(qtbot, view, "withdraw", DossierStatus.WITHDRAWN)
    _click(qtbot, view, "stop", DossierStatus.STOPPED)
    assert view.dossier is not None and view.dossier.stop_notice is not None


def test_financial_obligation_pauses_then_resumes(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    view = _open(qtbot, window, _received(gui_app, "Lâm Thị Thu", "001171004321"))
    type_text(view.agency, "Chi cục Thuế")
    type_text(view.agency_officer, "Phan Văn Thuế")
    _click(qtbot, view, "transfer", DossierStatus.PROCESSING)
    type_text(view.note, "Nộp thuế trước bạ")
    _click(qtbot, view, "obligation", DossierStatus.FINANCIAL_OBLIGATION)
    assert view.dossier is not None and view.dossier.open_pause is not None
    _click(qtbot, view, "resume", DossierStatus.PROCESSING)
    assert view.dossier is not None and view.dossier.open_pause is None


def test_fee_after_then_return_by_post(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    fee = FeeLine("Phí cấp bản sao", 8000, FeeTiming.AFTER)
    delivery = Delivery(DeliveryMethod.POST, "Số 5 Trần Phú, Hà Đông")
    code = _received(gui_app, "Kiều Văn Long", "001172005678", fees=[fee], delivery=delivery)
    view = _open(qtbot, window, code)
    type_text(view.agency_officer, "Lê Thị Hoa")
    _click(qtbot, view, "resolve", DossierStatus.RESOLVED)
    view.return_method.setCurrentIndex(view.return_method.findData(DeliveryMethod.POST))
    type_text(view.tracking_no, "EB123456789VN")
    QTest.mouseClick(view.buttons["return"], Qt.MouseButton.LeftButton)  # the fee is still due
    qtbot.waitUntil(lambda: view.status.property("error") is True, timeout=WAIT_MS)
    assert "Phí cấp bản sao" in view.status.text()
    type_text(view.fee_receipt, "BL-0042")
    _click(qtbot, view, "collect_fee", DossierStatus.RESOLVED)
    _click(qtbot, view, "return", DossierStatus.RETURNED)
    stored = desk.dossier(gui_app.store, code)
    assert stored.result_return is not None
    assert stored.result_return.postal_tracking_no == "EB123456789VN"
    assert stored.fees[0].receipt_no == "BL-0042"
    assert view.tracking_no.text() == "EB123456789VN"  # nothing typed was cleared on the error


def test_without_printing_the_reprint_button_is_off(qtbot: QtBot, window: MainWindow) -> None:
    view = _open(qtbot, window, window.model.row_at(0).summary.code)
    assert not view.print_button.isEnabled()
    assert not view.reprint_button.isEnabled()
