"""``counter-app central``: run the reference central server, or seed its database.

``counter-app central --db URL [--host H] --port N [--files DIR] [--workers N]`` serves the API;
``--seed FILE.json`` (see ``sync/central/seed.py``) or ``--seed-demo`` (the demo office: its
agency, staff, the shipped catalogue and calendar) fills the database and exits.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from counter_app import composition
from counter_app.i18n import _

OK = 0


def add_central_parser(commands: argparse._SubParsersAction[Any]) -> None:
    central = commands.add_parser("central", help=_("run the reference central server"))
    central.add_argument(
        "--db",
        default="sqlite:///central.sqlite3",
        metavar="URL",
        help=_("database URL (sqlite:///FILE or postgresql+psycopg://…)"),
    )
    central.add_argument("--host", default="127.0.0.1", metavar="H", help=_("address to listen on"))
    central.add_argument("--port", type=int, default=8080, metavar="N", help=_("port to listen on"))
    central.add_argument("--files", type=Path, metavar="DIR", help=_("folder for uploaded files"))
    central.add_argument(
        "--workers", type=int, default=1, metavar="N", help=_("number of worker processes")
    )
    what = central.add_mutually_exclusive_group()
    what.add_argument(
        "--seed", type=Path, metavar="FILE", help=_("seed the database from a JSON file and exit")
    )
    what.add_argument("--seed-demo", action="store_true", help=_("seed the demo office and exit"))
    what.add_argument(
        "--write-openapi", type=Path, metavar="FILE", help=_("write the OpenAPI document and exit")
    )


def cmd_central(_data_dir: Path, args: argparse.Namespace) -> int:
    if args.write_openapi is not None:
        composition.write_central_openapi(args.write_openapi)
        return OK
    if args.seed is not None or args.seed_demo:
        counts = composition.seed_central(args.db, args.seed)
        sys.stdout.write(
            _(
                "Seeded: {agencies} agencies, {staff} staff, {procedures} procedures, {years} calendar years."
            ).format(
                agencies=counts["agencies"],
                staff=counts["staff"],
                procedures=counts["procedures"],
                years=counts["calendar_years"],
            )
            + "\n"
        )
        return OK
    composition.run_central(args.db, args.host, args.port, args.files, args.workers)
    return OK
