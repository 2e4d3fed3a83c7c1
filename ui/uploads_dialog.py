"""Large scans on their way to the centre: each file with its dossier and a bar of the bytes the
centre has confirmed (sent / total), refreshed on the read lane every second while shown."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtWidgets import QProgressBar, QTableWidgetItem, QWidget

from counter_app.i18n import N_, _
from ui.live_table import LiveTableDialog
from ui.sync_seam import SyncPort, Upload
from ui.tasks import TaskRunner

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


class UploadsDialog(LiveTableDialog):
    def __init__(self, port: SyncPort, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(runner, _("Files being sent to the centre"), COLUMNS, LIVE_MS, parent)
        self.port = port
        self.uploads: list[Upload] = []
        self.resize(820, 360)

    def read_rows(self) -> Callable[[], Sequence[Upload]]:
        port = self.port
        return lambda: list(port.uploads())

    def show_rows(self, rows: Sequence[Any]) -> None:
        self.uploads = list(rows)
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
        self.summary.setText(
            _("{n} files waiting to be sent.").format(n=len(self.uploads))
            if self.uploads
            else _("No file is waiting to be sent.")
        )
