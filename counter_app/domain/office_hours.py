"""Office hours: the periods of each weekday during which working time runs.

Two notions are kept apart:

* **working periods** (:meth:`OfficeHours.periods_on`) are what deadlines count. They exist only
  on working days of the :class:`~counter_app.domain.calendar.WorkingCalendar`. A working day that
  falls on a weekend (a government-swapped Saturday, or one declared worked in the override file)
  is a full working day: it gets the *standard* periods (Monday's), not the weekend's, because the
  government's decision makes it a normal working day. A working weekday left without periods in
  the settings also gets the standard periods (a working day must have working time).
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

__all__ = ["DEFAULT_CUTOFF", "OfficeHours", "Period", "parse_period"]

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


def _freeze(periods: Mapping[int, tuple[Period, ...]]) -> Mapping[int, tuple[Period, ...]]:
    return MappingProxyType({day: tuple(periods.get(day, ())) for day in _WEEKDAYS})


@dataclass(frozen=True)
class OfficeHours:
    """Periods per weekday (0 = Monday … 6 = Sunday) plus the office's own settings.

    ``cutoff`` and ``minutes_per_day`` are ``None`` unless the office's settings give them; then
    the deadline calculator takes them from the rule set (15:00 and 480 minutes in both current
    rule sets). When given, the office's values win over the rule set's.
    """

    periods: Mapping[int, tuple[Period, ...]] = field(hash=False)
    cutoff: time | None = None
    minutes_per_day: int | None = None

    def __post_init__(self) -> None:
        for day in self.periods:
            if day not in _WEEKDAYS:
                raise ValidationError("invalid_weekday", field="periods", value=day)
        frozen = _freeze(self.periods)
        object.__setattr__(self, "periods", frozen)
        for day, day_periods in frozen.items():
            _check_day(day, day_periods)
        if not any(frozen.values()):
            raise ValidationError("office_hours_empty", field="periods")
        self._check_cutoff()
        if self.minutes_per_day is not None and not 0 < self.minutes_per_day <= 24 * 60:
            raise ValidationError(
                "invalid_minutes_per_day", field="minutes_per_day", value=self.minutes_per_day
            )

    def _check_cutoff(self) -> None:
        if self.cutoff is None:
            return
        day = self.standard_periods
        if self.cutoff.tzinfo is not None or not day[0].start < self.cutoff <= day[-1].end:
            raise ValidationError(
                "cutoff_outside_office_day", field="cutoff", value=self.cutoff.isoformat("minutes")
            )

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
    ) -> OfficeHours:
        """Build from settings text, e.g. ``{5: ["07:00-11:30"]}``."""
        parsed = {day: tuple(parse_period(p) for p in texts) for day, texts in periods.items()}
        return cls(parsed, cutoff, minutes_per_day)

    @property
    def standard_periods(self) -> tuple[Period, ...]:
        """A normal working day: Monday's periods, else the first weekday that has some."""
        for day in _WEEKDAYS:
            if self.periods[day]:
                return self.periods[day]
        raise AssertionError("validated: some weekday has periods")  # pragma: no cover

    def periods_on(self, d: date, cal: WorkingCalendar) -> tuple[Period, ...]:
        """Working periods of ``d``: none on a day off; standard ones on a worked weekend day or
        a working weekday without configured periods."""
        if not cal.is_working_day(d):
            return ()
        weekday = d.weekday()
        if weekday >= 5 or not self.periods[weekday]:
            return self.standard_periods
        return self.periods[weekday]

    def reception_periods_on(self, d: date, cal: WorkingCalendar) -> tuple[Period, ...]:
        """When the counter is open on ``d`` (see the module docstring)."""
        if cal.is_working_day(d):
            return self.periods_on(d, cal)
        if cal.is_holiday(d):
            return ()
        return self.periods[d.weekday()]

    def minutes_on(self, d: date, cal: WorkingCalendar) -> int:
        return sum(p.minutes for p in self.periods_on(d, cal))


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
