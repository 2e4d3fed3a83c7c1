"""Certificates made at test time for the signing tests: a PKCS#12 file (valid or expired), a
SoftHSM token holding the same key, and an in-memory OS keyring (never a plaintext file)."""

from __future__ import annotations

import datetime as dt
import functools
import importlib.util
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID

from tests.support import require

NAME = "Trần Thị Hoa"
PASSPHRASE = "mật-khẩu-đúng"
PIN = "246810"
SOFTHSM_LIB = Path("/usr/lib/softhsm/libsofthsm2.so")


@dataclass(frozen=True)
class MadeCert:
    p12: Path
    pem: Path
    cert: x509.Certificate
    key: rsa.RSAPrivateKey


def make_cert(folder: Path, *, days: int = 30, offset_days: int = -1) -> MadeCert:
    """A self-signed signing certificate valid from ``offset_days`` for ``days``."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, NAME),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "UBND phường Ba Đình"),
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
        ]
    )
    start = dt.datetime.now(dt.UTC) + dt.timedelta(days=offset_days)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(True, True, False, False, False, True, False, False, False), critical=True
        )
        .sign(key, hashes.SHA256())
    )
    folder.mkdir(parents=True, exist_ok=True)
    p12 = folder / "canbo.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"canbo", key, cert, None, serialization.BestAvailableEncryption(PASSPHRASE.encode())
        )
    )
    pem = folder / "canbo.pem"
    pem.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    return MadeCert(p12, pem, cert, key)


def softhsm_token(folder: Path, cert: MadeCert, label: str = "canbo") -> dict[str, str]:
    """A SoftHSM token ``label`` (PIN :data:`PIN`) holding the key and certificate under the
    label ``label``; the environment that points SoftHSM at it."""
    tools = [shutil.which("softhsm2-util"), shutil.which("pkcs11-tool")]
    require(
        SOFTHSM_LIB.exists()
        and None not in tools
        and importlib.util.find_spec("pkcs11") is not None,
        "softhsm2 + opensc + python-pkcs11",
    )
    (folder / "tokens").mkdir(parents=True)
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
    run = functools.partial(subprocess.run, env=env, check=True, capture_output=True, timeout=60)
    run(
        [
            "softhsm2-util",
            "--init-token",
            "--free",
            "--label",
            label,
            "--pin",
            PIN,
            "--so-pin",
            "5678",
        ]
    )
    der_key = folder / "k.der"
    der_key.write_bytes(
        cert.key.private_bytes(
            serialization.Encoding.DER,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    der_cert = folder / "c.der"
    der_cert.write_bytes(cert.cert.public_bytes(serialization.Encoding.DER))
    for kind, path in (("privkey", der_key), ("cert", der_cert)):
        run(
            [
                "pkcs11-tool",
                "--module",
                str(SOFTHSM_LIB),
                "--login",
                "--pin",
                PIN,
                "--token-label",
                label,
                "--write-object",
                str(path),
                "--type",
                kind,
                "--id",
                "01",
                "--label",
                label,
            ]
        )
    der_key.unlink()
    return {"SOFTHSM2_CONF": str(conf)}


def reload_softhsm() -> None:
    """Make SoftHSM, already loaded in this process by an earlier test, read ``SOFTHSM2_CONF``
    again (python-pkcs11 keeps one library object per process)."""
    import pkcs11

    pkcs11.lib(str(SOFTHSM_LIB)).reinitialize()
