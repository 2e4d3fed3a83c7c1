"""Intake at the counter through the real form: keyboard only, a card QR typed as keystrokes,
a malformed QR, a supplement request and a refusal, against the real demo store."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QCheckBox, QComboBox, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.domain.codes import find_code
from counter_app.domain.enums import DeliveryMethod, DossierStatus, FeeTiming
from counter_app.services import desk
from tests.gui.conftest import WAIT_MS, type_text
from ui.intake.form import IntakeForm
from ui.main_window import MainWindow

CARD_7 = "001099012345|123456789|Nguyễn Thị Lan|05031990|Nữ|Số 12 Lý Thường Kiệt, Hà Nội|01022021"
CARD_6 = "079201000111|Trần Văn Bình|17081985|Nam|Ấp 3, xã Tân Phú, Đồng Nai|15062022"


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def open_intake(qtbot: QtBot, window: MainWindow) -> IntakeForm:
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    QTest.keyClick(window, Qt.Key.Key_F2)
    qtbot.waitUntil(
        lambda: window.intake is not None and window.intake.isVisible(), timeout=WAIT_MS
    )
    form = window.intake
    assert form is not None
    form.activateWindow()
    qtbot.waitUntil(lambda: form.isActiveWindow() and len(form.procedures) > 0, timeout=WAIT_MS)
    return form


def pick_procedure(qtbot: QtBot, form: IntakeForm, typed: str) -> None:
    assert focused() is form.procedure_edit
    type_text(focused(), typed)
    QTest.keyClick(focused(), Qt.Key.Key_Return)
    assert form.procedure is not None


def type_fields(qtbot: QtBot, values: list[str]) -> None:
    """Type each value into the focused field, then Tab to the next one (as the paper form)."""
    for value in values:
        if value:
            type_text(focused(), value)
        QTest.keyClick(focused(), Qt.Key.Key_Tab)


def wait_done(qtbot: QtBot, window: MainWindow) -> str:
    """The code of the dossier just stored, from the banner the window shows."""
    qtbot.waitUntil(window.banner.isVisible, timeout=WAIT_MS)
    code = find_code(window.banner.text())
    assert code is not None, window.banner.text()
    return code


def test_intake_by_keyboard_only(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")  # no diacritics: "Thủ tục đăng ký kết hôn"
    assert form.procedure is not None and form.procedure.code == "1.000894"
    assert focused() is form.applicant.edits["name"]
    type_fields(qtbot, ["Phạm Thị Hồng", "001199004321", "12/04/1999", "Nữ", "Hà Nội"])
    assert focused() is form.applicant.edits["phone"]
    type_text(focused(), "0912345678")
    QTest.keyClick(focused(), Qt.Key.Key_F10)
    code = wait_done(qtbot, window)
    stored = desk.dossier(gui_app.store, code)
    assert stored.status is DossierStatus.RECEIVED
    assert stored.applicant.name == "Phạm Thị Hồng"
    assert stored.applicant.phone == "0912345678"
    assert stored.appointment is not None
    assert "Hẹn trả" in window.banner.text()
    assert not form.drafts.path.exists()  # the stored dossier leaves no draft behind


def test_card_qr_typed_into_any_field_fills_the_applicant(qtbot: QtBot, window: MainWindow) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "1.000894")
    phone = form.applicant.edits["phone"]
    phone.setFocus()
    type_text(phone, "09")
    type_text(phone, CARD_7)  # the scanner types it like a keyboard
    edits = form.applicant.edits
    assert edits["name"].text() == "Nguyễn Thị Lan"
    assert edits["id_number"].text() == "001099012345"
    assert edits["birth_date"].text() == "05/03/1990"
    assert edits["gender"].text() == "Nữ"
    assert edits["address"].text() == "Số 12 Lý Thường Kiệt, Hà Nội"
    assert phone.text() == "09"  # the field keeps what it held before the scan
    edits["name"].setFocus()
    type_text(edits["name"], CARD_6)  # the 6-field form replaces the details
    assert edits["id_number"].text() == "079201000111"
    assert edits["name"].text() == "Trần Văn Bình"


def test_malformed_card_qr_changes_nothing(qtbot: QtBot, window: MainWindow) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "1.000894")
    edits = form.applicant.edits
    type_fields(qtbot, ["Lê Văn Tâm", "001088000222"])
    before = {name: edit.text() for name, edit in edits.items()}
    address = edits["address"]
    address.setFocus()
    type_text(address, "001099012345|Nguyen Van|1990|Nam")
    QTest.keyClick(address, Qt.Key.Key_Return)
    assert {name: edit.text() for name, edit in edits.items()} == before
    assert "QR" in form.status.text()
    assert form.status.property("error") is True


def test_supplement_request_lists_every_missing_item(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "khai sinh")
    type_fields(qtbot, ["Đỗ Minh Quân", "001095003333"])
    table = form.checklist.table
    for row in (0, 1):
        box = table.cellWidget(row, 1)
        assert isinstance(box, QCheckBox)
        box.setChecked(False)
        reason = table.cellWidget(row, 4)
        assert isinstance(reason, QLineEdit)
        reason.setText(f"Thiếu mục {row + 1}")
    form.reason.setText("Bổ sung trong 5 ngày")
    form.activateWindow()
    QTest.keyClick(form, Qt.Key.Key_F7)
    code = wait_done(qtbot, window)
    stored = desk.dossier(gui_app.store, code)
    assert stored.status is DossierStatus.SUPPLEMENT_REQUESTED
    assert [m.reason for m in stored.supplements[0].items] == ["Thiếu mục 1", "Thiếu mục 2"]


def test_refusal_needs_a_reason(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")
    type_fields(qtbot, ["Vũ Văn Hải"])
    with gui_app.store.read() as tx:
        before = tx.dossiers.count()
    QTest.keyClick(focused(), Qt.Key.Key_F8)
    assert form.reason_error.isVisible()
    assert form.reason_error.text()  # said next to the field, in the catalogue's words
    with gui_app.store.read() as tx:
        assert tx.dossiers.count() == before  # nothing stored
    assert form.applicant.edits["name"].text() == "Vũ Văn Hải"  # nothing typed is lost
    form.reason.setFocus()
    type_text(form.reason, "Không thuộc thẩm quyền")
    QTest.keyClick(form.reason, Qt.Key.Key_F8)
    stored = desk.dossier(gui_app.store, wait_done(qtbot, window))
    assert stored.status is DossierStatus.REFUSED
    assert stored.refusal_reason == "Không thuộc thẩm quyền"


def test_missing_name_is_shown_next_to_the_field(qtbot: QtBot, window: MainWindow) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")
    QTest.keyClick(focused(), Qt.Key.Key_F10)
    qtbot.waitUntil(form.applicant.errors["name"].isVisible, timeout=WAIT_MS)
    assert not window.banner.isVisible()


def test_known_applicant_is_offered_by_id_number(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    earlier = desk.dossier(gui_app.store, window.model.row_at(0).summary.code).applicant
    assert earlier.id_number
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")
    QTest.keyClick(focused(), Qt.Key.Key_Tab)  # the name stays empty: typed after the ID
    assert focused() is form.applicant.edits["id_number"]
    type_text(focused(), earlier.id_number)
    QTest.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.waitUntil(lambda: form.applicant.edits["name"].text() == earlier.name, timeout=WAIT_MS)
    assert form.applicant.edits["address"].text() == earlier.address
    assert "hồ sơ trước" in form.status.text()


def test_submitter_with_authorisation(qtbot: QtBot, window: MainWindow, gui_app: App) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")
    type_fields(qtbot, ["Cao Thị Yến", "001190008888"])
    form.submitter_group.setChecked(True)
    form.submitter.edits["name"].setFocus()
    type_fields(qtbot, ["Cao Văn Sơn", "001165009999"])
    form.auth_no.setFocus()
    type_fields(qtbot, ["15/UQ", "01/02/2026", "bố"])
    QTest.keyClick(focused(), Qt.Key.Key_F10)
    stored = desk.dossier(gui_app.store, wait_done(qtbot, window))
    assert stored.submitter is not None and stored.submitter.name == "Cao Văn Sơn"
    assert stored.authorisation is not None
    assert (stored.authorisation.document_no, stored.authorisation.relationship) == ("15/UQ", "bố")


def test_wrong_authorisation_date_is_shown_next_to_it(qtbot: QtBot, window: MainWindow) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")
    type_fields(qtbot, ["Cao Thị Yến"])
    form.submitter_group.setChecked(True)
    form.submitter.edits["name"].setText("Cao Văn Sơn")
    form.auth_no.setText("15/UQ")
    form.auth_date.setText("31/02/2026")
    form.auth_relation.setText("bố")
    QTest.keyClick(form.auth_relation, Qt.Key.Key_F10)
    qtbot.waitUntil(form.auth_errors["document_date"].isVisible, timeout=WAIT_MS)
    assert "31/02/2026" in form.auth_errors["document_date"].text()
    assert not window.banner.isVisible()


def test_closing_the_form_by_mistake_keeps_what_was_typed(qtbot: QtBot, window: MainWindow) -> None:
    form = open_intake(qtbot, window)
    form.autosave.stop()  # only the close saves here
    pick_procedure(qtbot, form, "ket hon")
    type_fields(qtbot, ["Đinh Thị Lụa", "001193007777"])
    form.close()
    assert form.drafts.path.exists()
    again = open_intake(qtbot, window)
    assert again is not form
    qtbot.waitUntil(lambda: again.procedure is not None, timeout=WAIT_MS)
    assert again.applicant.edits["name"].text() == "Đinh Thị Lụa"
    assert again.applicant.edits["id_number"].text() == "001193007777"


def test_arrow_keys_choose_among_matches(qtbot: QtBot, window: MainWindow) -> None:
    form = open_intake(qtbot, window)
    type_text(form.procedure_edit, "khai sinh")  # several procedures match
    assert form.procedure_list.count() >= 2
    second = form.procedure_list.item(1).data(Qt.ItemDataRole.UserRole)
    QTest.keyClick(form.procedure_edit, Qt.Key.Key_Down)
    QTest.keyClick(form.procedure_edit, Qt.Key.Key_Return)
    assert form.procedure is not None and form.procedure.code == second


def test_large_text_option(qtbot: QtBot, window: MainWindow) -> None:
    normal = QApplication.font().pointSize()
    window.large_action.trigger()
    assert QApplication.font().pointSize() > normal
    assert QApplication.font().family() == "DejaVu Sans"  # the bundled font
    window.large_action.trigger()
    assert QApplication.font().pointSize() == normal


def test_post_delivery_needs_an_address_and_fees_are_stored(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    form = open_intake(qtbot, window)
    pick_procedure(qtbot, form, "ket hon")
    type_fields(qtbot, ["Quách Thị Nhung"])
    form.delivery.setCurrentIndex(form.delivery.findData(DeliveryMethod.POST))
    QTest.keyClick(form.reason, Qt.Key.Key_F10)
    qtbot.waitUntil(form.postal_error.isVisible, timeout=WAIT_MS)
    assert not window.banner.isVisible()
    form.postal_address.setText("Số 3 Hàng Bài, Hoàn Kiếm")
    table = form.fees.table
    timing, receipt = table.cellWidget(0, 2), table.cellWidget(0, 4)
    assert isinstance(timing, QComboBox) and isinstance(receipt, QLineEdit)
    timing.setCurrentIndex(timing.findData(FeeTiming.WAIVED))
    receipt.setText("BL-7")
    QTest.keyClick(form.reason, Qt.Key.Key_F10)
    stored = desk.dossier(gui_app.store, wait_done(qtbot, window))
    assert stored.delivery.method is DeliveryMethod.POST
    assert stored.delivery.postal_address == "Số 3 Hàng Bài, Hoàn Kiếm"
    assert stored.fees[0].timing is FeeTiming.WAIVED and stored.fees[0].receipt_no == "BL-7"
