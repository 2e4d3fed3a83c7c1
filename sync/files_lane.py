"""The files lane: the dossiers' scan files go to the centre by resumable upload (tus), on their
own lane so a 20 MB scan never delays a status change in the commands lane.

State lives in the store (``file_uploads``, one row per ``scan_files`` row): the upload URL, the
offset the server confirmed, attempts and the next attempt time. So an upload resumes after a
restart, at the offset the server reports (HEAD), never at one the client guessed. A file is done
only when the server confirmed its whole length (or held the content already at creation).
"""

from __future__ import annotations

import hashlib
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial
from pathlib import Path
from typing import Any, ClassVar

import httpx
import sqlalchemy as sa

from counter_app.i18n import _
from counter_app.ports import Progress
from counter_app.services.attachments import SCANS, data_dir
from counter_app.services.context import ServiceContext
from counter_app.store.schema import dossiers, file_uploads, scan_files
from sync import client_api
from sync.pacing import ChunkSizer, full_jitter
from sync.tus import (
    ChecksumMismatch,
    OffsetConflict,
    Transient,
    TusClient,
    TusError,
    Unauthorized,
    UploadGone,
)

#: Drops in a row (no byte confirmed in between) retried at once within one run before the lane
#: leaves the upload for a later run.
QUICK_RETRIES = 6
#: Damaged chunks (460) in a row before the lane gives the upload a rest.
CHECKSUM_RETRIES = 3
BACKOFF_BASE_S, BACKOFF_CAP_S = 5.0, 3600.0
QUICK_BASE_S, QUICK_CAP_S = 0.1, 2.0


@dataclass
class LaneStats:
    """What one lane object did (for tests and the benchmark)."""

    payload_sent: int = 0  # chunk bytes handed to the link
    confirmed: int = 0  # bytes the server confirmed
    drops: int = 0
    lost_in_flight: int = 0  # bytes of the chunks under way when the link dropped
    checksum_resends: int = 0
    created: int = 0
    known_at_creation: int = 0
    terminated: int = 0


@dataclass
class _Tries:
    """Failures in a row with no byte confirmed in between."""

    mark: int
    drops: int = 0
    damaged: int = 0

    def moved_to(self, offset: int) -> None:
        if offset > self.mark:
            self.mark, self.drops, self.damaged = offset, 0, 0


class _Stop(Exception):
    """Leave the run: the link is down or the device is not authorised."""


@dataclass
class _Upload:
    FIELDS: ClassVar[tuple[str, ...]] = (
        "scan_file_id", "sha256", "filename", "dossier_code", "url", "offset", "total", "attempts"
    )  # fmt: skip
    scan_file_id: str
    sha256: str
    filename: str
    dossier_code: str
    url: str | None
    offset: int
    total: int
    attempts: int


