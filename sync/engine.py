"""One sync round: check the link (clock, agency), push the commands, pull the centre's changes;
the files go in a lane of their own (:meth:`SyncEngine.sync_files`, on the scheduler's second
thread), so a large scan never delays a status change.

Refusals (a demo store, no registration, another agency, a clock more than 5 minutes off the
centre's, a device the centre does not know) stop the round before anything is pushed and are
recorded as the link's problem; trouble on the link is recorded with the next attempt time
(full-jitter backoff, or the centre's ``Retry-After``) in the store, so a restart goes on from it.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import replace
from typing import Any

import httpx

from counter_app.domain.errors import ConflictError, DomainError
from counter_app.ports import Progress
from counter_app.services.central_link import LinkRecord, load_link, save_link_state
from counter_app.services.context import ServiceContext
from counter_app.services.store_identity import require_real
from counter_app.store.sync_repo import SyncQueue
from sync.backoff import Backoff
from sync.changes_lane import pull_changes
from sync.client_api import SyncReport
from sync.credentials import DeviceCredentials
from sync.errors import (
    AgencyMismatch,
    CentralReplyInvalid,
    CentralUnavailable,
    CentralUnreachable,
    ClockSkew,
)
from sync.files_lane import FilesLane
from sync.outbox_lane import OutboxLane, stamp_failure
from sync.protocol import MAX_BATCH, MAX_CLOCK_SKEW_S, Health
from sync.reference_lane import pull_reference
from sync.transport import Transport

log = logging.getLogger(__name__)
LINK_TROUBLE = (CentralUnreachable, CentralUnavailable, CentralReplyInvalid)
LINK_BACKOFF = Backoff()


def require_link(ctx: ServiceContext) -> LinkRecord:
    """The link of a real store registered with a centre serving this store's agency."""
    require_real(ctx.store)  # a demo store (or one init never claimed) never syncs
    link = load_link(ctx.store)
    if link is None:
        raise ConflictError("sync_not_registered")
    if link.agency_id != ctx.agency_code:
        raise AgencyMismatch(
            server=link.server_url, store_agency=ctx.agency_code, server_agencies=link.agency_id
        )
    return link


def check_health(ctx: ServiceContext, transport: Transport, server: str) -> float:
    """The centre's health: refused when the clocks differ by more than 5 minutes or the centre
    does not serve this agency; returns the skew (device minus centre, seconds)."""
    health = transport.get("/health", Health)
    skew = (ctx.clock.now() - health.server_time).total_seconds()
    if abs(skew) > MAX_CLOCK_SKEW_S:
        raise ClockSkew(skew_min=round(skew / 60), skew_s=round(skew))
    if ctx.agency_code not in health.agency_ids:
        raise AgencyMismatch(
            server=server,
            store_agency=ctx.agency_code,
            server_agencies=", ".join(health.agency_ids) or "—",
        )
    return skew


