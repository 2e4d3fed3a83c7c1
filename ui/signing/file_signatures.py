"""The dossier window's list of digitised files with each file's signature: signed by whom and
when (Vietnam time), valid or broken (changed after signing), or unsigned. The files are read
and verified on the read lane when the dossier is shown."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLabel

from counter_app.domain.dossier import Dossier
from counter_app.domain.vntime import as_vn
from counter_app.i18n import _
from ui.errors import message_for
from ui.signing.seam import FileSignatureView, Signing
from ui.tasks import ReadOp, TaskRunner


def describe(check: FileSignatureView) -> str:
    if check.state == "valid":
        when = f"{as_vn(check.signed_at):%H:%M %d/%m/%Y}" if check.signed_at else "?"
        return _("signed by {signer} at {when}; the signature is valid").format(
            signer=check.signer, when=when
        )
    if check.state == "broken":
        return _("SIGNATURE BROKEN: the file was changed after it was signed; do not use it")
    if check.state == "missing":
        return _("the file is missing from the data folder")
    return _("not signed")


class FileSignatures(QLabel):
    checked = Signal(object)  # the checks shown

    def __init__(self, runner: TaskRunner, signing: Signing | None) -> None:
        super().__init__()
        self.runner, self.signing = runner, signing
        self.setObjectName("fileSignatures")
        self.setWordWrap(True)
        self.hide()

    def show_for(self, dossier: Dossier) -> None:
        files = [(i.requirement_code, i.name, i.scan.path) for i in dossier.items if i.scan]
        signing = self.signing
        if signing is None or not files:
            self.hide()
            return
        self.setText(_("Checking the signatures of the digitised files…"))
        self.show()
        paths = [path for _code, _name, path in files]

        def shown(checks: list[FileSignatureView]) -> None:
            lines = [
                f"<b>{escape(code)}</b> {escape(name)}: {escape(describe(check))}"
                for (code, name, _path), check in zip(files, checks, strict=True)
            ]
            heading = escape(_("Digital signatures"))
            self.setText(f"<b>{heading}</b><br>" + "<br>".join(lines))
            self.checked.emit(checks)

        self.runner.read(ReadOp(lambda: list(signing.check_files(paths)), shown, self._failed))

    def _failed(self, exc: BaseException) -> None:
        self.setText(message_for(exc))
