"""``counter-app scan --import … --sign-pkcs12 FILE`` / ``--sign-pkcs11 LIB --token --key`` and
``counter-app verify-pdf FILE``, each in a process of its own, with exact exit codes:
verify-pdf 0 valid, 1 unsigned or changed after signing (or untrusted with --trust), 2 not a PDF
or no such file; scan with a wrong passphrase 2 before anything is scanned."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from scanning.signing import verify_pdf
from tests.scan_pages import text_page
from tests.scanning_support import require_component
from tests.signing_support import (
    NAME,
    PASSPHRASE,
    PIN,
    SOFTHSM_LIB,
    MadeCert,
    make_cert,
    softhsm_token,
)
from tests.sync.keyring_support import MemoryKeyring

pytestmark = pytest.mark.timeout(120)


@pytest.fixture(autouse=True)
def _font() -> None:
    require_component("dejavu-font")


def cli(
    data_dir: Path, *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COUNTER_APP_DATA": str(data_dir), **(env or {})}
    environment["COUNTER_APP_LANG"] = "vi"
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True,
        text=True,
        timeout=100,
        env=environment,
        input=stdin,
        check=False,
        start_new_session=True,  # no controlling terminal: the secret comes from stdin
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def page(folder: Path) -> Path:
    path = folder / "giay-to.png"
    text_page(100, lines=3).save(path, dpi=(100, 100))
    return path


def signed_file(tmp_path: Path, cert: MadeCert) -> Path:
    out = tmp_path / "ky.pdf"
    args = ["scan", "--import", str(page(tmp_path)), "--out", str(out)]
    result = cli(tmp_path, *args, "--sign-pkcs12", str(cert.p12), stdin=PASSPHRASE + "\n")
    assert result.returncode == 0, result.stderr
    return out


def test_scan_signs_with_pkcs12_and_verify_pdf_says_valid(tmp_path: Path, cert: MadeCert) -> None:
    out = signed_file(tmp_path, cert)
    result = cli(tmp_path, "verify-pdf", str(out))
    assert (result.returncode, result.stderr) == (0, "")
    assert NAME in result.stdout and "hợp lệ" in result.stdout
    trusted = cli(tmp_path, "verify-pdf", str(out), "--trust", str(cert.pem))
    assert trusted.returncode == 0
    other = make_cert(tmp_path / "other")
    assert cli(tmp_path, "verify-pdf", str(out), "--trust", str(other.pem)).returncode == 1


def test_wrong_passphrase_exits_2_before_scanning(tmp_path: Path, cert: MadeCert) -> None:
    out = tmp_path / "ky.pdf"
    args = ["scan", "--import", str(page(tmp_path)), "--out", str(out)]
    result = cli(tmp_path, *args, "--sign-pkcs12", str(cert.p12), stdin="sai\n")
    assert result.returncode == 2
    assert "Mật khẩu của tệp chứng thư số không đúng" in result.stderr
    assert not out.exists()


def test_verify_pdf_unsigned_tampered_and_not_a_pdf(tmp_path: Path, cert: MadeCert) -> None:
    out = signed_file(tmp_path, cert)
    unsigned = tmp_path / "khong-ky.pdf"
    assert (
        cli(tmp_path, "scan", "--import", str(page(tmp_path)), "--out", str(unsigned)).returncode
        == 0
    )
    assert cli(tmp_path, "verify-pdf", str(unsigned)).returncode == 1
    data = bytearray(out.read_bytes())
    at = data.find(b"/Producer")
    data[at + 1 : at + 4] = b"XXX"
    tampered = tmp_path / "sua.pdf"
    tampered.write_bytes(bytes(data))
    broken = cli(tmp_path, "verify-pdf", str(tampered))
    assert broken.returncode == 1, broken.stdout + broken.stderr
    text = tmp_path / "note.txt"
    text.write_text("không phải PDF", encoding="utf-8")
    assert cli(tmp_path, "verify-pdf", str(text)).returncode == 2
    assert cli(tmp_path, "verify-pdf", str(tmp_path / "none.pdf")).returncode == 2


def test_scan_signs_with_a_softhsm_token(tmp_path: Path, cert: MadeCert) -> None:
    env = softhsm_token(tmp_path / "hsm", cert)
    out = tmp_path / "token.pdf"
    args = ["scan", "--import", str(page(tmp_path)), "--out", str(out), "--sign-pkcs11"]
    token = [str(SOFTHSM_LIB), "--token", "canbo", "--key", "canbo"]
    wrong = cli(tmp_path, *args, *token, stdin="000000\n", env=env)
    assert wrong.returncode == 2 and not out.exists()
    right = cli(tmp_path, *args, *token, stdin=PIN + "\n", env=env)
    assert right.returncode == 0, right.stderr
    assert cli(tmp_path, "verify-pdf", str(out), "--trust", str(cert.pem)).returncode == 0
    absent = cli(
        tmp_path,
        *args,
        str(SOFTHSM_LIB),
        "--token",
        "khac",
        "--key",
        "canbo",
        stdin=PIN + "\n",
        env=env,
    )
    assert absent.returncode == 1


def test_remembered_passphrase_signs_and_the_signed_file_is_attached(
    app: Any,
    cert: MadeCert,
    memory_keyring: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """In-process: ``--officer`` names the keyring entry, so nothing is read from the terminal;
    the file attached to the dossier is the signed one."""
    from counter_app.cli import main
    from counter_app.services import desk
    from tests.integration.test_attachments import receive

    memory_keyring.set_password("counter-app", "pkcs12:canbo1", PASSPHRASE)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))  # nothing typed
    code = receive(app)
    out = app.data_dir / "o.pdf"
    args = ["--data-dir", str(app.data_dir), "scan", "--import", str(page(app.data_dir))]
    args += ["--out", str(out), "--dossier", code, "--item", "TP1", "--officer", "canbo1"]
    assert main([*args, "--sign-pkcs12", str(cert.p12)]) == 0
    assert "Đã ký bởi" in capsys.readouterr().out
    scan = desk.dossier(app.store, code).items[0].scan
    assert scan is not None
    attached = (app.data_dir / scan.path).read_bytes()
    assert attached == out.read_bytes()
    assert [c.ok for c in verify_pdf(attached)] == [True]
