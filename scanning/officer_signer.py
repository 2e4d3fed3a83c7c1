"""The officer's :class:`~scanning.signing.ItemSigner`, built from their signing settings and the
passphrase or PIN they typed: a PKCS#12 file (.p12/.pfx) or a PKCS#11 USB token. Every way it
can fail becomes a typed error whose Vietnamese message says what to do (wrong passphrase or
PIN, a missing file or library, a token not plugged in, a locked PIN, a key not on the token,
an expired certificate). ``probe`` signs a small PDF and verifies it (the settings dialog's
"Test").
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from PIL import Image

from counter_app.domain.errors import (
    DamagedError,
    DomainError,
    EnvironmentProblem,
    ValidationError,
)
from scanning.signing import ItemSigner, SignatureCheck, pkcs11_signer, pkcs12_signer, verify_pdf

MAX_P12_BYTES = 1_000_000


@dataclass(frozen=True)
class SignerSetup:
    """Structurally the core's ``SigningConfig`` (the adapter never imports it)."""

    mode: str
    pkcs12_path: str = ""
    pkcs11_library: str = ""
    token_label: str = ""
    key_label: str = ""


@dataclass(frozen=True)
class OfficerSigner(ItemSigner):
    """An :class:`ItemSigner` that also holds what must be closed (a token's session)."""

    closers: tuple[Callable[[], object], ...] = field(default=())

    def close(self) -> None:
        for close in self.closers:
            with contextlib.suppress(Exception):  # a token pulled out: nothing left to close
                close()


def build(setup: Any, secret: str | None, name: str, now: datetime | None = None) -> OfficerSigner:
    """The officer's signer (``setup`` has ``mode``, ``pkcs12_path``, ``pkcs11_library``,
    ``token_label``, ``key_label``). Raises a typed error naming what to do."""
    if setup.mode == "pkcs12":
        signer: Any = _from_pkcs12(setup.pkcs12_path, secret)
        closers: tuple[Callable[[], object], ...] = ()
    elif setup.mode == "pkcs11":
        signer, session = _from_token(setup, secret)
        closers = (session.close,)
    else:
        raise ValidationError("signing_config_incomplete", field="signing.mode")
    result = OfficerSigner(signer, name, None, closers)
    try:
        _check_dates(signer.signing_cert, now or datetime.now(UTC))
    except DomainError:
        result.close()
        raise
    return result


def _from_pkcs12(path_text: str, passphrase: str | None) -> Any:
    if not path_text:
        raise ValidationError("signing_config_incomplete", field="signing.pkcs12_path")
    path = Path(path_text)
    try:
        if not path.is_file() or path.stat().st_size > MAX_P12_BYTES:
            raise ValidationError("signing_certificate_missing", path=path_text)
        data = path.read_bytes()
    except OSError as exc:
        raise ValidationError("signing_certificate_missing", path=path_text) from exc
    if not _is_pfx(data):
        raise ValidationError("invalid_certificate_file")
    try:
        return pkcs12_signer(data, passphrase)
    except ValidationError as exc:  # a PKCS#12 file that does not open: the passphrase
        raise ValidationError("signing_wrong_passphrase") from exc


def _is_pfx(data: bytes) -> bool:
    """The bytes look like a PKCS#12 structure (DER ``SEQUENCE { INTEGER 3, …``), so a failure
    to open it is the passphrase's."""
    if len(data) < 8 or data[0] != 0x30:
        return False
    size = data[1]
    start = 2 + (size & 0x7F if size & 0x80 else 0)
    return data[start : start + 3] == b"\x02\x01\x03"


