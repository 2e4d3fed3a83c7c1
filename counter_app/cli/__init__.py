"""``counter-app``: the command line. Bad input and damaged stores give a clear message in the
user's language and a non-zero exit, never a traceback (that goes, redacted, to the log)."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from counter_app import composition
from counter_app.cli import cmd_calendar, cmd_scan, commands
from counter_app.cli.parser import build_parser
from counter_app.domain.errors import DomainError
from counter_app.i18n import _, error_message
from counter_app.private_files import restrict_new_files

log = logging.getLogger("counter_app.cli")

Handler = Callable[[Path, argparse.Namespace], int]
EXIT_UNEXPECTED = 70

_HANDLERS: dict[tuple[str | None, str | None], Handler] = {
    (None, None): commands.cmd_gui,
    ("init", None): commands.cmd_init,
    ("demo", None): commands.cmd_demo,
    ("find", None): commands.cmd_find,
    ("calendar", "due"): commands.cmd_calendar_due,
    ("calendar", "check"): cmd_calendar.cmd_calendar_check,
    ("audit", "verify"): commands.cmd_audit_verify,
    ("backup", None): commands.cmd_backup,
    ("doctor", None): commands.cmd_doctor,
    ("scan", None): cmd_scan.cmd_scan,
}


def _handler(args: argparse.Namespace) -> Handler:
    sub = getattr(args, "calendar_command", None) or getattr(args, "audit_command", None)
    return _HANDLERS[(args.command, sub)]


def main(argv: Sequence[str] | None = None) -> int:
    restrict_new_files()  # the store, logs and backups this run writes: owner only
    args = build_parser().parse_args(argv)
    data_dir: Path = args.data_dir or composition.default_data_dir()
    try:
        return _handler(args)(data_dir.expanduser(), args)
    except DomainError as err:
        log.info("command %s refused: %s", args.command, err.code)
        sys.stderr.write(_("Error: {message}").format(message=error_message(err)) + "\n")
        return 2 if err.code.startswith(("invalid_", "missing_")) else 1
    except KeyboardInterrupt:
        sys.stderr.write(_("Interrupted.") + "\n")
        return 130
    except Exception:
        log.exception("unexpected failure in command %s", args.command)
        sys.stderr.write(
            _(
                "Unexpected error. Nothing was lost; the details are in the log in {path}. "
                "Contact technical support if it happens again."
            ).format(path=data_dir / "logs")
            + "\n"
        )
        return EXIT_UNEXPECTED


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
