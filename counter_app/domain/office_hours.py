"""Office hours: the periods of each weekday during which working time runs.

Two notions are kept apart:

* **working periods** (:meth:`OfficeHours.periods_on`) are what deadlines count. They exist only
  on working days of the :class:`~counter_app.domain.calendar.WorkingCalendar`. A working day that
  falls on a weekend (a government-swapped Saturday, or one declared worked in the override file)
  is a full working day: it gets the *standard* periods (Monday's of the season), not the
  weekend's, because the government's decision makes it a normal working day. Monday to Friday
  must each have periods (a working day by law needs office time): an empty weekday is refused
  (``weekday_without_periods``), never silently given other hours.
* **seasons** (:class:`Season`): summer/winter hours are date ranges (month-day, inclusive, may
  wrap over the new year) with their own week of periods; a day in no season uses the base week.
  Weekdays a season does not list take the base week's periods; a listed weekend day with no
  periods means closed.
* **reception periods** (:meth:`OfficeHours.reception_periods_on`) are when the counter is open.
  On working days they are the working periods; on a plain weekend day they are that weekday's
  configured periods (e.g. a commune police office open Saturday 07:00–11:30); on a holiday,
  nothing. A dossier received on a Saturday morning is received then, but its clock starts at the
  next working day's opening: Saturdays are not working days for the deadline.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time
from itertools import pairwise
from types import MappingProxyType

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import ValidationError

__all__ = ["DEFAULT_CUTOFF", "OfficeHours", "Period", "Season", "parse_period"]

DEFAULT_CUTOFF = time(15, 0)
_PERIOD = re.compile(r"\s*(\d{1,2}):(\d{2})\s*[-–]\s*(\d{1,2}):(\d{2})\s*")
_WEEKDAYS = range(7)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True, slots=True, order=True)
class Period:
    """One stretch of office time within a day, ``start < end``, naive local (VN) times."""

    start: time
    end: time

    def __post_init__(self) -> None:
        ends = (self.start, self.end)
        if any(t.tzinfo is not None or t.second or t.microsecond for t in ends):
            raise ValidationError("invalid_office_period", value=str(self))
        if not self.start < self.end:
            raise ValidationError("invalid_office_period", value=str(self))

    @property
    def minutes(self) -> int:
        """Length in whole minutes (periods are set to the minute in practice)."""
        return _minutes(self.end) - _minutes(self.start)

    def __str__(self) -> str:
        return f"{self.start.strftime('%H:%M')}-{self.end.strftime('%H:%M')}"


def parse_period(text: str) -> Period:
    """``"07:00-11:30"`` → ``Period(07:00, 11:30)``; an en dash and spaces are accepted."""
    match = _PERIOD.fullmatch(text)
    if match is None:
        raise ValidationError("invalid_office_period", value=text)
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if max(h1, h2) > 23 or max(m1, m2) > 59:
        raise ValidationError("invalid_office_period", value=text)
    return Period(time(h1, m1), time(h2, m2))


Week = Mapping[int, tuple[Period, ...]]


def _freeze(periods: Week, base: Week | None = None) -> Week:
    """A full week; days missing from ``periods`` come from ``base`` (else closed)."""
    fallback = base or {}
    return MappingProxyType(
        {day: tuple(periods.get(day, fallback.get(day, ()))) for day in _WEEKDAYS}
    )


def _day_of_year(month_day: tuple[int, int], field: str) -> int:
    """Position of a month-day in a leap year (so 29/02 is allowed)."""
    try:
        return date(2000, *month_day).timetuple().tm_yday
    except (TypeError, ValueError):
        raise ValidationError("invalid_season", field=field, value=str(month_day)) from None


@dataclass(frozen=True)
class Season:
    """Office hours for a recurring date range, e.g. winter 15/10–14/04 (inclusive, wrapping)."""

    name: str
    start: tuple[int, int]  # (month, day)
    end: tuple[int, int]
    periods: Week = field(hash=False)

    def __post_init__(self) -> None:
        _day_of_year(self.start, "start")
        _day_of_year(self.end, "end")

    def days(self) -> frozenset[int]:
        """The days of a leap year this season covers."""
        first, last = _day_of_year(self.start, "start"), _day_of_year(self.end, "end")
        if first <= last:
            return frozenset(range(first, last + 1))
        return frozenset(range(first, 367)) | frozenset(range(1, last + 1))

    def contains(self, d: date) -> bool:
        first, last, here = self.start, self.end, (d.month, d.day)
        return first <= here <= last if first <= last else here >= first or here <= last


@dataclass(frozen=True)
class OfficeHours:
    """Periods per weekday (0 = Monday … 6 = Sunday) plus the office's own settings.

    ``cutoff`` and ``minutes_per_day`` are ``None`` unless the office's settings give them; then
    the deadline calculator takes them from the rule set (15:00 and 480 minutes in both current
    rule sets). When given, the office's values win over the rule set's.
    """

    periods: Week = field(hash=False)
    cutoff: time | None = None
    minutes_per_day: int | None = None
    seasons: tuple[Season, ...] = ()

    def __post_init__(self) -> None:
        frozen = self._checked_week(self.periods, "periods", None)
        object.__setattr__(self, "periods", frozen)
        seasons = tuple(
            Season(s.name, s.start, s.end, self._checked_week(s.periods, f"seasons[{i}]", frozen))
            for i, s in enumerate(self.seasons)
        )
        object.__setattr__(self, "seasons", seasons)
        _check_no_overlap(seasons)
        weeks = [frozen, *(s.periods for s in seasons)]
        if self.minutes_per_day is not None:
            _check_minutes(self.minutes_per_day, weeks)
        for week in weeks:
            self._check_cutoff(week[0])

    @staticmethod
    def _checked_week(periods: Week, where: str, base: Week | None) -> Week:
        for day in periods:
            if day not in _WEEKDAYS:
                raise ValidationError("invalid_weekday", field=where, value=day)
        if base is None and not any(periods.values()):
            raise ValidationError("office_hours_empty", field=where)
        week = _freeze(periods, base)
        for day, day_periods in week.items():
            _check_day(day, day_periods)
            if day < 5 and not day_periods:
                raise ValidationError("weekday_without_periods", field=f"{where}[{day}]", day=day)
        return week

    def _check_cutoff(self, day: tuple[Period, ...]) -> None:
        if self.cutoff is None:
            return
        if self.cutoff.tzinfo is not None or not day[0].start < self.cutoff <= day[-1].end:
            raise ValidationError(
                "cutoff_outside_office_day", field="cutoff", value=self.cutoff.isoformat("minutes")
            )

    def week_of(self, d: date) -> Week:
        """The periods per weekday in force on ``d`` (its season's, else the base week)."""
        for season in self.seasons:
            if season.contains(d):
                return season.periods
        return self.periods

    @classmethod
    def default(cls) -> OfficeHours:
        """Mon–Fri 07:00–11:30 and 13:30–17:00 (8 working hours); closed Saturday and Sunday."""
        day = (Period(time(7, 0), time(11, 30)), Period(time(13, 30), time(17, 0)))
        return cls({weekday: day for weekday in range(5)})

    @classmethod
    def from_strings(
        cls,
        periods: Mapping[int, list[str]],
        cutoff: time | None = None,
        minutes_per_day: int | None = None,
        seasons: tuple[Season, ...] = (),
    ) -> OfficeHours:
        """Build from settings text, e.g. ``{5: ["07:00-11:30"]}``."""
        return cls(parse_week(periods), cutoff, minutes_per_day, seasons)

    @property
    def standard_periods(self) -> tuple[Period, ...]:
        """A normal working day of the base week: Monday's periods."""
        return self.periods[0]

    def standard_periods_on(self, d: date) -> tuple[Period, ...]:
        """A normal working day in the season of ``d``: that week's Monday."""
        return self.week_of(d)[0]

    def periods_on(self, d: date, cal: WorkingCalendar) -> tuple[Period, ...]:
        """Working periods of ``d``: none on a day off; the season's standard day on a worked
        weekend day; else the weekday's periods of the season."""
        if not cal.is_working_day(d):
            return ()
        weekday = d.weekday()
        if weekday >= 5:
            return self.standard_periods_on(d)
        return self.week_of(d)[weekday]

    def reception_periods_on(self, d: date, cal: WorkingCalendar) -> tuple[Period, ...]:
        """When the counter is open on ``d`` (see the module docstring)."""
        if cal.is_working_day(d):
            return self.periods_on(d, cal)
        if cal.is_holiday(d):
            return ()
        return self.week_of(d)[d.weekday()]

    def minutes_on(self, d: date, cal: WorkingCalendar) -> int:
        return sum(p.minutes for p in self.periods_on(d, cal))


def parse_week(periods: Mapping[int, list[str]]) -> Week:
    return {day: tuple(parse_period(p) for p in texts) for day, texts in periods.items()}


def _check_no_overlap(seasons: tuple[Season, ...]) -> None:
    seen: set[int] = set()
    for i, season in enumerate(seasons):
        days = season.days()
        if days & seen:
            raise ValidationError("seasons_overlap", field=f"seasons[{i}]", value=season.name)
        seen |= days


def _check_minutes(minutes: int, weeks: list[Week]) -> None:
    """A minutes-per-day that does not match every working weekday's periods is refused."""
    if not 0 < minutes <= 24 * 60:
        raise ValidationError("invalid_minutes_per_day", field="minutes_per_day", value=minutes)
    for week in weeks:
        for day in range(5):
            total = sum(p.minutes for p in week[day])
            if total != minutes:
                raise ValidationError(
                    "minutes_per_day_mismatch",
                    field="minutes_per_day",
                    value=minutes,
                    day=day,
                    periods=" ".join(str(p) for p in week[day]),
                    total=total,
                )


def _check_day(day: int, periods: tuple[Period, ...]) -> None:
    for item in periods:
        if not isinstance(item, Period):
            raise ValidationError("invalid_office_period", field=f"periods[{day}]", value=item)
    for before, after in pairwise(periods):
        if before.end > after.start:
            raise ValidationError(
                "office_periods_overlap",
                field=f"periods[{day}]",
                value=f"{before} {after}",
            )
