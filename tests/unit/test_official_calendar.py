"""The official year files: shape checks, precedence, and the shipped 2025/2026 data."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.calendar import CalendarOverrides, WorkingCalendar, compare_with_package
from counter_app.domain.errors import ValidationError
from counter_app.domain.official_calendar import (
    load_official_years,
    official_year_from_json,
    year_file_name,
)
from counter_app.resources import resource_path

SHIPPED = load_official_years(resource_path("calendar"))
BY = {"number": "1/TB", "date": "2025-12-01", "issuer": "Bộ Nội vụ"}


def off(day: str, name: str = "x", **entry: Any) -> dict[str, Any]:
    return doc(days_off=[{"date": day, "name": name, "decided_by": BY} | entry])


def doc(**changes: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "format": "counter-app/official-calendar",
        "format_version": 1,
        "country": "VN",
        "year": 2026,
        "days_off": [{"date": "2026-01-02", "name": "nghỉ", "decided_by": BY}],
        "working_days": [{"date": "2026-01-10", "name": "làm bù", "decided_by": BY}],
    }
    return base | changes


def test_shipped_years_cover_2025_and_2026_with_their_texts() -> None:
    assert set(SHIPPED) >= {2025, 2026}
    for year in SHIPPED.values():
        for entry in [*year.days_off.values(), *year.working_days.values()]:
            assert entry.day.year == year.year
            assert entry.decided_by.number and entry.decided_by.issuer
            assert entry.decided_by.date <= entry.day or entry.decided_by.number == "45/2019/QH14"


def test_shipped_2026_facts() -> None:
    cal = WorkingCalendar(official=SHIPPED)
    off = [date(2026, 1, 1), date(2026, 1, 2), *(date(2026, 2, d) for d in range(16, 21))]
    off += [date(2026, 4, 27), date(2026, 4, 30), date(2026, 5, 1), date(2026, 8, 31)]
    off += [date(2026, 9, 1), date(2026, 9, 2)]
    assert not any(cal.is_working_day(d) for d in off)
    worked = [date(2026, 1, 10), date(2026, 8, 22), date(2026, 11, 24), date(2026, 2, 23)]
    assert all(cal.is_working_day(d) for d in worked)
    # By hand: 2026 has 261 weekdays (52 weeks + Thu 31/12); 13 of them are off (1/1, 2/1,
    # 16-20/2, 27/4, 30/4, 1/5, 31/8, 1/9, 2/9); 2 Saturdays are worked -> 250 working days.
    days = [date(2026, 1, 1) + timedelta(days=i) for i in range(365)]
    assert sum(cal.is_working_day(d) for d in days) == 250


def test_only_three_disagreements_with_the_package() -> None:
    assert [d.day for d in compare_with_package(SHIPPED[2026])] == [
        date(2026, 1, 2),
        date(2026, 1, 10),
        date(2026, 11, 24),
    ]
    assert compare_with_package(SHIPPED[2025]) == []


def test_override_wins_over_the_official_year() -> None:
    cal = WorkingCalendar(
        CalendarOverrides(working_days=frozenset({date(2026, 1, 2)})), official=SHIPPED
    )
    assert cal.is_working_day(date(2026, 1, 2))
    assert cal.source_of(date(2026, 1, 2)) == "override"


@pytest.mark.parametrize(
    ("obj", "field", "reason"),
    [
        ([], "root", "not_an_object"),
        (doc(format="other"), "format", "unknown_format"),
        (doc(format_version=2), "format_version", "unsupported_version"),
        (doc(year="2026"), "year", "not_a_year"),
        (doc(extra=1), "extra", "unknown_key"),
        (doc(days_off={}), "days_off", "not_a_list"),
        (
            doc(days_off=[{"date": "2027-01-01", "name": "x", "decided_by": BY}]),
            "days_off[0].date",
            "other_year",
        ),
        (
            doc(days_off=[{"date": "02/01/2026", "name": "x", "decided_by": BY}]),
            "days_off[0].date",
            "not_a_date",
        ),
        (doc(days_off=[{"date": "2026-01-02", "name": "x"}]), "days_off[0].decided_by", "missing"),
        (
            doc(days_off=[{"date": "2026-01-02", "name": "", "decided_by": BY}]),
            "days_off[0].name",
            "not_a_text",
        ),
        (
            doc(days_off=[{"date": "2026-01-02", "name": "x", "decided_by": {"number": "1"}}]),
            "days_off[0].decided_by.date",
            "not_a_date",
        ),
        (
            doc(working_days=[{"date": "2026-01-02", "name": "x", "decided_by": BY}]),
            "working_days[0].date",
            "in_both_lists",
        ),
        (
            doc(days_off=[{"date": "2026-01-02", "name": "x", "decided_by": BY}] * 2),
            "days_off[1].date",
            "listed_twice",
        ),
    ],
)
def test_bad_shapes_are_refused(obj: Any, field: str, reason: str) -> None:
    with pytest.raises(ValidationError) as info:
        official_year_from_json(obj)
    assert info.value.code == "invalid_calendar_data"
    assert info.value.field == field
    assert info.value.params["reason"] == reason


def test_file_name_must_match_the_year(tmp_path: Path) -> None:
    (tmp_path / "vn-2027.json").write_text(json.dumps(doc()), encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_official_years(tmp_path)
    assert info.value.field == "vn-2027.json:year"


def test_later_folder_replaces_a_year_and_missing_folders_are_skipped(tmp_path: Path) -> None:
    (tmp_path / year_file_name(2026)).write_text(json.dumps(doc(days_off=[])), encoding="utf-8")
    years = load_official_years(resource_path("calendar"), tmp_path, tmp_path / "absent")
    assert years[2026].days_off == {}
    assert years[2025] == SHIPPED[2025]


def test_not_json(tmp_path: Path) -> None:
    (tmp_path / "vn-2026.json").write_text("{", encoding="utf-8")
    with pytest.raises(ValidationError) as info:
        load_official_years(tmp_path)
    assert info.value.field == "json"
