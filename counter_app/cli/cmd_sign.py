"""Signing in the CLI: ``scan … --sign-pkcs12 FILE`` or ``--sign-pkcs11 LIB --token LABEL --key
LABEL`` sign the file written (and attached); ``verify-pdf FILE`` prints each signature's check.

The passphrase/PIN: typed at the terminal (``getpass``, not echoed); when stdin is not a
terminal, its first line (scripts, tests). For a PKCS#12 file and ``--officer NAME``, a passphrase
remembered in the OS keyring (service ``counter-app``, user ``pkcs12:NAME``) is used first.
The signer is built *before* scanning: a wrong passphrase stops the command (exit 2) before a
page is scanned.

``verify-pdf`` exit codes: 0 every signature is intact, valid and covers the whole file (and, with
``--trust CERT``, chains to it); 1 unsigned, changed after signing, or untrusted; 2 not a
readable PDF / no such file.
"""

from __future__ import annotations

import argparse
import getpass
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

from counter_app import composition
from counter_app.domain.errors import DomainError, NotFoundError, ValidationError
from counter_app.domain.vntime import as_vn
from counter_app.i18n import _, error_message
from counter_app.services.signing_setup import KeyringPassphrases, SigningConfig

OK, FAILED, WRONG_INPUT = 0, 1, 2
MAX_PDF_BYTES = 500_000_000


def add_sign_options(scan: argparse.ArgumentParser) -> None:
    how = scan.add_mutually_exclusive_group()
    how.add_argument(
        "--sign-pkcs12",
        type=Path,
        metavar="FILE",
        help=_("sign the file with this PKCS#12 (.p12/.pfx) certificate"),
    )
    how.add_argument(
        "--sign-pkcs11",
        metavar="LIB",
        help=_("sign the file with a USB token through this PKCS#11 library"),
    )
    scan.add_argument("--token", metavar="LABEL", help=_("label of the USB token"))
    scan.add_argument("--key", metavar="LABEL", help=_("label of the key on the token"))


def add_verify_parser(commands: argparse._SubParsersAction[Any]) -> None:
    verify = commands.add_parser("verify-pdf", help=_("check the digital signatures of a PDF"))
    verify.add_argument("file", type=Path, metavar="FILE", help=_("PDF file to check"))
    verify.add_argument(
        "--trust",
        type=Path,
        action="append",
        metavar="CERT",
        help=_("a trusted root certificate (PEM/DER); may be repeated"),
    )


def _secret(prompt: str) -> str:
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    return sys.stdin.readline().rstrip("\r\n")


def signer_from_args(args: argparse.Namespace) -> Any:
    """The signer the options ask for (None without them); built now, before any scan."""
    if args.sign_pkcs12:
        config = SigningConfig("pkcs12", pkcs12_path=str(args.sign_pkcs12))
        remembered = KeyringPassphrases().get(args.officer) if args.officer else None
        secret = remembered or _secret(_("Certificate password: "))
    elif args.sign_pkcs11:
        config = SigningConfig(
            "pkcs11",
            pkcs11_library=args.sign_pkcs11,
            token_label=args.token or "",
            key_label=args.key or "",
        ).checked()
        secret = _secret(_("Token PIN: "))
    else:
        return None
    return composition.signing_tools().build(config, secret, args.officer or "")


def sign_outcome(signer: Any, out: Path, outcome: Any) -> Any:
    """Sign the file written, check the signature, and write it again in place (atomically)."""
    tools, facade = composition.signing_tools(), composition.scanning()
    try:
        signed = tools.sign_checked(signer, outcome.pdf)
    finally:
        signer.close()
    facade.write_atomic(out, signed)
    sys.stdout.write(_("Signed by {name}.").format(name=tools.signer_name(signer)) + "\n")
    return replace(outcome, pdf=signed, size=len(signed))


def cmd_verify_pdf(data_dir: Path, args: argparse.Namespace) -> int:
    try:
        path: Path = args.file
        if not path.is_file() or path.stat().st_size > MAX_PDF_BYTES:
            raise NotFoundError("scan_file_not_found", path=str(path))
        data = path.read_bytes()
        if not data.startswith(b"%PDF-"):
            raise ValidationError("invalid_scan_file", path=str(path))
        checks = composition.signing_tools().verify(data, args.trust)
    except (ValidationError, NotFoundError) as err:
        _error(err)
        return WRONG_INPUT
    except DomainError as err:  # a signature that cannot be read any more: broken
        _error(err)
        return FAILED
    if not checks:
        sys.stdout.write(_("{path}: no digital signature.").format(path=path) + "\n")
        return FAILED
    good = True
    for check in checks:
        fine = check.ok and (check.trusted or not args.trust)
        good = good and fine
        verdict = _("valid") if fine else _("NOT valid")
        when = f"{as_vn(check.signed_at):%d/%m/%Y %H:%M:%S}" if check.signed_at else "?"
        sys.stdout.write(
            _(
                "{verdict}: signed by {signer} at {when}; unchanged: {intact}; covers the whole "
                "file: {whole}; trusted: {trusted}"
            ).format(
                verdict=verdict,
                signer=check.signer,
                when=when,
                intact=_yes(check.intact and check.valid),
                whole=_yes(check.whole_file),
                trusted=_yes(check.trusted),
            )
            + "\n"
        )
    return OK if good else FAILED


def _yes(value: bool) -> str:
    return _("yes") if value else _("no")


def _error(err: DomainError) -> None:
    sys.stderr.write(_("Error: {message}").format(message=error_message(err)) + "\n")
