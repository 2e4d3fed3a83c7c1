"""Properties over 2000-2099 and random valid office hours (not only the default day).

The calendar is the official data for 2025/2026 and the ``holidays`` package for the other years;
office hours are drawn at random: 1-3 periods per weekday between 06:00 and 19:00, weekdays
that may differ from each other (a short Friday), an optional Saturday-morning office.
"""

from __future__ import annotations

from datetime import date, datetime, time

from hypothesis import given, settings
from hypothesis import strategies as st

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.office_hours import OfficeHours, Period
from counter_app.domain.official_calendar import load_official_years
from counter_app.domain.processing_time import ProcessingTime
from counter_app.domain.rules import get_rule_set
from counter_app.domain.vntime import VN_TZ
from counter_app.resources import resource_path

CAL = WorkingCalendar(official=load_official_years(resource_path("calendar")))
RULES = get_rule_set("nd118-2025")
PROPS = settings(deadline=None, max_examples=150)

moments = st.datetimes(
    min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 1, 23, 59, 59)
).map(lambda d: d.replace(tzinfo=VN_TZ))
counts = st.integers(min_value=0, max_value=40)


@st.composite
def day_periods(draw: st.DrawFn) -> tuple[Period, ...]:
    """1-3 periods on whole minutes between 06:00 and 19:00, in order, not touching."""
    n = draw(st.integers(1, 3))
    points = sorted(draw(st.sets(st.integers(6 * 60, 19 * 60), min_size=2 * n, max_size=2 * n)))
    return tuple(
        Period(time(a // 60, a % 60), time(b // 60, b % 60))
        for a, b in zip(points[::2], points[1::2], strict=True)
    )


@st.composite
def office_hours(draw: st.DrawFn) -> OfficeHours:
    same = draw(st.booleans())
    first = draw(day_periods())
    week = {d: first if same else draw(day_periods()) for d in range(5)}
    if draw(st.booleans()):
        week[5] = draw(day_periods())  # a Saturday office (reception only)
    return OfficeHours(week)


def calculator(hours: OfficeHours) -> DeadlineCalculator:
    return DeadlineCalculator(CAL, hours, RULES)


def position_day(calc: DeadlineCalculator, start: datetime) -> date:
    """The day a clock start counts from: a start at the day's first opening counts as the end
    of the previous working day."""
    if start == calc.spans_on(start.date())[0][0]:
        return calc.calendar.previous_working_day(start.date())
    return start.date()


@PROPS
@given(hours=office_hours(), received=moments, n=st.integers(1, 40))
def test_n_working_days_land_on_the_nth_working_day_inside_a_period(
    hours: OfficeHours, received: datetime, n: int
) -> None:
    calc = calculator(hours)
    start = calc.clock_start(received)
    due = calc.due(received, ProcessingTime.working_days(n))
    assert due.date() == CAL.add_working_days(position_day(calc, start), n)
    assert any(a <= due <= b for a, b in calc.spans_on(due.date()))


@PROPS
@given(hours=office_hours(), a=moments, b=moments, n=counts, m=counts)
def test_due_is_monotonic(hours: OfficeHours, a: datetime, b: datetime, n: int, m: int) -> None:
    calc = calculator(hours)
    early, late = sorted((a, b))
    small, big = sorted((n, m))
    assert calc.due(early, ProcessingTime.working_days(n)) <= calc.due(
        late, ProcessingTime.working_days(n)
    )
    assert calc.due(early, ProcessingTime.working_days(small)) <= calc.due(
        early, ProcessingTime.working_days(big)
    )
    if small < big:
        assert calc.due(early, ProcessingTime.working_days(small)) < calc.due(
            early, ProcessingTime.working_days(big)
        )


@PROPS
@given(day=day_periods(), received=moments, n=counts)
def test_with_identical_days_no_drift(day: tuple[Period, ...], received: datetime, n: int) -> None:
    """All weekdays alike: N days are exactly N x the day's minutes, at the same clock time."""
    calc = calculator(OfficeHours({d: day for d in range(5)}))
    start = calc.clock_start(received)
    due = calc.due(received, ProcessingTime.working_days(n))
    minutes = sum(p.minutes for p in day)
    assert calc.working_minutes_between(start, due) == n * minutes
    if n and start not in {s for s, _ in calc.spans_on(start.date())}:
        assert due.time() == start.time()


@PROPS
@given(hours=office_hours(), received=moments, n=st.integers(0, 30))
def test_working_hours_and_calendar_days_stay_inside(
    hours: OfficeHours, received: datetime, n: int
) -> None:
    calc = calculator(hours)
    due = calc.due(received, ProcessingTime.working_hours(n))
    assert CAL.is_working_day(due.date())
    assert calc.working_minutes_between(calc.clock_start(received), due) == 60 * n
    closing = calc.due(received, ProcessingTime.calendar_days(n))
    assert closing == calc.spans_on(closing.date())[-1][1]
