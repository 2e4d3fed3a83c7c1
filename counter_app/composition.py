"""The composition root: the one module of the core that wires adapters (and the GUI) to services.

Everything else in ``counter_app`` receives its collaborators; only this module decides which.
"""

from __future__ import annotations

import logging
import os
import stat
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs

from counter_app.domain.calendar import CalendarOverrides, WorkingCalendar, load_overrides
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.errors import ValidationError
from counter_app.domain.office_hours import OfficeHours, Season, parse_week
from counter_app.domain.official_calendar import OfficialYear, load_official_years
from counter_app.domain.rules import RuleSet, get_rule_set
from counter_app.i18n import N_, set_language
from counter_app.logs import configure_logging
from counter_app.ports import Clock, Printer, SystemClock
from counter_app.private_files import private_dir, secure_data_dir
from counter_app.resources import resource_path
from counter_app.services.central_link import load_link
from counter_app.services.context import ServiceContext
from counter_app.services.slips import SlipRenderer
from counter_app.settings import Settings, SettingsError, ensure_settings, load_settings
from counter_app.slips_adapter import SlipsAdapter
from counter_app.store.unit_of_work import SchemaPolicy, Store, open_store, store_path

if TYPE_CHECKING:
    from types import ModuleType

    from counter_app.signing_adapter import OfficerSigning
    from sync.facade import EngineService
    from sync.scheduler import SyncScheduler
    from sync.signin import SignIn

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
        private_dir(data_dir)
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


#: Where the domain's field names live in ``settings.toml`` (so a refusal names the key).
_HOURS_KEYS = {"minutes_per_day": "office.minutes_per_working_day", "cutoff": "office.cutoff"}


def _settings_key(field: str | None) -> str:
    """``periods[2]`` → ``office.hours.wed``; ``seasons[0][5]`` → ``office.seasons[0].hours.sat``."""
    text = field or ""
    if text in _HOURS_KEYS:
        return _HOURS_KEYS[text]
    parts = text.replace("]", "").split("[")
    if parts[0] == "periods":
        return "office.hours" + (f".{WEEKDAYS[int(parts[1])]}" if len(parts) > 1 else "")
    if parts[0] == "seasons" and len(parts) > 1:
        day = f".hours.{WEEKDAYS[int(parts[2])]}" if len(parts) > 2 else ""
        return f"office.seasons[{parts[1]}]{day}"
    return "office.hours"


def office_hours(settings: Settings) -> OfficeHours:
    """The office's hours from the settings; contradictions (a weekday without periods, a
    minutes-per-day that does not match the periods, overlapping seasons, a cutoff outside the
    day) are refused with the domain's code, its field replaced by the settings key."""
    office = settings.office

    def week(hours: dict[str, list[str]]) -> dict[int, list[str]]:
        return {i: list(hours[name]) for i, name in enumerate(WEEKDAYS) if name in hours}

    try:
        seasons = tuple(
            Season(
                s.name,
                (int(s.start[:2]), int(s.start[3:])),
                (int(s.end[:2]), int(s.end[3:])),
                parse_week(week(s.hours)),
            )
            for s in office.seasons
        )
        return OfficeHours.from_strings(
            week(office.hours), office.cutoff, office.minutes_per_working_day or None, seasons
        )
    except ValidationError as err:  # the same message, naming the settings key
        params = {k: v for k, v in err.params.items() if k != "key"}
        raise SettingsError(err.code, key=_settings_key(err.field), **params) from err


def rule_set(settings: Settings) -> RuleSet:
    """The rule set named in the settings, with the office's online-acceptance values."""
    office = settings.office
    rules = get_rule_set(office.rule_set)
    minutes = office.online_acceptance_hours * 60 or rules.online_acceptance_minutes
    return replace(
        rules,
        online_acceptance_minutes=minutes,
        online_offhours_delay_minutes=office.online_offhours_delay_minutes,
    )


def official_calendar(data_dir: Path) -> dict[int, OfficialYear]:
    """The shipped official years (``resources/calendar``), replaced year by year by the ones
    the centre delivered into ``<data>/calendar``."""
    return load_official_years(resource_path("calendar"), data_dir / "calendar")


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
    calendar = WorkingCalendar(overrides, official_calendar(data_dir))
    return DeadlineCalculator(calendar, office_hours(settings), rule_set(settings))


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
        store,
        clock or SystemClock(),
        calculator,
        settings.office.agency_code,
        timedelta(days=settings.office.max_clock_jump_days),
    )
    log.info("store opened at %s (schema %s)", store.path, store.schema_revision())
    for loose, mode in secure_data_dir(data_dir):
        log.warning("%s was readable by others (mode %o): now owner only", loose, mode)
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
    """Start the counter window (the ``ui`` room). The adapters it needs are handed over here:
    ``slips`` (preview, print, save and reprint of a dossier's slips, see
    :class:`counter_app.slips_adapter.SlipsAdapter`), the scanner, and sync (the engine, its
    scheduler on a registered store, the staff sign-in and its idle lock)."""
    from ui.app import main as gui_main

    wiring = window_sync(app)
    try:
        return gui_main(
            app,
            slips_adapter(app),
            scan_adapter(app),
            sync=wiring.service,
            scheduler=wiring.scheduler,
            sign_in=wiring.sign_in,
            idle=wiring.sign_in.idle,
        )
    finally:
        wiring.close()


