"""settings.toml: defaults, validation of every key, migrations, atomic save."""

from __future__ import annotations

import os
import tomllib
from dataclasses import replace
from datetime import time
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from hypothesis import given
from hypothesis import strategies as st

from counter_app import settings as settings_module
from counter_app.domain.errors import ValidationError
from counter_app.settings import (
    CURRENT_SCHEMA_VERSION,
    LoggingSettings,
    OfficeSettings,
    PrintingSettings,
    ScanningSettings,
    Settings,
    SettingsError,
    default_settings,
    ensure_settings,
    load_settings,
    migrate,
    save_settings,
    settings_from_dict,
    settings_to_dict,
)

WORKDAY = ["07:00-11:30", "13:30-17:00"]


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "settings.toml"
    path.write_text(text, encoding="utf-8")
    return path


def test_defaults() -> None:
    s = default_settings()
    assert s.schema_version == CURRENT_SCHEMA_VERSION == 1
    assert s.language == "vi"
    assert s.office.agency_code == "000.00.06.H56"
    assert s.office.rule_set == "nd118-2025"
    assert s.office.cutoff == time(15, 0)
    assert s.office.minutes_per_working_day == 0  # the office's own day
    assert s.office.hours == {
        "mon": WORKDAY,
        "tue": WORKDAY,
        "wed": WORKDAY,
        "thu": WORKDAY,
        "fri": WORKDAY,
        "sat": [],
        "sun": [],
    }
    assert "{code}" in s.lookup.receipt_url
    assert s.printing.receipt_copies == 2 and s.scanning.dpi == 300
    assert s.logging == LoggingSettings("INFO", 1_000_000, 5)


def test_missing_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "nope.toml") == default_settings()


def test_empty_file_gives_defaults(tmp_path: Path) -> None:
    assert load_settings(_write(tmp_path, "")) == default_settings()


def test_ensure_writes_defaults_once(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "settings.toml"
    assert ensure_settings(path) == default_settings()
    raw = tomllib.loads(path.read_text(encoding="utf-8"))
    assert raw["schema_version"] == 1 and raw["office"]["cutoff"] == "15:00"
    path.write_text('schema_version = 1\nlanguage = "en"\n', encoding="utf-8")
    assert ensure_settings(path).language == "en"  # an existing file is never overwritten


def test_round_trip(tmp_path: Path) -> None:
    custom = replace(
        default_settings(),
        language="en",
        office=replace(
            OfficeSettings(),
            agency_name="Trung tâm Phục vụ hành chính công",
            cutoff=time(16, 30),
            hours={**OfficeSettings().hours, "sat": ["07:30-11:30"]},
        ),
        printing=PrintingSettings("EPSON TM-T82", 1),
        scanning=ScanningSettings("fujitsu:fi-7160", 200),
    )
    path = tmp_path / "settings.toml"
    save_settings(path, custom)
    assert load_settings(path) == custom
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]  # no temp file left


def test_partial_file_keeps_other_defaults(tmp_path: Path) -> None:
    path = _write(tmp_path, 'schema_version = 1\n[office.hours]\nsat = ["07:00-11:30"]\n')
    s = load_settings(path)
    assert s.office.hours["sat"] == ["07:00-11:30"] and s.office.hours["mon"] == WORKDAY
    assert s.printing == PrintingSettings()


def test_toml_local_time_and_lower_case_level(tmp_path: Path) -> None:
    path = _write(tmp_path, '[office]\ncutoff = 16:00:00\n[logging]\nlevel = "debug"\n')
    s = load_settings(path)
    assert s.office.cutoff == time(16, 0) and s.logging.level == "DEBUG"


INVALID = [
    ('language = "fr"', "language"),
    ("language = 1", "language"),
    ('[office]\nagency_code = "000.00.06.h56"', "office.agency_code"),
    ('[office]\nagency_code = "00.00.06.H56"', "office.agency_code"),
    ('[office]\nrule_set = "  "', "office.rule_set"),
    ('[office]\ncutoff = "25:00"', "office.cutoff"),
    ('[office]\ncutoff = "9:00"', "office.cutoff"),
    ("[office]\ncutoff = 15:00:30", "office.cutoff"),
    ("[office]\nminutes_per_working_day = -1", "office.minutes_per_working_day"),
    ("[office]\nminutes_per_working_day = true", "office.minutes_per_working_day"),
    ('[office]\nminutes_per_working_day = "480"', "office.minutes_per_working_day"),
    ("[office]\nagency_name = 5", "office.agency_name"),
    ('[office.hours]\nmon = "07:00-11:30"', "office.hours.mon"),
    ('[office.hours]\nmon = ["11:30-07:00"]', "office.hours.mon"),
    ('[office.hours]\ntue = ["07:00-11:30", "11:00-12:00"]', "office.hours.tue"),
    ('[office.hours]\nwed = ["13:30-17:00", "07:00-11:30"]', "office.hours.wed"),
    ('[office.hours]\nthu = ["7:00-11:30"]', "office.hours.thu"),
    ("[office.hours]\nfri = [1]", "office.hours.fri"),
    ('office = "x"', "office"),
    ('[lookup]\nreceipt_url = "ftp://x/{code}"', "lookup.receipt_url"),
    ('[lookup]\nreceipt_url = "https://x/lookup"', "lookup.receipt_url"),
    ('[lookup]\nreceipt_url = "https://x/{code}/{other}"', "lookup.receipt_url"),
    ('[lookup]\nreceipt_url = "https:///{code}"', "lookup.receipt_url"),
    ("[printing]\nreceipt_copies = -1", "printing.receipt_copies"),
    ("[printing]\nreceipt_copies = 2.0", "printing.receipt_copies"),
    ("[scanning]\ndpi = 10000", "scanning.dpi"),
    ('[logging]\nlevel = "LOUD"', "logging.level"),
    ("[logging]\nmax_bytes = 10", "logging.max_bytes"),
    ("[logging]\nbackup_count = 0", "logging.backup_count"),
    ('schema_version = "1"', "schema_version"),
    ("schema_version = -1", "schema_version"),
]


