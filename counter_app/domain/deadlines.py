"""Deadline arithmetic: when the clock starts, when the result is due, early / on time / late.

Conventions (decided here, used everywhere):

* Every datetime is returned timezone-aware in :data:`VN_TZ`; naive inputs are taken to be
  Vietnam time (:func:`as_vn`), aware ones are converted.
* Precision: the input's own precision is kept (seconds included). Office periods are whole
  minutes, so a receipt at 09:32:40 is due at 09:32:40 on the due day; the slips print minutes.
  ``working_minutes_between`` returns whole minutes, rounded down.
* The cutoff reads "sau 15 giờ" (Bắc Giang Art. 16.1): with the rule set's ``cutoff_inclusive``
  (the default) the comparison is made on the minute printed on the slip, so 15:00:00–15:00:59
  still counts that day and 15:01 counts from the next working day. Without it, 15:00:00 itself
  is already after the cutoff.
* ``cutoff`` comes from the office hours when the office's settings give it, else from the rule
  set. The office's one cutoff is then used for "same day" procedures too; without it those use
  the rule set's ``same_day_cutoff``.
* **A working day is a day, not 480 minutes.** N working days from a clock start inside a day
  land on the N-th working day after it *at the same clock time*, clamped into that day's
  periods (before the first period → its start; in a gap → the end of the earlier period; after
  the last → the last end). A clock start at a later period's start is taken as the end of the
  period before it (the same working instant: 13:30 after lunch counts as 11:30). A clock start
  at the day's opening counts that day whole: N days end at the closing of the (N-1)-th working
  day after it (07:00 + 1 day → 17:00 the same day, whatever the next days' hours). With
  identical days this is exactly N × the day's minutes; with a 7.5 h day, seasonal hours or a
  short Friday it never drifts by the missing minutes. ``minutes_per_day`` (the standard day's
  length) only sets the "due soon" threshold.
* A period's end is working time: when the remainder reaches zero exactly at 17:00, the result
  is 17:00 that day, never the next opening.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from itertools import pairwise

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import (
    ConflictError,
    ValidationError,
)
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.rules import RuleSet
from counter_app.domain.vntime import VN_TZ, as_vn

__all__ = ["Appointment", "DeadlineCalculator", "Timeliness", "WarningLevel"]

_Span = tuple[datetime, datetime]
_MINUTE = timedelta(minutes=1)


class Timeliness(StrEnum):
    EARLY = "early"  # done by the end of the working day before the appointment day
    ON_TIME = "on_time"  # done on the appointment day up to the appointment time
    LATE = "late"


class WarningLevel(StrEnum):
    NORMAL = "normal"
    DUE_SOON = "due_soon"  # less than one working day of working time left
    OVERDUE = "overdue"


@dataclass(frozen=True, slots=True)
class Appointment:
    """The promised return of one dossier, and what happened to that promise.

    ``due`` is the legal due time of the current round (moved by a published extension);
    ``rescheduled_due`` is the new date given by an apology; ``apologies`` counts apologies over
    all rounds (the limit is per dossier).
    """

    received_at: datetime
    clock_start: datetime
    due: datetime
    processing: ProcessingTime
    supplement_round: int = 0
    paused_at: datetime | None = None
    rescheduled_due: datetime | None = None
    apologies: int = 0
    extension_working_days: int = 0

    @property
    def effective_due(self) -> datetime:
        return self.rescheduled_due if self.rescheduled_due is not None else self.due

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


class DeadlineCalculator:
    """Working-time arithmetic over a calendar, office hours and a rule set."""

    def __init__(self, calendar: WorkingCalendar, hours: OfficeHours, rules: RuleSet) -> None:
        self.calendar = calendar
        self.hours = hours
        self.rules = rules
        self.cutoff = hours.cutoff if hours.cutoff is not None else rules.cutoff
        self.same_day_cutoff = hours.cutoff if hours.cutoff is not None else rules.same_day_cutoff
        standard = sum(p.minutes for p in hours.standard_periods)
        self.minutes_per_day = hours.minutes_per_day or standard
        self._spans: dict[date, tuple[_Span, ...]] = {}

    # -- the working periods of a day, as aware datetimes -------------------------------------

    def spans_on(self, d: date) -> tuple[_Span, ...]:
        """The working periods of ``d`` as (start, end) datetimes; empty on a day off."""
        spans = self._spans.get(d)
        if spans is None:
            periods = self.hours.periods_on(d, self.calendar)
            spans = tuple(
                (datetime.combine(d, p.start, VN_TZ), datetime.combine(d, p.end, VN_TZ))
                for p in periods
            )
            self._spans[d] = spans
        return spans

    def opening(self, d: date) -> datetime:
        """Start of the first period of ``d``, or of the next working day if ``d`` is off."""
        return self.spans_on(self.calendar.working_day_on_or_after(d))[0][0]

    def closing(self, d: date) -> datetime:
        """End of the last period of ``d``, or of the next working day if ``d`` is off."""
        return self.spans_on(self.calendar.working_day_on_or_after(d))[-1][1]

    def is_working_time(self, moment: datetime) -> bool:
        """Inside a working period (start inclusive, end exclusive)."""
        m = as_vn(moment)
        return any(start <= m < end for start, end in self.spans_on(m.date()))

    # -- the clock ------------------------------------------------------------------------

    def clock_start(self, received_at: datetime) -> datetime:
        """When the processing time starts running for a receipt at ``received_at``."""
        r = as_vn(received_at)
        if not self.after_cutoff(r, self.cutoff):
            for start, end in self.spans_on(r.date()):
                if r < end:
                    return max(r, start)
        return self.opening(self.calendar.next_working_day(r.date()))

    def after_cutoff(self, moment: datetime, cutoff: time) -> bool:
        """Received "sau 15 giờ"? On the printed minute when the rule set says inclusive."""
        t = as_vn(moment).time()
        if self.rules.cutoff_inclusive:
            return t.replace(second=0, microsecond=0) > cutoff
        return t >= cutoff

    def next_working_instant(self, moment: datetime) -> datetime:
        """``moment`` itself when inside a working period (ends included), else the start of the
        next period (no cutoff: used for the online acceptance clock and normalising)."""
        m = as_vn(moment)
        for start, end in self.spans_on(m.date()):
            if m <= end:
                return max(m, start)
        return self.opening(self.calendar.next_working_day(m.date()))

    def _position(self, m: datetime) -> tuple[date, time]:
        """The (working day, clock time) of a working instant that is not its day's opening; a
        later period's start is taken as the end of the period before it (the same instant)."""
        spans = self.spans_on(m.date())
        for before, (start, _end) in pairwise(spans):
            if m == start:
                return m.date(), before[1].time()
        return m.date(), m.time()

    def _at_clock(self, d: date, t: time) -> datetime:
        """Clock time ``t`` on working day ``d``, clamped into its periods."""
        moment = datetime.combine(d, t, VN_TZ)
        spans = self.spans_on(d)
        result = spans[0][0]
        for start, end in spans:
            if moment < start:
                break
            result = min(end, moment)
        return result

    def add_working_days(self, start: datetime, n: int) -> datetime:
        """``n`` working days from ``start`` (see the module docstring); 0 → ``start`` itself."""
        if n < 0:
            raise ValidationError("negative_minutes", field="working_days", value=n)
        if n == 0:
            return as_vn(start)
        m = self.next_working_instant(start)
        if m == self.spans_on(m.date())[0][0]:  # from an opening: n whole days, this one first
            return self.spans_on(self.calendar.add_working_days(m.date(), n - 1))[-1][1]
        day, clock = self._position(m)
        return self._at_clock(self.calendar.add_working_days(day, n), clock)

    def add_working_minutes(self, start: datetime, minutes: int) -> datetime:
        """``start`` moved forward by ``minutes`` of working time (0 → ``start`` itself)."""
        if minutes < 0:
            raise ValidationError("negative_minutes", field="minutes", value=minutes)
        cursor = as_vn(start)
        if minutes == 0:
            return cursor
        remaining = timedelta(minutes=minutes)
        day = cursor.date()
        while True:
            for span_start, span_end in self.spans_on(day):
                if span_end <= cursor:
                    continue
                begin = max(span_start, cursor)
                if remaining <= span_end - begin:
                    return begin + remaining
                remaining -= span_end - begin
            day = self.calendar.next_working_day(day)

    def working_minutes_between(self, a: datetime, b: datetime) -> int:
        """Whole minutes of working time in ``[a, b]`` (0 if ``b <= a``)."""
        lo, hi = as_vn(a), as_vn(b)
        if hi <= lo:
            return 0
        total = timedelta()
        day = lo.date()
        while day <= hi.date():
            for span_start, span_end in self.spans_on(day):
                overlap = min(span_end, hi) - max(span_start, lo)
                if overlap > timedelta():
                    total += overlap
            day = self.calendar.next_working_day(day)
        return total // _MINUTE

    # -- due dates --------------------------------------------------------------------------

    def due(self, received_at: datetime, pt: ProcessingTime) -> datetime:
        """The appointment for a receipt at ``received_at`` with processing time ``pt``."""
        if pt.unit is TimeUnit.WORKING_DAYS:
            return self.add_working_days(self.clock_start(received_at), pt.value)
        if pt.unit is TimeUnit.WORKING_HOURS:
            return self.add_working_minutes(self.clock_start(received_at), pt.value * 60)
        if pt.unit is TimeUnit.SAME_DAY:
            return self._same_day_due(as_vn(received_at))
        if pt.unit is TimeUnit.CALENDAR_DAYS:
            return self._calendar_days_due(received_at, pt.value)
        raise ValidationError("unknown_time_unit", unit=str(pt.unit))  # pragma: no cover

    def _same_day_due(self, r: datetime) -> datetime:
        spans = self.spans_on(r.date())
        if spans and not self.after_cutoff(r, self.same_day_cutoff) and r < spans[-1][1]:
            return spans[-1][1]
        return self.closing(self.calendar.next_working_day(r.date()))

    def _calendar_days_due(self, received_at: datetime, days: int) -> datetime:
        last = self.clock_start(received_at).date() + timedelta(days=days)
        if self.calendar.is_working_day(last):
            return self.closing(last)
        if self.rules.calendar_day_rollover:
            return self.closing(self.calendar.next_working_day(last))
        return self.closing(self.calendar.previous_working_day(last))

    # -- judging ----------------------------------------------------------------------------

    def classify(self, due: datetime, finished_at: datetime) -> Timeliness:
        """Early: by the end of the last working day before the due date; on time: by ``due``."""
        d, f = as_vn(due), as_vn(finished_at)
        day_before = self.calendar.previous_working_day(d.date())
        if f <= self.spans_on(day_before)[-1][1]:
            return Timeliness.EARLY
        return Timeliness.ON_TIME if f <= d else Timeliness.LATE

    def day_minutes(self, d: date) -> int:
        """Working minutes of ``d`` (of the next working day when ``d`` is off)."""
        day = self.calendar.working_day_on_or_after(d)
        return sum((end - start for start, end in self.spans_on(day)), timedelta()) // _MINUTE

    def warning(self, due: datetime, now: datetime) -> WarningLevel:
        """Overdue after ``due``; due soon with less than one working day (the due day's office
        time) of working time left."""
        d, n = as_vn(due), as_vn(now)
        if n > d:
            return WarningLevel.OVERDUE
        if self.working_minutes_between(n, d) < self.day_minutes(d.date()):
            return WarningLevel.DUE_SOON
        return WarningLevel.NORMAL

    # -- the appointment's life -------------------------------------------------------------

    def appoint(self, received_at: datetime, pt: ProcessingTime) -> Appointment:
        r = as_vn(received_at)
        return Appointment(r, self.clock_start(r), self.due(r, pt), pt)

    def pause_for_supplement(self, appt: Appointment, at: datetime) -> Appointment:
        """A supplement was requested at ``at``: the clock stops."""
        if appt.paused_at is not None:
            raise ConflictError("already_paused", paused_at=appt.paused_at.isoformat())
        moment = as_vn(at)
        if moment < appt.received_at:
            raise ValidationError("pause_before_receipt", field="at", value=moment.isoformat())
        return replace(appt, paused_at=moment)

    def restart_after_supplement(
        self, appt: Appointment, supplement_received_at: datetime
    ) -> Appointment:
        """The supplement arrived: a new round whose clock restarts from zero, as a new receipt."""
        if appt.paused_at is None:
            raise ConflictError("not_paused")
        r = as_vn(supplement_received_at)
        if r < appt.paused_at:
            raise ValidationError(
                "supplement_before_pause",
                field="supplement_received_at",
                value=r.isoformat(),
                paused_at=appt.paused_at.isoformat(),
            )
        fresh = self.appoint(r, appt.processing)
        return replace(fresh, supplement_round=appt.supplement_round + 1, apologies=appt.apologies)

    def reschedule_after_apology(self, appt: Appointment, new_due: datetime) -> Appointment:
        """The apology's new date; allowed ``rules.apology_reschedules_allowed`` times (once)."""
        allowed = self.rules.apology_reschedules_allowed
        if appt.apologies >= allowed or (allowed <= 1 and appt.rescheduled_due is not None):
            raise ConflictError("apology_already_given", allowed=allowed)
        moment = as_vn(new_due)
        if moment <= appt.effective_due:
            raise ValidationError(
                "apology_date_not_later",
                field="new_due",
                value=moment.isoformat(),
                due=appt.effective_due.isoformat(),
            )
        return replace(appt, rescheduled_due=moment, apologies=appt.apologies + 1)

    def extend_same_day(
        self, appt: Appointment, working_days: int, max_working_days: int | None = None
    ) -> Appointment:
        """Apply a "same day" procedure's published extension, once, by ``working_days``."""
        if appt.processing.unit is not TimeUnit.SAME_DAY:
            raise ConflictError("extension_not_allowed", unit=str(appt.processing.unit))
        if appt.extension_working_days:
            raise ConflictError(
                "extension_already_applied", working_days=appt.extension_working_days
            )
        too_many = max_working_days is not None and working_days > max_working_days
        if working_days <= 0 or too_many:
            raise ValidationError(
                "invalid_extension", field="working_days", value=working_days, max=max_working_days
            )
        new_due = self.add_working_days(appt.due, working_days)
        return replace(appt, due=new_due, extension_working_days=working_days)
