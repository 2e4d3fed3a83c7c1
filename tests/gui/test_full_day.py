"""A whole day at the counter in one run, through the real widgets and a real store: intake by
keyboard only with the citizen-ID QR typed as keystrokes, a supplement request, a refusal, the
supplement received, a hand-over batch and its results back, the result returned and rated, and a
dossier the supervisor's desk flags, apologised for from the desk with a new date."""

from __future__ import annotations

from PySide6.QtCore import QDate, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QCheckBox, QLineEdit
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.domain.deadlines import WarningLevel
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.processing_time import ProcessingTime
from counter_app.services import desk, intake
from tests.gui.conftest import WAIT_MS, type_text
from tests.gui.test_dossier_life import _click, _open
from tests.gui.test_intake_form import (
    CARD_7,
    focused,
    open_intake,
    pick_procedure,
    type_fields,
    wait_done,
)
from ui.dossier.view import DossierView
from ui.main_window import MainWindow


def _intake(qtbot: QtBot, window: MainWindow, procedure: str) -> None:
    window.banner.hide()  # the next banner names the next dossier
    pick_procedure(qtbot, open_intake(qtbot, window), procedure)


def _received_by_keyboard(qtbot: QtBot, window: MainWindow) -> str:
    _intake(qtbot, window, "ket hon")
    type_text(focused(), CARD_7)  # the QR scanner types into the name field
    type_fields(qtbot, ["", "", "", "", ""])  # Tab over what the card filled, to the phone
    type_text(focused(), "0912345678")
    QTest.keyClick(focused(), Qt.Key.Key_F10)
    return wait_done(qtbot, window)


def _supplement_requested(qtbot: QtBot, window: MainWindow) -> str:
    _intake(qtbot, window, "khai sinh")
    type_fields(qtbot, ["Đỗ Minh Quân", "001095003333"])
    form = window.intake
    assert form is not None
    box, reason = form.checklist.table.cellWidget(0, 1), form.checklist.table.cellWidget(0, 4)
    assert isinstance(box, QCheckBox) and isinstance(reason, QLineEdit)
    box.setChecked(False)
    reason.setText("Bản sao bị mờ")
    QTest.keyClick(form, Qt.Key.Key_F7)
    return wait_done(qtbot, window)


def _refused(qtbot: QtBot, window: MainWindow) -> str:
    _intake(qtbot, window, "ket hon")
    type_fields(qtbot, ["Vũ Văn Hải"])
    form = window.intake
    assert form is not None
    form.reason.setFocus()
    type_text(form.reason, "Không thuộc thẩm quyền")
    QTest.keyClick(form.reason, Qt.Key.Key_F8)
    return wait_done(qtbot, window)


def _hand_over_and_back(qtbot: QtBot, window: MainWindow, codes: list[str]) -> None:
    batch = window.open_handover()
    qtbot.addWidget(batch)

    def scan_all() -> None:
        for code in codes:
            type_text(batch.code, code)
            QTest.keyClick(batch.code, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: len(batch.batch) == len(codes), timeout=WAIT_MS)

    scan_all()
    type_text(batch.agency, "Phòng Tư pháp")
    type_text(batch.agency_officer, "Lê Thị Hoa")
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS):
        QTest.mouseClick(batch.hand_over, Qt.MouseButton.LeftButton)
    scan_all()
    with qtbot.waitSignal(batch.finished, timeout=WAIT_MS):
        QTest.mouseClick(batch.results_back, Qt.MouseButton.LeftButton)
    batch.close()


def _received_to_be_due_soon(gui_app: App) -> str:
    """A dossier received now with a short published branch (2 working hours): less than a
    working day is left, whatever the hour (the demo's own are spread around the real clock)."""
    request = intake.IntakeRequest(
        "1.004884",
        Party(ApplicantKind.CITIZEN, "Tô Văn Khải", "001186007777"),
        processing_override=ProcessingTime.working_hours(2),
    )
    return intake.receive(gui_app.services, request, "canbo1").code


def _flagged_and_apologised(qtbot: QtBot, window: MainWindow, gui_app: App) -> str:
    code = _received_to_be_due_soon(gui_app)
    board = window.open_desk()
    qtbot.addWidget(board)
    rows: list[desk.QueueRow] = []

    def listed() -> bool:
        rows[:] = [board.model.row_at(r) for r in range(board.model.rowCount())]
        return any(r.summary.code == code for r in rows)

    qtbot.waitUntil(listed, timeout=WAIT_MS)
    soon = next(r for r in rows if r.summary.code == code)
    assert soon.warning is WarningLevel.DUE_SOON
    board.table.activated.emit(board.model.index(rows.index(soon), 0))
    view = window.dossier_windows[-1]
    assert isinstance(view, DossierView) and view.code == soon.summary.code
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.dossier is not None, timeout=WAIT_MS)
    assert soon.summary.due_at is not None
    due = soon.summary.due_at.date()
    view.new_date.setDate(QDate(due.year, due.month, due.day).addDays(3))
    type_text(view.note, "Cần xác minh thêm")
    _click(qtbot, view, "apologise", view.dossier.status if view.dossier else S.RECEIVED)
    return soon.summary.code


def test_a_full_day_at_the_counter(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    received = _received_by_keyboard(qtbot, window)
    applicant = desk.dossier(gui_app.store, received).applicant
    assert (applicant.name, applicant.id_number) == ("Nguyễn Thị Lan", "001099012345")
    incomplete = _supplement_requested(qtbot, window)
    refused = _refused(qtbot, window)
    assert desk.dossier(gui_app.store, refused).status is S.REFUSED
    view = _open(qtbot, window, incomplete)
    _click(qtbot, view, "supplement_received", S.RECEIVED)
    _hand_over_and_back(qtbot, window, [received, incomplete])
    for code in (received, incomplete):
        d = desk.dossier(gui_app.store, code)
        assert d.status is S.RESOLVED
        assert d.transfers[-1].receiver == "Lê Thị Hoa" and d.results_back[-1].giver
    view = _open(qtbot, window, received)
    type_text(view.recipient, "Nguyễn Thị Lan")
    _click(qtbot, view, "return", S.RETURNED)
    view.rating.setValue(5)
    _click(qtbot, view, "rate", S.RETURNED)
    assert desk.dossier(gui_app.store, received).rating == 5
    apologised = desk.dossier(gui_app.store, _flagged_and_apologised(qtbot, window, gui_app))
    assert apologised.apology_reason == "Cần xác minh thêm"
    assert apologised.appointment is not None and apologised.appointment.rescheduled_due
