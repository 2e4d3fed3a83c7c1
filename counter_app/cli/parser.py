"""The argument parser, with every message the user can see going through the catalogue."""

from __future__ import annotations

import argparse
import re
import sys
from datetime import datetime
from pathlib import Path
from typing import NoReturn

from counter_app.cli.parser_codes import add_code_commands
from counter_app.i18n import N_, _

# argparse's own English messages, matched and re-said through the catalogue.
_ARGPARSE_MESSAGES: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"the following arguments are required: (?P<a>.+)"),
        N_("missing required argument(s): {a}"),
    ),
    (
        re.compile(r"one of the arguments (?P<a>.+) is required"),
        N_("give one of these options: {a}"),
    ),
    (
        re.compile(r"argument (?P<a>\S+): not allowed with argument (?P<b>\S+)"),
        N_("options {a} and {b} cannot be used together"),
    ),
    (re.compile(r"unrecognized arguments: (?P<a>.+)"), N_("unknown argument(s): {a}")),
    (re.compile(r"argument (?P<a>\S+): expected one argument"), N_("option {a} needs a value")),
    (
        re.compile(r"argument (?P<a>[^:]+): invalid choice: (?P<b>\S+) \(choose from (?P<c>.+)\)"),
        N_("{b} is not a valid choice for {a}; choose one of: {c}"),
    ),
    (
        re.compile(r"argument (?P<a>\S+): invalid \S+ value: (?P<b>.+)"),
        N_("the value {b} of option {a} is not valid"),
    ),
    (re.compile(r"argument (?P<a>\S+): (?P<b>.+)"), N_("option {a}: {b}")),
)


#: argparse's headings and its --help line, said in the user's language.
_ARGPARSE_WORDS: dict[str, str] = {
    "usage: ": N_("usage: "),
    "positional arguments": N_("positional arguments"),
    "options": N_("options"),
    "show this help message and exit": N_("show this help message and exit"),
}


def _argparse_gettext(text: str) -> str:
    word = _ARGPARSE_WORDS.get(text)
    return _(word) if word is not None else text


def translate_argparse(message: str) -> str:
    for pattern, template in _ARGPARSE_MESSAGES:
        match = pattern.fullmatch(message.strip())
        if match:
            return _(template).format(**match.groupdict())
    return message


class Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        sys.stderr.write(_("Error: {message}").format(message=translate_argparse(message)) + "\n")
        sys.stderr.write(
            _("Type “{prog} --help” to see how to use it.").format(prog=self.prog) + "\n"
        )
        raise SystemExit(2)


def received_time(text: str) -> datetime:
    try:
        return datetime.fromisoformat(text.strip())
    except ValueError as exc:
        raise argparse.ArgumentTypeError(
            _(
                "“{value}” is not a date and time; write it as YYYY-MM-DDTHH:MM, e.g. 2026-02-13T15:30"
            ).format(value=text)
        ) from exc


def non_negative(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(
            _("“{value}” is not a whole number of 0 or more").format(value=text)
        )
    return value


def _calendar_parser(commands: argparse._SubParsersAction[Parser]) -> None:
    calendar = commands.add_parser("calendar", help=_("working calendar and appointments"))
    calendar_cmds = calendar.add_subparsers(
        dest="calendar_command", required=True, parser_class=Parser
    )
    due = calendar_cmds.add_parser("due", help=_("compute the appointment for a receipt time"))
    due.add_argument(
        "--received",
        required=True,
        type=received_time,
        help=_("time of receipt, YYYY-MM-DDTHH:MM (Vietnam time)"),
    )
    unit = due.add_mutually_exclusive_group(required=True)
    unit.add_argument("--days", type=non_negative, help=_("processing time in working days"))
    unit.add_argument("--hours", type=non_negative, help=_("processing time in working hours"))
    unit.add_argument("--same-day", action="store_true", help=_("result the same working day"))
    unit.add_argument(
        "--calendar-days", type=non_negative, help=_("processing time in calendar days")
    )
    due.add_argument(
        "--calendar",
        type=Path,
        metavar="FILE",
        help=_("the centre's overrides (JSON: days_off, working_days)"),
    )


def build_parser() -> Parser:
    # argparse looks its own words up through the module-level ``_`` (gettext) at call time.
    argparse._ = _argparse_gettext  # type: ignore[attr-defined]
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
    audit_cmds = audit.add_subparsers(dest="audit_command", required=True, parser_class=Parser)
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
    add_code_commands(commands, Parser)
    return parser
