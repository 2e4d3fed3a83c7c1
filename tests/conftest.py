"""Shared fixtures: a real store made once from the migrations and copied per test (no mocks)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from counter_app.composition import App, open_app
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import catalogue
from counter_app.services.maintenance import ensure_office

# A missing or unreadable compiled catalogue fails loudly in tests (and in the CLI subprocesses they
# start), instead of the production fallback to English: `make test` compiles it first.
os.environ.setdefault("COUNTER_APP_I18N_STRICT", "1")


def pytest_sessionstart(session: pytest.Session) -> None:
    from counter_app.i18n import catalog_path

    compiled, source = catalog_path("vi"), Path(__file__).parents[1] / "resources/i18n/vi.po"
    if not compiled.is_file() or compiled.stat().st_mtime < source.stat().st_mtime:
        pytest.exit(f"{compiled} is missing or older than vi.po: run `make i18n-compile`", 3)


hypothesis_settings.register_profile("ci", deadline=None, print_blob=True)
hypothesis_settings.load_profile("ci")

#: Monday 2 March 2026, 09:00 Vietnam time: an ordinary working morning.
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


@pytest.fixture(scope="session")
def template_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A migrated store with the office registered and the sample catalogue, made once."""
    root = tmp_path_factory.mktemp("template")
    app = open_app(root, create=True, clock=FixedClock(datetime(2026, 1, 5, 8, 0, tzinfo=VN_TZ)))
    try:
        ensure_office(app.services, "Trung tâm thử nghiệm", device_slot=1, device_name="QUAY-01")
        catalogue.import_catalogue(app.store, catalogue.sample_catalogue())
        app.store.engine.dispose()
    finally:
        app.close()
    for leftover in root.glob("*.sqlite3-*"):
        leftover.unlink()
    shutil.rmtree(root / "logs", ignore_errors=True)
    return root


@pytest.fixture
def data_dir(template_dir: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(template_dir, target)
    return target


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(T0)


@pytest.fixture
def app(data_dir: Path, clock: FixedClock) -> Iterator[App]:
    application = open_app(data_dir, clock=clock)
    try:
        yield application
    finally:
        application.close()
