"""The argument parser, with every message the user can see going through the catalogue."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from counter_app.cli.parser_codes import add_code_commands
from counter_app.i18n import N_, N_plural, _, ngettext

#: argparse's own user-facing messages (msgids of the installed ``argparse.py``, Python 3.11+),
#: marked so that Babel puts them in the catalogue. argparse looks every message up through its
#: module-level ``_`` and ``ngettext`` when it is shown; ``bind_argparse`` points those at ours.
ARGPARSE_MSGIDS: tuple[str, ...] = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("not allowed with argument %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ignored explicit argument %r"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("unexpected option string: %s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("unknown parser %(parser_name)r (choices: %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
)
ARGPARSE_PLURALS: tuple[tuple[str, str], ...] = (
    N_plural("expected %s argument", "expected %s arguments"),
)


def bind_argparse() -> None:
    """Make argparse say its own words through our catalogue (it calls ``_`` at use time)."""
    argparse._ = _  # type: ignore[attr-defined]  # argparse's gettext alias is not in its stub
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(_("Error: {message}").format(message=message) + "\n")
        sys.stderr.write(
            _("Type “{prog} --help” to see how to use it.").format(prog=self.prog) + "\n"
        )
        raise SystemExit(2)


#: The years the working calendar and the dossier codes (``YYMMDD``) support.
FIRST_YEAR, LAST_YEAR = 2000, 2099
#: The longest processing times accepted (the longest published ones are a few months).
MAX_WORKING_DAYS, MAX_WORKING_HOURS, MAX_CALENDAR_DAYS = 1000, 8000, 1500


def received_time(text: str) -> datetime:
    try:
        value = datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _(
                "“{value}” is not a date and time; write it as YYYY-MM-DDTHH:MM, e.g. 2026-02-13T15:30"
            ).format(value=text)
        ) from exc
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise argparse.ArgumentTypeError(
            _("“{value}” is outside the supported years {first}–{last}").format(
                value=text, first=FIRST_YEAR, last=LAST_YEAR
            )
        )
    return value


def whole_number(maximum: int) -> Callable[[str], int]:
    """An argparse type: a whole number from 0 to ``maximum`` (the bound is said when broken)."""

    def parse(text: str) -> int:
        try:
            value = int(text) if len(text) <= 12 else -1
        except ValueError:
            value = -1
        if not 0 <= value <= maximum:
            raise argparse.ArgumentTypeError(
                _("“{value}” is not a whole number from 0 to {maximum}").format(
                    value=text, maximum=maximum
                )
            )
        return value

    return parse


def non_negative(text: str) -> int:
    try:
        value = int(text) if len(text) <= 12 else -1
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number of 0 or more").format(value=text)
        )
    return value


def calendar_year(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if not 1900 <= value <= 2200:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a year; write it with four digits, e.g. 2026").format(value=text)
        )
    return value


def _calendar_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    calendar = commands.add_parser("calendar", help=_("working calendar and appointments"))
    calendar_cmds = calendar.add_subparsers(
        dest="calendar_command", metavar="due", required=True, parser_class=Parser
    )
    due = calendar_cmds.add_parser("due", help=_("compute the appointment for a receipt time"))
    due.add_argument(
        "--received",
        required=True,
        type=received_time,
        help=_("time of receipt, YYYY-MM-DDTHH:MM (Vietnam time)"),
    )
    unit = due.add_mutually_exclusive_group(required=True)
    unit.add_argument(
        "--days", type=whole_number(MAX_WORKING_DAYS), help=_("processing time in working days")
    )
    unit.add_argument(
        "--hours", type=whole_number(MAX_WORKING_HOURS), help=_("processing time in working hours")
    )
    unit.add_argument("--same-day", action="store_true", help=_("result the same working day"))
    unit.add_argument(
        "--calendar-days",
        type=whole_number(MAX_CALENDAR_DAYS),
        help=_("processing time in calendar days"),
    )
    due.add_argument(
        "--calendar",
        type=Path,
        metavar="FILE",
        help=_("the centre's overrides (JSON: days_off, working_days)"),
    )
    check = calendar_cmds.add_parser(
        "check", help=_("show where the holidays package and the official calendar disagree")
    )
    check.add_argument("year", type=calendar_year, metavar="YEAR", help=_("year, e.g. 2026"))


def build_parser() -> Parser:
    bind_argparse()
    parser = Parser(prog="counter-app", description=_("One-stop counter application"))
    parser.add_argument(
        "--data-dir",
        type=Path,
        metavar="DIR",
        help=_("data folder (default: $COUNTER_APP_DATA or the user data folder)"),
    )
    commands = parser.add_subparsers(dest="command", parser_class=Parser)
    init = commands.add_parser("init", help=_("create or upgrade the local store"))
    init.add_argument(
        "--device-slot",
        type=non_negative,
        metavar="K",
        help=_(
            "this counter's slot (1-9) in the agency's daily code sequence; "
            "every counter of the agency needs a different one"
        ),
    )
    init.add_argument(
        "--new-store",
        action="store_true",
        help=_("set the existing store file aside (kept, dated) and create a new, empty store"),
    )
    init.add_argument("--device-name", metavar="NAME", help=_("name of this counter PC"))
    commands.add_parser("demo", help=_("load a demo office with sample dossiers"))
    find = commands.add_parser("find", help=_("find dossiers by code, ID number, phone or name"))
    find.add_argument("query", help=_("code, ID number, phone, or name without diacritics"))
    find.add_argument("--json", action="store_true", help=_("print JSON"))
    _calendar_parser(commands)
    audit = commands.add_parser("audit", help=_("the audit log"))
    audit_cmds = audit.add_subparsers(
        dest="audit_command", metavar="verify", required=True, parser_class=Parser
    )
    audit_cmds.add_parser(
        "verify", help=_("check that no audit entry was edited, removed or reordered")
    )
    backup = commands.add_parser("backup", help=_("back up the store while it is in use"))
    backup.add_argument(
        "--to",
        required=True,
        type=Path,
        metavar="FILE",
        help=_("backup file to write, or a folder (a dated file is written in it)"),
    )
    commands.add_parser("doctor", help=_("check the store and the settings"))
    from counter_app.cli.cmd_print import add_history_parser
    from counter_app.cli.cmd_print import add_parser as add_print_parser

    add_print_parser(commands)
    add_history_parser(commands)
    add_code_commands(commands, Parser)
    from counter_app.cli.cmd_scan import add_scan_parser

    add_scan_parser(commands)
    from counter_app.cli.cmd_sync import add_sync_parsers

    add_sync_parsers(commands)
    from counter_app.cli.cmd_central import add_central_parser

    add_central_parser(commands)
    return parser
