"""A stand-in of the engine's ``SyncService`` for the widget-level tests only (what each screen
shows for a given state); the tests that exercise sync itself run the real engine against the
real reference server (``tests/gui/test_sync_real.py``). It records the thread of every call, so
the tests can assert that nothing runs on the GUI thread."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field, replace
from datetime import datetime

from counter_app.ports import Progress
from sync.client_api import (
    LinkState,
    OnlineWaiting,
    ParkedItem,
    SyncReport,
    SyncStatus,
    UploadState,
)


def status(state: LinkState = LinkState.ONLINE, **kw: object) -> SyncStatus:
    base = SyncStatus(state, 0, 0, 0, 0, None, None, None)
    return replace(base, **kw)  # type: ignore[arg-type]


@dataclass
class StandInSync:
    current: SyncStatus = field(default_factory=status)
    parked_items: list[ParkedItem] = field(default_factory=list)
    upload_items: list[UploadState] = field(default_factory=list)
    waiting: list[OnlineWaiting] = field(default_factory=list)
    threads: list[str] = field(default_factory=list)
    retried: list[str] = field(default_factory=list)
    status_calls: int = 0
    sync_steps: int = 0
    step_s: float = 0.0

    def _seen(self) -> None:
        self.threads.append(threading.current_thread().name)

    def status(self) -> SyncStatus:
        self._seen()
        self.status_calls += 1
        return self.current

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        self._seen()
        sent = 0
        for _ in range(self.sync_steps):
            if progress is not None:
                progress.check()
                progress.total = self.sync_steps
                progress.done = sent
            time.sleep(self.step_s)
            sent += 1
        if progress is not None:
            progress.check()
        pending = self.current.pending_commands - sent
        self.current = replace(self.current, pending_commands=max(0, pending))
        return SyncReport(sent, sent, 0, 0, 0, max(0, pending))

    def parked(self) -> list[ParkedItem]:
        self._seen()
        return list(self.parked_items)

    def retry_parked(self, command_id: str) -> None:
        self._seen()
        self.retried.append(command_id)
        self.parked_items = [p for p in self.parked_items if p.command_id != command_id]

    def uploads(self) -> list[UploadState]:
        self._seen()
        return list(self.upload_items)

    def online_waiting(self) -> list[OnlineWaiting]:
        self._seen()
        return list(self.waiting)


@dataclass
class StandInScheduler:
    started: int = 0
    stopped: int = 0
    poked: int = 0

    def poke(self) -> None:
        self.poked += 1

    def start(self) -> None:
        self.started += 1

    def stop(self) -> None:
        self.stopped += 1


def parked_item(code: str, reason: str, held_back: int = 0, command_id: str = "c1") -> ParkedItem:
    return ParkedItem(
        command_id,
        code,
        "dossier.returned",
        datetime.now().astimezone(),
        reason,
        "detail",
        held_back,
    )
