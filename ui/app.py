"""Start the counter window: the QApplication in Vietnamese with the bundled fonts and one theme,
the sign-in, the task lanes and the main window. Called by the composition root's ``run_gui``."""

from __future__ import annotations

import logging
import os
import sys
import time
from typing import Any

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtGui import QFont, QFontDatabase
from PySide6.QtWidgets import QApplication, QMessageBox

from counter_app.domain.enums import Role
from counter_app.domain.office import StaffMember
from counter_app.i18n import _
from counter_app.resources import resource_path
from counter_app.services import desk
from ui.errors import install_excepthook
from ui.main_window import MainWindow
from ui.qt_strings import QtStringsTranslator
from ui.session import Scanner, Session, SlipPrinter
from ui.tasks import TaskRunner

log = logging.getLogger(__name__)

#: Set (by tests and the start-up benchmark): quit as soon as the working queue is shown.
EXIT_WHEN_READY = "COUNTER_APP_EXIT_WHEN_READY"
FONT_FAMILY = "DejaVu Sans"
NORMAL_POINT_SIZE, LARGE_POINT_SIZE = 10, 14

THEME = """
QWidget { color: #1d2733; }
QMainWindow, QDialog, QScrollArea > QWidget > QWidget { background: #f5f7fa; }
QGroupBox { border: 1px solid #c9d3df; border-radius: 4px; margin-top: 1.2em; padding: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 8px; color: #0b4f8a; font-weight: bold; }
QLineEdit, QComboBox, QSpinBox { background: white; border: 1px solid #a9b7c6;
  border-radius: 3px; padding: 3px; }
QLineEdit:focus, QComboBox:focus, QSpinBox:focus { border: 2px solid #0b6fc7; }
QPushButton { background: #0b6fc7; color: white; border: none; border-radius: 3px;
  padding: 6px 14px; }
QPushButton:disabled { background: #9fb4c8; }
QPushButton:focus { outline: 2px solid #f0a500; }
QLabel#fieldError { color: #b3261e; }
QLabel[error="true"] { color: #b3261e; font-weight: bold; }
QLabel#banner { background: #e3f1e5; border: 1px solid #7fb88a; padding: 6px;
  font-weight: bold; }
QHeaderView::section { background: #e4ebf2; padding: 4px; border: none;
  border-right: 1px solid #c9d3df; }
QTableView { background: white; gridline-color: #dde3ea; selection-background-color: #0b6fc7; }
QToolBar { background: #e4ebf2; border: none; border-bottom: 1px solid #c9d3df; spacing: 2px; }
QToolButton { color: #0b4f8a; padding: 3px 8px; border-radius: 3px; }
QToolButton:hover, QToolButton:focus { background: #d3e1ee; }
QToolButton:disabled { color: #9fb4c8; }
QMenu::item:selected { background: #0b6fc7; color: white; }
"""


def load_fonts() -> list[str]:
    """Register the fonts in ``resources/fonts`` (so nothing depends on the system's fonts)."""
    families: list[str] = []
    folder = resource_path("fonts")
    for path in sorted(folder.glob("*.ttf")) if folder.is_dir() else []:
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id < 0:
            log.warning("font %s could not be loaded", path.name)
            continue
        families += QFontDatabase.applicationFontFamilies(font_id)
    return families


def apply_font(*, large: bool = False) -> None:
    app = QApplication.instance()
    if isinstance(app, QApplication):
        font = QFont(FONT_FAMILY, LARGE_POINT_SIZE if large else NORMAL_POINT_SIZE)
        app.setFont(font)


def install_qt_translation(app: QApplication) -> QTranslator | None:
    """Qt's own strings from its Vietnamese catalogue where the install has one; the PySide6
    wheels ship none: then :class:`ui.qt_strings.QtStringsTranslator` gives them from ours."""
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load("qtbase_vi", folder):
        app.installTranslator(translator)
        return translator
    ours = app.findChild(QtStringsTranslator) or QtStringsTranslator(app)
    app.installTranslator(ours)
    return ours


def make_application(argv: list[str] | None = None, *, large: bool = False) -> QApplication:
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(argv or sys.argv[:1])
    app.setApplicationName("counter-app")
    app.setApplicationDisplayName(_("One-stop counter"))
    install_qt_translation(app)
    load_fonts()
    apply_font(large=large)
    app.setStyleSheet(THEME)
    return app


def sign_in(members: list[StaffMember]) -> StaffMember | None:
    """The seam for a real login (it arrives with the sync issue): for now the first counter
    officer of the office, else the first active staff member."""
    officers = [m for m in members if m.role is Role.COUNTER_OFFICER]
    chosen = officers or members
    return chosen[0] if chosen else None


def build_window(
    app: Any,
    user: StaffMember,
    slips: SlipPrinter | None = None,
    scanner: Scanner | None = None,
) -> MainWindow:
    runner = TaskRunner()
    window = MainWindow(Session(app.services, app.data_dir, user, slips, scanner), runner)
    runner.setParent(window)
    return window


def main(app: Any, slips: SlipPrinter | None = None, scanner: Any = None) -> int:
    qt_app = make_application()
    window_ref: list[MainWindow] = []

    def show_error(text: str) -> None:
        if window_ref:
            window_ref[0].show_message(text, error=True)
        else:
            QMessageBox.critical(None, _("One-stop counter"), text)

    install_excepthook(show_error)
    user = sign_in(desk.staff_members(app.store))
    if user is None:
        show_error(_("No staff member is registered in this office. Load the demo or add staff."))
        return 1
    window = build_window(app, user, slips, scanner)
    window_ref.append(window)
    window.resize(1200, 720)
    window.show()
    if os.environ.get(EXIT_WHEN_READY):
        window.queue_loaded.connect(lambda _n: _ready(qt_app))
    return int(qt_app.exec())


def _ready(qt_app: QApplication) -> None:
    """Smoke tests and the start-up benchmark: say when the queue is on screen, then leave."""
    print(f"READY {time.time():.6f}", flush=True)
    qt_app.quit()
