"""Sign-in: user name and password, keyboard only (Enter submits), checked on a worker lane.

:class:`CredentialsForm` is the pair of fields with their error lines, shared by the sign-in
dialog and the idle lock; a refusal is shown next to the field it is about, and nothing typed is
cleared (the password is selected, so typing again replaces it).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.enums import Role
from counter_app.domain.office import StaffMember
from counter_app.i18n import _
from counter_app.services import desk
from counter_app.services.context import ServiceContext
from ui.errors import field_of, message_for
from ui.sync_seam import SignInPort, StaffSessionLike
from ui.tasks import TaskRunner, WriteOp
from ui.widgets import with_error

#: Refusals that are about the user name although they name no field.
USERNAME_CODES = frozenset({"signin_unknown_user"})
#: When a staff member holds several roles, the window works with the first of these.
ROLE_ORDER = (Role.SUPERVISOR, Role.COUNTER_OFFICER, Role.POSTAL_CLERK, Role.ADMINISTRATOR)


@dataclass(frozen=True)
class SignedIn:
    """A successful sign-in: the staff member as the window knows them, and how it was checked."""

    member: StaffMember
    session: StaffSessionLike

    @property
    def online(self) -> bool:
        return self.session.online


def member_for(
    session: StaffSessionLike, members: Sequence[StaffMember], agency_code: str
) -> StaffMember:
    """The office's record of the signed-in person (by user name), else one made from the
    centre's answer (a new colleague whose record has not arrived yet)."""
    for member in members:
        if member.username.casefold() == session.username.casefold():
            return member
    held = {r for r in session.roles}
    role = next((r for r in ROLE_ORDER if r.value in held), Role.COUNTER_OFFICER)
    return StaffMember(session.staff_id, session.username, session.full_name, role, agency_code)


def sign_in_work(
    port: SignInPort, ctx: ServiceContext, username: str, password: str
) -> Callable[[], SignedIn]:
    """The worker's part: the sign-in service (network or the kept hash), then the office's
    record of the person."""

    def run() -> SignedIn:
        session = port.sign_in(username, password)
        members = desk.staff_members(ctx.store)
        return SignedIn(member_for(session, members, ctx.agency_code), session)

    return run


class CredentialsForm(QWidget):
    """User name, password, their error lines and the button; Enter in either field submits."""

    submitted = Signal(str, str)

    def __init__(self, button_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QFormLayout(self)
        self.username = QLineEdit()
        self.username.setObjectName("username")
        self.password = QLineEdit()
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        user_box, self.username_error = with_error(self.username)
        password_box, self.password_error = with_error(self.password)
        layout.addRow(_("User name"), user_box)
        layout.addRow(_("Password"), password_box)
        self.button = QPushButton(button_text)
        self.button.setAutoDefault(False)
        self.button.clicked.connect(self.submit)
        layout.addRow("", self.button)
        self.username.returnPressed.connect(self._enter_in_username)
        self.password.returnPressed.connect(self.submit)
        self._busy = False

    def focus_first_empty(self) -> None:
        target = self.password if self.username.text().strip() else self.username
        target.setFocus()
        target.selectAll()

    def _enter_in_username(self) -> None:
        """Enter after the user name goes on to the password (or submits when it is typed)."""
        if self.username.text().strip() and not self.password.text():
            self.password.setFocus()
            return
        self.submit()

    def submit(self) -> None:
        if self._busy:
            return
        self.clear_errors()
        username, password = self.username.text().strip(), self.password.text()
        if not username:
            self.username_error.show_message(_("Type your user name."))
            self.username.setFocus()
            return
        if not password:
            self.password_error.show_message(_("Type your password."))
            self.password.setFocus()
            return
        self.submitted.emit(username, password)

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.username, self.password, self.button):
            widget.setEnabled(not busy)

    def clear_errors(self) -> None:
        self.username_error.show_message("")
        self.password_error.show_message("")

    def show_refusal(self, exc: BaseException) -> None:
        """The refusal next to its field (the password unless the user name is at fault);
        what was typed stays, the password selected so typing again replaces it."""
        self.set_busy(False)
        field = field_of(exc)
        if field is None and getattr(exc, "code", None) in USERNAME_CODES:
            field = "username"
        self.show_error(field, message_for(exc))

    def show_error(self, field: str | None, text: str) -> None:
        if field == "username":
            self.username_error.show_message(text)
            self.username.setFocus()
            self.username.selectAll()
        else:
            self.password_error.show_message(text)
            self.password.setFocus()
            self.password.selectAll()


class SignInDialog(QDialog):
    """The first thing at the counter, and again after a sign-out. Escape or Quit rejects."""

    signed_in = Signal(object)  # SignedIn
    refused = Signal(str)  # the message shown

    def __init__(
        self,
        port: SignInPort,
        runner: TaskRunner,
        ctx: ServiceContext,
        parent: QWidget | None = None,
        username: str = "",
    ) -> None:
        super().__init__(parent)
        self.port, self.runner, self.ctx = port, runner, ctx
        self.result_value: SignedIn | None = None
        self.setWindowTitle(_("Sign in — One-stop counter"))
        layout = QVBoxLayout(self)
        heading = QLabel(_("Sign in with your user name and password."))
        heading.setWordWrap(True)
        layout.addWidget(heading)
        self.form = CredentialsForm(_("Sign in"))
        self.form.username.setText(username)
        self.form.submitted.connect(self._submitted)
        layout.addWidget(self.form)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.quit_button = QPushButton(_("Quit"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        buttons.addWidget(self.quit_button)
        layout.addLayout(buttons)
        self.setMinimumWidth(520)
        self.form.focus_first_empty()

    def _submitted(self, username: str, password: str) -> None:
        self.form.set_busy(True)
        self.note.setText(_("Signing in…"))
        work = sign_in_work(self.port, self.ctx, username, password)
        # the write lane: a sign-in keeps the password's hash (or counts a wrong one) in the store
        self.runner.write(WriteOp(work, self._done, self._failed, changes=frozenset()))

    def _done(self, result: SignedIn) -> None:
        self.form.set_busy(False)
        self.note.setText("")
        self.form.password.clear()
        self.result_value = result
        self.signed_in.emit(result)
        self.accept()

    def _failed(self, exc: BaseException) -> None:
        self.note.setText("")
        self.form.show_refusal(exc)
        self.adjustSize()  # room for the message under the field
        self.refused.emit(message_for(exc))
