"""Long work with the core's :class:`~counter_app.ports.Progress`: a progress dialog polls it on a
short timer (Anki's ``progress.py`` shape) and carries the user's cancel back to the worker."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QProgressDialog, QWidget

from counter_app.i18n import _
from counter_app.ports import Progress

POLL_MS = 100


class ProgressDialog(QProgressDialog):
    """Shown after a moment (``minimumDuration``); closes itself when :meth:`finish` is called."""

    def __init__(self, progress: Progress, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.progress = progress
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setCancelButtonText(_("Cancel"))
        self.setMinimumDuration(400)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.canceled.connect(progress.cancel)
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self._poll)
        self.timer.start()

    def _poll(self) -> None:
        p = self.progress
        self.setMaximum(max(p.total, 0))  # 0: unknown length (a busy bar)
        self.setValue(min(p.done, p.total) if p.total else 0)
        if p.message:
            self.setLabelText(_(p.message))

    def finish(self) -> None:
        self.timer.stop()
        self.close()
        self.deleteLater()
