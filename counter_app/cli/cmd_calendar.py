"""``counter-app calendar check YEAR``: where the ``holidays`` package and the official data
disagree, with the text that decided each day."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from counter_app import composition
from counter_app.domain.calendar import Disagreement, compare_with_package
from counter_app.i18n import _

OK, FAILED = 0, 1


def _out(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _status(working: bool) -> str:
    return _("working day") if working else _("day off")


def _line(item: Disagreement) -> str:
    package = _status(item.package_working)
    if item.package_name:
        package += f" ({item.package_name})"
    official = _status(item.official_working)
    if item.entry is not None:
        official += f" ({item.entry.name})"
        decided = str(item.entry.decided_by)
    else:
        decided = _("not listed in the official data: an ordinary weekday")
    return _(
        "{day:%d/%m/%Y}: package: {package}; official data: {official}; decided by: {text}"
    ).format(day=item.day, package=package, official=official, text=decided)


def cmd_calendar_check(data_dir: Path, args: argparse.Namespace) -> int:
    year: int = args.year
    official = composition.official_calendar(data_dir).get(year)
    if official is None:
        _out(
            _(
                "There is no official calendar for {year}: appointments in {year} follow the "
                "holidays package. Ask the centre for the year's calendar file."
            ).format(year=year)
        )
        return FAILED
    found = compare_with_package(official)
    if not found:
        _out(_("{year}: the holidays package agrees with the official data.").format(year=year))
        return OK
    _out(
        _("{year}: the holidays package and the official data disagree on {n} day(s):").format(
            year=year, n=len(found)
        )
    )
    for item in found:
        _out("  " + _line(item))
    _out(_("Appointments follow the official data."))
    return OK
