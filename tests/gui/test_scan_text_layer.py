"""Saving from the scan dialog: the file is attached (signed) at once, and the Vietnamese text
layer is added in the background; the final file holds the text and still verifies."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pypdfium2
import pytest
from cryptography import x509
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.scan_adapter import ScanAdapter
from counter_app.services import desk
from scanning.pdfa import check_pdfa
from scanning.signing import ItemSigner, pkcs12_signer, verify_pdf
from tests.gui.conftest import WAIT_MS
from tests.gui.test_scan_resume import NoScanner, dossier_code, open_dialog
from tests.scan_pages import text_page
from tests.scanning.test_signing import NAME, _root, p12
from tests.scanning_support import require_component
from ui.app import build_window, make_application, sign_in
from ui.main_window import MainWindow

pytestmark = pytest.mark.timeout(180)
__all__ = ["p12"]  # the module-scoped certificate fixture, shared with test_signing


@pytest.fixture
def adapter(gui_app: App, p12: tuple[bytes, x509.Certificate]) -> ScanAdapter:
    require_component("tesseract-vie")
    require_component("dejavu-font")
    signer = ItemSigner(pkcs12_signer(p12[0], "mat-khau"), NAME, [_root(p12[1])])
    return ScanAdapter(
        gui_app.services,
        gui_app.data_dir,
        backend=NoScanner,
        text_layer=True,
        signer=lambda _officer: signer,
    )


@pytest.fixture
def window(qtbot: QtBot, gui_app: App, adapter: ScanAdapter) -> Iterator[MainWindow]:
    make_application()
    user = sign_in(desk.staff_members(gui_app.store))
    assert user is not None
    win = build_window(gui_app, user, scanner=adapter)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=WAIT_MS)
    yield win
    win.runner.wait_idle()
    adapter.wait_text_layers()
    win.close()


def test_saved_file_is_signed_then_gets_its_text_layer_and_stays_signed(
    qtbot: QtBot,
    window: MainWindow,
    gui_app: App,
    adapter: ScanAdapter,
    tmp_path: Path,
    p12: tuple[bytes, x509.Certificate],
) -> None:
    code = dossier_code(gui_app, window)
    page = tmp_path / "to-khai.png"
    text_page(200, lines=4, noise=False).crop((0, 0, 1654, 700)).save(page, dpi=(200, 200))
    dialog = open_dialog(qtbot, window, code)
    dialog.import_files([page])
    qtbot.waitUntil(lambda: dialog.pages.count() == 1 and dialog.progress is None, timeout=WAIT_MS)
    item_code = dialog.item.currentData()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS * 3):
        dialog.save()
    adapter.wait_text_layers()
    dossier = desk.dossier(gui_app.store, code)
    scan = next(i.scan for i in dossier.items if i.requirement_code == item_code)
    assert scan is not None
    final = (gui_app.data_dir / scan.path).read_bytes()
    checks = verify_pdf(final, [_root(p12[1])])
    assert [(c.ok, c.trusted) for c in checks] == [(True, True)]
    assert check_pdfa(final).problems == ()
    doc = pypdfium2.PdfDocument(final)
    try:
        assert "Hạnh phúc" in doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
