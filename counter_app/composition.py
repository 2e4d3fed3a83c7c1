"""The composition root: the one module of the core that wires adapters (and the GUI) to services.

Everything else in ``counter_app`` receives its collaborators; only this module decides which.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from counter_app.domain.calendar import CalendarOverrides, WorkingCalendar, load_overrides
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.errors import ValidationError
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.rules import get_rule_set
from counter_app.i18n import N_, set_language
from counter_app.logs import configure_logging
from counter_app.ports import Clock, SystemClock
from counter_app.services.context import ServiceContext
from counter_app.settings import Settings, SettingsError, ensure_settings, load_settings
from counter_app.store.unit_of_work import SchemaPolicy, Store, open_store, store_path

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


#: Where a calendar overrides file was named, in the user's words (for messages).
CALENDAR_FROM_OPTION = N_("the --calendar option")
CALENDAR_FROM_SETTINGS = N_("office.calendar_overrides_file in settings.toml")


def load_office_settings(data_dir: Path, *, create: bool = False) -> Settings:
    """Read (or, with ``create``, first write) the settings file and apply language and logging.

    A store without its settings file is ``settings_missing``: the defaults would silently
    make it another agency's store."""
    path = data_dir / SETTINGS_FILE
    if not path.exists() and store_path(data_dir).exists():
        raise ValidationError("settings_missing", path=str(path))
    _refuse_odd_settings_file(path)
    if create:
        data_dir.mkdir(parents=True, exist_ok=True)
        ensure_settings(path)
    settings = load_settings(path)
    set_language(settings.language)
    return settings


#: A settings file is a few kilobytes; a larger one is not ours.
MAX_SETTINGS_BYTES = 1_000_000


def _refuse_odd_settings_file(path: Path) -> None:
    """A pipe, a device or a huge file named settings.toml must not hang or eat memory."""
    try:
        info = path.stat()
    except FileNotFoundError:
        return
    except OSError as exc:
        raise SettingsError("settings_parse_error", path=str(path), detail=exc.strerror) from exc
    if not stat.S_ISREG(info.st_mode):
        raise SettingsError("settings_parse_error", path=str(path), detail="not a regular file")
    if info.st_size > MAX_SETTINGS_BYTES:
        raise SettingsError(
            "settings_parse_error", path=str(path), detail=f"larger than {MAX_SETTINGS_BYTES} bytes"
        )


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
    sources = [(data_dir / configured, CALENDAR_FROM_SETTINGS)] if configured else []
    sources += [(extra, CALENDAR_FROM_OPTION)] if extra else []
    for path, origin in sources:
        loaded = load_overrides(path, origin)
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


def open_app(
    data_dir: Path,
    *,
    create: bool = False,
    clock: Clock | None = None,
    schema: SchemaPolicy = "upgrade",
) -> App:
    """Settings, logging and the store of ``data_dir``. ``schema`` says what to do with an older
    store (see :data:`counter_app.store.unit_of_work.SchemaPolicy`); commands that only read
    pass ``current`` (refuse, with advice to run ``init``) or ``any``."""
    settings = load_office_settings(data_dir, create=create)
    start_logging(data_dir, settings)
    store = open_store(data_dir, create=create, schema=schema)
    try:
        check_store_agency(store, settings)
        calculator = deadline_calculator(settings, data_dir)
    except Exception:
        store.close()
        raise
    services = ServiceContext(
        store, clock or SystemClock(), calculator, settings.office.agency_code
    )
    log.info("store opened at %s (schema %s)", store.path, store.schema_revision())
    return App(data_dir, settings, store, services)


def check_store_agency(store: Store, settings: Settings) -> None:
    """The store records its agency; settings naming another one are refused, not obeyed."""
    identity = store.identity()
    if identity is not None and identity.agency_code != settings.office.agency_code:
        raise ValidationError(
            "store_agency_mismatch",
            field="office.agency_code",
            store_agency=identity.agency_code,
            settings_agency=settings.office.agency_code,
        )


def make_context(store: Store, settings: Settings, data_dir: Path) -> ServiceContext:
    """The use cases' context for ``store`` (the demo builds its store before publishing it)."""
    return ServiceContext(
        store, SystemClock(), deadline_calculator(settings, data_dir), settings.office.agency_code
    )


def run_gui(app: App) -> int:
    """Start the counter window (the ``ui`` room)."""
    from ui.app import main as gui_main

    return gui_main(app)
