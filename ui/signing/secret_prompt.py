"""The passphrase / PIN prompt shown when a signed save (or a test) needs it: the secret is
never echoed, never written anywhere by the window; "Save without signature" is the officer's
explicit choice, "Cancel" keeps the pages in the scan dialog."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _

SIGN, UNSIGNED, CANCEL = "sign", "unsigned", "cancel"


class SecretPrompt(QDialog):
    def __init__(
        self,
        kind: str,
        problem: str = "",
        *,
        allow_unsigned: bool = True,
        allow_remember: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.choice = CANCEL
        self.setObjectName("signingSecretPrompt")
        self.setWindowTitle(_("Digital signature"))
        layout = QVBoxLayout(self)
        question = (
            _("Type the PIN of your USB token to sign:")
            if kind == "pin"
            else _("Type the password of your certificate file to sign:")
        )
        layout.addWidget(QLabel(question))
        self.problem = QLabel(problem)
        self.problem.setObjectName("fieldError")
        self.problem.setWordWrap(True)
        self.problem.setVisible(bool(problem))
        layout.addWidget(self.problem)
        self.secret = QLineEdit()
        self.secret.setObjectName("signingSecret")
        self.secret.setEchoMode(QLineEdit.EchoMode.Password)
        layout.addWidget(self.secret)
        self.remember = QCheckBox(_("Remember the password in this computer's keyring"))
        self.remember.setVisible(allow_remember)
        layout.addWidget(self.remember)
        row = QHBoxLayout()
        self.sign_button = QPushButton(_("Sign"))
        self.sign_button.setObjectName("signingSign")
        self.sign_button.setDefault(True)
        self.sign_button.clicked.connect(lambda: self._close(SIGN))
        row.addWidget(self.sign_button)
        self.unsigned_button = QPushButton(_("Save without signature"))
        self.unsigned_button.setObjectName("signingUnsigned")
        self.unsigned_button.setVisible(allow_unsigned)
        self.unsigned_button.clicked.connect(lambda: self._close(UNSIGNED))
        row.addWidget(self.unsigned_button)
        cancel = QPushButton(_("Cancel"))
        cancel.setObjectName("signingCancel")
        cancel.clicked.connect(lambda: self._close(CANCEL))
        row.addWidget(cancel)
        layout.addLayout(row)

    def _close(self, choice: str) -> None:
        self.choice = choice
        if choice == SIGN and not self.secret.text():
            self.problem.setText(_("Type it first."))
            self.problem.show()
            return
        self.accept() if choice != CANCEL else self.reject()

    def take_secret(self) -> str:
        """The secret typed; the field is cleared (it is not kept by the window)."""
        text = self.secret.text()
        self.secret.clear()
        return text
