"""``counter-app scan``: list scanners, scan to a PDF/A file, import image/PDF files into one.

Exit codes: 0 done; 1 the scanner or the computer stood in the way (no paper, jam, cover open,
device gone, disk full: the pages already scanned are kept in the session folder, named in the
message, and ``--continue FOLDER`` goes on from them); 2 wrong input (an unknown device, a setting
the device cannot do, a corrupt file). With ``--dossier`` and ``--item`` the file is also attached
to that dossier's document item in the store.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from counter_app import composition
from counter_app.cli.cmd_sign import add_sign_options, sign_outcome, signer_from_args
from counter_app.domain.errors import DomainError, NotFoundError, ValidationError
from counter_app.domain.vntime import now_vn
from counter_app.i18n import _, error_message
from counter_app.services import attachments

OK, FAILED, WRONG_INPUT = 0, 1, 2


def add_scan_parser(commands: argparse._SubParsersAction[Any]) -> None:
    scan = commands.add_parser("scan", help=_("scan or import documents into a PDF/A file"))
    what = scan.add_mutually_exclusive_group(required=True)
    what.add_argument("--list", action="store_true", help=_("list the scanners found"))
    what.add_argument("--device", metavar="DEV", help=_("scanner to use (see --list)"))
    what.add_argument(
        "--import",
        dest="files",
        nargs="+",
        type=Path,
        metavar="FILE",
        help=_("image or PDF files to put into one file"),
    )
    scan.add_argument(
        "--source", choices=("flatbed", "adf", "duplex"), default="flatbed", help=_("paper source")
    )
    scan.add_argument(
        "--dpi",
        type=int,
        metavar="N",
        help=_("resolution in dpi (default: the item's scan profile, else 200)"),
    )
    scan.add_argument(
        "--mode",
        choices=("bw", "gray", "color"),
        help=_("colour mode (default: the item's scan profile, else gray)"),
    )
    scan.add_argument("--out", type=Path, metavar="FILE", help=_("PDF/A file to write"))
    scan.add_argument(
        "--continue",
        dest="resume",
        type=Path,
        metavar="FOLDER",
        help=_("go on from the pages kept in this session folder"),
    )
    scan.add_argument("--dossier", metavar="CODE", help=_("attach to this dossier"))
    scan.add_argument("--item", metavar="CODE", help=_("document item code in the dossier"))
    scan.add_argument("--officer", default="", metavar="NAME", help=_("officer who scanned"))
    add_sign_options(scan)


def _say(text: str, stream: Any = None) -> None:
    (stream or sys.stdout).write(text + "\n")


def cmd_scan(data_dir: Path, args: argparse.Namespace) -> int:
    facade = composition.scanning()
    if args.list:
        devices = facade.list_devices()
        for device in devices:
            _say(f"{device.name}\t{device.vendor} {device.model} ({device.kind})")
        if not devices:
            _say(_("No scanner was found. Check that it is switched on and connected."))
        return OK
    if args.out is None:
        _say(_("Error: {message}").format(message=_("--out FILE is required")), sys.stderr)
        return WRONG_INPUT
    if bool(args.dossier) != bool(args.item):
        _say(
            _("Error: {message}").format(message=_("--dossier and --item go together")), sys.stderr
        )
        return WRONG_INPUT
    session: Any = None
    try:
        signer = signer_from_args(args)  # a wrong passphrase stops here, before any scan
        profile_key = _check_item(data_dir, args) if args.dossier else ""
        profile = facade.item_profile(profile_key, args.dpi)
        if profile_key and args.mode is None:
            args.profile = profile
        args.dpi = profile.dpi
        args.mode = args.mode or str(profile.scan_mode)
        session = (
            facade.ScanSession.open(args.resume) if args.resume else facade.new_session(data_dir)
        )
        meta = facade.item_meta(args.dossier or "", args.item or "", args.officer, now_vn())
        outcome = _run(facade, args, session, meta)
        if signer is not None:
            outcome = sign_outcome(signer, args.out, outcome)
        _report(args, outcome)
        return _attach(data_dir, args, outcome) if args.dossier else OK
    except DomainError as err:
        return _refuse(err, session)


def _refuse(err: DomainError, session: Any) -> int:
    _say(_("Error: {message}").format(message=error_message(err)), sys.stderr)
    if session is not None and session.pages:
        _say(
            _(
                "The pages scanned so far are kept in {folder}; continue with --continue {folder}."
            ).format(folder=session.folder),
            sys.stderr,
        )
    return WRONG_INPUT if isinstance(err, ValidationError | NotFoundError) else FAILED


def _report(args: argparse.Namespace, outcome: Any) -> None:
    _say(
        _("{pages} page(s) written to {path} ({size} KB).").format(
            pages=outcome.pages, path=args.out, size=outcome.size // 1024
        )
    )
    if outcome.blank_pages:
        _say(
            _("Blank page(s) to review (kept in the file): {pages}.").format(
                pages=", ".join(map(str, outcome.blank_pages))
            )
        )


def _check_item(data_dir: Path, args: argparse.Namespace) -> str:
    """Refuse an unknown dossier or item; the scan profile its procedure names for the item."""
    app = composition.open_app(data_dir)
    try:
        return attachments.item_scan_profile(app.services, args.dossier, args.item)
    finally:
        app.close()


def _run(facade: Any, args: argparse.Namespace, session: Any, meta: Any) -> Any:
    settings = facade.settings_from(args.source, args.dpi, args.mode)
    profile = getattr(args, "profile", None)  # the item's own profile, unless --mode overrides
    if args.files:
        return facade.import_to_pdf(
            args.files, args.out, session, meta, args.dpi, args.mode, profile=profile
        )
    backend = facade.default_backend()
    return facade.scan_to_pdf(
        backend, args.device, settings, args.out, session, meta, profile=profile
    )


def _attach(data_dir: Path, args: argparse.Namespace, outcome: Any) -> int:
    app = composition.open_app(data_dir)
    try:
        scan = attachments.attach_scan(
            app.services, args.dossier, args.item, outcome.pdf, outcome.pages, args.officer
        )
    finally:
        app.close()
    _say(
        _("Attached to dossier {code}, item {item}: {path}.").format(
            code=args.dossier, item=args.item, path=scan.path
        )
    )
    return OK
