"""The idle lock: after the configured minutes without keyboard or mouse input, the window is
covered and every other window of the counter hidden, until the same person's password (or a
supervisor's) is typed. Nothing is closed or cleared: what was typed is there after the unlock.

One application-wide event filter watches for input and, while locked, lets keys, clicks and
shortcuts reach only the lock's own fields.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow, QVBoxLayout, QWidget

from counter_app.domain.enums import Role
from counter_app.domain.office import StaffMember
from counter_app.i18n import _
from counter_app.ports import Clock
from ui.sign_in_dialog import CredentialsForm
from ui.sync_seam import IdlePolicy, StaffSessionLike
from ui.tasks import TaskRunner, WriteOp

#: Input that counts as activity (and that the lock holds back from the windows).
INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.KeyRelease,
        QEvent.Type.ShortcutOverride,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseButtonRelease,
        QEvent.Type.MouseButtonDblClick,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.InputMethod,
    }
)
CHECK_MS = 1000

#: Checks a user name and password (the sign-in service, on a worker lane).
Verify = Callable[[str, str], StaffSessionLike]


def may_unlock(locked: StaffMember, by: StaffSessionLike) -> bool:
    """The person whose session it is, or a supervisor."""
    same = by.username.casefold() == locked.username.casefold()
    return same or Role.SUPERVISOR.value in set(by.roles)


class LockOverlay(QWidget):
    """Covers the main window (menus included) with the unlock form."""

    def __init__(self, parent: QMainWindow) -> None:
        super().__init__(parent)
        self.host = parent
        self.setObjectName("lockOverlay")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.setStyleSheet("QWidget#lockOverlay { background: #dfe7f0; }")
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        self.title = QLabel()
        self.title.setObjectName("lockTitle")
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.title.setWordWrap(True)
        outer.addWidget(self.title)
        self.form = CredentialsForm(_("Unlock"))
        self.form.setMaximumWidth(460)
        outer.addWidget(self.form, 0, Qt.AlignmentFlag.AlignHCenter)
        outer.addStretch(2)
        parent.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and isinstance(event, QResizeEvent):
            self.setGeometry(0, 0, event.size().width(), event.size().height())
        return False

    def cover(self, member: StaffMember) -> None:
        self.title.setText(
            _(
                "The counter is locked after a pause. {name}, type your password to go on "
                "(or a supervisor may unlock it)."
            ).format(name=member.full_name)
        )
        self.form.clear_errors()
        self.form.set_busy(False)
        self.form.username.setText(member.username)
        self.form.password.clear()
        self.setGeometry(self.host.rect())
        self.show()
        self.raise_()
        self.form.password.setFocus()


class IdleLock(QObject):
    """Reports input to the sign-in's idle policy and asks it on a timer whether to lock (no
    policy: never on its own, ``lock()`` still works); unlocks after :func:`may_unlock` agrees
    with a verified sign-in."""

    locked_changed = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        runner: TaskRunner,
        verify: Verify,
        user: Callable[[], StaffMember],
        policy: IdlePolicy | None,
        clock: Clock,
        check_ms: int = CHECK_MS,
    ) -> None:
        super().__init__(window)
        self.window, self.runner, self.verify, self.user = window, runner, verify, user
        self.policy, self.clock = policy, clock
        self.overlay = LockOverlay(window)
        self.overlay.form.submitted.connect(self._submitted)
        self.locked = False
        self.hidden: list[QWidget] = []
        self.timer = QTimer(self)
        self.timer.setInterval(check_ms)
        self.timer.timeout.connect(self._check)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        if policy is not None:
            policy.touch(clock.now())
            self.timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in INPUT_EVENTS:
            if self.policy is not None and not self.locked:
                self.policy.touch(self.clock.now())
            if self.locked and isinstance(watched, QWidget):
                return not self._inside_lock(watched)
        elif kind == QEvent.Type.Shortcut:
            return self.locked  # no menu action or shortcut runs behind the lock
        return False

    def _inside_lock(self, watched: QObject) -> bool:
        return isinstance(watched, QWidget) and (
            watched is self.overlay or self.overlay.isAncestorOf(watched)
        )

    def _check(self) -> None:
        policy = self.policy
        if self.locked or policy is None or not self.window.isVisible():
            return
        if QApplication.activeModalWidget() is not None:
            return  # a progress dialog (sync now) is up: lock once it has finished
        if policy.locked(self.clock.now()):
            self.lock()

    def lock(self) -> None:
        if self.locked:
            return
        self.locked = True
        self.hidden = [
            w for w in QApplication.topLevelWidgets() if w is not self.window and w.isVisible()
        ]
        for widget in self.hidden:
            widget.hide()  # hidden, not closed: every field keeps what was typed
        self.overlay.cover(self.user())
        self.locked_changed.emit(True)

    def unlock(self) -> None:
        if not self.locked:
            return
        self.locked = False
        self.overlay.hide()
        for widget in self.hidden:
            widget.show()
        self.hidden = []
        if self.policy is not None:
            self.policy.touch(self.clock.now())
        self.locked_changed.emit(False)

    def _submitted(self, username: str, password: str) -> None:
        self.overlay.form.set_busy(True)
        verify = self.verify
        work = WriteOp(
            lambda: verify(username, password), self._verified, self._failed, changes=frozenset()
        )
        self.runner.write(work)  # a sign-in writes the kept hash or the wrong-password count

    def _verified(self, by: StaffSessionLike) -> None:
        form = self.overlay.form
        form.set_busy(False)
        member = self.user()
        if may_unlock(member, by):
            form.password.clear()
            self.unlock()
            return
        form.show_error(
            "username",
            _("Only {name} or a supervisor can unlock this counter.").format(name=member.full_name),
        )

    def _failed(self, exc: BaseException) -> None:
        self.overlay.form.show_refusal(exc)

    def stop(self) -> None:
        self.timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