class SyncEngine:
    def __init__(
        self,
        ctx: ServiceContext,
        client: httpx.Client | None = None,
        *,
        sleep: Callable[[float], None] | None = None,
        batch_size: int = MAX_BATCH,
    ) -> None:
        self.ctx = ctx
        self.client = client or httpx.Client()
        self.batch_size = batch_size
        self._sleep = sleep
        self._transport: Transport | None = None
        self._credentials: DeviceCredentials | None = None
        #: One round at a time (the scheduler's thread and the window's "sync now" share it).
        self._round = threading.Lock()
        #: The files lane's own lock: an upload never holds a commands round back.
        self._files_round = threading.Lock()

    def close(self) -> None:
        self.client.close()

    def transport(self, link: LinkRecord) -> Transport:
        if self._transport is None or self._transport.base_url != link.server_url.rstrip("/"):
            extra: dict[str, Any] = {"sleep": self._sleep} if self._sleep else {}
            self._transport = Transport(self.client, link.server_url, self.ctx.clock, **extra)
            self._credentials = None
        return self._transport

    def credentials(self, link: LinkRecord) -> DeviceCredentials:
        transport = self.transport(link)
        if self._credentials is None or self._credentials.device_id != link.device_id:
            self._credentials = DeviceCredentials(transport, link.device_id)
        return self._credentials

    def probe(self) -> bool:
        """Is the centre answering? (one cheap request, no retries; for the scheduler)"""
        link = require_link(self.ctx)
        transport = Transport(self.client, link.server_url, self.ctx.clock, tries=1)
        try:
            transport.get("/health", Health)
        except LINK_TROUBLE:
            return False
        return True

    def sync_once(self, progress: Progress | None = None) -> SyncReport:
        """A whole round: the commands and changes, then the files (``counter-app sync``, the
        window's "sync now")."""
        report = self.sync_commands(progress)
        files = self.sync_files(progress)
        remaining, _parked = self.counts()
        return replace(report, files_uploaded=files, remaining=remaining)

    def sync_commands(self, progress: Progress | None = None) -> SyncReport:
        """The link checks, the commands pushed and the centre's changes pulled — never held up
        by a file upload (the scheduler runs :meth:`sync_files` on a thread of its own)."""
        with self._round:
            return self._sync_once(progress)

    def sync_files(self, progress: Progress | None = None) -> int:
        """The files lane alone (tus uploads); one file round at a time."""
        link = require_link(self.ctx)
        credentials = self.credentials(link)
        with self._files_round:
            return self._files(link, credentials, progress)

    def files_busy(self) -> bool:
        """Is a files round running now?"""
        return self._files_round.locked()

    def _sync_once(self, progress: Progress | None) -> SyncReport:
        link = require_link(self.ctx)
        transport = self.transport(link)
        credentials = self.credentials(link)
        lane = OutboxLane(self.ctx, transport, credentials, link, self.batch_size)
        save_link_state(self.ctx.store, last_attempt_at=self.ctx.clock.now())
        try:
            skew = check_health(self.ctx, transport, link.server_url)
            save_link_state(self.ctx.store, clock_skew_s=skew)
            pushed = lane.run(progress)
            changes = pull_changes(self.ctx, transport, credentials, progress)
            pull_reference(self.ctx, transport, credentials, progress)
        except LINK_TROUBLE as err:
            self._link_failed(link, err, lane.outcome.in_flight)
            raise
        except DomainError as err:
            skew_s = err.params.get("skew_s") if isinstance(err, ClockSkew) else None
            extra = {"clock_skew_s": float(skew_s)} if skew_s is not None else {}
            save_link_state(self.ctx.store, problem_code=err.code, **extra)
            raise
        now = self.ctx.clock.now()
        save_link_state(
            self.ctx.store, last_success_at=now, attempts=0, next_attempt_at=None, problem_code=None
        )
        remaining, _parked = self.counts()
        return SyncReport(
            sent=pushed.sent,
            acknowledged=pushed.acknowledged,
            parked=pushed.parked,
            files_uploaded=0,
            changes_applied=changes,
            remaining=remaining,
        )

    def counts(self) -> tuple[int, int]:
        with self.ctx.store.read() as tx:
            return SyncQueue(tx.conn).counts()

    def _link_failed(self, link: LinkRecord, err: DomainError, in_flight: list[str]) -> None:
        current = load_link(self.ctx.store) or link
        attempts = current.attempts + 1
        retry_after = err.retry_after if isinstance(err, CentralUnavailable) else None
        next_at = LINK_BACKOFF.next_time(self.ctx.clock.now(), attempts, retry_after)
        save_link_state(
            self.ctx.store, attempts=attempts, next_attempt_at=next_at, problem_code=err.code
        )
        stamp_failure(self.ctx, in_flight, err.code, next_at)
        log.info("sync failed (%s), attempt %d; next at %s", err.code, attempts, next_at)

    def _files(
        self, link: LinkRecord, credentials: DeviceCredentials, progress: Progress | None
    ) -> int:
        """The files lane (tus, ``sync/files_lane.py``), after the commands and the changes, so
        a large scan never holds them up."""
        lane = files_lane(self.ctx, self.client, link.server_url, credentials)
        return lane.run(progress) if lane is not None else 0


def files_lane(
    ctx: ServiceContext, client: httpx.Client, base_url: str, credentials: DeviceCredentials
) -> FilesLane | None:
    """The files lane of this round (``None``: no files lane, e.g. a test running it beside)."""
    return FilesLane(ctx, client, base_url, credentials)
