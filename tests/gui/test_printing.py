"""Printing from the dossier window through the real composition-root adapter (reportlab,
pdfium, CUPS) over a real demo store: the preview is drawn on the I/O lane and records nothing;
Save PDF issues the slip and writes a real PDF; reprints are for supervisors only, with a reason,
and the core refuses them too; printing to the CUPS ``PDF`` queue records the job."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pikepdf
import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot

from counter_app.composition import App, slips_adapter
from counter_app.domain.enums import Role
from counter_app.domain.errors import ConflictError
from counter_app.domain.slip_kinds import SlipKind, applies
from counter_app.i18n import error_message
from counter_app.services import desk, slips
from printing.preview import page_texts
from tests.gui.conftest import WAIT_MS
from tests.slips_support import require_component
from ui.app import build_window, make_application
from ui.dossier.view import DossierView
from ui.main_window import MainWindow
from ui.printing.preview_dialog import PreviewDialog

REASON = "Bản gốc bị rách khi giao cho công dân"


def _window(qtbot: QtBot, app: App, role: Role) -> MainWindow:
    make_application()
    user = next(m for m in desk.staff_members(app.store) if m.role is role)
    window = build_window(app, user, slips_adapter(app))
    qtbot.addWidget(window)
    return window


def _received_code(app: App) -> str:
    """A demo dossier the receipt applies to."""
    for row in desk.queue(app.services):
        if applies(SlipKind.RECEIPT, desk.dossier(app.store, row.summary.code)):
            return row.summary.code
    raise AssertionError("the demo has no received dossier")


def _view(qtbot: QtBot, window: MainWindow, code: str) -> DossierView:
    view = window.open_dossier(code)
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.slip_kind.count() > 0, timeout=WAIT_MS)
    return view


def _drawn(qtbot: QtBot, dialog: PreviewDialog | None) -> PreviewDialog:
    assert dialog is not None
    qtbot.addWidget(dialog)
    qtbot.waitUntil(dialog.save_button.isEnabled, timeout=WAIT_MS)
    return dialog


def _issue(qtbot: QtBot, dialog: PreviewDialog, act: Callable[[], object]) -> None:
    with qtbot.waitSignal(dialog.issued, timeout=WAIT_MS):
        act()


def test_preview_shows_the_receipt_without_blocking_and_records_nothing(
    qtbot: QtBot, gui_app: App
) -> None:
    code = _received_code(gui_app)
    view = _view(qtbot, _window(qtbot, gui_app, Role.COUNTER_OFFICER), code)
    offered = [view.slip_kind.itemData(i) for i in range(view.slip_kind.count())]
    assert offered[0] == "receipt" and "refusal" not in offered  # only what applies
    assert not view.reprint_button.isEnabled()  # a counter officer does not reprint
    ticks: list[int] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start(5)
    started = time.monotonic()
    dialog = view.print_slip()
    assert time.monotonic() - started < 0.5  # drawing happens on the I/O lane
    assert dialog is not None and dialog.page_labels == []
    _drawn(qtbot, dialog)
    timer.stop()
    assert ticks, "the event loop ran while the slip was drawn"
    assert len(dialog.page_labels) >= 1
    pixmap = dialog.page_labels[0].pixmap()
    assert pixmap.width() > 500 and pixmap.height() > pixmap.width()  # an A4 page
    assert slips.history(gui_app.services, code) == []  # a preview issues nothing


def test_save_pdf_issues_the_slip_and_writes_a_real_pdf(
    qtbot: QtBot, gui_app: App, tmp_path: Path
) -> None:
    code = _received_code(gui_app)
    view = _view(qtbot, _window(qtbot, gui_app, Role.COUNTER_OFFICER), code)
    dialog = _drawn(qtbot, view.print_slip())
    target = tmp_path / "receipt.pdf"
    _issue(qtbot, dialog, lambda: dialog.save_to(target))
    with pikepdf.open(target) as pdf:
        assert len(pdf.pages) >= 1
    assert code in "".join(page_texts(target.read_bytes()))
    (record,) = slips.history(gui_app.services, code)
    assert (record.kind, record.reprint_of, record.job_id) == (SlipKind.RECEIPT, None, "")
    assert "Đã lưu" in view.status.text()


def test_reprint_by_a_counter_officer_is_refused_by_the_core_too(
    qtbot: QtBot, gui_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _received_code(gui_app)
    window = _window(qtbot, gui_app, Role.COUNTER_OFFICER)
    view = _view(qtbot, window, code)
    assert not view.reprint_button.isEnabled()
    monkeypatch.setattr(view, "ask_reason", lambda: REASON)
    assert view.reprint() is None  # the window does not even ask
    assert view.status.text() == "Chỉ trưởng bộ phận mới được in lại phiếu."
    # past the window's own check, the core refuses: same seam, a forced reprint request
    dialog = PreviewDialog(
        window.session.slips,  # type: ignore[arg-type]
        window.runner,
        code,
        "receipt",
        window.session.user.username,
        reprint=True,
        reason=REASON,
    )
    qtbot.addWidget(dialog)
    refusal = error_message(ConflictError("reprint_not_allowed", username="canbo1"))
    qtbot.waitUntil(lambda: dialog.status.text() == refusal, timeout=WAIT_MS)
    assert dialog.status.property("error") is True
    assert not dialog.save_button.isEnabled() and dialog.page_labels == []
    dialog.save_to(tmp_path / "never.pdf")
    window.runner.wait_idle()
    assert not (tmp_path / "never.pdf").exists()
    assert slips.history(gui_app.services, code) == []


def test_reprint_by_a_supervisor_records_the_original_it_repeats(
    qtbot: QtBot, gui_app: App, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code = _received_code(gui_app)
    officer = _view(qtbot, _window(qtbot, gui_app, Role.COUNTER_OFFICER), code)
    first = _drawn(qtbot, officer.print_slip())
    _issue(qtbot, first, lambda: first.save_to(tmp_path / "original.pdf"))
    (original,) = slips.history(gui_app.services, code)
    view = _view(qtbot, _window(qtbot, gui_app, Role.SUPERVISOR), code)
    assert view.reprint_button.isEnabled()
    monkeypatch.setattr(view, "ask_reason", lambda: "   ")
    assert view.reprint() is None  # no reason, no reprint
    monkeypatch.setattr(view, "ask_reason", lambda: REASON)
    dialog = _drawn(qtbot, view.reprint())
    _issue(qtbot, dialog, lambda: dialog.save_to(tmp_path / "reprint.pdf"))
    _original, reprint = slips.history(gui_app.services, code)
    assert (reprint.reprint_of, reprint.reason, reprint.number) == (
        original.id,
        REASON,
        original.number,
    )
    assert "BẢN IN LẠI" in "".join(page_texts((tmp_path / "reprint.pdf").read_bytes()))


def _pdf_queue() -> bool:
    if shutil.which("lpstat") is None:
        return False
    result = subprocess.run(["lpstat", "-p", "PDF"], capture_output=True, text=True, check=False)
    return result.returncode == 0 and "enabled" in result.stdout


def test_print_to_the_cups_pdf_queue_records_the_job(qtbot: QtBot, gui_app: App) -> None:
    require_component(_pdf_queue(), "CUPS queue PDF (cups-pdf)")
    code = _received_code(gui_app)
    view = _view(qtbot, _window(qtbot, gui_app, Role.COUNTER_OFFICER), code)
    dialog = _drawn(qtbot, view.print_slip())
    qtbot.waitUntil(lambda: dialog.printer.findData("PDF") >= 0, timeout=WAIT_MS)
    dialog.printer.setCurrentIndex(dialog.printer.findData("PDF"))
    assert dialog.print_button.isEnabled()
    _issue(qtbot, dialog, lambda: QTest.mouseClick(dialog.print_button, Qt.MouseButton.LeftButton))
    (record,) = slips.history(gui_app.services, code)
    assert record.job_id.startswith("PDF-")
    assert "PDF" in dialog.status.text()


def test_f12_in_the_main_window_opens_the_preview_of_the_selected_dossier(
    qtbot: QtBot, gui_app: App
) -> None:
    window = _window(qtbot, gui_app, Role.COUNTER_OFFICER)
    window.show()
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    window.table.selectRow(0)
    window.print_action.trigger()

    def previews() -> list[PreviewDialog]:
        return [
            v.preview
            for v in window.dossier_windows
            if isinstance(v, DossierView) and v.preview is not None
        ]

    qtbot.waitUntil(lambda: bool(previews()), timeout=WAIT_MS)
    _drawn(qtbot, previews()[0])


def test_an_unknown_printer_is_refused_in_vietnamese_and_nothing_is_recorded(
    qtbot: QtBot, gui_app: App
) -> None:
    require_component(shutil.which("lpstat") is not None, "CUPS (lpstat)")
    code = _received_code(gui_app)
    view = _view(qtbot, _window(qtbot, gui_app, Role.COUNTER_OFFICER), code)
    dialog = _drawn(qtbot, view.print_slip())
    window_runner_idle = view.runner.wait_idle()
    assert window_runner_idle
    qtbot.wait(50)  # the printers list arrives, then is replaced by a queue that does not exist
    dialog.printer.clear()
    dialog.printer.addItem("KHONG_CO_MAY_IN", "KHONG_CO_MAY_IN")
    dialog.print_slip()
    qtbot.waitUntil(lambda: dialog.status.property("error") is True, timeout=WAIT_MS)
    assert "KHONG_CO_MAY_IN" in dialog.status.text() and "máy in" in dialog.status.text()
    assert slips.history(gui_app.services, code) == []  # nothing marked printed
    assert dialog.save_button.isEnabled()  # the preview stays; another queue can be chosen
