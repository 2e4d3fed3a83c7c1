"""Who is at the counter: the sign-in dialog at start, the main window for the person who signed
in, the "Account" menu (lock now, sign out), the idle lock, and, after a sign-out, the sign-in
dialog again and the same window for whoever signs in next (nothing typed is lost: the intake
saves its draft when it closes and comes back with it)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QLabel

from counter_app.domain.enums import Role
from counter_app.domain.office import StaffMember
from counter_app.i18n import _
from counter_app.services import desk
from counter_app.services.context import ServiceContext
from ui.idle_lock import IdleLock
from ui.main_window import MainWindow
from ui.sign_in_dialog import SignedIn, SignInDialog
from ui.sync_seam import SignInPort, SyncSeams
from ui.tasks import ReadOp, TaskRunner

log = logging.getLogger(__name__)

#: Builds the main window for a staff member (and whether the sign-in was checked online).
WindowFactory = Callable[[StaffMember, bool | None], MainWindow]
SIGN_OUT_KEY, LOCK_KEY = "Ctrl+Shift+L", "Ctrl+L"


def first_officer(members: list[StaffMember]) -> StaffMember | None:
    """Without a sign-in service (tests of other screens, screenshots): the first counter
    officer of the office, else the first active staff member."""
    officers = [m for m in members if m.role is Role.COUNTER_OFFICER]
    chosen = officers or members
    return chosen[0] if chosen else None


def session_text(member: StaffMember, online: bool | None) -> str:
    if online is None:
        return member.full_name
    how = _("signed in online") if online else _("signed in offline")
    return _("{name} ({how})").format(name=member.full_name, how=how)


def _sign_out_failed(exc: BaseException) -> None:
    log.warning("sign-out could not reach the centre or the keyring: %s", type(exc).__name__)


class Shell(QObject):
    """Runs the sign-in → window → sign-out cycle. ``window_ready`` carries the window each time
    it is shown for a newly signed-in person; ``dialog`` is the sign-in dialog on screen."""

    window_ready = Signal(object)
    quit_requested = Signal(int)  # the exit code: 1 when nobody can sign in

    def __init__(
        self, ctx: ServiceContext, seams: SyncSeams, runner: TaskRunner, build: WindowFactory
    ) -> None:
        super().__init__()
        self.ctx, self.seams, self.runner, self.build = ctx, seams, runner, build
        self.window: MainWindow | None = None
        self.dialog: SignInDialog | None = None
        self._held: SignInDialog | None = None
        self.idle_lock: IdleLock | None = None
        self.session_label: QLabel | None = None

    def start(self) -> None:
        port = self.seams.sign_in
        if port is None:
            ctx = self.ctx
            self.runner.read(
                ReadOp(lambda: first_officer(desk.staff_members(ctx.store)), self._seam_user)
            )
            return
        self._ask(port, "")

    def _seam_user(self, member: StaffMember | None) -> None:
        if member is None:
            self.quit_requested.emit(1)
            return
        self._show_window(member, None)

    def _ask(self, port: SignInPort, username: str) -> None:
        if self._held is not None:
            self._held.deleteLater()  # on the GUI thread, never by a collector on a worker
        dialog = SignInDialog(port, self.runner, self.ctx, username=username)
        dialog.signed_in.connect(self._signed_in)
        dialog.rejected.connect(self._gave_up)
        self.dialog = self._held = dialog  # held until the next one: never deleted mid-signal
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()

    def _signed_in(self, result: SignedIn) -> None:
        self.dialog = None
        self._show_window(result.member, result.online)

    def _gave_up(self) -> None:
        self.dialog = None
        if self.window is not None:
            self.window.close()
        self.quit_requested.emit(0)

    def _show_window(self, member: StaffMember, online: bool | None) -> None:
        if self.window is None:
            self.window = self.build(member, online)
            self._account(self.window)
        else:
            self.window.switch_user(member, online)
        if self.session_label is not None:
            self.session_label.setText(session_text(member, online))
        self.window.show()
        self.window_ready.emit(self.window)

    def _account(self, window: MainWindow) -> None:
        self.session_label = QLabel()
        self.session_label.setObjectName("sessionUser")
        window.statusBar().addPermanentWidget(self.session_label)
        menu = window.menuBar().addMenu(_("&Account"))

        def action(text: str, key: str, slot: Callable[[], Any]) -> QAction:
            act = QAction(text, window)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        port = self.seams.sign_in
        self.lock_action = action(_("Lock the counter"), LOCK_KEY, self.lock)
        self.sign_out_action = action(_("Sign out"), SIGN_OUT_KEY, self.sign_out)
        self.lock_action.setEnabled(port is not None)
        self.sign_out_action.setEnabled(port is not None)
        if port is not None:
            self.idle_lock = IdleLock(
                window,
                self.runner,
                port.sign_in,
                lambda: window.session.user,
                self.seams.idle,
                self.ctx.clock,
            )
        window.closed.connect(self._window_closed)

    def lock(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.lock()

    def sign_out(self) -> None:
        """Close the other windows (the intake keeps its draft), hide the window, forget the
        sign-in, and ask again."""
        port, window = self.seams.sign_in, self.window
        if port is None or window is None:
            return
        window.close_children()
        self.runner.read(ReadOp(port.sign_out, lambda _none: None, _sign_out_failed))
        self._ask(port, "")  # shown before the window hides: the application stays up
        window.hide()

    def _window_closed(self) -> None:
        if self.idle_lock is not None:
            self.idle_lock.stop()

    def dispose(self) -> None:
        """Close and delete what the shell made, on the GUI thread (tests; the end of ``main``)."""
        for widget in (self.window, self._held):
            if widget is not None:
                widget.close()
                widget.deleteLater()
        self.window = self.dialog = self._held = None
        self.deleteLater()
