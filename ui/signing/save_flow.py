"""A scan dialog's save when the officer signs: ask the password/PIN when needed (on the read
lane: the keyring or the token may block), unlock, then save signed. A wrong password/PIN or a
token not plugged in asks again with the reason; "Save without signature" saves unsigned, by the
officer's explicit choice; "Cancel" saves nothing and the pages stay in the dialog."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from counter_app.domain.errors import DomainError
from counter_app.i18n import _
from ui.errors import message_for
from ui.signing.seam import Signing
from ui.signing.secret_prompt import CANCEL, SIGN, UNSIGNED, SecretPrompt
from ui.tasks import ReadOp, TaskRunner

#: Errors after which the prompt is shown again, with the reason.
ASK_AGAIN = frozenset(
    {
        "signing_wrong_passphrase",
        "signing_wrong_pin",
        "signing_token_missing",
        "signing_secret_needed",
    }
)


class SignedSave:
    def __init__(
        self,
        parent: QWidget,
        runner: TaskRunner,
        signing: Signing | None,
        username: str,
        save: Callable[[bool], None],
        stop: Callable[[str], None],
    ) -> None:
        self.parent, self.runner, self.signing, self.username = parent, runner, signing, username
        self.save, self.stop = save, stop
        self.prompt: SecretPrompt | None = None

    def start(self) -> None:
        signing, user = self.signing, self.username
        if signing is None:
            self.save(True)
            return
        self.runner.read(ReadOp(lambda: signing.needs_secret(user), self._asked, self._failed))

    def _asked(self, kind: str | None) -> None:
        if kind is None:
            self.save(True)
        else:
            self.ask(kind, "")

    def ask(self, kind: str, problem: str) -> None:
        prompt = SecretPrompt(
            kind, problem, allow_remember=kind == "passphrase", parent=self.parent
        )
        prompt.finished.connect(lambda _code: self._answered(prompt, kind))
        self.prompt = prompt
        prompt.open()

    def _answered(self, prompt: SecretPrompt, kind: str) -> None:
        if prompt.choice == CANCEL:
            self.stop(_("Not saved; the pages stay here."))
        elif prompt.choice == UNSIGNED:
            self.save(False)
        elif prompt.choice == SIGN and self.signing is not None:
            signing, user = self.signing, self.username
            secret, remember = prompt.take_secret(), prompt.remember.isChecked()

            def retry(exc: BaseException) -> None:
                if isinstance(exc, DomainError) and exc.code in ASK_AGAIN:
                    self.ask(kind, message_for(exc))
                else:
                    self._failed(exc)

            self.runner.read(
                ReadOp(lambda: signing.unlock(user, secret, remember), self._unlocked, retry)
            )

    def _unlocked(self, _subject: str) -> None:
        self.save(True)

    def _failed(self, exc: BaseException) -> None:
        self.stop(message_for(exc))
