"""Sync on its own, in a background thread (Qt-free; the window starts it and shows reports).

A round runs on a timer (``interval_s``), when asked (:meth:`SyncScheduler.poke`: "sync now", or
a local change), and when the link returns: while the centre cannot be reached the scheduler
probes ``/health`` with full-jitter backoff and starts a round as soon as the centre answers,
never waiting for the next local change. The next attempt time after a failure is the one the
engine stored, so a restart keeps the backoff. A refusal (clock, agency, registration) stops
the rounds until :meth:`poke`.

The files (tus uploads of scans) run on a second thread, after each good round and on the same
timer, so a 20 MB scan crawling up a slow link never holds back a status change: the commands
thread keeps its own rounds meanwhile.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from datetime import datetime

from counter_app.domain.errors import DomainError
from counter_app.ports import Clock
from counter_app.services.central_link import load_link
from sync.backoff import Backoff
from sync.client_api import SyncReport
from sync.engine import LINK_TROUBLE, SyncEngine
from sync.errors import REFUSALS

log = logging.getLogger(__name__)

INTERVAL_S = 60.0
PROBE_BACKOFF = Backoff(base_s=2.0, cap_s=120.0)


class SyncScheduler:
    def __init__(
        self,
        engine: SyncEngine,
        *,
        interval_s: float = INTERVAL_S,
        probe_backoff: Backoff = PROBE_BACKOFF,
        on_report: Callable[[SyncReport], None] | None = None,
        on_error: Callable[[DomainError], None] | None = None,
    ) -> None:
        self.engine = engine
        self.interval_s = interval_s
        self.probe_backoff = probe_backoff
        self.on_report = on_report
        self.on_error = on_error
        self.rounds = 0
        self.probes = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self.file_rounds = 0
        self._thread = threading.Thread(target=self._run, name="sync-scheduler", daemon=True)
        self._files_wake = threading.Event()
        self._files_thread = threading.Thread(
            target=self._run_files, name="sync-files", daemon=True
        )

    @property
    def clock(self) -> Clock:
        return self.engine.ctx.clock

    def start(self) -> None:
        self._thread.start()
        self._files_thread.start()

    def stop(self, timeout: float = 10.0) -> None:
        self._stop.set()
        self._wake.set()
        self._files_wake.set()
        for thread in (self._thread, self._files_thread):
            if thread.is_alive():
                thread.join(timeout)

    def poke(self) -> None:
        """Sync now (a local change, or the user's "sync now")."""
        self._wake.set()

    # ------------------------------------------------------------------ the thread
    def _run(self) -> None:
        while not self._stop.is_set():
            outcome = self._round()
            if outcome == "offline":
                self._wait_for_link()
            elif outcome == "refused":
                self._sleep(None)  # until poked
            else:
                self._sleep(self.interval_s)

    def _round(self) -> str:
        self.rounds += 1
        try:
            report = self.engine.sync_commands()
        except LINK_TROUBLE as err:
            self._tell(err)
            return "offline"
        except DomainError as err:
            self._tell(err)
            return "refused" if err.code in REFUSALS else "offline"
        except Exception:  # a bug must not kill the thread: logged, retried later
            log.exception("sync round failed")
            return "offline"
        self._files_wake.set()  # the link is good: the files lane may go
        if self.on_report is not None:
            self.on_report(report)
        return "ok"

    def _run_files(self) -> None:
        """The files lane: after each good commands round (or on the timer), upload what is due;
        its failures are kept per file (attempts, next attempt time) by the lane itself."""
        while not self._stop.is_set():
            self._files_wake.wait(self.interval_s)
            self._files_wake.clear()
            if self._stop.is_set():
                return
            self.file_rounds += 1
            try:
                self.engine.sync_files()
            except DomainError as err:
                log.info("files round: %s", err.code)
            except Exception:  # a bug must not kill the thread: logged, retried later
                log.exception("files round failed")

    def _wait_for_link(self) -> None:
        """Probe with backoff until the centre answers (or a poke/stop), honouring the next
        attempt time the engine stored."""
        attempt = 0
        while not self._stop.is_set():
            attempt += 1
            wait = max(self._stored_wait(), self.probe_backoff.delay(attempt))
            if self._sleep(wait):
                return  # poked: try a full round now
            self.probes += 1
            try:
                if self.engine.probe():
                    return
            except DomainError:
                return

    def _stored_wait(self) -> float:
        link = load_link(self.engine.ctx.store)
        next_at: datetime | None = link.next_attempt_at if link else None
        if next_at is None:
            return 0.0
        return max(0.0, (next_at - self.clock.now()).total_seconds())

    def _sleep(self, seconds: float | None) -> bool:
        """Wait; True when woken by :meth:`poke` (or stop)."""
        woken = self._wake.wait(seconds)
        self._wake.clear()
        return woken

    def _tell(self, err: DomainError) -> None:
        log.info("sync round: %s", err.code)
        if self.on_error is not None:
            self.on_error(err)
