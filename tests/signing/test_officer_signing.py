"""An officer's signature set up on this computer, through the real scan adapter and store: the
saved file verifies; a wrong passphrase/PIN, a missing or expired certificate, a token that is
not there are exact error codes, and nothing scanned is lost; the passphrase is only ever in the
keyring; a tampered file shows as broken."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from counter_app.composition import App
from counter_app.domain.errors import DamagedError, DomainError
from counter_app.ports import Progress
from counter_app.scan_adapter import ScanAdapter
from counter_app.services import desk
from counter_app.services.signing_setup import SigningConfig
from counter_app.signing_adapter import OfficerSigning
from scanning.signing import ItemSigner, verify_pdf
from tests.integration.test_attachments import receive
from tests.scan_pages import text_page
from tests.scanning_support import require_component
from tests.signing_support import (
    NAME,
    PASSPHRASE,
    PIN,
    MadeCert,
    make_cert,
    softhsm_token,
)
from tests.sync.keyring_support import MemoryKeyring

pytestmark = pytest.mark.timeout(120)
OFFICER = "canbo1"


@pytest.fixture(autouse=True)
def _font() -> None:
    require_component("dejavu-font")


def signing_for(app: App) -> OfficerSigning:
    return OfficerSigning(app.data_dir, lambda user: NAME if user == OFFICER else user)


def p12_config(cert: MadeCert, remember: bool = False) -> SigningConfig:
    return SigningConfig("pkcs12", pkcs12_path=str(cert.p12), remember_passphrase=remember)


def scanned(adapter: ScanAdapter, code: str, folder: Path) -> list[tuple[int, int]]:
    page = folder / "to-khai.png"
    text_page(100, lines=3).save(page, dpi=(100, 100))
    previews: list[object] = []
    adapter.import_files(code, [page], 100, Progress(), previews.append)
    return [(p.key, 0) for p in previews]  # type: ignore[attr-defined]


def stored(app: App, code: str) -> bytes | None:
    dossier = desk.dossier(app.store, code)
    scan = next(i.scan for i in dossier.items if i.requirement_code == "TP1")
    return None if scan is None else (app.data_dir / scan.path).read_bytes()


def _root(cert: MadeCert) -> object:
    from pyhanko.keys import load_cert_from_pemder

    return load_cert_from_pemder(str(cert.pem))  # type: ignore[no-untyped-call]


def test_configured_pkcs12_signs_the_saved_file_and_it_verifies(
    app: App, cert: MadeCert, tmp_path: Path
) -> None:
    signing = signing_for(app)
    signing.save_config(OFFICER, p12_config(cert))
    adapter = ScanAdapter(app.services, app.data_dir, signing=signing)
    code = receive(app)
    pages = scanned(adapter, code, tmp_path)
    assert signing.needs_secret(OFFICER) == "passphrase"
    assert NAME in signing.unlock(OFFICER, PASSPHRASE)
    assert signing.needs_secret(OFFICER) is None
    assert adapter.save_item(code, "TP1", pages, OFFICER) == 1
    data = stored(app, code)
    assert data is not None
    checks = verify_pdf(data, [_root(cert)])
    assert [(c.ok, c.trusted, c.whole_file) for c in checks] == [(True, True, True)]
    assert NAME in checks[0].signer
    scan = next(i.scan for i in desk.dossier(app.store, code).items if i.requirement_code == "TP1")
    assert scan is not None
    state = signing.check_file(scan.path)
    assert (state.state, NAME in state.signer) == ("valid", True)


def test_wrong_passphrase_is_its_code_and_nothing_scanned_is_lost(
    app: App, cert: MadeCert, tmp_path: Path
) -> None:
    signing = signing_for(app)
    signing.save_config(OFFICER, p12_config(cert))
    adapter = ScanAdapter(app.services, app.data_dir, signing=signing)
    code = receive(app)
    pages = scanned(adapter, code, tmp_path)
    with pytest.raises(DomainError) as err:
        signing.unlock(OFFICER, "sai-mat-khau")
    assert err.value.code == "signing_wrong_passphrase"
    with pytest.raises(DomainError) as err:
        adapter.save_item(code, "TP1", pages, OFFICER)
    assert err.value.code == "signing_secret_needed"
    assert stored(app, code) is None  # nothing attached unsigned behind the officer's back
    signing.unlock(OFFICER, PASSPHRASE)  # asked again: the same pages are saved, signed
    assert adapter.save_item(code, "TP1", pages, OFFICER) == 1
    data = stored(app, code)
    assert data is not None and [c.ok for c in verify_pdf(data)] == [True]


def test_save_without_signature_is_explicit(app: App, cert: MadeCert, tmp_path: Path) -> None:
    signing = signing_for(app)
    signing.save_config(OFFICER, p12_config(cert))
    adapter = ScanAdapter(app.services, app.data_dir, signing=signing)
    code = receive(app)
    assert adapter.save_item(code, "TP1", scanned(adapter, code, tmp_path), OFFICER, sign=False)
    data = stored(app, code)
    assert data is not None and verify_pdf(data) == []
    scan = next(i.scan for i in desk.dossier(app.store, code).items if i.requirement_code == "TP1")
    assert scan is not None and signing.check_file(scan.path).state == "unsigned"


def test_remembered_passphrase_lives_only_in_the_keyring(
    app: App, cert: MadeCert, memory_keyring: MemoryKeyring
) -> None:
    signing = signing_for(app)
    signing.save_config(OFFICER, p12_config(cert, remember=True))
    signing.unlock(OFFICER, PASSPHRASE, remember=True)
    assert memory_keyring.items == {("counter-app", f"pkcs12:{OFFICER}"): PASSPHRASE}
    settings = (app.data_dir / "signing.json").read_text(encoding="utf-8")
    assert PASSPHRASE not in settings
    assert json.loads(settings)[OFFICER]["pkcs12_path"] == str(cert.p12)
    assert (app.data_dir / "signing.json").stat().st_mode & 0o077 == 0
    fresh = signing_for(app)  # the next session: nothing asked
    assert fresh.needs_secret(OFFICER) is None
    fresh.save_config(OFFICER, p12_config(cert, remember=False))  # unticked: forgotten
    assert memory_keyring.items == {}
    assert fresh.needs_secret(OFFICER) == "passphrase"


@pytest.mark.parametrize(
    ("case", "code"),
    [
        ("expired", "signing_certificate_expired"),
        ("missing", "signing_certificate_missing"),
        ("not_p12", "invalid_certificate_file"),
    ],
)
def test_certificate_problems_are_exact_codes(
    app: App, tmp_path: Path, case: str, code: str
) -> None:
    cert = make_cert(tmp_path / "c", days=10, offset_days=-30 if case == "expired" else -1)
    if case == "missing":
        cert.p12.unlink()
    if case == "not_p12":
        cert.p12.write_bytes(cert.pem.read_bytes())
    signing = signing_for(app)
    signing.save_config(OFFICER, p12_config(cert))
    with pytest.raises(DomainError) as err:
        signing.unlock(OFFICER, PASSPHRASE)
    assert err.value.code == code


def test_the_settings_dialog_test_signs_and_verifies_a_probe(app: App, cert: MadeCert) -> None:
    assert NAME in signing_for(app).test(OFFICER, p12_config(cert), PASSPHRASE)


class Garbling(ItemSigner):
    """A signer whose output does not verify (a token answering garbage)."""

    def sign(self, pdf: bytes) -> bytes:
        signed = bytearray(super().sign(pdf))
        at = signed.find(b"/Producer")
        signed[at + 1 : at + 4] = b"XXX"
        return bytes(signed)


def test_a_signature_that_does_not_verify_is_never_attached(
    app: App, cert: MadeCert, tmp_path: Path
) -> None:
    """Guard: the verify-after-sign check in ``scanning.officer_signer.sign_checked``."""
    from scanning.officer_signer import build

    real = build(p12_config(cert), PASSPHRASE, NAME)
    garbling = Garbling(real.signer, NAME)
    adapter = ScanAdapter(app.services, app.data_dir, signer=lambda _officer: garbling)
    code = receive(app)
    pages = scanned(adapter, code, tmp_path)
    with pytest.raises(DamagedError) as err:
        adapter.save_item(code, "TP1", pages, OFFICER)
    assert err.value.code == "signing_not_verified"
    assert stored(app, code) is None
    assert adapter.save_item(code, "TP1", pages, OFFICER, sign=False) == 1  # pages kept


def test_a_tampered_stored_file_shows_as_broken(app: App, cert: MadeCert, tmp_path: Path) -> None:
    signing = signing_for(app)
    signing.save_config(OFFICER, p12_config(cert))
    signing.unlock(OFFICER, PASSPHRASE)
    adapter = ScanAdapter(app.services, app.data_dir, signing=signing)
    code = receive(app)
    adapter.save_item(code, "TP1", scanned(adapter, code, tmp_path), OFFICER)
    scan = next(i.scan for i in desk.dossier(app.store, code).items if i.requirement_code == "TP1")
    assert scan is not None
    path = app.data_dir / scan.path
    data = bytearray(path.read_bytes())
    at = data.find(b"TP1")
    data[at : at + 3] = b"TP9"
    path.chmod(0o600)
    path.write_bytes(bytes(data))
    assert signing.check_file(scan.path).state == "broken"


def test_pkcs11_token_through_softhsm(
    app: App, cert: MadeCert, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in softhsm_token(tmp_path / "hsm", cert).items():
        monkeypatch.setenv(key, value)
    from tests.signing_support import SOFTHSM_LIB, reload_softhsm

    reload_softhsm()  # SoftHSM reads its configuration when it is initialised, once a process

    signing = signing_for(app)
    config = SigningConfig(
        "pkcs11", pkcs11_library=str(SOFTHSM_LIB), token_label="canbo", key_label="canbo"
    )
    signing.save_config(OFFICER, config)
    assert signing.needs_secret(OFFICER) == "pin"
    with pytest.raises(DomainError) as err:
        signing.unlock(OFFICER, "000000")
    assert err.value.code == "signing_wrong_pin"
    adapter = ScanAdapter(app.services, app.data_dir, signing=signing)
    code = receive(app)
    pages = scanned(adapter, code, tmp_path)
    signing.unlock(OFFICER, PIN)
    assert adapter.save_item(code, "TP1", pages, OFFICER) == 1
    data = stored(app, code)
    assert data is not None
    assert [(c.ok, c.trusted) for c in verify_pdf(data, [_root(cert)])] == [(True, True)]
    signing.close()
    for field, value, code_expected in (
        ("token_label", "khong-co", "signing_token_missing"),
        ("key_label", "khong-co", "signing_key_not_found"),
        ("pkcs11_library", str(tmp_path / "none.so"), "signing_library_missing"),
    ):
        wrong = SigningConfig(**{**config.__dict__, field: value})
        with pytest.raises(DomainError) as err:
            signing.test(OFFICER, wrong, PIN)
        assert err.value.code == code_expected, field
