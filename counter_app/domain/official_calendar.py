"""The official calendar of one year, as data: days off and worked days, each with the text that
decided it.

One JSON file per year (``vn-2026.json``) ships in ``resources/calendar/``; the central system
delivers later years in the same shape (``docs/calendar-data.md``). For a year with a file the
file is the whole truth about weekdays and weekends: a date is a working day when it is listed in
``working_days``, or when it is Monday–Friday and not listed in ``days_off``. The ``holidays``
package is only used for years without a file; the centre's override file wins over both.

Shape (UTF-8)::

    {
      "format": "counter-app/official-calendar", "format_version": 1,
      "country": "VN", "year": 2026, "updated": "2026-01-05",
      "days_off": [
        {"date": "2026-01-02", "name": "Nghỉ Tết Dương lịch (hoán đổi)",
         "decided_by": {"number": "12729/VPCP-KGVX", "date": "2025-12-25",
                        "issuer": "Văn phòng Chính phủ", "title": "…"}}
      ],
      "working_days": [ … same entries … ]
    }

Keys starting with ``_`` are comments. Everything else is checked: unknown keys, dates outside
the file's year, a date in both lists or twice, a missing ``decided_by`` are refused with
``invalid_calendar_data`` naming the field.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Any

from counter_app.domain.errors import EnvironmentProblem, ValidationError

__all__ = [
    "FORMAT",
    "FORMAT_VERSION",
    "Decision",
    "OfficialDay",
    "OfficialYear",
    "load_official_years",
    "official_year_from_json",
    "year_file_name",
]

FORMAT = "counter-app/official-calendar"
FORMAT_VERSION = 1
_ERROR = "invalid_calendar_data"
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_FILE = re.compile(r"([a-z]{2})-(\d{4})\.json")
_TOP = ("format", "format_version", "country", "year", "updated", "days_off", "working_days")
_ENTRY = ("date", "name", "decided_by", "note")
_DECISION = ("number", "date", "issuer", "title", "source")


def year_file_name(year: int, country: str = "VN") -> str:
    return f"{country.lower()}-{year}.json"


@dataclass(frozen=True, slots=True)
class Decision:
    """The text that decided a day: its number, date and issuer (and title, where to read it)."""

    number: str
    date: date
    issuer: str
    title: str = ""
    source: str = ""

    def __str__(self) -> str:
        return f"{self.number}, {self.date:%d/%m/%Y}, {self.issuer}"


@dataclass(frozen=True, slots=True)
class OfficialDay:
    day: date
    name: str
    decided_by: Decision
    note: str = ""


@dataclass(frozen=True)
class OfficialYear:
    year: int
    country: str
    days_off: Mapping[date, OfficialDay]
    working_days: Mapping[date, OfficialDay]
    updated: str = ""

    def is_working_day(self, d: date) -> bool:
        if d in self.working_days:
            return True
        return d.weekday() < 5 and d not in self.days_off

    def is_holiday(self, d: date) -> bool:
        """Declared off (a holiday, a swapped day, a weekend inside a declared break)."""
        return d in self.days_off

    def entry(self, d: date) -> OfficialDay | None:
        return self.days_off.get(d) or self.working_days.get(d)


def _fail(field: str, value: object, reason: str) -> ValidationError:
    return ValidationError(_ERROR, field=field, value=str(value)[:80], reason=reason)


def _keys(obj: object, allowed: tuple[str, ...], where: str) -> Mapping[str, Any]:
    if not isinstance(obj, dict):
        raise _fail(where or "root", type(obj).__name__, "not_an_object")
    for key in obj:
        if not isinstance(key, str) or (key not in allowed and not key.startswith("_")):
            raise _fail(f"{where}.{key}" if where else str(key), key, "unknown_key")
    return obj


def _text(obj: Mapping[str, Any], key: str, where: str, *, required: bool = True) -> str:
    value = obj.get(key, "")
    if not isinstance(value, str) or (required and not value.strip()):
        raise _fail(f"{where}.{key}", value, "not_a_text" if required else "not_a_string")
    return value.strip()


def _date(value: object, field: str) -> date:
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise _fail(field, value, "not_a_date")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(field, value, "not_a_date") from None


def _decision(obj: object, where: str) -> Decision:
    table = _keys(obj, _DECISION, where)
    return Decision(
        _text(table, "number", where),
        _date(table.get("date"), f"{where}.date"),
        _text(table, "issuer", where),
        _text(table, "title", where, required=False),
        _text(table, "source", where, required=False),
    )


def _entries(obj: Mapping[str, Any], key: str, year: int) -> dict[date, OfficialDay]:
    items = obj.get(key, [])
    if not isinstance(items, list):
        raise _fail(key, type(items).__name__, "not_a_list")
    days: dict[date, OfficialDay] = {}
    for i, item in enumerate(items):
        where = f"{key}[{i}]"
        table = _keys(item, _ENTRY, where)
        day = _date(table.get("date"), f"{where}.date")
        if day.year != year:
            raise _fail(f"{where}.date", day.isoformat(), "other_year")
        if day in days:
            raise _fail(f"{where}.date", day.isoformat(), "listed_twice")
        if "decided_by" not in table:
            raise _fail(f"{where}.decided_by", "", "missing")
        days[day] = OfficialDay(
            day,
            _text(table, "name", where),
            _decision(table["decided_by"], f"{where}.decided_by"),
            _text(table, "note", where, required=False),
        )
    return days


def official_year_from_json(obj: object) -> OfficialYear:
    """Build one year from its parsed JSON; raise ``invalid_calendar_data`` on a bad shape."""
    table = _keys(obj, _TOP, "")
    if table.get("format") != FORMAT:
        raise _fail("format", table.get("format"), "unknown_format")
    if table.get("format_version") != FORMAT_VERSION:
        raise _fail("format_version", table.get("format_version"), "unsupported_version")
    year = table.get("year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2200:
        raise _fail("year", year, "not_a_year")
    off = _entries(table, "days_off", year)
    worked = _entries(table, "working_days", year)
    for i, day in enumerate(worked):
        if day in off:
            raise _fail(f"working_days[{i}].date", day.isoformat(), "in_both_lists")
    return OfficialYear(
        year,
        _text(table, "country", ""),
        MappingProxyType(off),
        MappingProxyType(worked),
        _text(table, "updated", "", required=False),
    )


def _read(path: Path) -> OfficialYear:
    try:
        obj: object = json.loads(path.read_text(encoding="utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ValidationError(_ERROR, field="json", value=path.name, reason=str(exc)) from None
    except OSError as exc:
        raise EnvironmentProblem(
            "calendar_file_unreadable", path=str(path), detail=str(exc)
        ) from None
    try:
        year = official_year_from_json(obj)
    except ValidationError as err:  # say which file: several years are loaded at once
        raise ValidationError(
            _ERROR,
            field=f"{path.name}:{err.field}",
            value=err.params.get("value", ""),
            reason=err.params.get("reason", ""),
        ) from err
    match = _FILE.fullmatch(path.name)
    if match is None or int(match[2]) != year.year or match[1] != year.country.lower():
        raise _fail(f"{path.name}:year", year.year, "file_name_mismatch")
    return year


def load_official_years(*folders: Path, country: str = "VN") -> dict[int, OfficialYear]:
    """Every ``<country>-YYYY.json`` in ``folders``; a later folder's file replaces an earlier
    one's for the same year (the centre's delivery over the shipped data). Missing folders are
    skipped."""
    years: dict[int, OfficialYear] = {}
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob(f"{country.lower()}-*.json")):
            year = _read(path)
            years[year.year] = year
    return years