def _from_token(setup: Any, pin: str | None) -> tuple[Any, Any]:
    for key in ("pkcs11_library", "token_label", "key_label"):
        if not getattr(setup, key):
            raise ValidationError("signing_config_incomplete", field=f"signing.{key}")
    if not pin:
        raise ValidationError("signing_secret_needed")
    if not Path(setup.pkcs11_library).is_file():
        raise ValidationError("signing_library_missing", path=setup.pkcs11_library)
    try:
        from pkcs11 import exceptions as p11
    except ImportError as exc:  # python-pkcs11 is the optional extra counter-app[token]
        raise ValidationError("signing_library_missing", path="python-pkcs11") from exc
    try:
        signer, session = pkcs11_signer(
            setup.pkcs11_library, setup.token_label, pin, setup.key_label
        )
    except (p11.PinIncorrect, p11.PinInvalid, p11.PinLenRange) as exc:
        raise ValidationError("signing_wrong_pin") from exc
    except (p11.PinLocked, p11.PinExpired) as exc:
        raise EnvironmentProblem("signing_pin_locked") from exc
    except (p11.TokenNotPresent, p11.NoSuchToken, p11.DeviceRemoved) as exc:
        raise EnvironmentProblem("signing_token_missing", label=setup.token_label) from exc
    except p11.PKCS11Error as exc:  # pyHanko: "No token matching criteria … found"
        if "token" in str(exc).lower():
            raise EnvironmentProblem("signing_token_missing", label=setup.token_label) from exc
        raise EnvironmentProblem("signing_failed", detail=type(exc).__name__) from exc
    except (OSError, RuntimeError) as exc:  # the library itself cannot be loaded
        raise ValidationError("signing_library_missing", path=setup.pkcs11_library) from exc
    try:
        signer.signing_cert  # noqa: B018 - loads the key and certificate now, not mid-save
    except Exception as exc:
        session.close()
        raise ValidationError("signing_key_not_found", label=setup.key_label) from exc
    return signer, session


def _check_dates(cert: Any, now: datetime) -> None:
    """A certificate outside its validity period cannot make a valid signature."""
    validity = cert["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    if not start <= now <= end:
        raise ValidationError(
            "signing_certificate_expired",
            valid_from=f"{start:%d/%m/%Y}",
            valid_until=f"{end:%d/%m/%Y}",
        )


def signer_name(signer: OfficerSigner) -> str:
    """The common name on the certificate (shown by the settings dialog's test)."""
    cert = signer.signer.signing_cert
    return str(cert.subject.human_friendly) if cert is not None else ""


def probe(signer: OfficerSigner) -> str:
    """Sign a one-page PDF and verify it (the settings dialog's "Test"); the certificate's
    subject. A failure raises ``signing_not_verified`` or the signer's own error."""
    from scanning.pdfa import ItemMeta, build_pdfa
    from scanning.pipeline import process

    page = process(Image.new("L", (400, 560), 255), 100)
    pdf = build_pdfa([page], ItemMeta("", "", signer.name, datetime.now(UTC)))
    sign_checked(signer, pdf)
    return signer_name(signer)


def sign_checked(signer: ItemSigner, pdf: bytes) -> bytes:
    """Sign ``pdf`` and verify the result before anyone keeps it: a signature that does not
    verify over the whole file (a token that answered garbage, a broken key) is refused."""
    try:
        signed = signer.sign(pdf)
    except DomainError:
        raise
    except Exception as exc:  # a token pulled out mid-signature, a device error
        raise EnvironmentProblem("signing_failed", detail=type(exc).__name__) from exc
    if not signer.verified(signed):
        raise DamagedError("signing_not_verified")
    return signed


def verify(pdf: bytes, trust_roots: list[Path] | None = None) -> list[SignatureCheck]:
    """Every signature's check (``verify-pdf``); ``trust_roots`` are PEM/DER certificate files."""
    roots: list[Any] = []
    if trust_roots:
        from pyhanko.keys import load_certs_from_pemder

        roots = list(load_certs_from_pemder([str(p) for p in trust_roots]))  # type: ignore[no-untyped-call]
    return verify_pdf(pdf, roots or None)
