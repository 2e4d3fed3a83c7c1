"""The composition root: the one module of the core that wires adapters (and the GUI) to services.

Everything else in ``counter_app`` receives its collaborators; only this module decides which.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import platformdirs

from counter_app.domain.calendar import CalendarOverrides, WorkingCalendar, load_overrides
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.rules import get_rule_set
from counter_app.i18n import set_language
from counter_app.logs import configure_logging
from counter_app.ports import Clock, SystemClock
from counter_app.services.context import ServiceContext
from counter_app.settings import Settings, ensure_settings, load_settings
from counter_app.store.unit_of_work import Store, open_store

log = logging.getLogger(__name__)

DATA_ENV = "COUNTER_APP_DATA"
SETTINGS_FILE = "settings.toml"
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def default_data_dir() -> Path:
    """``$COUNTER_APP_DATA``, else the platform's user data folder."""
    env = os.environ.get(DATA_ENV)
    if env:
        return Path(env).expanduser()
    return platformdirs.user_data_path("counter-app", appauthor=False)


def load_office_settings(data_dir: Path, *, create: bool = False) -> Settings:
    """Read (or, with ``create``, first write) the settings file and apply language and logging."""
    path = data_dir / SETTINGS_FILE
    if create:
        data_dir.mkdir(parents=True, exist_ok=True)
        ensure_settings(path)
    settings = load_settings(path)
    set_language(settings.language)
    return settings


def start_logging(data_dir: Path, settings: Settings, *, console: bool = False) -> None:
    """The rotating, redacted log file; the console only when asked (the CLI and the GUI speak
    to the user themselves, so a traceback never reaches the screen)."""
    configure_logging(
        data_dir / "logs",
        level=settings.logging.level,
        max_bytes=settings.logging.max_bytes,
        backup_count=settings.logging.backup_count,
        console_level="WARNING" if console else None,
    )


def office_hours(settings: Settings) -> OfficeHours:
    office = settings.office
    periods = {i: list(office.hours.get(name, [])) for i, name in enumerate(WEEKDAYS)}
    return OfficeHours.from_strings(periods, office.cutoff, office.minutes_per_working_day)


def calendar_overrides(settings: Settings, data_dir: Path, extra: Path | None) -> CalendarOverrides:
    """The centre's overrides: the file named in settings (relative to the data folder), then
    ``extra`` (e.g. ``--calendar FILE``), which wins where they disagree."""
    merged = CalendarOverrides()
    configured = settings.office.calendar_overrides_file
    for path in ([data_dir / configured] if configured else []) + ([extra] if extra else []):
        loaded = load_overrides(path)
        merged = CalendarOverrides(
            (merged.days_off - loaded.working_days) | loaded.days_off,
            (merged.working_days - loaded.days_off) | loaded.working_days,
        )
    return merged


def deadline_calculator(
    settings: Settings, data_dir: Path, extra_calendar: Path | None = None
) -> DeadlineCalculator:
    overrides = calendar_overrides(settings, data_dir, extra_calendar)
    rules = get_rule_set(settings.office.rule_set)
    return DeadlineCalculator(WorkingCalendar(overrides), office_hours(settings), rules)


@dataclass
class App:
    data_dir: Path
    settings: Settings
    store: Store
    services: ServiceContext

    def close(self) -> None:
        self.store.close()


def open_app(data_dir: Path, *, create: bool = False, clock: Clock | None = None) -> App:
    settings = load_office_settings(data_dir, create=create)
    start_logging(data_dir, settings)
    store = open_store(data_dir, create=create)
    try:
        calculator = deadline_calculator(settings, data_dir)
    except Exception:
        store.close()
        raise
    services = ServiceContext(
        store,
        clock or SystemClock(),
        calculator,
        settings.office.agency_code,
        timedelta(days=settings.office.max_clock_jump_days),
    )
    log.info("store opened at %s (schema %s)", store.path, store.schema_revision())
    return App(data_dir, settings, store, services)


def run_gui(app: App) -> int:
    """Start the counter window (the ``ui`` room)."""
    from ui.app import main as gui_main

    return gui_main(app)