@pytest.mark.parametrize(("text", "key"), INVALID)
def test_invalid_values_name_the_key(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(_write(tmp_path, text))
    err = info.value
    assert isinstance(err, ValidationError)
    assert err.code == "settings_invalid_value"
    assert err.key == key == err.params["key"] == err.field
    assert "value" in err.params and err.params["expected"]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("colour = 1", "colour"),
        ('[office]\ncut_off = "15:00"', "office.cut_off"),
        ('[office.hours]\nmonday = ["07:00-11:30"]', "office.hours.monday"),
        ("[printer]\nname = 1", "printer"),
        ('[logging]\nfile = "x"', "logging.file"),
    ],
)
def test_unknown_keys_are_errors(tmp_path: Path, text: str, key: str) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(_write(tmp_path, text))
    assert info.value.code == "settings_unknown_key" and info.value.key == key


def test_parse_errors(tmp_path: Path) -> None:
    for content in (b"language = \n", b"[office\n", 'language = "vi"'.encode("utf-16")):
        path = tmp_path / "settings.toml"
        path.write_bytes(content)
        with pytest.raises(SettingsError) as info:
            load_settings(path)
        assert info.value.code == "settings_parse_error"
        assert info.value.params["path"] == str(path) and info.value.params["detail"]


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "settings.toml"
    path.write_bytes('\ufefflanguage = "en"\n'.encode())
    assert load_settings(path).language == "en"


def test_too_new(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(_write(tmp_path, "schema_version = 2\n"))
    assert info.value.code == "settings_too_new"
    assert info.value.params == {"found": 2, "supported": 1}


# --------------------------------------------------------------------------- migrations


def test_v0_flat_office_hours_migrates(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        'language = "vi"\noffice_hours = "07:30-11:30, 13:00-16:30"\n'
        '[office]\nagency_code = "000.00.00.H41"\n',
    )
    s = load_settings(path)
    assert s.schema_version == 1
    assert s.office.agency_code == "000.00.00.H41"
    expected = ["07:30-11:30", "13:00-16:30"]
    assert all(s.office.hours[d] == expected for d in ("mon", "tue", "wed", "thu", "fri"))
    assert s.office.hours["sat"] == s.office.hours["sun"] == []
    assert path.read_text(encoding="utf-8").startswith("language")  # loading never rewrites


def test_v0_without_office_hours_is_defaults(tmp_path: Path) -> None:
    assert load_settings(_write(tmp_path, 'language = "vi"\n')) == default_settings()


def test_v0_bad_flat_hours_names_the_old_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(_write(tmp_path, 'office_hours = "07:00-11:30,12:00-11:00"\n'))
    assert info.value.key == "office_hours"


def test_v1_file_with_flat_office_hours_is_unknown_key(tmp_path: Path) -> None:
    with pytest.raises(SettingsError) as info:
        load_settings(_write(tmp_path, 'schema_version = 1\noffice_hours = "07:00-11:30"\n'))
    assert info.value.code == "settings_unknown_key" and info.value.key == "office_hours"


def test_chain_runs_every_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """A v2 is one function away: register MIGRATIONS[1] and bump the version."""
    calls: list[int] = []

    def v1_to_v2(raw: dict[str, Any]) -> dict[str, Any]:
        calls.append(raw["schema_version"])
        return {**raw, "new_section": {}}

    monkeypatch.setattr(settings_module, "CURRENT_SCHEMA_VERSION", 2)
    monkeypatch.setitem(settings_module.MIGRATIONS, 1, v1_to_v2)
    migrated = migrate({"office_hours": "08:00-12:00"})
    assert migrated["schema_version"] == 2 and calls == [1] and "new_section" in migrated
    assert migrated["office"]["hours"]["mon"] == ["08:00-12:00"]


# --------------------------------------------------------------------------- saving


def test_save_refuses_invalid_settings(tmp_path: Path) -> None:
    bad = replace(default_settings(), printing=PrintingSettings(receipt_copies=99))
    with pytest.raises(SettingsError) as info:
        save_settings(tmp_path / "settings.toml", bad)
    assert info.value.key == "printing.receipt_copies"
    assert not (tmp_path / "settings.toml").exists()


def test_save_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "settings.toml"
    save_settings(path, default_settings())
    before = path.read_bytes()

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        save_settings(path, replace(default_settings(), language="en"))
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["settings.toml"]


def test_to_dict_is_toml_ready() -> None:
    table = settings_to_dict(default_settings())
    assert table["office"]["cutoff"] == "15:00" and table["schema_version"] == 1
    assert settings_from_dict(table) == default_settings()


@given(
    copies=st.integers(0, 10),
    dpi=st.integers(75, 1200),
    minutes=st.integers(1, 1440),
    cutoff=st.times().map(lambda t: t.replace(second=0, microsecond=0)),
    name=st.text(st.characters(codec="utf-8"), max_size=30),
)
def test_round_trip_property(copies: int, dpi: int, minutes: int, cutoff: time, name: str) -> None:
    s = Settings(
        office=replace(
            OfficeSettings(), agency_name=name, cutoff=cutoff, minutes_per_working_day=minutes
        ),
        printing=PrintingSettings(receipt_copies=copies),
        scanning=ScanningSettings(dpi=dpi),
    )
    assert settings_from_dict(tomllib.loads(tomli_w.dumps(settings_to_dict(s)))) == s
