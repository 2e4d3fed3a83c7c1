"""Seasonal office hours and contradictory settings: refused naming the key, never reinterpreted."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path

import pytest

from counter_app import composition
from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.errors import ValidationError
from counter_app.domain.office_hours import OfficeHours, Season, parse_week
from counter_app.domain.vntime import VN_TZ
from counter_app.settings import SettingsError, load_settings

CAL = WorkingCalendar()


def load(tmp_path: Path, text: str) -> OfficeHours:
    path = tmp_path / "settings.toml"
    path.write_text("schema_version = 1\n" + text, encoding="utf-8")
    return composition.office_hours(load_settings(path))


SEASONS = """
[[office.seasons]]
name = "winter"
start = "10-15"
end = "04-14"
[office.seasons.hours]
mon = ["08:00-12:00", "13:00-17:00"]
tue = ["08:00-12:00", "13:00-17:00"]
wed = ["08:00-12:00", "13:00-17:00"]
thu = ["08:00-12:00", "13:00-17:00"]
fri = ["08:00-12:00", "13:00-16:00"]
"""


def test_seasonal_hours_from_settings(tmp_path: Path) -> None:
    hours = load(tmp_path, SEASONS)
    winter_wed = date(2026, 12, 2)
    summer_wed = date(2026, 6, 3)
    assert [str(p) for p in hours.periods_on(winter_wed, CAL)] == ["08:00-12:00", "13:00-17:00"]
    assert [str(p) for p in hours.periods_on(summer_wed, CAL)] == ["07:00-11:30", "13:30-17:00"]
    # The season wraps over the new year: 1/1/2027 (a Friday, but New Year) and 14/4 are winter.
    assert hours.week_of(date(2027, 4, 14))[4][-1].end == time(16)
    assert hours.week_of(date(2027, 4, 15))[4][-1].end == time(17)
    # A worked Saturday in winter gets the winter standard day.
    assert hours.standard_periods_on(date(2026, 12, 5))[0].start == time(8)


@pytest.mark.parametrize(
    ("text", "key", "code"),
    [
        # a weekday listed with no periods: refused (not given Monday's hours silently)
        ("[office.hours]\nwed = []\n", "office.hours.wed", "weekday_without_periods"),
        # a minutes-per-day that does not match the periods
        (
            "[office]\nminutes_per_working_day = 480\n[office.hours]\n"
            'mon = ["07:30-11:30", "13:00-16:30"]\n',
            "office.minutes_per_working_day",
            "minutes_per_day_mismatch",
        ),
        # matches the base week but not the season's Friday
        (
            "[office]\nminutes_per_working_day = 480\n" + SEASONS,
            "office.minutes_per_working_day",
            "minutes_per_day_mismatch",
        ),
        # a season's weekday listed with no periods
        (
            '[[office.seasons]]\nname = "x"\nstart = "01-01"\nend = "01-31"\n'
            "[office.seasons.hours]\nthu = []\n",
            "office.seasons[0].hours.thu",
            "weekday_without_periods",
        ),
        # two seasons sharing days
        (
            '[[office.seasons]]\nname = "a"\nstart = "01-01"\nend = "02-10"\n'
            '[[office.seasons]]\nname = "b"\nstart = "02-10"\nend = "03-01"\n',
            "office.seasons[1]",
            "seasons_overlap",
        ),
        # a cutoff inside the base day (07:00-17:00) but before the winter opening (08:00)
        ('[office]\ncutoff = "07:30"\n' + SEASONS, "office.cutoff", "cutoff_outside_office_day"),
    ],
)
def test_contradictions_are_refused_naming_the_key(
    tmp_path: Path, text: str, key: str, code: str
) -> None:
    with pytest.raises(SettingsError) as info:
        load(tmp_path, text)
    assert info.value.code == code
    assert info.value.key == key


@pytest.mark.parametrize(
    ("text", "key"),
    [
        (
            '[[office.seasons]]\nname = "x"\nstart = "02-30"\nend = "03-01"\n',
            "office.seasons[0].start",
        ),
        (
            '[[office.seasons]]\nname = "x"\nstart = "1-5"\nend = "03-01"\n',
            "office.seasons[0].start",
        ),
        (
            '[[office.seasons]]\nname = ""\nstart = "01-05"\nend = "03-01"\n',
            "office.seasons[0].name",
        ),
        ('[[office.seasons]]\nname = "x"\nfrom = "01-05"\n', "office.seasons[0].from"),
        ('[office]\nseasons = "winter"\n', "office.seasons"),
        ("[office]\nonline_acceptance_hours = 25\n", "office.online_acceptance_hours"),
    ],
)
def test_bad_season_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    path = tmp_path / "settings.toml"
    path.write_text("schema_version = 1\n" + text, encoding="utf-8")
    with pytest.raises(SettingsError) as info:
        load_settings(path)
    assert info.value.key == key


def test_minutes_per_day_matching_the_periods_is_accepted(tmp_path: Path) -> None:
    hours = load(tmp_path, "[office]\nminutes_per_working_day = 480\n")
    assert hours.minutes_per_day == 480


def test_saturday_listed_empty_means_closed(tmp_path: Path) -> None:
    hours = load(tmp_path, "[office.hours]\nsat = []\n")
    assert hours.reception_periods_on(date(2026, 3, 14), CAL) == ()


def test_online_settings_reach_the_rule_set(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_text(
        "schema_version = 1\n[office]\nonline_acceptance_hours = 2\n"
        "online_offhours_delay_minutes = 60\n",
        encoding="utf-8",
    )
    rules = composition.rule_set(load_settings(path))
    assert rules.online_acceptance_minutes == 120
    assert rules.online_offhours_delay_minutes == 60
    default = composition.rule_set(load_settings(tmp_path / "absent.toml"))
    assert default.online_acceptance_minutes == 480


def test_overlapping_seasons_in_the_domain() -> None:
    week = parse_week({d: ["08:00-12:00"] for d in range(5)})
    with pytest.raises(ValidationError) as info:
        OfficeHours(
            OfficeHours.default().periods,
            seasons=(Season("a", (12, 1), (1, 31), week), Season("b", (1, 31), (2, 5), week)),
        )
    assert info.value.code == "seasons_overlap"


def test_a_deadline_across_the_season_change_from_settings(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text("schema_version = 1\n" + SEASONS, encoding="utf-8")
    calc = composition.deadline_calculator(load_settings(tmp_path / "settings.toml"), tmp_path)
    received = datetime(2026, 10, 14, 16, 30, tzinfo=VN_TZ)  # after 15 giờ, summer
    # Counted from Thu 15/10 (winter) 08:00; one day -> 17:00.
    assert calc.clock_start(received) == datetime(2026, 10, 15, 8, 0, tzinfo=VN_TZ)