class FilesLane:
    def __init__(
        self,
        ctx: ServiceContext,
        client: httpx.Client,
        base_url: str,
        credentials: client_api.Credentials,
        *,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self._ctx = ctx
        self._credentials = credentials
        self.tus = TusClient(client, base_url, credentials.authorization)
        self._sleep = sleep
        self._rng = rng or random.Random()
        self.sizer = ChunkSizer()
        self.stats = LaneStats()

    # ------------------------------------------------------------------ what is waiting

    def pending_count(self) -> int:
        """Live scan files the centre has not yet confirmed whole."""
        with self._ctx.store.read() as tx:
            return int(tx.conn.execute(_pending(sa.func.count())).scalar_one())

    def uploads(self) -> list[client_api.UploadState]:
        """The live scan files not yet done, with the bytes the server confirmed (read only)."""
        with self._ctx.store.read() as tx:
            rows = tx.conn.execute(
                _pending(
                    scan_files.c.content_hash,
                    scan_files.c.item_code,
                    scan_files.c.size,
                    dossiers.c.code,
                    sa.func.coalesce(file_uploads.c.offset, 0),
                )
                .join(dossiers, dossiers.c.id == scan_files.c.dossier_id)
                .order_by(scan_files.c.created_at)
            ).all()
        return [
            client_api.UploadState(digest, f"{code}_{item}.pdf", code, sent, size)
            for digest, item, size, code, sent in rows
        ]

    # ------------------------------------------------------------------ the run

    def run(self, progress: Progress | None = None) -> int:
        """Upload every due file; the number of files the centre now holds whole. Failures are
        recorded (attempts, next attempt time) and left for a later run."""
        self._enqueue()
        self._terminate_abandoned()
        due = self._due()
        if progress is not None:
            progress.start(sum(u.total - u.offset for u in due), _("Uploading scanned files"))
        done = 0
        for upload in due:
            if progress is not None:
                progress.check()
            try:
                done += self._upload(upload, progress)
            except _Stop:
                break
        return done

    def _enqueue(self) -> None:
        """A ``file_uploads`` row for every live scan file without one."""
        now = self._now()
        without_row = _pending(sa.func.count()).where(file_uploads.c.scan_file_id.is_(None))
        with self._ctx.store.read() as tx:
            if not tx.conn.execute(without_row).scalar_one():
                return  # nothing new: no write transaction
        with self._ctx.store.write() as tx:
            rows = tx.conn.execute(
                sa.select(
                    scan_files.c.id,
                    scan_files.c.content_hash,
                    scan_files.c.size,
                    scan_files.c.item_code,
                    dossiers.c.code,
                )
                .join(dossiers, dossiers.c.id == scan_files.c.dossier_id)
                .outerjoin(file_uploads, file_uploads.c.scan_file_id == scan_files.c.id)
                .where(scan_files.c.deleted_at.is_(None), file_uploads.c.scan_file_id.is_(None))
                .order_by(scan_files.c.created_at)
            ).all()
            for row in rows:
                tx.conn.execute(
                    file_uploads.insert().values(
                        scan_file_id=row.id,
                        sha256=row.content_hash,
                        filename=f"{row.code}_{row.item_code}.pdf",
                        dossier_code=row.code,
                        total=row.size,
                        updated_at=now,
                    )
                )

    def _terminate_abandoned(self) -> None:
        """Uploads of scans deleted before they were done: DELETE at the centre, then forget."""
        with self._ctx.store.read() as tx:
            rows = tx.conn.execute(
                sa.select(file_uploads.c.scan_file_id, file_uploads.c.url)
                .join(scan_files, scan_files.c.id == file_uploads.c.scan_file_id)
                .where(scan_files.c.deleted_at.is_not(None), file_uploads.c.done_at.is_(None))
            ).all()
        for scan_file_id, url in rows:
            if url:
                try:
                    self._with_auth(partial(self.tus.terminate, url))
                except (TusError, _Stop):
                    continue  # tried again next run
                self.stats.terminated += 1
            with self._ctx.store.write() as tx:
                tx.conn.execute(
                    file_uploads.delete().where(file_uploads.c.scan_file_id == scan_file_id)
                )

    def _due(self) -> list[_Upload]:
        now = self._now()
        with self._ctx.store.read() as tx:
            rows = tx.conn.execute(
                sa.select(file_uploads)
                .join(scan_files, scan_files.c.id == file_uploads.c.scan_file_id)
                .where(
                    file_uploads.c.done_at.is_(None),
                    scan_files.c.deleted_at.is_(None),
                    sa.or_(
                        file_uploads.c.next_attempt_at.is_(None),
                        file_uploads.c.next_attempt_at <= now,
                    ),
                )
                .order_by(scan_files.c.created_at)
            ).all()
        return [_Upload(**{f: getattr(r, f) for f in _Upload.FIELDS}) for r in rows]

    # ------------------------------------------------------------------ one file

    def _upload(self, upload: _Upload, progress: Progress | None) -> int:
        path = data_dir(self._ctx.store) / SCANS / upload.sha256[:2] / f"{upload.sha256}.pdf"
        problem = _local_problem(path, upload)
        if problem:
            self._failed(upload, problem, None)
            return 0
        tries = _Tries(upload.offset)
        ask_offset = upload.url is not None
        while True:
            tries.moved_to(upload.offset)
            try:
                if self._step(upload, path, progress, ask_offset):
                    return 1
                ask_offset = False  # the last PATCH's answer is the server's offset
                continue
            except TusError as exc:
                outcome = self._after(exc, upload, tries)
            if outcome is not None:
                return outcome
            ask_offset = upload.url is not None

    def _step(self, upload: _Upload, path: Path, progress: Progress | None, ask: bool) -> bool:
        """Create or ask the offset, then send to the end; True once the server holds it whole."""
        if upload.url is None:
            self._create(upload)
        elif ask:
            upload.offset = self._with_auth(lambda: self.tus.offset(str(upload.url), upload.total))
        if upload.offset < upload.total:
            self._send(upload, path, progress)
            return False
        self._done(upload)
        return True

    def _after(self, exc: TusError, upload: _Upload, tries: _Tries) -> int | None:
        """What to do after a failed call: None to try again now, else the result (0)."""
        if isinstance(exc, Transient):
            tries.drops += 1
            self.stats.drops += 1
            if tries.drops > QUICK_RETRIES:
                self._failed(upload, "upload_link_down", exc.retry_after)
                raise _Stop from exc
            if tries.drops > 1:  # the first try again at once: a dropped link often comes back
                self._sleep(full_jitter(tries.drops - 1, QUICK_BASE_S, QUICK_CAP_S, self._rng))
            return None
        if isinstance(exc, ChecksumMismatch):
            tries.damaged += 1
            self.stats.checksum_resends += 1
            if tries.damaged > CHECKSUM_RETRIES:
                self._failed(upload, "upload_chunk_damaged", None)
                return 0
            return None
        if isinstance(exc, OffsetConflict):
            return None
        if isinstance(exc, UploadGone):
            upload.url, upload.offset = None, 0
            self._save(upload)
            return None
        self._failed(upload, exc.code or "upload_refused", None)
        return 0

    def _create(self, upload: _Upload) -> None:
        metadata = {
            "sha256": upload.sha256,
            "filename": upload.filename,
            "dossier_code": upload.dossier_code,
        }
        created = self._with_auth(lambda: self.tus.create(upload.total, metadata))
        self.stats.created += 1
        if created.offset == upload.total:
            self.stats.known_at_creation += 1
        upload.url, upload.offset = created.url, created.offset
        self._save(upload)

    def _send(self, upload: _Upload, path: Path, progress: Progress | None) -> None:
        """PATCH chunks from the server's offset until the end, saving each confirmed offset."""
        url = str(upload.url)
        with open(path, "rb") as handle:
            while upload.offset < upload.total:
                if progress is not None:
                    progress.check()
                handle.seek(upload.offset)
                chunk = handle.read(min(self.sizer.size, upload.total - upload.offset))
                started = time.monotonic()
                try:
                    self.stats.payload_sent += len(chunk)
                    new_offset = self._with_auth(partial(self.tus.patch, url, upload.offset, chunk))
                except Transient:
                    self.stats.lost_in_flight += len(chunk)
                    self.sizer.dropped(len(chunk))
                    raise
                gained = new_offset - upload.offset
                self.sizer.confirmed(len(chunk), time.monotonic() - started)
                self.stats.confirmed += gained
                upload.offset, upload.attempts = new_offset, 0
                self._save(upload)
                if progress is not None:
                    progress.advance(gained)

    def _with_auth(self, call: Callable[[], Any]) -> Any:
        """``call()``; after a 401, renew the device's credentials and try once more."""
        try:
            return call()
        except Unauthorized:
            self._credentials.renew()
        try:
            return call()
        except Unauthorized as exc:
            raise _Stop from exc

    # ------------------------------------------------------------------ the row

    def _now(self) -> str:
        return self._ctx.clock.now().isoformat()

    def _save(self, upload: _Upload, **values: Any) -> None:
        with self._ctx.store.write() as tx:
            tx.conn.execute(
                file_uploads.update()
                .where(file_uploads.c.scan_file_id == upload.scan_file_id)
                .values(
                    url=upload.url,
                    offset=upload.offset,
                    attempts=upload.attempts,
                    updated_at=self._now(),
                    **values,
                )
            )

    def _done(self, upload: _Upload) -> None:
        """Only after the server confirmed the whole length."""
        assert upload.offset == upload.total
        self._save(upload, done_at=self._now(), next_attempt_at=None, last_error=None)

    def _failed(self, upload: _Upload, code: str, retry_after: float | None) -> None:
        upload.attempts += 1
        delay = full_jitter(
            upload.attempts, BACKOFF_BASE_S, BACKOFF_CAP_S, self._rng, retry_after or 0.0
        )
        at = (self._ctx.clock.now() + timedelta(seconds=delay)).isoformat()
        self._save(upload, next_attempt_at=at, last_error=code)


def _pending(*columns: Any) -> sa.Select[Any]:
    return (
        sa.select(*columns)
        .select_from(scan_files)
        .outerjoin(file_uploads, file_uploads.c.scan_file_id == scan_files.c.id)
        .where(scan_files.c.deleted_at.is_(None), file_uploads.c.done_at.is_(None))
    )


def _local_problem(path: Path, upload: _Upload) -> str | None:
    """The local file must exist and still hash to its name (never upload damaged content)."""
    if not path.is_file():
        return "scan_file_missing"
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != upload.sha256 or path.stat().st_size != upload.total:
        return "scan_file_damaged"
    return None