@dataclass
class WindowSync:
    """What the window gets from the sync room."""

    service: EngineService
    #: Only on a real store registered with a centre (a demo or unregistered store never syncs).
    scheduler: SyncScheduler | None
    sign_in: SignIn

    def close(self) -> None:
        if self.scheduler is not None:
            self.scheduler.stop()
        self.sign_in.close()
        self.service.close()


def window_sync(app: App) -> WindowSync:
    """The engine over this store, the staff sign-in (against the centre this PC registered
    with, else from the store's kept hashes; a demo store's staff get the demo password), and the
    scheduler only on a real store registered with a centre."""
    from sync.facade import EngineService
    from sync.scheduler import SyncScheduler
    from sync.signin import SignInPolicy, open_sign_in

    service = EngineService(app.services)
    signin = open_sign_in(app.services, policy=SignInPolicy.from_settings(app.settings))
    registered = load_link(app.store) is not None and not app.store.is_demo()
    scheduler = SyncScheduler(service.engine) if registered else None
    return WindowSync(service, scheduler, signin)


def slips_adapter(app: App) -> SlipsAdapter:
    """The window's slips seam: the printing room's renderer, CUPS and the page renderer."""
    renderer, printer = slip_printing(app.settings)
    supervisors_only = app.settings.printing.reprint_supervisors_only
    return SlipsAdapter(app.services, renderer, printer, _png_pages, supervisors_only)


def _png_pages(pdf: bytes, dpi: int) -> list[bytes]:
    """Every page of ``pdf`` as PNG bytes (pdfium, in the printing room)."""
    from io import BytesIO

    from printing.preview import render_pages

    pages = []
    for image in render_pages(pdf, dpi):
        buffer = BytesIO()
        image.save(buffer, format="PNG")
        pages.append(buffer.getvalue())
    return pages


def scan_adapter(app: App) -> object:
    """The scanning room's adapter for the scan dialog (``ui.session.Scanner``); None when the
    scanning libraries are not installed (the "Scan documents" action stays off)."""
    try:
        from counter_app.scan_adapter import ScanAdapter
    except ImportError as exc:
        log.warning("scanning is not available: %s", exc)
        return None
    return ScanAdapter(app.services, app.data_dir, text_layer=True, signing=officer_signing(app))


def officer_signing(app: App) -> OfficerSigning | None:
    """Each officer's digital signature (settings, passphrase/PIN prompt, verification on open:
    :class:`counter_app.signing_adapter.OfficerSigning`); None without pyHanko."""
    try:
        from counter_app.signing_adapter import OfficerSigning
    except ImportError as exc:
        log.warning("signing is not available: %s", exc)
        return None
    from counter_app.services import desk

    def full_name(username: str) -> str:
        names = {m.username: m.full_name for m in desk.staff_members(app.store)}
        return names.get(username, username)

    return OfficerSigning(app.data_dir, full_name)


def slip_printing(settings: Settings) -> tuple[SlipRenderer, Printer]:
    """The printing room's renderer (fonts registered now: a missing font fails here, before
    anything is issued) and the CUPS print queue adapter."""
    from printing.service import CupsPrinter, SlipPrinter

    return SlipPrinter(settings), CupsPrinter()


def sync_room() -> ModuleType:
    """The sync room's entry points (``sync.facade``): ``open_sync(ctx)``, ``register(…)``, the
    refusal codes. The window and the CLI reach sync only through here."""
    from sync import facade

    return facade


def scanning() -> ModuleType:
    """The scanning room's entry points (``scanning.facade``): devices, scan/import to PDF/A."""
    from scanning import facade

    return facade


def run_central(db_url: str, host: str, port: int, files_dir: Path | None, workers: int) -> None:
    """The reference central server (``counter-app central``), until stopped."""
    from sync.central.server import serve

    serve(db_url, host, port, files_dir, workers)


def seed_central(db_url: str, seed_file: Path | None) -> dict[str, int]:
    """Seed the central server's database (``None``: the demo office)."""
    from sync.central.server import seed

    return seed(db_url, seed_file)


def write_central_openapi(path: Path) -> None:
    """The served contract, as committed in ``docs/api/openapi.json``."""
    from sync.central.openapi import write_openapi

    write_openapi(path)


def signing_tools() -> ModuleType:
    """The scanning room's signing entry points (``scanning.officer_signer``): build an
    officer's signer from a PKCS#12 file or a token, sign and verify (the CLI)."""
    from scanning import officer_signer

    return officer_signer
