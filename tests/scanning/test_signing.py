"""PAdES signing and verification with a certificate made at test time; tampering fails."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from counter_app.domain.errors import ValidationError
from counter_app.domain.vntime import VN_TZ
from scanning.pdfa import ItemMeta, build_pdfa, check_pdfa
from scanning.pipeline import process
from scanning.signing import pkcs11_signer, pkcs12_signer, sign_pdf, verify_pdf
from tests.scan_pages import text_page
from tests.scanning_support import require_component

NAME = "Nguyễn Văn Bình"
AT = dt.datetime(2026, 3, 2, 9, 15, tzinfo=VN_TZ)


@pytest.fixture(scope="module")
def p12() -> tuple[bytes, x509.Certificate]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND xã Hòa Bình"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    data = pkcs12.serialize_key_and_certificates(
        b"canbo", key, cert, None, serialization.BestAvailableEncryption(b"mat-khau")
    )
    return data, cert


@pytest.fixture(scope="module")
def signed(p12: tuple[bytes, x509.Certificate]) -> bytes:
    require_component("dejavu-font")
    page = process(text_page(100, lines=4), 100)
    pdf = build_pdfa([page], ItemMeta("000.00.06.H56-260302-0001", "TP1", NAME, AT))
    return sign_pdf(pdf, pkcs12_signer(p12[0], "mat-khau"), NAME, AT)


def _root(cert: x509.Certificate) -> object:
    from pyhanko.keys import load_certs_from_pemder_data

    return next(iter(load_certs_from_pemder_data(cert.public_bytes(serialization.Encoding.DER))))


def test_signed_file_verifies_with_the_stamp_and_stays_pdfa(
    signed: bytes, p12: tuple[bytes, x509.Certificate]
) -> None:
    checks = verify_pdf(signed, [_root(p12[1])])
    assert len(checks) == 1
    check = checks[0]
    assert check.ok and check.trusted
    assert NAME in check.signer
    assert check_pdfa(signed).problems == ()
    assert b"/SubFilter /ETSI.CAdES.detached" in signed


def test_stamp_is_top_right_of_page_one(signed: bytes) -> None:
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(signed))
    page = pdf.pages[0]
    width, height = float(page.mediabox[2]), float(page.mediabox[3])
    annot = next(a for a in page.Annots if a.get("/FT") == "/Sig")
    x1, y1, x2, y2 = (float(v) for v in annot.Rect)
    assert x1 > width / 2 and y1 > height * 0.8 and x2 <= width and y2 <= height


def test_a_tampered_file_fails_verification(
    signed: bytes, p12: tuple[bytes, x509.Certificate]
) -> None:
    tampered = bytearray(signed)
    at = tampered.find(b"TP1")
    assert at > 0
    tampered[at : at + 3] = b"TP9"
    checks = verify_pdf(bytes(tampered), [_root(p12[1])])
    assert checks and not checks[0].ok


def test_an_appended_change_is_not_covered(
    signed: bytes, p12: tuple[bytes, x509.Certificate]
) -> None:
    import pikepdf

    pdf = pikepdf.open(io.BytesIO(signed))
    out = io.BytesIO()
    pdf.docinfo["/Title"] = "đã sửa"
    pdf.save(out)
    checks = verify_pdf(out.getvalue(), [_root(p12[1])])
    assert not checks or not checks[0].ok


def test_wrong_passphrase_is_wrong_input(p12: tuple[bytes, x509.Certificate]) -> None:
    with pytest.raises(ValidationError) as err:
        pkcs12_signer(p12[0], "sai")
    assert err.value.code == "invalid_certificate_file"


def test_pkcs11_token_signs_softhsm(tmp_path: Path, p12: tuple[bytes, x509.Certificate]) -> None:
    """A USB token as SoftHSM emulates it: key and certificate imported, signed through PKCS#11.
    Optional: skipped where SoftHSM, OpenSC's pkcs11-tool or python-pkcs11 are missing."""
    lib = Path("/usr/lib/softhsm/libsofthsm2.so")
    tools = [shutil.which("softhsm2-util"), shutil.which("pkcs11-tool")]
    if not lib.exists() or None in tools or importlib.util.find_spec("pkcs11") is None:
        pytest.skip("SoftHSM / pkcs11-tool / python-pkcs11 not installed (optional)")
    conf = tmp_path / "softhsm2.conf"
    (tmp_path / "tokens").mkdir()
    conf.write_text(f"directories.tokendir = {tmp_path / 'tokens'}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    run = functools.partial(subprocess.run, env=env, check=True, capture_output=True, timeout=60)
    run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            "canbo",
            "--pin",
            "1234",
            "--so-pin",
            "5678",
        ]
    )
    key, cert, _ = pkcs12.load_key_and_certificates(p12[0], b"mat-khau")
    assert key is not None and cert is not None
    (tmp_path / "k.der").write_bytes(
        key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    (tmp_path / "c.der").write_bytes(cert.public_bytes(serialization.Encoding.DER))
    for kind, name in (("privkey", "k.der"), ("cert", "c.der")):
        run(
            [
                "pkcs11-tool",
                "--module",
                str(lib),
                "--login",
                "--pin",
                "1234",
                "--token-label",
                "canbo",
                "--write-object",
                str(tmp_path / name),
                "--type",
                kind,
                "--id",
                "01",
                "--label",
                "canbo",
            ]
        )
    os.environ["SOFTHSM2_CONF"] = str(conf)
    try:
        signer, session = pkcs11_signer(str(lib), "canbo", "1234", "canbo")
        try:
            page = process(text_page(100, lines=3), 100)
            pdf = build_pdfa([page], ItemMeta("000.00.06.H56-260302-0002", "TP1", NAME, AT))
            signed = sign_pdf(pdf, signer, NAME, AT)
        finally:
            session.close()
    finally:
        os.environ.pop("SOFTHSM2_CONF", None)
    checks = verify_pdf(signed, [_root(p12[1])])
    assert [c.ok and c.trusted for c in checks] == [True]
