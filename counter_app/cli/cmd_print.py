"""``counter-app print SLIP``: issue, save or print a slip, or reprint one (supervisors)."""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path
from typing import Any

from counter_app import composition
from counter_app.domain.errors import ConflictError, DomainError, NotFoundError, ValidationError
from counter_app.domain.slip_kinds import DOSSIER_SLIPS, PERIOD_SLIPS, SlipKind
from counter_app.i18n import _, error_message
from counter_app.services import slips

OK, FAILED, WRONG_INPUT = 0, 1, 2
#: Refusals that are the user's input at fault (exit 2) although not ValidationError/NotFound.
_INPUT_CODES = frozenset({"slip_not_applicable", "reprint_not_allowed", "slip_never_issued"})


def add_parser(commands: argparse._SubParsersAction[Any]) -> None:
    p = commands.add_parser("print", help=_("print or save an official slip"))
    p.add_argument("slip", choices=[k.value for k in SlipKind], help=_("which slip"))
    p.add_argument("--dossier", metavar="CODE", default="", help=_("the dossier code"))
    p.add_argument("--procedure", metavar="CODE", default="", help=_("procedure code (guidance)"))
    p.add_argument(
        "--from",
        dest="start",
        type=_day,
        metavar="YYYY-MM-DD",
        help=_("first day of the period (book, handover)"),
    )
    p.add_argument(
        "--to",
        dest="end",
        type=_day,
        metavar="YYYY-MM-DD",
        help=_("last day of the period (book, handover)"),
    )
    where = p.add_mutually_exclusive_group()
    where.add_argument("--out", type=Path, metavar="FILE", help=_("write the PDF to FILE"))
    where.add_argument("--printer", metavar="NAME", help=_("print to this queue"))
    p.add_argument("--copies", type=_copies, default=1, metavar="N", help=_("number of copies"))
    p.add_argument("--reprint", action="store_true", help=_("print again (supervisors)"))
    p.add_argument("--reason", default="", metavar="TEXT", help=_("why it is printed again"))
    p.add_argument("--by", default="", metavar="STAFF", help=_("username of who prints"))
    p.add_argument("--thermal", action="store_true", help=_("80 mm receipt printer layout"))


def add_history_parser(commands: argparse._SubParsersAction[Any]) -> None:
    p = commands.add_parser("slips", help=_("list the slips issued for a dossier"))
    p.add_argument("--dossier", metavar="CODE", required=True, help=_("the dossier code"))


def cmd_slips(data_dir: Path, args: argparse.Namespace) -> int:
    """The slips kept with the dossier, oldest first (reprints say whose original they repeat)."""
    app = composition.open_app(data_dir)
    try:
        records = slips.history(app.services, args.dossier)
    except NotFoundError as err:
        sys.stderr.write(_("Error: {message}").format(message=error_message(err)) + "\n")
        return WRONG_INPUT
    finally:
        app.close()
    if not records:
        sys.stdout.write(_("No slip has been issued for this dossier yet.") + "\n")
    for r in records:
        kind = _("reprint") if r.reprint_of else _("original")
        printed = r.job_id or "—"
        sys.stdout.write(
            f"{r.issued_at:%d/%m/%Y %H:%M}  {r.kind.value:<10} {kind:<10} {r.issued_by:<10} "
            f"{printed:<10} {r.sha256[:16]}  {r.reason}\n"
        )
    return OK


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a date; write it as YYYY-MM-DD").format(value=text)
        ) from exc


def _copies(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 99:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a number of copies from 1 to 99").format(value=text)
        )
    return int(text)


def _request(args: argparse.Namespace) -> slips.PrintRequest:
    kind = SlipKind(args.slip)
    if kind in DOSSIER_SLIPS and not args.dossier:
        raise ValidationError("missing_field", field="--dossier")
    if kind is SlipKind.GUIDANCE and not args.procedure:
        raise ValidationError("missing_field", field="--procedure")
    if kind in PERIOD_SLIPS and (args.start is None or args.end is None):
        raise ValidationError("missing_field", field="--from/--to")
    if args.thermal and kind is not SlipKind.RECEIPT:
        raise ValidationError("thermal_receipt_only", field="--thermal")
    if args.reprint and not args.by:
        raise ValidationError("missing_field", field="--by")
    return slips.PrintRequest(
        kind,
        args.by or os.environ.get("USER", "counter"),
        args.dossier,
        args.procedure,
        (args.start, args.end) if args.start and args.end else None,
        args.printer,
        args.copies,
        args.thermal,
        args.reprint,
        args.reason,
    )


def _write(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
        os.replace(tmp, path)
    except OSError as exc:
        raise DomainError("output_not_written", path=str(path), detail=exc.strerror) from exc


def cmd_print(data_dir: Path, args: argparse.Namespace) -> int:
    try:
        request = _request(args)
        app = composition.open_app(data_dir)
        try:
            renderer, printer = composition.slip_printing(app.settings)
            issued = slips.issue(
                app.services,
                renderer,
                request,
                printer if args.printer is not None else None,
                supervisors_only=app.settings.printing.reprint_supervisors_only,
            )
        finally:
            app.close()
    except (ValidationError, NotFoundError, ConflictError) as err:
        if isinstance(err, ConflictError) and err.code not in _INPUT_CODES:
            raise
        sys.stderr.write(_("Error: {message}").format(message=error_message(err)) + "\n")
        return WRONG_INPUT
    if args.out is not None:
        _write(args.out, issued.pdf)
        sys.stdout.write(_("Slip written: {path}").format(path=args.out) + "\n")
    if issued.job_id:
        sys.stdout.write(_("Sent to the printer: job {job}").format(job=issued.job_id) + "\n")
    sys.stdout.write(_("Kept with the dossier: {sha}").format(sha=issued.sha256) + "\n")
    return OK
