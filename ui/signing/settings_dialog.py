"""Settings → Digital signature (Chữ ký số): the officer chooses how their scans are signed on
this computer (off, a PKCS#12 file, or a USB token through its PKCS#11 library), tests it (a
probe PDF is signed and verified, off the GUI thread) and saves it. Only the choice is saved;
the password or PIN asked for the test is never kept (a password may be remembered in the OS
keyring when the officer ticks it at the first signed save)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import N_, _
from counter_app.services.signing_setup import SigningConfig
from ui.errors import message_for
from ui.signing.seam import Signing
from ui.signing.secret_prompt import SIGN, SecretPrompt
from ui.tasks import ReadOp, TaskRunner

MODES = {
    "off": N_("Do not sign"),
    "pkcs12": N_("Certificate file (.p12 / .pfx)"),
    "pkcs11": N_("USB token (PKCS#11)"),
}


class SigningDialog(QDialog):
    saved = Signal(object)  # the SigningConfig saved
    tested = Signal(str)  # the certificate's subject, or the error's message

    def __init__(
        self, signing: Signing, runner: TaskRunner, username: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.signing, self.runner, self.username = signing, runner, username
        self.prompt: SecretPrompt | None = None
        self.setObjectName("signingDialog")
        self.setWindowTitle(_("Digital signature"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.mode = QComboBox()
        self.mode.setObjectName("signingMode")
        for key, text in MODES.items():
            self.mode.addItem(_(text), key)
        self.mode.currentIndexChanged.connect(self._show_fields)
        form.addRow(_("How your scans are signed"), self.mode)
        self.p12 = QLineEdit()
        self.p12.setObjectName("signingP12")
        form.addRow(_("Certificate file"), self._with_browse(self.p12, "*.p12 *.pfx"))
        self.remember = QCheckBox(_("Remember the password in this computer's keyring"))
        self.remember.setObjectName("signingRemember")
        form.addRow("", self.remember)
        self.library = QLineEdit()
        self.library.setObjectName("signingLibrary")
        self.library.setPlaceholderText("/usr/lib/softhsm/libsofthsm2.so")
        form.addRow(_("Token library (PKCS#11)"), self._with_browse(self.library, "*.so *.dll"))
        self.token = QLineEdit()
        self.token.setObjectName("signingToken")
        form.addRow(_("Token label"), self.token)
        self.key = QLineEdit()
        self.key.setObjectName("signingKey")
        form.addRow(_("Key label"), self.key)
        layout.addLayout(form)
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addLayout(self._buttons())
        self._fill(signing.config(username))

    def _with_browse(self, edit: QLineEdit, pattern: str) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(edit, 1)
        button = QPushButton(_("Choose…"))
        button.clicked.connect(lambda: self._browse(edit, pattern))
        row.addWidget(button)
        return row

    def _browse(self, edit: QLineEdit, pattern: str) -> None:
        name, _chosen = QFileDialog.getOpenFileName(self, _("Choose…"), edit.text(), pattern)
        if name:
            edit.setText(name)

    def _buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.test_button = QPushButton(_("Test"))
        self.test_button.setObjectName("signingTest")
        self.test_button.clicked.connect(self.test)
        row.addWidget(self.test_button)
        self.save_button = QPushButton(_("Save"))
        self.save_button.setObjectName("signingSave")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        row.addWidget(close)
        return row

    def _fill(self, config: SigningConfig) -> None:
        self.mode.setCurrentIndex(max(0, self.mode.findData(config.mode)))
        self.p12.setText(config.pkcs12_path)
        self.remember.setChecked(config.remember_passphrase)
        self.library.setText(config.pkcs11_library)
        self.token.setText(config.token_label)
        self.key.setText(config.key_label)
        self._show_fields()

    def _show_fields(self) -> None:
        mode = self.mode.currentData()
        for widget in (self.p12, self.remember):
            widget.setEnabled(mode == "pkcs12")
        for widget in (self.library, self.token, self.key):
            widget.setEnabled(mode == "pkcs11")
        self.test_button.setEnabled(mode != "off")

    def config(self) -> SigningConfig:
        mode = str(self.mode.currentData())
        return SigningConfig(
            mode,
            pkcs12_path=self.p12.text().strip() if mode == "pkcs12" else "",
            remember_passphrase=mode == "pkcs12" and self.remember.isChecked(),
            pkcs11_library=self.library.text().strip() if mode == "pkcs11" else "",
            token_label=self.token.text().strip() if mode == "pkcs11" else "",
            key_label=self.key.text().strip() if mode == "pkcs11" else "",
        )

    # --------------------------------------------------------------------------- actions

    def save(self) -> None:
        signing, user, config = self.signing, self.username, self.config()
        self._say(_("Saving…"))
        self.runner.read(
            ReadOp(lambda: signing.save_config(user, config), self._saved, self._failed)
        )

    def _saved(self, _result: object) -> None:
        self._say(_("Saved. Your next scans are signed this way."))
        self.saved.emit(self.config())

    def test(self) -> None:
        """Ask the password/PIN, then sign and verify a probe PDF on the read lane."""
        config = self.config()
        if config.secret_kind is None:
            return
        prompt = SecretPrompt(config.secret_kind, allow_unsigned=False, parent=self)
        prompt.finished.connect(lambda _code: self._tested_with(prompt, config))
        self.prompt = prompt
        prompt.open()

    def _tested_with(self, prompt: SecretPrompt, config: SigningConfig) -> None:
        if prompt.choice != SIGN:
            return
        signing, user, secret = self.signing, self.username, prompt.take_secret()
        self._say(_("Signing a test page…"))
        self.test_button.setEnabled(False)
        self.runner.read(
            ReadOp(lambda: signing.test(user, config, secret), self._test_done, self._test_failed)
        )

    def _test_done(self, subject: str) -> None:
        self.test_button.setEnabled(True)
        text = _("The test page was signed and verified. Certificate: {subject}.").format(
            subject=subject
        )
        self._say(text)
        self.tested.emit(text)

    def _test_failed(self, exc: BaseException) -> None:
        self.test_button.setEnabled(True)
        self._failed(exc)
        self.tested.emit(message_for(exc))

    def _failed(self, exc: BaseException) -> None:
        self._say(message_for(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("error", error)
        self.status.setText(text)
        self.status.style().polish(self.status)
