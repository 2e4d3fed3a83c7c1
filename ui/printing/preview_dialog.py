"""The print preview of one dossier slip: its pages drawn by the printing room (on the I/O lane),
shown in a scroll area, with the print queue, the number of copies, Print and Save PDF.

The preview records nothing. Print issues the slip to the chosen queue (the core records it only
once the queue accepted the job); Save PDF issues it kept with the dossier and writes the file.
Esc closes the dialog."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.errors import EnvironmentProblem
from counter_app.i18n import N_, _
from ui.errors import message_for
from ui.session import SlipPrinter
from ui.tasks import DOSSIER, OUTBOX, ReadOp, TaskRunner, WriteOp

#: The dossier slips by their ``SlipKind`` value, as the counter calls them.
SLIP_NAMES = {
    "receipt": N_("Receipt and appointment slip"),
    "supplement": N_("Supplement request slip"),
    "refusal": N_("Refusal slip"),
    "apology": N_("Apology and new appointment slip"),
    "stop": N_("Notice of stopped processing"),
    "control": N_("Processing control slip"),
    "guidance": N_("Procedure guidance sheet"),
    "handover": N_("Hand-over list"),
}


def slip_name(kind: str) -> str:
    return _(SLIP_NAMES.get(kind, kind))


def write_file(path: Path, content: bytes) -> None:
    """``content`` to ``path`` through a temporary file and a rename (never half a PDF)."""
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EnvironmentProblem("output_not_written", path=str(path), detail=exc.strerror) from exc


class PreviewDialog(QDialog):
    """``issued`` is emitted (with a sentence) once a slip was printed or saved."""

    issued = Signal(str)
    pages_ready = Signal(int)

    def __init__(
        self,
        slips: SlipPrinter,
        runner: TaskRunner,
        code: str,
        kind: str,
        actor: str,
        *,
        reprint: bool = False,
        reason: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.slips, self.runner = slips, runner
        self.code, self.kind, self.actor = code, kind, actor
        self.reprint, self.reason = reprint, reason
        self.pdf: bytes | None = None
        self.page_labels: list[QLabel] = []
        title = _("Reprint: {slip} — {code}") if reprint else _("Print preview: {slip} — {code}")
        self.setWindowTitle(title.format(slip=slip_name(kind), code=code))
        self.resize(900, 1000)
        layout = QVBoxLayout(self)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.pages = QWidget()
        self.pages.setObjectName("previewPages")
        self.pages_layout = QVBoxLayout(self.pages)
        self.pages_layout.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.scroll_area.setWidget(self.pages)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(self._controls())
        self.status = QLabel(_("Drawing the slip…"))
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self._set_ready(False)
        self.load()

    def _controls(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(QLabel(_("Printer")))
        self.printer = QComboBox()
        self.printer.setObjectName("printer")
        self.printer.setMinimumWidth(200)
        row.addWidget(self.printer, 1)
        row.addWidget(QLabel(_("Copies")))
        self.copies = QSpinBox()
        self.copies.setRange(1, 99)
        self.copies.setObjectName("copies")
        row.addWidget(self.copies)
        self.print_button = QPushButton(_("Print"))
        self.print_button.setObjectName("print")
        self.print_button.clicked.connect(self.print_slip)
        self.save_button = QPushButton(_("Save PDF…"))
        self.save_button.setObjectName("savePdf")
        self.save_button.clicked.connect(self.ask_save)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.reject)
        for button in (self.print_button, self.save_button, close):
            row.addWidget(button)
        return row

    # --------------------------------------------------------------------------- loading

    def load(self) -> None:
        slips, code, kind, actor = self.slips, self.code, self.kind, self.actor
        reprint, reason = self.reprint, self.reason

        def draw() -> tuple[bytes, list[bytes]]:
            pdf = slips.render(code, kind, actor, reprint, reason)
            return pdf, slips.preview_pages(pdf)

        self.runner.read(ReadOp(draw, self._drawn, self._failed))
        self.runner.read(ReadOp(slips.printers, self._printers, self._no_printers))

    def _drawn(self, result: tuple[bytes, list[bytes]]) -> None:
        self.pdf, pngs = result
        for png in pngs:
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(QImage.fromData(png)))
            label.setStyleSheet("background: white; border: 1px solid #a9b7c6;")
            self.pages_layout.addWidget(label)
            self.page_labels.append(label)
        self._say(
            _("{n} page(s). Check the slip, then print it or save it as PDF.").format(n=len(pngs))
        )
        self._set_ready(True)
        self.pages_ready.emit(len(pngs))

    def _printers(self, queues: list[str]) -> None:
        self.printer.clear()
        for queue in queues:
            self.printer.addItem(queue, queue)
        if not queues:
            self.printer.addItem(_("(no printer installed)"), None)
        self._set_ready(self.pdf is not None)

    def _no_printers(self, exc: BaseException) -> None:
        self.printer.clear()
        self.printer.addItem(_("(no printer installed)"), None)
        self.printer.setToolTip(message_for(exc))
        self._set_ready(self.pdf is not None)

    # --------------------------------------------------------------------------- actions

    def print_slip(self) -> None:
        queue = self.printer.currentData()
        if self.pdf is None or not isinstance(queue, str):
            return
        self._issue(queue, None)

    def ask_save(self) -> None:
        suggested = f"{self.code}-{self.kind}.pdf"
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the slip as PDF"), suggested, _("PDF files (*.pdf)")
        )
        if name:
            self.save_to(Path(name))

    def save_to(self, path: Path) -> None:
        if self.pdf is not None:
            self._issue(None, path)

    def _issue(self, queue: str | None, path: Path | None) -> None:
        slips, code, kind, actor = self.slips, self.code, self.kind, self.actor
        reprint, reason, copies = self.reprint, self.reason, self.copies.value()

        def work() -> str:
            pdf = slips.issue(code, kind, actor, reprint, reason, queue, copies)
            if path is not None:
                write_file(path, pdf)
                return _("Slip saved: {path}").format(path=path)
            return _("Slip sent to the printer {printer}.").format(printer=queue)

        self._set_ready(False)
        self._say(_("Working…"))
        changes = frozenset({DOSSIER, OUTBOX})
        self.runner.write(WriteOp(work, self._issued, self._failed, changes=changes))

    def _issued(self, text: str) -> None:
        self._set_ready(True)
        self._say(text)
        self.issued.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self._set_ready(self.pdf is not None)
        self._say(message_for(exc), error=True)

    def _set_ready(self, ready: bool) -> None:
        self.save_button.setEnabled(ready)
        self.print_button.setEnabled(ready and isinstance(self.printer.currentData(), str))

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("error", error)
        self.status.setText(text)
        self.status.style().polish(self.status)
