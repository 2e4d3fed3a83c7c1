"""The typed settings file ``settings.toml``: load, validate, migrate, save.

Every key is validated (type, range, pattern) and unknown keys are errors, so a typo never goes
unnoticed. Keys left out take their default. Problems raise :class:`SettingsError` naming the
dotted key (``office.cutoff``).

Versions: ``schema_version`` is :data:`CURRENT_SCHEMA_VERSION`. An older file is migrated in
memory by the chain in :data:`MIGRATIONS` (``MIGRATIONS[n]`` turns a version-``n`` table into a
version-``n+1`` one); loading never rewrites the file. Version 0 is a file without
``schema_version`` whose office hours were one string ``office_hours = "07:00-11:30,13:30-17:00"``
for Monday to Friday. For version 2: write ``_v1_to_v2``, register it as ``MIGRATIONS[1]``, bump
the constant and adapt the dataclasses.
"""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import asdict, dataclass, field
from datetime import time
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import urlsplit

import tomli_w

from counter_app.domain.errors import ValidationError
from counter_app.i18n import N_, SUPPORTED_LANGUAGES

CURRENT_SCHEMA_VERSION = 1
SETTINGS_FILENAME = "settings.toml"
WEEKDAYS: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
LOG_LEVELS: tuple[str, ...] = ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
DEFAULT_DAY_HOURS: tuple[str, ...] = ("07:00-11:30", "13:30-17:00")
DEFAULT_RECEIPT_URL = "https://dichvucong.gov.vn/p/home/dvc-tra-cuu-ho-so.html?maBienNhan={code}"

AGENCY_CODE_RE = re.compile(r"^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$")
_HHMM = r"([01]\d|2[0-3]):([0-5]\d)"
_TIME_RE = re.compile(rf"^{_HHMM}$")
_PERIOD_RE = re.compile(rf"^{_HHMM}-{_HHMM}$")

T = TypeVar("T")


class SettingsError(ValidationError):
    """A problem with the settings file. ``key`` is the dotted key at fault, when there is one.

    Codes: ``settings_invalid_value`` (key, value, expected), ``settings_unknown_key`` (key),
    ``settings_parse_error`` (path, detail), ``settings_too_new`` (found, supported).
    """

    code = "settings_invalid_value"

    def __init__(self, code: str | None = None, *, key: str | None = None, **params: Any) -> None:
        if key is not None:
            params["key"] = key
        super().__init__(code, field=key, **params)
        self.key = key


# --------------------------------------------------------------------------- the settings


def _default_hours() -> dict[str, list[str]]:
    return {day: list(DEFAULT_DAY_HOURS) if day not in ("sat", "sun") else [] for day in WEEKDAYS}


