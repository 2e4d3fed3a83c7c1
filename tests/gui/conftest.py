"""GUI tests: real widgets (pytest-qt, offscreen) over a real store with the demo office loaded.

The demo store is made once per session and copied per test; the clock is the real one, so the
demo's dossiers are spread around today as they are for a person trying the application."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from counter_app.composition import App, open_app
from counter_app.services import demo, desk
from counter_app.services.maintenance import ensure_office
from tests.gui.demo_support import demo_store_app, installed_demo_template  # noqa: F401
from tests.sync.conftest import central, live_app, proxy, test_keyring  # noqa: F401
from ui.app import build_window, make_application, sign_in
from ui.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WAIT_MS = 10_000


def make_demo_store(root: Path) -> None:
    app = open_app(root, create=True)
    try:
        ensure_office(app.services, app.settings.office.agency_name, demo.DEMO_SLOT)
        demo.load_demo(app.services)
        app.store.engine.dispose()
    finally:
        app.close()
    for leftover in root.glob("*.sqlite3-*"):
        leftover.unlink()
    shutil.rmtree(root / "logs", ignore_errors=True)


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("demo")
    make_demo_store(root)
    return root


@pytest.fixture
def demo_dir(demo_template: Path, tmp_path: Path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(demo_template, target)
    return target


@pytest.fixture
def gui_app(demo_dir: Path) -> Iterator[App]:
    application = open_app(demo_dir)
    try:
        yield application
    finally:
        application.close()


def open_window(qtbot: QtBot, app: App) -> MainWindow:
    make_application()
    user = sign_in(desk.staff_members(app.store))
    assert user is not None
    window = build_window(app, user)
    qtbot.addWidget(window)
    window.resize(1200, 720)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.model.rowCount() > 0, timeout=WAIT_MS)
    return window


@pytest.fixture
def window(qtbot: QtBot, gui_app: App) -> Iterator[MainWindow]:
    win = open_window(qtbot, gui_app)
    yield win
    win.close()


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` into ``widget`` as key events, one character at a time, the way a keyboard
    (or a QR scanner acting as one) does. ``QTest.keyClicks`` asserts on non-ASCII characters,
    so each key event carries its character as text, as the platform's input method would."""
    for char in text:
        key = Qt.Key.Key_unknown
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(
                widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier, char)
            )
