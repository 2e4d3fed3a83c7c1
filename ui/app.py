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

from counter_app.domain.office import StaffMember
from counter_app.i18n import _
from counter_app.resources import resource_path
from ui.errors import install_excepthook
from ui.main_window import MainWindow
from ui.qt_strings import QtStringsTranslator
from ui.session import Scanner, Session, SlipPrinter
from ui.shell import Shell, first_officer
from ui.sync_seam import IdlePolicy, Scheduler, SignInPort, SyncPort, SyncSeams
from ui.tasks import ReadOp, TaskRunner

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
    """Tests of other screens and the screenshots, which need no sign-in: the first counter
    officer of the office (the window itself signs in through :class:`ui.shell.Shell`)."""
    return first_officer(members)


def build_window(
    app: Any,
    user: StaffMember,
    slips: SlipPrinter | None = None,
    scanner: Scanner | None = None,
    seams: SyncSeams | None = None,
    runner: TaskRunner | None = None,
    online: bool | None = None,
) -> MainWindow:
    lanes = runner or TaskRunner()
    session = Session(
        app.services, app.data_dir, user, slips, scanner, seams or SyncSeams(), online
    )
    window = MainWindow(session, lanes)
    if runner is None:
        lanes.setParent(window)
    return window


def make_shell(
    app: Any, slips: SlipPrinter | None, scanner: Scanner | None, seams: SyncSeams
) -> Shell:
    """The sign-in → window cycle over one set of lanes (they outlive a sign-out)."""
    runner = TaskRunner()

    def build(user: StaffMember, online: bool | None) -> MainWindow:
        window = build_window(app, user, slips, scanner, seams, runner, online)
        window.resize(1200, 720)
        return window

    shell = Shell(app.services, seams, runner, build)
    runner.setParent(shell)
    return shell


def main(
    app: Any,
    slips: SlipPrinter | None = None,
    scanner: Any = None,
    *,
    sync: SyncPort | None = None,
    scheduler: Scheduler | None = None,
    sign_in: SignInPort | None = None,
    idle: IdlePolicy | None = None,
) -> int:
    """Start the counter: the sign-in (when the composition root wires one), then the window."""
    qt_app = make_application()
    shell = make_shell(app, slips, scanner, SyncSeams(sync, scheduler, sign_in, idle))

    def show_error(text: str) -> None:
        if shell.window is not None:
            shell.window.show_message(text, error=True)
        else:
            QMessageBox.critical(None, _("One-stop counter"), text)

    def leave(code: int) -> None:
        if code:
            show_error(
                _("No staff member is registered in this office. Load the demo or add staff.")
            )
        qt_app.exit(code)

    install_excepthook(show_error)
    shell.quit_requested.connect(leave)
    if os.environ.get(EXIT_WHEN_READY):
        shell.window_ready.connect(lambda w: w.queue_loaded.connect(lambda _n: _ready(qt_app)))
    shell.start()
    if os.environ.get(EXIT_WHEN_READY) and shell.dialog is not None:
        _sign_in_from_stdin(shell, qt_app)
    return int(qt_app.exec())


def _sign_in_from_stdin(shell: Shell, qt_app: QApplication) -> None:
    """Smoke tests and the start-up benchmark: the user name and the password arrive as two
    lines on stdin (read on a lane) and are typed into the real dialog, checked by the real
    sign-in; a refusal is printed and the process leaves with 2."""

    def read() -> tuple[str, str]:
        return sys.stdin.readline().rstrip("\n"), sys.stdin.readline().rstrip("\n")

    def refused(text: str) -> None:
        print(f"REFUSED {text}", file=sys.stderr, flush=True)
        qt_app.exit(2)

    def fill(credentials: tuple[str, str]) -> None:
        dialog = shell.dialog
        if dialog is None:
            return
        dialog.refused.connect(refused)
        dialog.form.username.setText(credentials[0])
        dialog.form.password.setText(credentials[1])
        dialog.form.submit()

    shell.runner.read(ReadOp(read, fill))


def _ready(qt_app: QApplication) -> None:
    """Smoke tests and the start-up benchmark: say when the queue is on screen, then leave."""
    print(f"READY {time.time():.6f}", flush=True)
    qt_app.quit()
