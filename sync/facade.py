"""``open_sync(ctx)``: what the window and the CLI use (:class:`sync.client_api.SyncService`).

A demo store reports ``DEMO`` and never syncs; a store that has not joined a centre reports
``NOT_REGISTERED``; otherwise the state comes from the last round recorded in the store.
"""

from __future__ import annotations

import httpx

from counter_app.domain.errors import ConflictError
from counter_app.ports import Progress
from counter_app.services import central_changes
from counter_app.services.central_link import LinkRecord, load_link
from counter_app.services.context import ServiceContext
from counter_app.store.sync_repo import SyncQueue
from sync.client_api import (
    LinkState,
    OnlineWaiting,
    ParkedItem,
    SyncReport,
    SyncService,
    SyncStatus,
    UploadState,
)
from sync.engine import LINK_TROUBLE, SyncEngine, files_lane
from sync.errors import REFUSALS
from sync.files_lane import FilesLane
from sync.registration import register

_OFFLINE_CODES = {cls.code for cls in LINK_TROUBLE}


class EngineService:
    """Implements :class:`SyncService` over :class:`SyncEngine` (Qt-free; call it from a worker
    lane, never the GUI thread)."""

    def __init__(self, ctx: ServiceContext, client: httpx.Client | None = None) -> None:
        self.ctx = ctx
        self.engine = SyncEngine(ctx, client)

    def close(self) -> None:
        self.engine.close()

    def status(self) -> SyncStatus:
        pending, parked = self.engine.counts()
        link = load_link(self.ctx.store)
        state, problem = self._state(link)
        return SyncStatus(
            state=state,
            pending_commands=pending,
            pending_files=self._pending_files(link),
            parked=parked,
            online_waiting=len(central_changes.waiting_online(self.ctx)),
            last_success_at=link.last_success_at if link else None,
            problem_code=problem,
            clock_skew_s=link.clock_skew_s if link else None,
        )

    def _state(self, link: LinkRecord | None) -> tuple[LinkState, str | None]:
        if self.ctx.store.is_demo():
            return LinkState.DEMO, None
        if link is None:
            return LinkState.NOT_REGISTERED, None
        if link.problem_code in REFUSALS:
            return LinkState.REFUSED, link.problem_code
        if link.problem_code is not None:
            return LinkState.OFFLINE, link.problem_code
        if link.last_success_at is None:
            return LinkState.OFFLINE, None
        return LinkState.ONLINE, None

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        return self.engine.sync_once(progress)

    def parked(self) -> list[ParkedItem]:
        with self.ctx.store.read() as tx:
            rows = SyncQueue(tx.conn).parked()
        return [
            ParkedItem(r.id, r.dossier_code, r.event, r.parked_at, r.code, r.reason, r.held_back)
            for r in rows
        ]

    def retry_parked(self, command_id: str) -> None:
        """Put a parked command back in the queue (after staff fixed the cause); it and the
        commands held behind it go at the next round."""
        with self.ctx.store.write() as tx:
            if not SyncQueue(tx.conn).unpark(command_id):
                raise ConflictError("conflict")

    def uploads(self) -> list[UploadState]:
        lane = self._files_lane()
        return lane.uploads() if lane is not None else []

    def online_waiting(self) -> list[OnlineWaiting]:
        return [
            OnlineWaiting(
                w.dossier_code, w.procedure_code, w.applicant_name, w.submitted_at, w.acceptance_due
            )
            for w in central_changes.waiting_online(self.ctx)
        ]

    def _files_lane(self) -> FilesLane | None:
        link = load_link(self.ctx.store)
        if link is None or self.ctx.store.is_demo():
            return None
        return files_lane(
            self.ctx, self.engine.client, link.server_url, self.engine.credentials(link)
        )

    def _pending_files(self, link: LinkRecord | None) -> int:
        lane = self._files_lane() if link is not None else None
        return lane.pending_count() if lane is not None else 0


def open_sync(ctx: ServiceContext, client: httpx.Client | None = None) -> SyncService:
    return EngineService(ctx, client)


def stored_password(username: str) -> str | None:
    """A staff member's password kept in the OS keyring (``counter-app`` / ``staff:<user>``),
    so ``register`` can run without a terminal."""
    from sync.credentials import read_secret

    return read_secret(f"staff:{username}")


__all__ = ["REFUSALS", "EngineService", "LinkState", "open_sync", "register", "stored_password"]
