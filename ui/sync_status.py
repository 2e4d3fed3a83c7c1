"""Sync in the window: the link state and the unsynced count in the status bar (read on the read
lane on a timer and after each local write), the "Sync" menu (sync now on the network lane with
progress and cancel; the parked changes; uploads; online dossiers waiting), and the engine's
scheduler, started on a registered store and stopped when the window closes."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDialog, QLabel, QMainWindow, QPushButton, QStatusBar

from counter_app.domain.errors import Cancelled
from counter_app.i18n import _, ngettext
from counter_app.ports import Progress
from counter_app.services.context import ServiceContext
from ui.errors import message_for
from ui.online_queue import OnlineQueueDialog
from ui.parked_dialog import ParkedDialog
from ui.progress import ProgressDialog
from ui.sync_labels import LINK_COLOUR, link_text, link_tooltip
from ui.sync_seam import DEMO, NOT_REGISTERED, LinkStatus, Report, Scheduler, SyncPort
from ui.tasks import OUTBOX, NetOp, ReadOp, TaskRunner
from ui.uploads_dialog import UploadsDialog

STATUS_MS = 10_000
SYNC_NOW_KEY = "Ctrl+Shift+S"
#: Link states in which sync never runs (the action stays off, the scheduler is not started).
NO_SYNC = (DEMO, NOT_REGISTERED)

Say = Callable[[str, bool], None]
D = TypeVar("D", bound=QDialog)


def unsynced_text(status: LinkStatus) -> str:
    text = ngettext(
        "{n} change not yet synced", "{n} changes not yet synced", status.pending_commands
    ).format(n=status.pending_commands)
    if status.pending_files:
        text += " · " + ngettext(
            "{n} file to send", "{n} files to send", status.pending_files
        ).format(n=status.pending_files)
    return text


class SyncBar(QObject):
    """Owns the sync part of the window. ``status_shown`` carries each status once on screen."""

    status_shown = Signal(object)
    synced = Signal(object)  # the report, or the error

    def __init__(
        self,
        window: QMainWindow,
        port: SyncPort,
        runner: TaskRunner,
        ctx: ServiceContext,
        say: Say,
        scheduler: Scheduler | None = None,
    ) -> None:
        super().__init__(window)
        self.window, self.port, self.runner, self.ctx, self.say = window, port, runner, ctx, say
        self.scheduler = scheduler
        self.scheduler_running = False
        self.last: LinkStatus | None = None
        self._in_flight = self._again = False
        self.dialogs: list[QDialog] = []
        self._status_widgets(window.statusBar())
        self._menu(window)
        runner.changed.connect(self._local_write)
        self.timer = QTimer(self)
        self.timer.setInterval(STATUS_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()

    def _status_widgets(self, bar: QStatusBar) -> None:
        self.link = QLabel(_("Checking the link…"))
        self.link.setObjectName("linkState")
        self.unsynced = QLabel()
        self.parked_button = QPushButton()
        self.online_button = QPushButton()
        for button in (self.parked_button, self.online_button):
            button.setFlat(True)
            button.setAutoDefault(False)
            button.hide()
            bar.addPermanentWidget(button)
        self.parked_button.setStyleSheet("color: #b3261e; background: transparent;")
        self.online_button.setStyleSheet("color: #0b4f8a; background: transparent;")
        self.parked_button.clicked.connect(self.open_parked)
        self.online_button.clicked.connect(self.open_online)
        bar.addPermanentWidget(self.unsynced)
        bar.addPermanentWidget(self.link)

    def _menu(self, window: QMainWindow) -> None:
        menu = window.menuBar().addMenu(_("S&ync"))

        def action(text: str, key: str, slot: Callable[[], Any]) -> QAction:
            act = QAction(text, window)
            if key:
                act.setShortcut(QKeySequence(key))
            act.triggered.connect(slot)
            menu.addAction(act)
            return act

        self.sync_action = action(_("Sync now"), SYNC_NOW_KEY, self.sync_now)
        action(_("Changes refused by the centre…"), "Ctrl+Shift+P", self.open_parked)
        action(_("Files being sent…"), "Ctrl+Shift+U", self.open_uploads)
        action(_("Online dossiers waiting…"), "Ctrl+Shift+O", self.open_online)

    # ------------------------------------------------------------------ status

    def _local_write(self, what: frozenset[str]) -> None:
        """After a write: the count again, and the scheduler told there is something to send."""
        if OUTBOX in what and self.scheduler is not None and self.scheduler_running:
            self.scheduler.poke()
        self.refresh()

    def refresh(self) -> None:
        """Read the status on the read lane (one at a time; a request meanwhile runs after)."""
        if self._in_flight:
            self._again = True
            return
        self._in_flight = True
        self.runner.read(ReadOp(self.port.status, self._show, self._status_failed))

    def _show(self, status: LinkStatus) -> None:
        self.last = status
        self.link.setText(link_text(status))
        self.link.setToolTip(link_tooltip(status))
        self.link.setStyleSheet(f"color: {LINK_COLOUR.get(status.state, '#1d2733')};")
        self.unsynced.setText(unsynced_text(status))
        self._count_button(
            self.parked_button,
            ngettext("{n} change refused", "{n} changes refused", status.parked),
            status.parked,
        )
        self._count_button(
            self.online_button,
            ngettext(
                "{n} online dossier waiting", "{n} online dossiers waiting", status.online_waiting
            ),
            status.online_waiting,
        )
        self.sync_action.setEnabled(status.state not in NO_SYNC)
        self._start_scheduler(status)
        self._done_reading()
        self.status_shown.emit(status)

    @staticmethod
    def _count_button(button: QPushButton, text: str, n: int) -> None:
        button.setText(text.format(n=n))
        button.setVisible(n > 0)

    def _status_failed(self, exc: BaseException) -> None:
        self.link.setText(_("Sync state unknown"))
        self.link.setToolTip(message_for(exc))
        self._done_reading()
        self.status_shown.emit(exc)

    def _done_reading(self) -> None:
        self._in_flight = False
        if self._again:
            self._again = False
            self.refresh()

    # ------------------------------------------------------------------ scheduler

    def _start_scheduler(self, status: LinkStatus) -> None:
        """Once, on the first status of a store that syncs (never a demo or unregistered one)."""
        if self.scheduler is None or self.scheduler_running or status.state in NO_SYNC:
            return
        self.scheduler.start()
        self.scheduler_running = True

    def stop(self) -> None:
        """Closing the window: no more timers, the scheduler stopped (it finishes what it is
        sending and leaves the rest queued in the store)."""
        self.timer.stop()
        for dialog in self.dialogs:
            dialog.close()
        if self.scheduler is not None and self.scheduler_running:
            self.scheduler.stop()
            self.scheduler_running = False

    # ------------------------------------------------------------------ actions

    def sync_now(self) -> ProgressDialog | None:
        if not self.sync_action.isEnabled():
            return None
        self.sync_action.setEnabled(False)
        progress = Progress()
        dialog = ProgressDialog(progress, _("Sync now"), self.window)
        port = self.port

        def done(report: Report) -> None:
            dialog.finish()
            self.say(report_text(report), False)
            self._after_sync(report)

        def failed(exc: BaseException) -> None:
            dialog.finish()
            if isinstance(exc, Cancelled):
                self.say(_("Sync stopped; what was not sent stays queued."), False)
            else:
                self.say(message_for(exc), True)
            self._after_sync(exc)

        self.runner.net(NetOp(lambda: port.sync_once(progress), done, failed, progress))
        return dialog

    def _after_sync(self, outcome: object) -> None:
        self.sync_action.setEnabled(True)
        self.refresh()
        self.synced.emit(outcome)

    def _keep(self, dialog: D) -> D:
        self.dialogs = [d for d in self.dialogs if d.isVisible()] + [dialog]
        dialog.show()
        return dialog

    def open_parked(self) -> ParkedDialog:
        dialog = ParkedDialog(self.port, self.runner, self.window)
        dialog.retried.connect(lambda _id: self.refresh())
        return self._keep(dialog)

    def open_uploads(self) -> UploadsDialog:
        return self._keep(UploadsDialog(self.port, self.runner, self.window))

    def open_online(self) -> OnlineQueueDialog:
        dialog = OnlineQueueDialog(self.port, self.runner, self.ctx, self.window)
        accept = getattr(self.window, "accept_online", None)
        if accept is not None:
            dialog.accept_requested.connect(accept)
        return self._keep(dialog)


def report_text(report: Report) -> str:
    if report.remaining == 0 and report.parked == 0:
        return _(
            "Sync finished: {sent} changes sent and confirmed by the centre, {files} files, "
            "{changes} updates from the centre."
        ).format(
            sent=report.acknowledged, files=report.files_uploaded, changes=report.changes_applied
        )
    return _(
        "Sync finished: {sent} changes confirmed, {parked} refused by the centre, {remaining} "
        "still queued."
    ).format(sent=report.acknowledged, parked=report.parked, remaining=report.remaining)
