"""Hand-worked deadline cases over the 2025 and 2026 Vietnamese calendars.

Every expected value below was worked out by hand from the calendar facts (not by running the
code): office hours 07:00-11:30 and 13:30-17:00 (270 + 210 = 480 minutes, one working day),
cutoff "sau 15 giờ" (15:00 on the slip still counts that day; from 15:01 the next working day).

Calendar facts used (holidays 0.109, matching the government's announcements):
2025: Wed 1/1; Tết Mon 27/1-Fri 31/1 (+ Sat 1/2, Sun 2/2); Hùng Kings Mon 7/4; Wed 30/4, Thu 1/5,
      Fri 2/5 off with Sat 26/4 worked; National Day Mon 1/9, Tue 2/9.
2026: Thu 1/1; Tết Mon 16/2-Fri 20/2; Hùng Kings Sun 26/4 observed Mon 27/4; Thu 30/4, Fri 1/5;
      Sat 22/8 worked, Mon 31/8, Tue 1/9, Wed 2/9 off; Tue 24/11 Vietnam Cultural Day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import pytest

from counter_app.domain.calendar import CalendarOverrides, WorkingCalendar, load_overrides
from counter_app.domain.deadlines import (
    Appointment,
    DeadlineCalculator,
    Timeliness,
    WarningLevel,
)
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.office_hours import OfficeHours, Period, parse_period
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.rules import get_rule_set
from counter_app.domain.vntime import VN_TZ

UNITS = {
    "d": TimeUnit.WORKING_DAYS,
    "h": TimeUnit.WORKING_HOURS,
    "s": TimeUnit.SAME_DAY,
    "c": TimeUnit.CALENDAR_DAYS,
}


def vn(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=VN_TZ)


def calculator(
    overrides: CalendarOverrides = CalendarOverrides.EMPTY,
    hours: OfficeHours | None = None,
) -> DeadlineCalculator:
    return DeadlineCalculator(
        WorkingCalendar(overrides), hours or OfficeHours.default(), get_rule_set("nd118-2025")
    )


CALC = calculator()

# (received, unit, n, expected clock start, expected due) -- comment says why.
CASES: list[tuple[str, str, int, str, str]] = [
    # Fri after the cutoff; Sat-Sun, then Tết Mon 16-Fri 20 off, Sat-Sun: clock starts Mon 23
    # 07:00; 5 x 480 min from an opening ends each day at 17:00 -> Fri 27 17:00.
    ("2026-02-13T15:30", "d", 5, "2026-02-23T07:00", "2026-02-27T17:00"),
    # Tue 09:32 + 5 working days: Wed, Thu, Fri, Mon, Tue -> Tue 17/3 09:32.
    ("2026-03-10T09:32", "d", 5, "2026-03-10T09:32", "2026-03-17T09:32"),
    # The published example: Fri 27/10/2023 09:32 + 5 -> Mon, Tue, Wed, Thu, Fri 3/11 09:32.
    ("2023-10-27T09:32", "d", 5, "2023-10-27T09:32", "2023-11-03T09:32"),
    # Lunch receipt: clock starts at 13:30; 210 min to 17:00, 270 left -> Thu 07:00 + 270 =
    # 11:30, a period end, which is the result (the same working instant as 13:30).
    ("2026-03-11T12:00", "d", 1, "2026-03-11T13:30", "2026-03-12T11:30"),
    # Lunch receipt, 2 working hours: 13:30 -> 15:30.
    ("2026-03-11T12:00", "h", 2, "2026-03-11T13:30", "2026-03-11T15:30"),
    # Before opening: clock starts 07:00; 2 full days -> Wed 17:00, Thu 17:00.
    ("2026-03-11T06:15", "d", 2, "2026-03-11T07:00", "2026-03-12T17:00"),
    # Saturday receipt: clock starts Mon 07:00; 3 full days -> Wed 17:00.
    ("2026-03-14T09:00", "d", 3, "2026-03-16T07:00", "2026-03-18T17:00"),
    # Sunday evening, 1 working hour: Mon 07:00 -> 08:00.
    ("2026-03-15T20:00", "h", 1, "2026-03-16T07:00", "2026-03-16T08:00"),
    # "sau 15 giờ" (Bắc Giang Art. 16.1): 15:00, the minute on the slip, still counts that day
    # -> Thu 15:00; 15:01 is after 15 giờ: next day 07:00, one day -> Thu 17:00.
    ("2026-03-11T15:00", "d", 1, "2026-03-11T15:00", "2026-03-12T15:00"),
    ("2026-03-11T15:01", "d", 1, "2026-03-12T07:00", "2026-03-12T17:00"),
    # 14:59 counts from itself: 121 min to 17:00, 359 left: 270 morning, 89 -> 13:30+89 = 14:59.
    ("2026-03-11T14:59", "d", 1, "2026-03-11T14:59", "2026-03-12T14:59"),
    # One working hour inside the morning period.
    ("2026-03-11T10:00", "h", 1, "2026-03-11T10:00", "2026-03-11T11:00"),
    # 4 hours across lunch: 90 min to 11:30, 150 left -> 13:30 + 150 = 16:00.
    ("2026-03-11T10:00", "h", 4, "2026-03-11T10:00", "2026-03-11T16:00"),
    # 8 hours = one working day -> Thu 10:00.
    ("2026-03-11T10:00", "h", 8, "2026-03-11T10:00", "2026-03-12T10:00"),
    # 2 hours ending exactly at the lunch break: the result is 11:30, not 13:30.
    ("2026-03-11T09:30", "h", 2, "2026-03-11T09:30", "2026-03-11T11:30"),
    # Received exactly 11:30 (period end, before the cutoff): clock starts 13:30; +1 h = 14:30.
    ("2026-03-11T11:30", "h", 1, "2026-03-11T13:30", "2026-03-11T14:30"),
    # Received at closing 17:00 (after the cutoff): next day 07:00, +1 h = 08:00.
    ("2026-03-11T17:00", "h", 1, "2026-03-12T07:00", "2026-03-12T08:00"),
    # Zero working days in the lunch gap: the due is the clock start itself.
    ("2026-03-11T12:00", "d", 0, "2026-03-11T13:30", "2026-03-11T13:30"),
    # A full day from the opening ends at that day's 17:00, never Thu 07:00.
    ("2026-03-11T07:00", "d", 1, "2026-03-11T07:00", "2026-03-11T17:00"),
    # Same day before the cutoff -> 17:00 that day.
    ("2026-03-11T10:00", "s", 0, "2026-03-11T10:00", "2026-03-11T17:00"),
    # Same day after the cutoff -> end of the next working day, Thu 17:00.
    ("2026-03-11T15:10", "s", 0, "2026-03-12T07:00", "2026-03-12T17:00"),
    # Same day on Friday after the cutoff -> end of Monday.
    ("2026-03-13T16:00", "s", 0, "2026-03-16T07:00", "2026-03-16T17:00"),
    # Same day before opening counts as before the cutoff -> 17:00 that day.
    ("2026-03-11T06:30", "s", 0, "2026-03-11T07:00", "2026-03-11T17:00"),
    # Same day on a Saturday (not a working day) -> end of Monday.
    ("2026-03-14T09:00", "s", 0, "2026-03-16T07:00", "2026-03-16T17:00"),
    # 5 calendar days from Mon 2/3 -> Sat 7/3, a day off -> end of Mon 9/3.
    ("2026-03-02T09:00", "c", 5, "2026-03-02T09:00", "2026-03-09T17:00"),
    # 10 calendar days from Mon 2/3 -> Thu 12/3, a working day -> its 17:00.
    ("2026-03-02T09:00", "c", 10, "2026-03-02T09:00", "2026-03-12T17:00"),
    # 10 calendar days from Mon 20/4 -> Thu 30/4 holiday; Fri 1/5 holiday, weekend -> Mon 4/5.
    ("2026-04-20T09:00", "c", 10, "2026-04-20T09:00", "2026-05-04T17:00"),
    # After the cutoff on Fri 13/3: counted from Mon 16/3; + 2 -> Wed 18/3 17:00.
    ("2026-03-13T16:00", "c", 2, "2026-03-16T07:00", "2026-03-18T17:00"),
    # 10 calendar days from Fri 17/4 -> Mon 27/4, Hùng Kings observed -> Tue 28/4 17:00.
    ("2026-04-17T10:00", "c", 10, "2026-04-17T10:00", "2026-04-28T17:00"),
    # Tết 2025: Fri 24/1 10:00 has 300 min left; 180 more after Tết (27/1-2/2 off) -> Mon 3/2
    # 10:00 for day 1; day 2 -> Tue 4/2 10:00.
    ("2025-01-24T10:00", "d", 2, "2025-01-24T10:00", "2025-02-04T10:00"),
    # Received during Tết 2025 (Wed 29/1): clock starts Mon 3/2 07:00 -> 17:00.
    ("2025-01-29T09:00", "d", 1, "2025-02-03T07:00", "2025-02-03T17:00"),
    # Fri 25/4/2025 + 1 day -> the swapped working Saturday 26/4 10:00.
    ("2025-04-25T10:00", "d", 1, "2025-04-25T10:00", "2025-04-26T10:00"),
    # Tue 29/4/2025 after the cutoff: Wed 30/4, Thu 1/5, Fri 2/5 off, weekend -> Mon 5/5 07:00.
    ("2025-04-29T15:30", "d", 1, "2025-05-05T07:00", "2025-05-05T17:00"),
    # On the worked Saturday 26/4/2025 the afternoon period exists: 14:00 + 1 h = 15:00.
    ("2025-04-26T14:00", "h", 1, "2025-04-26T14:00", "2025-04-26T15:00"),
    # Same day on the worked Saturday after the cutoff -> Sun off -> end of Mon 28/4.
    ("2025-04-26T16:00", "s", 0, "2025-04-28T07:00", "2025-04-28T17:00"),
    # National Day 2026: Fri 21/8 + 1 day -> the worked Saturday 22/8 10:00.
    ("2026-08-21T10:00", "d", 1, "2026-08-21T10:00", "2026-08-22T10:00"),
    # Worked Sat 22/8/2026 after the cutoff -> Sun off -> Mon 24/8 (a normal working day).
    ("2026-08-22T16:00", "d", 1, "2026-08-24T07:00", "2026-08-24T17:00"),
    # Fri 28/8/2026 + 2: Mon 31/8, Tue 1/9, Wed 2/9 off -> Thu 3/9 10:00, Fri 4/9 10:00.
    ("2026-08-28T10:00", "d", 2, "2026-08-28T10:00", "2026-09-04T10:00"),
    # 3 calendar days from Fri 28/8/2026 -> Mon 31/8 (swapped day off) -> end of Thu 3/9.
    ("2026-08-28T10:00", "c", 3, "2026-08-28T10:00", "2026-09-03T17:00"),
    # Hùng Kings 2026: Fri 24/4 after the cutoff; Sat, Sun, Mon 27/4 observed -> Tue 28/4.
    ("2026-04-24T15:30", "d", 1, "2026-04-28T07:00", "2026-04-28T17:00"),
    # New Year 2026: Wed 31/12/2025 11:00 has 240 min left; Thu 1/1 off; Fri 2/1 07:00 + 240 ->
    # 11:00.
    ("2025-12-31T11:00", "d", 1, "2025-12-31T11:00", "2026-01-02T11:00"),
    # New Year 2025: Tue 31/12/2024 after the cutoff; Wed 1/1 off -> Thu 2/1 07:00.
    ("2024-12-31T16:00", "d", 1, "2025-01-02T07:00", "2025-01-02T17:00"),
    # Hùng Kings 2025 Mon 7/4: Fri 4/4 09:00 + 1 day -> Tue 8/4 09:00.
    ("2025-04-04T09:00", "d", 1, "2025-04-04T09:00", "2025-04-08T09:00"),
    # National Day 2025: Fri 29/8 13:30 + 8 h: 210 min to 17:00, 270 left; Mon 1/9 and Tue 2/9
    # off -> Wed 3/9 07:00 + 270 = 11:30 exactly (a period end).
    ("2025-08-29T13:30", "h", 8, "2025-08-29T13:30", "2025-09-03T11:30"),
    # Vietnam Cultural Day Tue 24/11/2026 (as holidays 0.109 lists it): Mon 09:00 + 1 -> Wed.
    ("2026-11-23T09:00", "d", 1, "2026-11-23T09:00", "2026-11-25T09:00"),
    # Seconds are kept: 09:32:40 + 1 day -> Thu 09:32:40.
    ("2026-03-11T09:32:40", "d", 1, "2026-03-11T09:32:40", "2026-03-12T09:32:40"),
    # 14:59:59 is still before the cutoff (counts from itself); + 1 h in the afternoon period.
    ("2026-03-11T14:59:59", "h", 1, "2026-03-11T14:59:59", "2026-03-11T15:59:59"),
]


@pytest.mark.parametrize(
    ("received", "unit", "n", "start", "due"),
    CASES,
    ids=[f"{c[0]}+{c[2]}{c[1]}" for c in CASES],
)
def test_hand_worked_case(received: str, unit: str, n: int, start: str, due: str) -> None:
    pt = ProcessingTime(n, UNITS[unit])
    got_start = CALC.clock_start(vn(received))
    got_due = CALC.due(vn(received), pt)
    assert got_start == vn(start)
    assert got_due == vn(due)
    assert got_due.utcoffset() == timedelta(hours=7)


def test_there_are_enough_cases() -> None:
    assert len(CASES) >= 36


def test_naive_and_foreign_zone_inputs_are_vietnam_time() -> None:
    naive = datetime(2026, 3, 11, 9, 0)
    utc = datetime(2026, 3, 11, 2, 0, tzinfo=UTC)  # 09:00 in Vietnam
    one_hour = ProcessingTime.working_hours(1)
    assert CALC.due(naive, one_hour) == vn("2026-03-11T10:00")
    assert CALC.due(utc, one_hour) == vn("2026-03-11T10:00")
    assert CALC.due(utc, one_hour).tzinfo == VN_TZ


# -- overrides from a file ----------------------------------------------------------------


def test_override_file_adds_a_day_off_and_a_worked_saturday(tmp_path: Path) -> None:
    path = tmp_path / "calendar.json"
    path.write_text('{"days_off": ["2026-03-12"], "working_days": ["2026-03-14"]}', "utf-8")
    calc = calculator(load_overrides(path))
    # Wed 10:00 + 1 day: Thu 12/3 declared off -> Fri 13/3 10:00.
    assert calc.due(vn("2026-03-11T10:00"), ProcessingTime.working_days(1)) == vn(
        "2026-03-13T10:00"
    )
    # Fri 13/3 after the cutoff: Sat 14/3 declared worked -> full day there, 07:00-17:00.
    assert calc.clock_start(vn("2026-03-13T15:30")) == vn("2026-03-14T07:00")
    assert calc.due(vn("2026-03-13T15:30"), ProcessingTime.working_days(1)) == vn(
        "2026-03-14T17:00"
    )


def test_override_can_make_a_holiday_a_working_day() -> None:
    calc = calculator(CalendarOverrides(working_days=frozenset({date(2026, 4, 27)})))
    # Fri 24/4 after the cutoff; Mon 27/4 declared worked -> clock starts there.
    assert calc.clock_start(vn("2026-04-24T15:30")) == vn("2026-04-27T07:00")


# -- a Saturday-morning office ------------------------------------------------------------


def saturday_office() -> OfficeHours:
    weekday = (parse_period("07:00-11:30"), parse_period("13:30-17:00"))
    periods = {d: weekday for d in range(5)} | {5: (parse_period("07:00-11:30"),)}
    return OfficeHours(periods)


def test_saturday_office_receives_but_the_clock_waits_for_monday() -> None:
    hours = saturday_office()
    calc = calculator(hours=hours)
    cal = calc.calendar
    # The counter is open on Sat 14/3/2026 morning...
    assert hours.reception_periods_on(date(2026, 3, 14), cal) == (Period(time(7), time(11, 30)),)
    # ...but Saturday is not a working day: 1 day from Sat 09:00 -> Mon 16/3 07:00-17:00.
    assert calc.clock_start(vn("2026-03-14T09:00")) == vn("2026-03-16T07:00")
    assert calc.due(vn("2026-03-14T09:00"), ProcessingTime.working_days(1)) == vn(
        "2026-03-16T17:00"
    )
    # Same-day procedure received Saturday morning -> end of Monday.
    assert calc.due(vn("2026-03-14T09:00"), ProcessingTime.same_day()) == vn("2026-03-16T17:00")


def test_saturday_office_on_a_government_worked_saturday_works_a_full_day() -> None:
    calc = calculator(hours=saturday_office())
    # Sat 22/8/2026 is a full working day (swapped for Mon 31/8): afternoon period exists.
    assert calc.due(vn("2026-08-22T14:00"), ProcessingTime.working_hours(1)) == vn(
        "2026-08-22T15:00"
    )


def test_saturday_office_is_closed_on_a_holiday_saturday() -> None:
    hours = saturday_office()
    # Sat 1/5/2027 is Labour Day: the Saturday counter stays closed.
    assert hours.reception_periods_on(date(2027, 5, 1), WorkingCalendar()) == ()
    # Sat 1/2/2025 is a day of Tết: closed too.
    assert hours.reception_periods_on(date(2025, 2, 1), WorkingCalendar()) == ()


def test_office_cutoff_wins_over_the_rule_set() -> None:
    hours = OfficeHours(OfficeHours.default().periods, cutoff=time(16, 0))
    calc = calculator(hours=hours)
    # 15:30 is before the office's 16:00 cutoff: counts from itself, + 1 h = 16:30.
    assert calc.due(vn("2026-03-11T15:30"), ProcessingTime.working_hours(1)) == vn(
        "2026-03-11T16:30"
    )
    assert calc.due(vn("2026-03-11T15:30"), ProcessingTime.same_day()) == vn("2026-03-11T17:00")


# -- classification and warnings --------------------------------------------------------

DUE = "2026-03-18T10:00"  # Wed; the working day before is Tue 17/3, ending 17:00


@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        ("2026-03-17T17:00", Timeliness.EARLY),  # exactly the end of the day before
        ("2026-03-17T17:00:01", Timeliness.ON_TIME),  # just after it
        ("2026-03-18T07:30", Timeliness.ON_TIME),  # due day, before the due time
        ("2026-03-18T10:00", Timeliness.ON_TIME),  # exactly the due time
        ("2026-03-18T10:01", Timeliness.LATE),  # one minute after
        ("2026-03-12T09:00", Timeliness.EARLY),  # days before
    ],
)
def test_classify_edges(finished: str, expected: Timeliness) -> None:
    assert CALC.classify(vn(DUE), vn(finished)) is expected


def test_classify_across_tet() -> None:
    due = vn("2026-02-23T10:00")  # Mon after Tết; the working day before is Fri 13/2
    assert CALC.classify(due, vn("2026-02-13T16:59")) is Timeliness.EARLY
    # Finished during Tết (Wed 18/2): after the end of Fri 13/2, before the due -> on time.
    assert CALC.classify(due, vn("2026-02-18T09:00")) is Timeliness.ON_TIME


@pytest.mark.parametrize(
    ("now", "due", "expected"),
    [
        ("2026-03-17T10:00", DUE, WarningLevel.NORMAL),  # exactly 480 working minutes left
        ("2026-03-17T10:01", DUE, WarningLevel.DUE_SOON),  # 479 left
        ("2026-03-18T10:00", DUE, WarningLevel.DUE_SOON),  # 0 left, not yet past
        ("2026-03-18T10:00:01", DUE, WarningLevel.OVERDUE),
        ("2026-03-13T10:00", "2026-03-16T10:00", WarningLevel.NORMAL),  # Fri->Mon: 480 left
        ("2026-03-14T12:00", "2026-03-16T10:00", WarningLevel.DUE_SOON),  # Sat: 180 left
    ],
)
def test_warning_levels(now: str, due: str, expected: WarningLevel) -> None:
    assert CALC.warning(vn(due), vn(now)) is expected


def test_working_minutes_between() -> None:
    # Fri 13/2/2026 16:00 -> Mon 23/2 08:00 across Tết: 60 + 60.
    assert CALC.working_minutes_between(vn("2026-02-13T16:00"), vn("2026-02-23T08:00")) == 120
    assert CALC.working_minutes_between(vn("2026-03-11T12:00"), vn("2026-03-11T13:00")) == 0
    assert CALC.working_minutes_between(vn("2026-03-12T12:00"), vn("2026-03-11T13:00")) == 0


def test_add_working_minutes_rejects_negative() -> None:
    with pytest.raises(ValidationError) as info:
        CALC.add_working_minutes(vn("2026-03-11T10:00"), -1)
    assert info.value.code == "negative_minutes"


# -- supplement, apology, extension -----------------------------------------------------

FIVE_DAYS = ProcessingTime.working_days(5)


def test_supplement_pauses_and_restarts_from_zero() -> None:
    appt = CALC.appoint(vn("2026-03-11T10:00"), FIVE_DAYS)
    assert appt.due == vn("2026-03-18T10:00")  # Thu, Fri, Mon, Tue, Wed
    paused = CALC.pause_for_supplement(appt, vn("2026-03-12T09:00"))
    assert paused.is_paused
    with pytest.raises(DomainError) as info:
        CALC.pause_for_supplement(paused, vn("2026-03-12T10:00"))
    assert info.value.code == "already_paused"
    # Supplement received Mon 16/3 15:20 (after the cutoff): a new receipt, clock from Tue
    # 17/3 07:00, 5 full days -> Mon 23/3 17:00.
    again = CALC.restart_after_supplement(paused, vn("2026-03-16T15:20"))
    assert again.received_at == vn("2026-03-16T15:20")
    assert again.clock_start == vn("2026-03-17T07:00")
    assert again.due == vn("2026-03-23T17:00")
    assert again.supplement_round == 1
    assert again.paused_at is None
    with pytest.raises(DomainError) as info:
        CALC.restart_after_supplement(again, vn("2026-03-20T09:00"))
    assert info.value.code == "not_paused"


def test_supplement_times_must_be_in_order() -> None:
    appt = CALC.appoint(vn("2026-03-11T10:00"), FIVE_DAYS)
    with pytest.raises(ValidationError) as info:
        CALC.pause_for_supplement(appt, vn("2026-03-11T09:00"))
    assert info.value.code == "pause_before_receipt"
    paused = CALC.pause_for_supplement(appt, vn("2026-03-12T09:00"))
    with pytest.raises(ValidationError) as info:
        CALC.restart_after_supplement(paused, vn("2026-03-12T08:00"))
    assert info.value.code == "supplement_before_pause"


def test_apology_sets_a_later_date_once() -> None:
    appt = CALC.appoint(vn("2026-03-11T10:00"), FIVE_DAYS)
    with pytest.raises(ValidationError) as bad:
        CALC.reschedule_after_apology(appt, appt.due)
    assert bad.value.code == "apology_date_not_later"
    assert bad.value.field == "new_due"
    moved = CALC.reschedule_after_apology(appt, vn("2026-03-20T17:00"))
    assert moved.effective_due == vn("2026-03-20T17:00")
    assert moved.due == appt.due
    with pytest.raises(DomainError) as info:
        CALC.reschedule_after_apology(moved, vn("2026-03-25T17:00"))
    assert info.value.code == "apology_already_given"


def test_apology_limit_survives_a_supplement_round() -> None:
    appt = CALC.appoint(vn("2026-03-11T10:00"), FIVE_DAYS)
    moved = CALC.reschedule_after_apology(appt, vn("2026-03-20T17:00"))
    paused = CALC.pause_for_supplement(moved, vn("2026-03-19T09:00"))
    again = CALC.restart_after_supplement(paused, vn("2026-03-23T09:00"))
    assert again.rescheduled_due is None
    with pytest.raises(DomainError) as info:
        CALC.reschedule_after_apology(again, vn("2026-04-20T17:00"))
    assert info.value.code == "apology_already_given"


def test_appointment_built_with_a_rescheduled_due_counts_as_apologised() -> None:
    appt = Appointment(
        received_at=vn("2026-03-11T10:00"),
        clock_start=vn("2026-03-11T10:00"),
        due=vn("2026-03-18T10:00"),
        processing=FIVE_DAYS,
        rescheduled_due=vn("2026-03-20T17:00"),
    )
    with pytest.raises(DomainError) as info:
        CALC.reschedule_after_apology(appt, vn("2026-03-25T17:00"))
    assert info.value.code == "apology_already_given"


def test_same_day_extension_once() -> None:
    appt = CALC.appoint(vn("2026-03-11T10:00"), ProcessingTime.same_day())
    assert appt.due == vn("2026-03-11T17:00")
    # Extension by 2 working days from Wed 17:00 -> Thu 17:00, Fri 17:00.
    extended = CALC.extend_same_day(appt, 2, max_working_days=2)
    assert extended.due == vn("2026-03-13T17:00")
    with pytest.raises(DomainError) as info:
        CALC.extend_same_day(extended, 1)
    assert info.value.code == "extension_already_applied"
    with pytest.raises(ValidationError) as info:
        CALC.extend_same_day(appt, 3, max_working_days=2)
    assert info.value.code == "invalid_extension"
    with pytest.raises(DomainError) as info:
        CALC.extend_same_day(CALC.appoint(vn("2026-03-11T10:00"), FIVE_DAYS), 1)
    assert info.value.code == "extension_not_allowed"
