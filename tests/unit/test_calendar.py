"""The working calendar, its override file, office hours and rule sets."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.calendar import (
    EMPTY,
    CalendarOverrides,
    WorkingCalendar,
    load_overrides,
)
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.office_hours import OfficeHours, Period, parse_period
from counter_app.domain.rules import (
    DEFAULT_RULE_SET,
    DOSSIER_CODE_CENTRAL,
    DOSSIER_CODE_STANDARD,
    get_rule_set,
    rule_set_in_force,
)

CAL = WorkingCalendar()

# -- the package's Vietnamese calendar --------------------------------------------------


@pytest.mark.parametrize(
    ("day", "working"),
    [
        (date(2025, 1, 1), False),  # New Year
        (date(2025, 1, 2), True),
        (date(2025, 1, 24), True),  # Fri before Tết 2025
        *[(date(2025, 1, d), False) for d in range(27, 32)],  # Tết 2025 Mon 27 - Fri 31 Jan
        (date(2025, 2, 1), False),  # Sat (also a Tết day)
        (date(2025, 2, 3), True),  # back to work
        (date(2025, 4, 7), False),  # Hùng Kings 2025
        (date(2025, 4, 26), True),  # Saturday worked in exchange for Fri 2 May
        (date(2025, 4, 30), False),
        (date(2025, 5, 1), False),
        (date(2025, 5, 2), False),  # swapped day off
        (date(2025, 9, 1), False),
        (date(2025, 9, 2), False),
        (date(2026, 1, 1), False),
        (date(2026, 1, 2), True),
        *[(date(2026, 2, d), False) for d in range(16, 21)],  # Tết 2026 Mon 16 - Fri 20 Feb
        (date(2026, 2, 13), True),
        (date(2026, 2, 23), True),
        (date(2026, 4, 26), False),  # Sunday (Hùng Kings)
        (date(2026, 4, 27), False),  # observed Monday
        (date(2026, 4, 30), False),
        (date(2026, 5, 1), False),
        (date(2026, 8, 22), True),  # Saturday worked in exchange for Mon 31 Aug
        (date(2026, 8, 24), True),
        (date(2026, 8, 31), False),
        (date(2026, 9, 1), False),
        (date(2026, 9, 2), False),
        (date(2026, 9, 3), True),
        (date(2026, 11, 24), False),  # Vietnam Cultural Day, as holidays 0.109 lists it
        (date(2026, 3, 14), False),  # ordinary Saturday
        (date(2026, 3, 15), False),  # ordinary Sunday
    ],
)
def test_vietnamese_calendar_facts(day: date, working: bool) -> None:
    assert CAL.is_working_day(day) is working


def test_next_and_previous_working_day() -> None:
    assert CAL.next_working_day(date(2026, 2, 13)) == date(2026, 2, 23)  # over Tết 2026
    assert CAL.previous_working_day(date(2026, 2, 23)) == date(2026, 2, 13)
    assert CAL.next_working_day(date(2025, 4, 25)) == date(2025, 4, 26)  # worked Saturday
    assert CAL.next_working_day(date(2025, 4, 29)) == date(2025, 5, 5)
    assert CAL.previous_working_day(date(2026, 9, 3)) == date(2026, 8, 28)
    assert CAL.next_working_day(date(2026, 3, 11)) == date(2026, 3, 12)  # strictly after
    assert CAL.working_day_on_or_after(date(2026, 3, 11)) == date(2026, 3, 11)


def test_working_days_between_and_add() -> None:
    # [Mon 2/2/2026, Mon 23/2): Mon 2 - Fri 13 = 10 working days, Tết and weekends not.
    assert CAL.working_days_between(date(2026, 2, 2), date(2026, 2, 23)) == 10
    assert CAL.working_days_between(date(2026, 2, 23), date(2026, 2, 2)) == 0
    assert CAL.add_working_days(date(2026, 2, 13), 1) == date(2026, 2, 23)
    assert CAL.add_working_days(date(2026, 2, 13), 0) == date(2026, 2, 13)


def test_is_holiday_separates_holidays_from_weekends() -> None:
    assert CAL.is_holiday(date(2026, 2, 17))
    assert CAL.is_holiday(date(2026, 8, 31))  # swapped day off
    assert CAL.is_holiday(date(2025, 2, 1))  # a Tết day on a Saturday
    assert not CAL.is_holiday(date(2026, 3, 14))  # plain Saturday
    assert not CAL.is_holiday(date(2026, 8, 22))  # worked Saturday
    assert not CAL.is_holiday(date(2026, 3, 11))


def test_search_gives_up_on_an_all_off_calendar() -> None:
    start = date(2026, 1, 1)
    all_off = frozenset(date.fromordinal(start.toordinal() + i) for i in range(1, 800))
    cal = WorkingCalendar(CalendarOverrides(days_off=all_off))
    with pytest.raises(DomainError) as info:
        cal.next_working_day(start)
    assert info.value.code == "no_working_day_found"


# -- overrides ----------------------------------------------------------------------------


def test_overrides_take_precedence() -> None:
    cal = WorkingCalendar(
        CalendarOverrides(
            days_off=frozenset({date(2026, 3, 11)}),
            working_days=frozenset({date(2026, 3, 14), date(2026, 2, 17)}),
        )
    )
    assert not cal.is_working_day(date(2026, 3, 11))  # extra day off
    assert cal.is_working_day(date(2026, 3, 14))  # extra worked Saturday
    assert cal.is_working_day(date(2026, 2, 17))  # even a Tết day, if the file says so
    assert cal.is_holiday(date(2026, 3, 11))
    assert not cal.is_holiday(date(2026, 2, 17))


def test_from_json_good_shapes() -> None:
    full = CalendarOverrides.from_json(
        {"days_off": ["2026-03-09"], "working_days": ["2026-03-14"], "_note": "from province"}
    )
    assert full.days_off == frozenset({date(2026, 3, 9)})
    assert full.working_days == frozenset({date(2026, 3, 14)})
    only_off = CalendarOverrides.from_json({"days_off": ["2026-03-09", "2026-03-09"]})
    assert only_off.working_days == frozenset()
    assert CalendarOverrides.from_json({}) == EMPTY
    assert CalendarOverrides.from_json(full.to_json()) == full


@pytest.mark.parametrize(
    ("obj", "field"),
    [
        (["2026-03-09"], "root"),  # not an object
        ("days_off", "root"),
        ({"days_off": "2026-03-09"}, "days_off"),  # a string, not a list
        ({"working_days": {"a": 1}}, "working_days"),
        ({"days_off": ["2026-03-09", "2026-03-10", "2026-03-11", "09/03/2026"]}, "days_off[3]"),
        ({"days_off": ["2026-02-30"]}, "days_off[0]"),  # no such date
        ({"days_off": [20260309]}, "days_off[0]"),  # not a string
        ({"days_off": [None]}, "days_off[0]"),
        ({"working_days": ["2026-W11-6"]}, "working_days[0]"),  # ISO week dates refused
        ({"working_days": ["20260314"]}, "working_days[0]"),  # compact form refused
        (
            {"days_off": ["2026-03-14"], "working_days": ["2026-03-21", "2026-03-14"]},
            "working_days[1]",
        ),  # in both lists
        ({"day_off": ["2026-03-09"]}, "day_off"),  # misspelt key
    ],
)
def test_from_json_bad_shapes(obj: Any, field: str) -> None:
    with pytest.raises(ValidationError) as info:
        CalendarOverrides.from_json(obj)
    assert info.value.code == "invalid_calendar_file"
    assert info.value.field == field
    assert "value" in info.value.params and "reason" in info.value.params


def test_constructor_rejects_a_date_in_both_sets() -> None:
    d = frozenset({date(2026, 3, 14)})
    with pytest.raises(ValidationError) as info:
        CalendarOverrides(days_off=d, working_days=d)
    assert info.value.code == "invalid_calendar_file"


def test_load_overrides_reads_a_file(tmp_path: Path) -> None:
    path = tmp_path / "calendar.json"
    path.write_text('\ufeff{"days_off": ["2026-03-09"]}', encoding="utf-8")  # BOM tolerated
    assert load_overrides(path).days_off == frozenset({date(2026, 3, 9)})


def test_load_overrides_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "absent.json"
    with pytest.raises(DomainError) as info:
        load_overrides(path)
    assert info.value.code == "calendar_file_not_found"
    assert info.value.params["path"] == str(path)


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b'{"days_off": ["2026-03-09"]', b"\xff\xfe"]
)
def test_load_overrides_bad_json(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "calendar.json"
    path.write_bytes(content)
    with pytest.raises(ValidationError) as info:
        load_overrides(path)
    assert info.value.code == "invalid_calendar_file"
    assert info.value.field == "json"
    assert "detail" in info.value.params


def test_load_overrides_valid_json_bad_shape(tmp_path: Path) -> None:
    path = tmp_path / "calendar.json"
    path.write_text('{"days_off": ["2026-13-01"]}', encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_overrides(path)
    assert info.value.field == "days_off[0]"


def test_load_overrides_directory(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as info:
        load_overrides(tmp_path)
    assert info.value.code == "calendar_file_not_regular"


# -- office hours -------------------------------------------------------------------------


def test_parse_period() -> None:
    assert parse_period("07:00-11:30") == Period(time(7), time(11, 30))
    assert parse_period(" 7:00 – 11:30 ") == Period(time(7), time(11, 30))
    assert str(parse_period("13:30-17:00")) == "13:30-17:00"
    assert parse_period("13:30-17:00").minutes == 210


@pytest.mark.parametrize(
    "text", ["", "07:00", "7-11", "11:30-07:00", "07:00-07:00", "25:00-26:00", "07:60-08:00", "x"]
)
def test_parse_period_rejects(text: str) -> None:
    with pytest.raises(ValidationError) as info:
        parse_period(text)
    assert info.value.code == "invalid_office_period"
    assert info.value.params["value"] == text


def test_default_office_hours() -> None:
    hours = OfficeHours.default()
    assert [str(p) for p in hours.periods[0]] == ["07:00-11:30", "13:30-17:00"]
    assert hours.periods[5] == () and hours.periods[6] == ()
    assert hours.cutoff is None and hours.minutes_per_day is None
    assert hours.minutes_on(date(2026, 3, 11), CAL) == 480
    assert hours.periods_on(date(2026, 3, 14), CAL) == ()  # Saturday
    assert hours.periods_on(date(2026, 2, 17), CAL) == ()  # Tết
    assert hours.periods_on(date(2026, 8, 22), CAL) == hours.periods[0]  # worked Saturday


def test_working_weekday_without_periods_is_refused_not_reinterpreted() -> None:
    day = (parse_period("07:00-11:30"), parse_period("13:30-17:00"))
    with pytest.raises(ValidationError) as info:
        OfficeHours({0: day, 1: day, 3: day, 4: day})  # Wednesday left empty
    assert info.value.code == "weekday_without_periods"
    assert info.value.field == "periods[2]"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"periods": {}}, "office_hours_empty"),
        ({"periods": {7: (Period(time(7), time(8)),)}}, "invalid_weekday"),
        (
            {"periods": {0: (Period(time(7), time(12)), Period(time(11), time(17)))}},
            "office_periods_overlap",
        ),
        (
            {"periods": {0: (Period(time(13), time(17)), Period(time(7), time(11)))}},
            "office_periods_overlap",
        ),  # unsorted
        (
            {"periods": {d: (Period(time(7), time(11)),) for d in range(5)}, "cutoff": time(12)},
            "cutoff_outside_office_day",
        ),
        (
            {"periods": {d: (Period(time(7), time(11)),) for d in range(5)}, "cutoff": time(7)},
            "cutoff_outside_office_day",
        ),
        (
            {"periods": {d: (Period(time(7), time(11)),) for d in range(5)}, "minutes_per_day": 0},
            "invalid_minutes_per_day",
        ),
        (
            {
                "periods": {d: (Period(time(7), time(11)),) for d in range(5)},
                "minutes_per_day": 480,
            },
            "minutes_per_day_mismatch",
        ),
        ({"periods": {0: (Period(time(7), time(11)),)}}, "weekday_without_periods"),
    ],
)
def test_office_hours_validation(kwargs: dict[str, Any], code: str) -> None:
    with pytest.raises(ValidationError) as info:
        OfficeHours(**kwargs)
    assert info.value.code == code


def test_office_hours_touching_periods_and_from_strings() -> None:
    week = {d: ["07:00-11:30", "11:30-12:00"] for d in range(5)}
    hours = OfficeHours.from_strings(week, cutoff=time(11))
    assert len(hours.periods[0]) == 2
    assert hours.cutoff == time(11)


def test_period_rejects_seconds() -> None:
    with pytest.raises(ValidationError):
        Period(time(7, 0, 30), time(8))


# -- rule sets ----------------------------------------------------------------------------


def test_rule_sets() -> None:
    default = get_rule_set(DEFAULT_RULE_SET)
    assert default.id == "nd118-2025"
    assert default.cutoff == time(15) and default.same_day_cutoff == time(15)
    assert default.minutes_per_working_day == 480
    assert default.calendar_day_rollover
    assert default.apology_reschedules_allowed == 1
    assert default.dossier_code_format == DOSSIER_CODE_STANDARD
    old = get_rule_set("nd61-2018")
    assert old.dossier_code_format == "agency-yymmdd-xxxx"
    assert get_rule_set("nd118-2025-central").dossier_code_format == DOSSIER_CODE_CENTRAL
    assert DOSSIER_CODE_CENTRAL == "agency-yymmdd-aaxxxx"


def test_unknown_rule_set() -> None:
    with pytest.raises(DomainError) as info:
        get_rule_set("nd999")
    assert info.value.code == "unknown_rule_set"
    assert info.value.params["rule_set"] == "nd999"
    assert "nd118-2025" in info.value.params["known"]


def test_rule_set_in_force() -> None:
    assert rule_set_in_force(date(2025, 6, 30)).id == "nd61-2018"
    assert rule_set_in_force(date(2025, 7, 1)).id == "nd118-2025"
    assert rule_set_in_force(date(2010, 1, 1)).id == "nd61-2018"
