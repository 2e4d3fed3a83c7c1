"""The working calendar: which dates are working days.

Precedence, highest first:

1. the centre's override file (``working_days`` then ``days_off``);
2. the official calendar of the year (:mod:`counter_app.domain.official_calendar`: one file per
   year shipped in ``resources/calendar/`` or delivered by the centre, each day with the text
   that decided it), which is the whole truth for its year;
3. only for a year without an official file, the ``holidays`` package's Vietnamese calendar. It
   knows weekends, Tết, observed days and some swapped days, but misses decisions (New Year
   2026: Fri 02/01 off, Sat 10/01 worked, 12729/VPCP-KGVX) and lists days whose status as a day
   off is not established (24/11/2026).

Override file (JSON, UTF-8)::

    {"days_off": ["2026-03-09"], "working_days": ["2026-03-14"]}

Either key may be missing; keys starting with ``_`` are comments and ignored; any other key, a
date that is not ``YYYY-MM-DD``, a non-list value or a date in both lists is rejected.
"""

from __future__ import annotations

import json
import os
import re
import stat
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import ClassVar

import holidays

from counter_app.domain.errors import (
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.domain.official_calendar import OfficialDay, OfficialYear

__all__ = [
    "EMPTY",
    "MAX_DAYS_SEARCHED",
    "CalendarOverrides",
    "Disagreement",
    "WorkingCalendar",
    "compare_with_package",
    "load_overrides",
    "package_holiday_name",
    "package_is_working_day",
]

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_KEYS = ("days_off", "working_days")
_ERROR = "invalid_calendar_file"

#: How far ``next_working_day`` / ``previous_working_day`` look before giving up (two years).
MAX_DAYS_SEARCHED = 732


@dataclass(frozen=True, slots=True)
class CalendarOverrides:
    """Dates the office declares off or worked, overriding the package's calendar."""

    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()

    EMPTY: ClassVar[CalendarOverrides]

    def __post_init__(self) -> None:
        both = self.days_off & self.working_days
        if both:
            first = min(both)
            raise ValidationError(
                _ERROR, field="working_days", value=first.isoformat(), reason="in_both_lists"
            )

    @classmethod
    def from_json(cls, obj: object) -> CalendarOverrides:
        """Build from a parsed JSON value; raise ``invalid_calendar_file`` on a bad shape."""
        if not isinstance(obj, dict):
            raise ValidationError(
                _ERROR, field="root", value=type(obj).__name__, reason="not_an_object"
            )
        for key in obj:
            if not isinstance(key, str) or (key not in _KEYS and not key.startswith("_")):
                raise ValidationError(_ERROR, field=str(key), value=str(key), reason="unknown_key")
        days_off = _parse_dates(obj.get("days_off", []), "days_off")
        working = _parse_dates(obj.get("working_days", []), "working_days")
        _reject_conflicts(obj.get("working_days", []), days_off)
        return cls(frozenset(days_off), frozenset(working))

    def to_json(self) -> dict[str, list[str]]:
        """The inverse of :meth:`from_json` (sorted ISO dates)."""
        return {
            "days_off": [d.isoformat() for d in sorted(self.days_off)],
            "working_days": [d.isoformat() for d in sorted(self.working_days)],
        }


CalendarOverrides.EMPTY = CalendarOverrides()
EMPTY = CalendarOverrides.EMPTY


def _parse_dates(value: object, key: str) -> list[date]:
    if not isinstance(value, list):
        raise ValidationError(_ERROR, field=key, value=type(value).__name__, reason="not_a_list")
    return [_parse_date(item, f"{key}[{i}]") for i, item in enumerate(value)]


def _parse_date(item: object, field: str) -> date:
    if not isinstance(item, str) or not _ISO_DATE.fullmatch(item):
        raise ValidationError(_ERROR, field=field, value=repr(item), reason="not_a_date")
    try:
        return date.fromisoformat(item)
    except ValueError:
        raise ValidationError(_ERROR, field=field, value=item, reason="not_a_date") from None


def _reject_conflicts(raw_working: list[str], days_off: list[date]) -> None:
    off = set(days_off)
    for i, text in enumerate(raw_working):
        if date.fromisoformat(text) in off:
            raise ValidationError(
                _ERROR, field=f"working_days[{i}]", value=text, reason="in_both_lists"
            )


#: An override file lists a few dozen dates; anything larger is not one (``/dev/zero``…).
MAX_OVERRIDES_BYTES = 1_000_000


def load_overrides(path: Path, origin: str = "settings.toml") -> CalendarOverrides:
    """Read an override file (the only I/O in the domain package): a regular file of at most
    :data:`MAX_OVERRIDES_BYTES`, UTF-8 JSON. ``origin`` says where the user named it, so that a
    message points at the right place (the ``--calendar`` option or ``settings.toml``)."""
    text = _read_small_file(path, origin)
    try:
        obj: object = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError(
            _ERROR, field="json", detail=str(exc), reason="not_json", origin=origin
        ) from None
    except RecursionError:
        raise ValidationError(
            _ERROR, field="json", detail="JSON nested too deeply", origin=origin
        ) from None
    return CalendarOverrides.from_json(obj)


def _read_small_file(path: Path, origin: str) -> str:
    """The text of ``path``, refusing what is not a regular file before reading from it (a FIFO
    must not hang, a device must not be read forever) and anything over the size limit."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise NotFoundError("calendar_file_not_found", path=str(path), origin=origin) from None
    except IsADirectoryError:
        raise ValidationError("calendar_file_not_regular", path=str(path), origin=origin) from None
    except OSError as exc:
        raise EnvironmentProblem(
            "calendar_file_unreadable", path=str(path), detail=exc.strerror, origin=origin
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise ValidationError("calendar_file_not_regular", path=str(path), origin=origin)
    with os.fdopen(fd, "rb") as handle:
        data = handle.read(MAX_OVERRIDES_BYTES + 1)
    if len(data) > MAX_OVERRIDES_BYTES:
        raise ValidationError(
            "calendar_file_too_large", path=str(path), limit=MAX_OVERRIDES_BYTES, origin=origin
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(
            _ERROR, field="json", detail=str(exc), reason="not_utf8", origin=origin
        ) from None


@lru_cache(maxsize=256)
def _vn_year(year: int) -> tuple[frozenset[date], frozenset[date]]:
    """(holidays, non-working days) of one year by the package; cached per year."""
    vn = holidays.country_holidays("VN", years=year)
    first = date(year, 1, 1)
    days = (first + timedelta(days=i) for i in range((date(year + 1, 1, 1) - first).days))
    off = frozenset(d for d in days if not vn.is_working_day(d))
    named = frozenset(d for d in vn if d.year == year)
    return named, off


def package_is_working_day(d: date) -> bool:
    """What the ``holidays`` package alone says (``counter-app calendar check`` compares)."""
    return d not in _vn_year(d.year)[1]


def package_holiday_name(d: date) -> str:
    """The package's name for ``d`` ("" when it names none)."""
    return str(holidays.country_holidays("VN", years=d.year).get(d, ""))


class WorkingCalendar:
    """Answers "is this date a working day?": overrides, then the official year, then the
    package (see the module docstring)."""

    def __init__(
        self,
        overrides: CalendarOverrides = EMPTY,
        official: Mapping[int, OfficialYear] | None = None,
    ) -> None:
        self._overrides = overrides
        self._official: Mapping[int, OfficialYear] = MappingProxyType(dict(official or {}))

    @property
    def official(self) -> Mapping[int, OfficialYear]:
        """The official years loaded (year → data)."""
        return self._official

    def source_of(self, d: date) -> str:
        """Which layer decides ``d``: ``override``, ``official`` or ``package``."""
        if d in self.overrides.working_days or d in self.overrides.days_off:
            return "override"
        return "official" if d.year in self._official else "package"

    @property
    def overrides(self) -> CalendarOverrides:
        """Read-only: a changed calendar is a new ``WorkingCalendar`` (calculators cache days)."""
        return self._overrides

    def __repr__(self) -> str:
        n_off, n_work = len(self.overrides.days_off), len(self.overrides.working_days)
        years = sorted(self._official)
        return f"WorkingCalendar(days_off={n_off}, working_days={n_work}, official={years})"

    def is_working_day(self, d: date) -> bool:
        if d in self.overrides.working_days:
            return True
        if d in self.overrides.days_off:
            return False
        official = self._official.get(d.year)
        if official is not None:
            return official.is_working_day(d)
        return package_is_working_day(d)

    def is_holiday(self, d: date) -> bool:
        """A public holiday or declared day off (not a plain weekend): the office stays closed
        even if it normally receives on that weekday."""
        if d in self.overrides.working_days:
            return False
        if d in self.overrides.days_off:
            return True
        official = self._official.get(d.year)
        if official is not None:
            return official.is_holiday(d)
        return d in _vn_year(d.year)[0] or (d.weekday() < 5 and d in _vn_year(d.year)[1])

    def next_working_day(self, d: date) -> date:
        """The first working day strictly after ``d``."""
        return self._search(d, 1)

    def previous_working_day(self, d: date) -> date:
        """The last working day strictly before ``d``."""
        return self._search(d, -1)

    def working_day_on_or_after(self, d: date) -> date:
        return d if self.is_working_day(d) else self.next_working_day(d)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days ``d`` with ``start <= d < end`` (0 if ``end <= start``), like ``range``."""
        return sum(1 for d in _dates(start, end) if self.is_working_day(d))

    def add_working_days(self, d: date, n: int) -> date:
        """The ``n``-th working day after ``d`` (``d`` itself when ``n`` is 0)."""
        for _ in range(n):
            d = self.next_working_day(d)
        return d

    def _search(self, d: date, step: int) -> date:
        delta = timedelta(days=step)
        current = d
        for _ in range(MAX_DAYS_SEARCHED):
            try:
                current += delta
            except OverflowError:
                break
            if self.is_working_day(current):
                return current
        raise ValidationError("no_working_day_found", start=d.isoformat(), days=MAX_DAYS_SEARCHED)


def _dates(start: date, end: date) -> Iterator[date]:
    d = start
    while d < end:
        yield d
        d += timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Disagreement:
    """A date where the ``holidays`` package and the official year file disagree."""

    day: date
    package_working: bool
    package_name: str
    official_working: bool
    entry: OfficialDay | None


def compare_with_package(official: OfficialYear) -> list[Disagreement]:
    """Every date of ``official.year`` whose working status differs between the package and the
    official data (``counter-app calendar check``)."""
    first = date(official.year, 1, 1)
    found = []
    for d in _dates(first, date(official.year + 1, 1, 1)):
        package, data = package_is_working_day(d), official.is_working_day(d)
        if package != data:
            found.append(Disagreement(d, package, package_holiday_name(d), data, official.entry(d)))
    return found
