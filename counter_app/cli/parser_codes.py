"""The options of the commands that issue codes or move the store: receive, restore, device."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from counter_app.i18n import _


def add_code_commands(commands: argparse._SubParsersAction[Any], parser_class: type) -> None:
    receive = commands.add_parser(
        "receive", help=_("receive one dossier described in a JSON file and print its code")
    )
    receive.add_argument(
        "--from", dest="source", required=True, type=Path, metavar="FILE", help=_("JSON file")
    )
    receive.add_argument("--by", default="cli", metavar="USER", help=_("the receiving officer"))
    receive.add_argument(
        "--confirm-clock",
        action="store_true",
        help=_("confirm that today's date is right although it is far from the last code's"),
    )
    receive.add_argument(
        "--online",
        metavar="CODE",
        help=_("accept the online dossier waiting under this code (given by the central system)"),
    )
    restore = commands.add_parser(
        "restore", help=_("check a backup file, then put it in place of the store")
    )
    restore.add_argument(
        "--from", dest="source", required=True, type=Path, metavar="FILE", help=_("backup file")
    )
    device = commands.add_parser("device", help=_("this counter PC's registration"))
    device_cmds = device.add_subparsers(
        dest="device_command", required=True, parser_class=parser_class
    )
    move = device_cmds.add_parser(
        "move-slot", help=_("move this PC to a fresh slot (after a restore or a wrong clock)")
    )
    move.add_argument("--slot", required=True, type=int, metavar="K", help=_("the new slot"))
    move.add_argument(
        "--reason", required=True, metavar="TEXT", help=_("why (kept in the audit log)")
    )
    move.add_argument(
        "--by", required=True, metavar="USER", help=_("user name of the supervisor doing it")
    )
