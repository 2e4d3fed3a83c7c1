"""Properties of the deadline arithmetic over 2024-2027 (holidays 0.109 calendar)."""

from __future__ import annotations

from datetime import datetime, timedelta

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.deadlines import DeadlineCalculator, Timeliness, WarningLevel
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.rules import get_rule_set
from counter_app.domain.vntime import VN_TZ

CALC = DeadlineCalculator(WorkingCalendar(), OfficeHours.default(), get_rule_set("nd118-2025"))
UNIT_MINUTES = {TimeUnit.WORKING_DAYS: CALC.minutes_per_day, TimeUnit.WORKING_HOURS: 60}

moments = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2027, 12, 31, 23, 59, 59)
).map(lambda d: d.replace(tzinfo=VN_TZ))
counts = st.integers(min_value=0, max_value=60)
units = st.sampled_from([TimeUnit.WORKING_DAYS, TimeUnit.WORKING_HOURS])
PROPS = settings(deadline=None, max_examples=200)


def in_period(moment: datetime) -> bool:
    """start < moment <= end for one of the working periods of its day."""
    return any(start < moment <= end for start, end in CALC.spans_on(moment.date()))


@PROPS
@given(received=moments, n=counts, unit=units)
def test_due_lies_inside_an_office_period(received: datetime, n: int, unit: TimeUnit) -> None:
    start = CALC.clock_start(received)
    due = CALC.due(received, ProcessingTime(n, unit))
    assert due.tzinfo == VN_TZ
    assert CALC.calendar.is_working_day(due.date())
    if n == 0:
        assert due == start
    else:
        assert in_period(due)


@PROPS
@given(received=moments)
def test_clock_start_is_working_time_not_before_receipt(received: datetime) -> None:
    start = CALC.clock_start(received)
    assert start >= received
    assert CALC.is_working_time(start)
    # Nothing of working time is skipped when the receipt is itself before the cutoff in a
    # period; otherwise the start is an opening or the start of a period.
    if start != received:
        assert any(start == s for s, _ in CALC.spans_on(start.date()))


@PROPS
@given(received=moments, n=counts, unit=units)
def test_due_is_exactly_n_units_of_working_time(received: datetime, n: int, unit: TimeUnit) -> None:
    start = CALC.clock_start(received)
    due = CALC.due(received, ProcessingTime(n, unit))
    assert CALC.working_minutes_between(start, due) == n * UNIT_MINUTES[unit]


@PROPS
@given(a=moments, b=moments, n=counts, unit=units)
def test_due_is_monotonic_in_receipt(a: datetime, b: datetime, n: int, unit: TimeUnit) -> None:
    early, late = sorted((a, b))
    pt = ProcessingTime(n, unit)
    assert CALC.due(early, pt) <= CALC.due(late, pt)
    assert CALC.clock_start(early) <= CALC.clock_start(late)


@PROPS
@given(received=moments, n=counts, m=counts, unit=units)
def test_due_is_monotonic_in_n(received: datetime, n: int, m: int, unit: TimeUnit) -> None:
    small, big = sorted((n, m))
    assert CALC.due(received, ProcessingTime(small, unit)) <= CALC.due(
        received, ProcessingTime(big, unit)
    )
    if small < big:
        assert CALC.due(received, ProcessingTime(small, unit)) < CALC.due(
            received, ProcessingTime(big, unit)
        )


@PROPS
@given(
    received=moments, n=counts, unit=st.sampled_from([TimeUnit.SAME_DAY, TimeUnit.CALENDAR_DAYS])
)
def test_day_units_end_at_a_closing(received: datetime, n: int, unit: TimeUnit) -> None:
    due = CALC.due(received, ProcessingTime(n, unit))
    assert CALC.calendar.is_working_day(due.date())
    assert due == CALC.spans_on(due.date())[-1][1]
    assert due > received
    if unit is TimeUnit.CALENDAR_DAYS:
        last = CALC.clock_start(received).date() + timedelta(days=n)
        assert due.date() >= last
        # Only days off lie between the last day and the due day.
        day = last
        while day < due.date():
            assert not CALC.calendar.is_working_day(day)
            day += timedelta(days=1)


@PROPS
@given(start=moments, minutes=st.integers(min_value=0, max_value=60 * 480))
def test_add_and_between_are_inverse(start: datetime, minutes: int) -> None:
    end = CALC.add_working_minutes(start, minutes)
    assert end >= start
    assert CALC.working_minutes_between(start, end) == minutes


@PROPS
@given(received=moments, n=counts, unit=units, now=moments)
def test_classify_and_warning_agree(
    received: datetime, n: int, unit: TimeUnit, now: datetime
) -> None:
    due = CALC.due(received, ProcessingTime(n, unit))
    timeliness = CALC.classify(due, now)
    level = CALC.warning(due, now)
    assert (timeliness is Timeliness.LATE) == (level is WarningLevel.OVERDUE) == (now > due)
    if timeliness is Timeliness.ON_TIME:
        # On the due day: at most one working day of working time is left.
        left = CALC.working_minutes_between(now, due)
        assert left <= CALC.minutes_per_day
        assert level is WarningLevel.DUE_SOON or left == CALC.minutes_per_day
    if level is WarningLevel.NORMAL:
        assert timeliness is Timeliness.EARLY or timeliness is Timeliness.ON_TIME


@PROPS
@given(received=moments, n=st.integers(min_value=1, max_value=60))
def test_finishing_by_the_day_before_is_early(received: datetime, n: int) -> None:
    due = CALC.due(received, ProcessingTime.working_days(n))
    day_before = CALC.calendar.previous_working_day(due.date())
    end_before = CALC.spans_on(day_before)[-1][1]
    assume(end_before >= CALC.clock_start(received))
    assert CALC.classify(due, end_before) is Timeliness.EARLY
    assert CALC.classify(due, end_before + timedelta(seconds=1)) is Timeliness.ON_TIME
