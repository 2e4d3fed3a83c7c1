"""`counter-app calendar due/check` with the shipped official calendar and no --calendar file."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.integration.test_cli import run


@pytest.mark.parametrize(
    ("received", "days", "due"),
    [
        ("2025-12-31T11:00", "1", "2026-01-05T11:00"),  # Fri 2/1/2026 off (12729/VPCP-KGVX)
        ("2026-01-09T15:30", "1", "2026-01-10T17:00"),  # Sat 10/1/2026 worked
        ("2026-11-23T09:00", "1", "2026-11-24T09:00"),  # 24/11/2026 a working day
        ("2025-04-25T10:00", "2", "2025-04-28T10:00"),  # Sat 26/4/2025 worked
        ("2026-02-13T15:00", "1", "2026-02-23T15:00"),  # 15:00 still counts that day
        ("2026-02-13T15:01", "1", "2026-02-23T17:00"),  # 15:01 is after 15 giờ
    ],
)
def test_due_follows_the_official_calendar(
    tmp_path: Path, received: str, days: str, due: str
) -> None:
    result = run(tmp_path, "calendar", "due", "--received", received, "--days", days)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == due


def test_check_2026_lists_the_disagreements_with_their_texts(tmp_path: Path) -> None:
    result = run(tmp_path, "calendar", "check", "2026")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "2026: gói holidays và dữ liệu chính thức khác nhau ở 3 ngày:"
    assert lines[1].startswith(
        "  02/01/2026: gói holidays: ngày làm việc; dữ liệu chính thức: ngày nghỉ"
    )
    assert lines[1].endswith("12729/VPCP-KGVX, 25/12/2025, Văn phòng Chính phủ")
    assert lines[2].startswith(
        "  10/01/2026: gói holidays: ngày nghỉ; dữ liệu chính thức: ngày làm việc"
    )
    assert "24/11/2026: gói holidays: ngày nghỉ (Vietnam Cultural Day)" in lines[3]


def test_check_2025_agrees(tmp_path: Path) -> None:
    result = run(tmp_path, "calendar", "check", "2025")
    assert result.returncode == 0
    assert result.stdout.strip() == "2025: gói holidays khớp với dữ liệu chính thức."


def test_check_a_year_without_data(tmp_path: Path) -> None:
    result = run(tmp_path, "calendar", "check", "2031")
    assert result.returncode == 1
    assert "Chưa có lịch chính thức của năm 2031" in result.stdout


def test_check_bad_year_is_wrong_input(tmp_path: Path) -> None:
    result = run(tmp_path, "calendar", "check", "năm nay")
    assert result.returncode == 2
    assert "không phải là năm" in result.stderr


def year_file(year: int, off: list[str], worked: list[str]) -> dict[str, object]:
    by = {"number": "01/TB-TEST", "date": f"{year - 1}-12-01", "issuer": "Trung tâm"}
    return {
        "format": "counter-app/official-calendar",
        "format_version": 1,
        "country": "VN",
        "year": year,
        "days_off": [{"date": d, "name": "nghỉ", "decided_by": by} for d in off],
        "working_days": [{"date": d, "name": "làm", "decided_by": by} for d in worked],
    }


def test_a_year_delivered_by_the_centre_is_used(tmp_path: Path) -> None:
    folder = tmp_path / "calendar"
    folder.mkdir()
    # 2031: Mon 3/3 declared off by the centre's file.
    (folder / "vn-2031.json").write_text(json.dumps(year_file(2031, ["2031-03-03"], [])))
    result = run(tmp_path, "calendar", "due", "--received", "2031-02-28T10:00", "--days", "1")
    assert result.stdout.splitlines()[0] == "2031-03-04T10:00"
    # ...and it replaces the shipped 2026 file for 2026: 2/1/2026 back to a working day.
    (folder / "vn-2026.json").write_text(json.dumps(year_file(2026, ["2026-01-01"], [])))
    result = run(tmp_path, "calendar", "due", "--received", "2025-12-31T11:00", "--days", "1")
    assert result.stdout.splitlines()[0] == "2026-01-02T11:00"


def test_a_damaged_year_file_is_refused_with_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "calendar"
    folder.mkdir()
    bad = year_file(2031, ["2032-01-01"], [])  # a date of another year
    (folder / "vn-2031.json").write_text(json.dumps(bad))
    result = run(tmp_path, "calendar", "due", "--received", "2031-02-28T10:00", "--days", "1")
    assert result.returncode == 2
    assert "vn-2031.json:days_off[0].date" in result.stderr
    assert result.stdout == ""


def test_contradictory_office_hours_name_the_key(tmp_path: Path) -> None:
    (tmp_path / "settings.toml").write_text(
        "schema_version = 1\n[office.hours]\nwed = []\n", encoding="utf-8"
    )
    result = run(tmp_path, "calendar", "due", "--received", "2026-03-11T10:00", "--days", "1")
    assert result.returncode in (1, 2)
    assert "office.hours.wed" in result.stderr
    assert result.stdout == ""
