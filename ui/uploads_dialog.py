"""Large scans on their way to the centre: each file with its dossier and a bar of the bytes the
centre has confirmed (sent / total), refreshed on the read lane every second while shown."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QCloseEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import N_, _
from ui.errors import message_for
from ui.sync_seam import SyncPort, Upload
from ui.tasks import ReadOp, TaskRunner

LIVE_MS = 1_000
COLUMNS = (N_("File"), N_("Dossier"), N_("Sent"), N_("Progress"))
MB = 1024 * 1024


def size_text(sent: int, total: int) -> str:
    """``3,2 / 20,0 MB`` (Vietnamese decimal comma)."""

    def mb(n: int) -> str:
        return f"{n / MB:.1f}".replace(".", ",")

    return _("{sent} / {total} MB").format(sent=mb(sent), total=mb(total))


def percent(sent: int, total: int) -> int:
    return 100 if total <= 0 else min(100, sent * 100 // total)


class UploadsDialog(QDialog):
    loaded = Signal(int)

    def __init__(self, port: SyncPort, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.port, self.runner = port, runner
        self.uploads: list[Upload] = []
        self._in_flight = False
        self.setWindowTitle(_("Files being sent to the centre"))
        layout = QVBoxLayout(self)
        self.summary = QLabel()
        layout.addWidget(self.summary)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        buttons.addWidget(close)
        layout.addLayout(buttons)
        self.timer = QTimer(self)
        self.timer.setInterval(LIVE_MS)
        self.timer.timeout.connect(self.reload)
        self.resize(820, 360)

    def showEvent(self, event: QShowEvent) -> None:
        self.timer.start()
        self.reload()
        super().showEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.timer.stop()
        super().closeEvent(event)

    def reload(self) -> None:
        if self._in_flight:
            return
        self._in_flight = True
        port = self.port
        self.runner.read(ReadOp(lambda: list(port.uploads()), self._show, self._failed))

    def _show(self, uploads: Sequence[Upload]) -> None:
        self._in_flight = False
        self.uploads = list(uploads)
        self.table.setRowCount(len(self.uploads))
        for r, up in enumerate(self.uploads):
            self.table.setItem(r, 0, QTableWidgetItem(up.filename))
            self.table.setItem(r, 1, QTableWidgetItem(up.dossier_code))
            self.table.setItem(r, 2, QTableWidgetItem(size_text(up.sent, up.total)))
            bar = self.table.cellWidget(r, 3)
            if not isinstance(bar, QProgressBar):
                bar = QProgressBar()
                self.table.setCellWidget(r, 3, bar)
            bar.setValue(percent(up.sent, up.total))
        self.table.resizeColumnsToContents()
        self.summary.setText(
            _("{n} files waiting to be sent.").format(n=len(self.uploads))
            if self.uploads
            else _("No file is waiting to be sent.")
        )
        self.loaded.emit(len(self.uploads))

    def _failed(self, exc: BaseException) -> None:
        self._in_flight = False
        self.summary.setText(message_for(exc))
        self.loaded.emit(-1)
