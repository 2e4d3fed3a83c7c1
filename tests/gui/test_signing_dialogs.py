"""The officer's digital signature in the window (offscreen): Settings → Digital signature
chooses the certificate, tests it (a probe signed and verified off the GUI thread) and saves it
without the password; saving scans asks the password, asks again after a wrong one, signs, and
the dossier window shows the file as validly signed; "Save without signature" is explicit."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from pytestqt.qtbot import QtBot

from counter_app.composition import App, officer_signing
from counter_app.scan_adapter import ScanAdapter
from counter_app.services import desk
from counter_app.services.signing_setup import SigningConfig
from counter_app.signing_adapter import OfficerSigning
from scanning.signing import verify_pdf
from tests.gui.conftest import WAIT_MS
from tests.gui.test_scan_resume import NoScanner, dossier_code, open_dialog
from tests.scan_pages import text_page
from tests.scanning_support import require_component
from tests.signing_support import PASSPHRASE, MadeCert, make_cert
from tests.sync.keyring_support import MemoryKeyring
from ui.app import build_window, make_application, sign_in
from ui.dossier.view import DossierView
from ui.main_window import MainWindow
from ui.scanning.scan_dialog import ScanDialog
from ui.signing.secret_prompt import SecretPrompt

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    require_component("dejavu-font")
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cert(tmp_path: Path) -> MadeCert:
    return make_cert(tmp_path / "cert")


@pytest.fixture
def signing(gui_app: App) -> OfficerSigning:
    made = officer_signing(gui_app)
    assert made is not None
    return made


@pytest.fixture
def window(qtbot: QtBot, gui_app: App, signing: OfficerSigning) -> Iterator[MainWindow]:
    adapter = ScanAdapter(gui_app.services, gui_app.data_dir, backend=NoScanner, signing=signing)
    make_application()
    user = sign_in(desk.staff_members(gui_app.store))
    assert user is not None
    win = build_window(gui_app, user, scanner=adapter)
    qtbot.addWidget(win)
    win.show()
    qtbot.waitUntil(lambda: win.model.rowCount() > 0, timeout=WAIT_MS)
    yield win
    win.runner.wait_idle()
    win.close()


def answer(qtbot: QtBot, prompt: SecretPrompt | None, secret: str, button: str) -> None:
    assert prompt is not None
    qtbot.waitUntil(prompt.isVisible, timeout=WAIT_MS)
    prompt.secret.setText(secret)
    getattr(prompt, button).click()


def test_settings_dialog_tests_and_saves_without_the_password(
    qtbot: QtBot, window: MainWindow, gui_app: App, cert: MadeCert
) -> None:
    dialog = window.open_signing()
    assert dialog is not None
    qtbot.addWidget(dialog)
    dialog.mode.setCurrentIndex(dialog.mode.findData("pkcs12"))
    dialog.p12.setText(str(cert.p12))
    dialog.test()
    with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS) as tested:
        answer(qtbot, dialog.prompt, "sai", "sign_button")
    assert "Mật khẩu của tệp chứng thư số không đúng" in str(tested.args[0])
    dialog.test()
    with qtbot.waitSignal(dialog.tested, timeout=WAIT_MS) as tested:
        answer(qtbot, dialog.prompt, PASSPHRASE, "sign_button")
    assert "Trần Thị Hoa" in str(tested.args[0])
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS):
        dialog.save_button.click()
    text = (gui_app.data_dir / "signing.json").read_text(encoding="utf-8")
    assert PASSPHRASE not in text
    mine = json.loads(text)[window.session.user.username]
    assert (mine["mode"], mine["pkcs12_path"]) == ("pkcs12", str(cert.p12))


def imported(qtbot: QtBot, dialog: ScanDialog, tmp_path: Path) -> None:
    page = tmp_path / "to-khai.png"
    text_page(100, lines=3).save(page, dpi=(100, 100))
    dialog.import_files([page])
    qtbot.waitUntil(lambda: dialog.pages.count() == 1 and dialog.progress is None, timeout=WAIT_MS)


def test_save_asks_the_password_again_after_a_wrong_one_then_signs(
    qtbot: QtBot,
    window: MainWindow,
    gui_app: App,
    signing: OfficerSigning,
    cert: MadeCert,
    tmp_path: Path,
) -> None:
    user = window.session.user.username
    signing.save_config(user, SigningConfig("pkcs12", pkcs12_path=str(cert.p12)))
    code = dossier_code(gui_app, window)
    dialog = open_dialog(qtbot, window, code)
    imported(qtbot, dialog, tmp_path)
    item = dialog.item.currentData()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.signed_save.prompt is not None, timeout=WAIT_MS)
    first = dialog.signed_save.prompt
    answer(qtbot, first, "sai", "sign_button")
    qtbot.waitUntil(lambda: dialog.signed_save.prompt is not first, timeout=WAIT_MS)
    again = dialog.signed_save.prompt
    assert again is not None
    assert "Mật khẩu của tệp chứng thư số không đúng" in again.problem.text()
    with qtbot.waitSignal(dialog.saved, timeout=WAIT_MS * 3):
        answer(qtbot, again, PASSPHRASE, "sign_button")
    dossier = desk.dossier(gui_app.store, code)
    scan = next(i.scan for i in dossier.items if i.requirement_code == item)
    assert scan is not None
    checks = verify_pdf((gui_app.data_dir / scan.path).read_bytes())
    assert [c.ok for c in checks] == [True]
    view = window.dossier_windows[-1]
    assert isinstance(view, DossierView)
    with qtbot.waitSignal(view.signatures.checked, timeout=WAIT_MS):
        view.reload()
    assert "chữ ký hợp lệ" in view.signatures.text()


def test_save_without_signature_is_the_officers_choice(
    qtbot: QtBot,
    window: MainWindow,
    gui_app: App,
    signing: OfficerSigning,
    cert: MadeCert,
    tmp_path: Path,
) -> None:
    user = window.session.user.username
    signing.save_config(user, SigningConfig("pkcs12", pkcs12_path=str(cert.p12)))
    code = dossier_code(gui_app, window)
    dialog = open_dialog(qtbot, window, code)
    imported(qtbot, dialog, tmp_path)
    item = dialog.item.currentData()
    dialog.save()
    qtbot.waitUntil(lambda: dialog.signed_save.prompt is not None, timeout=WAIT_MS)
    prompt = dialog.signed_save.prompt
    answer(qtbot, prompt, "", "unsigned_button")
    qtbot.waitUntil(lambda: "Đã lưu" in dialog.status.text(), timeout=WAIT_MS * 3)
    scan = next(
        i.scan for i in desk.dossier(gui_app.store, code).items if i.requirement_code == item
    )
    assert scan is not None
    assert verify_pdf((gui_app.data_dir / scan.path).read_bytes()) == []