@dataclass(frozen=True)
class SeasonSettings:
    """Seasonal office hours (giờ mùa hè / mùa đông): ``start``–``end`` as ``MM-DD``, inclusive,
    each year (may wrap over the new year). Weekdays not listed in ``hours`` keep the office's
    base hours; a weekend day listed with ``[]`` is closed."""

    name: str = ""
    start: str = "01-01"
    end: str = "12-31"
    hours: dict[str, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class OfficeSettings:
    agency_code: str = "000.00.06.H56"
    agency_name: str = ""
    rule_set: str = "nd118-2025"
    cutoff: time = time(15, 0)
    #: 0 = the length of the office's own day; any other value must match every weekday's periods.
    minutes_per_working_day: int = 0
    hours: dict[str, list[str]] = field(default_factory=_default_hours)
    seasons: list[SeasonSettings] = field(default_factory=list)
    calendar_overrides_file: str = ""  # "" = the built-in holiday calendar only
    #: Online dossiers: accepted or answered within this many working hours (0 = the rule set's).
    online_acceptance_hours: int = 0
    #: Submitted outside working time: the clock starts this many working minutes after the next
    #: working time (Gò Dầu: 60).
    online_offhours_delay_minutes: int = 0
    #: A code dated more than this many days after the last one needs the officer's confirmation.
    max_clock_jump_days: int = 14


@dataclass(frozen=True)
class LookupSettings:
    receipt_url: str = DEFAULT_RECEIPT_URL  # "{code}" is replaced by the dossier code


@dataclass(frozen=True)
class PrintingSettings:
    receipt_printer: str = ""  # "" = the system's default printer
    receipt_copies: int = 2
    place: str = ""  # the place written before the date on slips ("Thanh Hóa, ngày …")
    parent_agency: str = ""  # the line above the agency's name in the slip header
    help_phone: str = ""  # phone for guidance printed on supplement requests
    bank_bin: str = ""  # VietQR: the bank's 6-digit NAPAS BIN ("" = no VietQR on receipts)
    bank_account: str = ""
    bank_account_name: str = ""
    reprint_supervisors_only: bool = True


@dataclass(frozen=True)
class ScanningSettings:
    scanner: str = ""  # "" = ask / the first scanner found
    dpi: int = 300


@dataclass(frozen=True)
class SignInSettings:
    offline_days: int = 7  # offline sign-in allowed this long after the last online one
    idle_lock_minutes: int = 15  # 0 = never lock when idle


@dataclass(frozen=True)
class LoggingSettings:
    level: str = "INFO"
    max_bytes: int = 1_000_000
    backup_count: int = 5


@dataclass(frozen=True)
class Settings:
    schema_version: int = CURRENT_SCHEMA_VERSION
    language: str = "vi"
    office: OfficeSettings = field(default_factory=OfficeSettings)
    lookup: LookupSettings = field(default_factory=LookupSettings)
    printing: PrintingSettings = field(default_factory=PrintingSettings)
    scanning: ScanningSettings = field(default_factory=ScanningSettings)
    logging: LoggingSettings = field(default_factory=LoggingSettings)
    signin: SignInSettings = field(default_factory=SignInSettings)


def default_settings() -> Settings:
    return Settings()


# --------------------------------------------------------------------------- value checks

Check = Callable[[str, Any], T]


def _invalid(key: str, value: Any, expected: str) -> SettingsError:
    return SettingsError("settings_invalid_value", key=key, value=value, expected=expected)


def _string(key: str, value: Any) -> str:
    if not isinstance(value, str):
        raise _invalid(key, value, N_("a text value in double quotes"))
    return value


def _non_empty(key: str, value: Any) -> str:
    if not _string(key, value).strip():
        raise _invalid(key, value, N_("a non-empty text value"))
    return str(value).strip()


def _int_between(low: int, high: int) -> Check[int]:
    def check(key: str, value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise SettingsError(
                "settings_invalid_value",
                key=key,
                value=value,
                expected=N_("a whole number from {minimum} to {maximum}"),
                minimum=low,
                maximum=high,
            )
        return value

    return check


def _boolean(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _invalid(key, value, N_("true or false"))
    return value


def _agency_code(key: str, value: Any) -> str:
    if not AGENCY_CODE_RE.match(_string(key, value)):
        raise _invalid(key, value, N_("an agency code such as 000.00.06.H56"))
    return str(value)


def _language(key: str, value: Any) -> str:
    if value not in SUPPORTED_LANGUAGES:
        raise _invalid(key, value, N_("vi or en"))
    return str(value)


def _log_level(key: str, value: Any) -> str:
    if not isinstance(value, str) or value.upper() not in LOG_LEVELS:
        raise _invalid(key, value, N_("one of DEBUG, INFO, WARNING, ERROR, CRITICAL"))
    return value.upper()


def _time_value(key: str, value: Any) -> time:
    if isinstance(value, str) and (match := _TIME_RE.match(value)):
        return time(int(match[1]), int(match[2]))
    if isinstance(value, time) and value.tzinfo is None and value.second == value.microsecond == 0:
        return value  # a TOML local time (cutoff = 15:00:00)
    raise _invalid(key, value, N_("a time written HH:MM, for example 15:00"))


def _periods(key: str, value: Any) -> list[str]:
    """Periods ``"HH:MM-HH:MM"``, each starting before it ends, in order, not overlapping."""
    items = value if isinstance(value, list) else [None]
    matches = [_PERIOD_RE.match(p) if isinstance(p, str) else None for p in items]
    spans = [(int(m[1]) * 60 + int(m[2]), int(m[3]) * 60 + int(m[4])) for m in matches if m]
    if (
        len(spans) != len(items)
        or any(start >= end for start, end in spans)
        or any(earlier[1] > later[0] for earlier, later in pairwise(spans))
    ):
        expected = N_("a list of periods HH:MM-HH:MM, each starting before it ends, in order")
        raise _invalid(key, value, expected)
    return list(items)


def _receipt_url(key: str, value: Any) -> str:
    url = _string(key, value)
    try:
        parts = urlsplit(url)
    except ValueError:  # e.g. a malformed IPv6 host
        parts = urlsplit("")
    rest = url.replace("{code}", "")
    web = parts.scheme in ("http", "https") and bool(parts.netloc)
    if not web or "{code}" not in url or "{" in rest or "}" in rest:
        raise _invalid(key, value, N_("an http:// or https:// address containing {{code}}"))
    return url


# --------------------------------------------------------------------------- reading tables


class _Table:
    """One TOML table being read; remembers which keys were used to report the others."""

    def __init__(self, data: Any, prefix: str) -> None:
        if not isinstance(data, Mapping):
            raise _invalid(prefix, data, N_("a table of settings"))
        self.data: Mapping[str, Any] = data
        self.prefix = prefix
        self.used: set[str] = set()

    def take(self, name: str, default: T, check: Check[T]) -> T:
        self.used.add(name)
        key = f"{self.prefix}.{name}" if self.prefix else name
        return check(key, self.data[name]) if name in self.data else default

    def finish(self) -> None:
        for name in self.data:
            if name not in self.used:
                key = f"{self.prefix}.{name}" if self.prefix else name
                raise SettingsError("settings_unknown_key", key=key)


def _hours(key: str, value: Any) -> dict[str, list[str]]:
    table, defaults = _Table(value, key), _default_hours()
    hours = {day: table.take(day, defaults[day], _periods) for day in WEEKDAYS}
    table.finish()
    return hours


def _listed_hours(key: str, value: Any) -> dict[str, list[str]]:
    """Only the weekdays given (a season's hours)."""
    table = _Table(value, key)
    empty: list[str] = []
    hours = {day: table.take(day, empty, _periods) for day in WEEKDAYS if day in table.data}
    table.finish()
    return hours


_MONTH_DAY_RE = re.compile(r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$")


def _month_day(key: str, value: Any) -> str:
    match = _MONTH_DAY_RE.match(_string(key, value))
    if (
        match is None
        or int(match[2]) > (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)[int(match[1]) - 1]
    ):
        raise _invalid(key, value, N_("a day of the year written MM-DD, for example 10-15"))
    return str(value)


def _seasons(key: str, value: Any) -> list[SeasonSettings]:
    if not isinstance(value, list):
        raise _invalid(key, value, N_("a list of [[office.seasons]] tables"))
    read = _section(SeasonSettings)
    return [read(f"{key}[{i}]", item) for i, item in enumerate(value)]


def _section(cls: type[T]) -> Check[T]:
    """A check reading a whole table into ``cls`` by the checks in :data:`_SPECS`."""

    def check(key: str, value: Any) -> T:
        table, default = _Table(value, key), cls()
        values = {n: table.take(n, getattr(default, n), c) for n, c in _SPECS[cls].items()}
        table.finish()
        return cls(**values)

    return check


_SPECS: dict[type, dict[str, Check[Any]]] = {
    Settings: {
        "schema_version": _int_between(CURRENT_SCHEMA_VERSION, CURRENT_SCHEMA_VERSION),
        "language": _language,
        "office": _section(OfficeSettings),
        "lookup": _section(LookupSettings),
        "printing": _section(PrintingSettings),
        "scanning": _section(ScanningSettings),
        "logging": _section(LoggingSettings),
        "signin": _section(SignInSettings),
    },
    OfficeSettings: {
        "agency_code": _agency_code,
        "agency_name": _string,
        "rule_set": _non_empty,
        "cutoff": _time_value,
        "minutes_per_working_day": _int_between(0, 1440),
        "hours": _hours,
        "seasons": _seasons,
        "calendar_overrides_file": _string,
        "online_acceptance_hours": _int_between(0, 24),
        "online_offhours_delay_minutes": _int_between(0, 480),
        "max_clock_jump_days": _int_between(1, 3660),
    },
    SeasonSettings: {
        "name": _non_empty,
        "start": _month_day,
        "end": _month_day,
        "hours": _listed_hours,
    },
    LookupSettings: {"receipt_url": _receipt_url},
    PrintingSettings: {
        "receipt_printer": _string,
        "receipt_copies": _int_between(0, 10),
        "place": _string,
        "parent_agency": _string,
        "help_phone": _string,
        "bank_bin": _string,
        "bank_account": _string,
        "bank_account_name": _string,
        "reprint_supervisors_only": _boolean,
    },
    ScanningSettings: {"scanner": _string, "dpi": _int_between(75, 1200)},
    SignInSettings: {
        "offline_days": _int_between(1, 90),
        "idle_lock_minutes": _int_between(0, 480),
    },
    LoggingSettings: {
        "level": _log_level,
        "max_bytes": _int_between(10_000, 1_000_000_000),
        "backup_count": _int_between(1, 100),
    },
}


def _from_table(data: Mapping[str, Any]) -> Settings:
    """A validated ``Settings`` from a current-version table."""
    return _section(Settings)("", data)


# --------------------------------------------------------------------------- migrations

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _v0_to_v1(raw: dict[str, Any]) -> dict[str, Any]:
    """v0 had ``office_hours = "07:00-11:30,13:30-17:00"`` (Mon–Fri; Sat/Sun closed)."""
    data = dict(raw)
    office = dict(_Table(data.get("office", {}), "office").data)
    key = "office_hours" if "office_hours" in data else "office.office_hours"
    flat = data.pop("office_hours", office.pop("office_hours", None))
    if flat is not None:
        if "hours" in office:
            raise SettingsError("settings_unknown_key", key="office.hours")
        periods = [p.strip() for p in _string(key, flat).split(",") if p.strip()]
        _periods(key, periods)
        office["hours"] = {day: list(periods) for day in WEEKDAYS[:5]}
    data["office"] = office
    return data


MIGRATIONS: dict[int, Migration] = {0: _v0_to_v1}


def _schema_version(raw: Mapping[str, Any]) -> int:
    version = raw.get("schema_version", 0)
    if isinstance(version, bool) or not isinstance(version, int) or version < 0:
        raise _invalid("schema_version", version, N_("a whole number (0 or more)"))
    if version > CURRENT_SCHEMA_VERSION:
        raise SettingsError("settings_too_new", found=version, supported=CURRENT_SCHEMA_VERSION)
    return version


def migrate(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Bring a parsed settings table of any known version up to the current one."""
    data = dict(raw)
    version = _schema_version(data)
    while version < CURRENT_SCHEMA_VERSION:
        data = MIGRATIONS[version](data)
        version += 1
        data["schema_version"] = version
    return data


# --------------------------------------------------------------------------- files


def settings_from_dict(raw: Mapping[str, Any]) -> Settings:
    """Validate a parsed settings table of any known version."""
    return _from_table(migrate(raw))


def settings_to_dict(settings: Settings) -> dict[str, Any]:
    """The TOML table for ``settings`` (times as ``"HH:MM"``)."""
    table = asdict(settings)
    table["schema_version"] = CURRENT_SCHEMA_VERSION
    table["office"]["cutoff"] = settings.office.cutoff.strftime("%H:%M")
    return table


def load_settings(path: Path) -> Settings:
    """The settings in ``path``; the defaults if the file does not exist."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return default_settings()
    except OSError as exc:
        raise SettingsError("settings_parse_error", path=str(path), detail=str(exc)) from exc
    try:
        raw = tomllib.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise SettingsError("settings_parse_error", path=str(path), detail=str(exc)) from exc
    return settings_from_dict(raw)


def save_settings(path: Path, settings: Settings) -> None:
    """Validate ``settings`` and write them atomically (a temp file, then ``os.replace``)."""
    table = settings_to_dict(settings)
    _from_table(table)  # refuse to write what could not be read back
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(tomli_w.dumps(table).encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp_name, path)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


def ensure_settings(path: Path) -> Settings:
    """Write the default settings to ``path`` if there is no file yet, then load it."""
    if not path.exists():
        save_settings(path, default_settings())
    return load_settings(path)
