"""The scanning room as the scan dialog sees it (``ui.session.Scanner``), made only by the
composition root: the window never imports ``scanning``.

Every page is kept on disk in a scan session as it arrives (``scanning.session``), and in memory
for the dialog under a key; a thumbnail and the blank flag go to the dialog at once. Saving builds
one PDF/A per document item with the item's profile (named by the procedure's catalogue) and
attaches it through the core service.

Interrupted sessions: each session folder records the dossier it was opened for and how many of
its pages were saved; one killed mid-batch (power cut, crash) still holds its pages, and
``start(dossier_code)`` lists them so the dialog can offer to continue (``resume``) or discard.
"""

from __future__ import annotations

import io
import itertools
import logging
import shutil
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PIL import Image

from counter_app.domain.errors import DomainError, NotFoundError
from counter_app.ports import Progress
from counter_app.services import attachments
from counter_app.services.context import ServiceContext
from scanning import analysis, facade, ocr
from scanning.backend import ScannerBackend
from scanning.files import FileImport
from scanning.model import ScanSettings
from scanning.ocr import OcrQueue
from scanning.pdfa import build_pdfa
from scanning.pipeline import process
from scanning.profiles import Profile, profile_named
from scanning.session import MANIFEST, ScanSession, scan_into

if TYPE_CHECKING:  # pyHanko is loaded only where something is signed
    from counter_app.signing_adapter import OfficerSigning
    from scanning.signing import ItemSigner

log = logging.getLogger(__name__)
THUMB_SIZE = (150, 212)
BLANK_CHECK_DPI = 50


@dataclass(frozen=True)
class Preview:
    """Structurally a ``ui.session.PagePreview`` (the core does not import ``ui``)."""

    key: int
    thumbnail: bytes
    blank: bool = False


@dataclass(frozen=True)
class ItemProfile:
    """Structurally a ``ui.session.ScanProfileView``: what the dialog preselects for an item."""

    key: str
    label: str
    dpi: int
    mode: str


@dataclass(frozen=True)
class PendingSession:
    """Structurally a ``ui.session.InterruptedScan``: a session with pages not yet saved."""

    id: str
    pages: int
    started: str  # ISO time the session was opened


def thumbnail(image: Image.Image) -> bytes:
    small = image.convert("RGB") if image.mode not in ("RGB", "L") else image.copy()
    small.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    small.save(out, "PNG")
    return out.getvalue()


def looks_blank(image: Image.Image, dpi: int) -> bool:
    factor = max(1, round(dpi / BLANK_CHECK_DPI))
    gray = image.convert("L")
    small = gray.reduce(factor) if factor > 1 else gray
    return analysis.is_blank(analysis.ink_mask(np.asarray(small)))


class ScanAdapter:
    def __init__(
        self,
        ctx: ServiceContext,
        data_dir: Path,
        backend: Callable[[], ScannerBackend] = facade.default_backend,
        item_profiles: dict[str, str] | None = None,
        text_layer: bool = False,
        signer: Callable[[str], ItemSigner | None] | None = None,
        signing: OfficerSigning | None = None,
    ) -> None:
        self.ctx, self.data_dir, self._backend = ctx, data_dir, backend
        #: add the Vietnamese OCR layer in the background after each save (when Tesseract is here)
        self.text_layer = text_layer
        self._ocr: OcrQueue | None = None
        #: the officer's settings, passphrase/PIN and kept signer (the window's ``Signing``)
        self.signing = signing
        #: officer → their signature for saved files (None: not signed)
        self.signer = signer or (signing.signer_for if signing else lambda _officer: None)
        #: item code → profile key, over what the catalogue says (for tests and the CLI)
        self.item_overrides = dict(item_profiles or {})
        self._pages: dict[int, tuple[Image.Image, int]] = {}
        self._keys = itertools.count(1)  # page keys, unique across the open dialogs
        self._lock = threading.Lock()
        #: per dossier (each dossier window may have its scan dialog open): its session, its pages
        self._sessions: dict[str, ScanSession] = {}
        self._batch_keys: dict[str, list[int]] = {}

    def devices(self) -> Sequence[str]:
        return [d.name for d in self._backend().devices()]

    # ------------------------------------------------------------------ profiles

    def _profile(self, dossier_code: str, item_code: str) -> Profile:
        key = self.item_overrides.get(item_code)
        if key is None:
            key = attachments.item_scan_profile(self.ctx, dossier_code, item_code)
        return profile_named(key)

    def item_profiles(self, dossier_code: str, item_codes: Sequence[str]) -> dict[str, ItemProfile]:
        """The profile of each item, as the procedure's catalogue names it (read lane)."""
        found = {}
        for code in item_codes:
            p = self._profile(dossier_code, code)
            found[code] = ItemProfile(p.key, p.label, p.dpi, str(p.scan_mode))
        return found

    # ------------------------------------------------------------------ sessions

    @property
    def sessions_dir(self) -> Path:
        return self.data_dir / facade.SESSIONS

    def start(self, dossier_code: str) -> list[PendingSession]:
        """A fresh batch for ``dossier_code``; the interrupted sessions of that dossier (pages
        kept on disk and not all saved), newest first. Sessions whose pages were all saved are
        deleted (their pages are in the dossier's files; the raw scans need not linger)."""
        with self._lock:
            for key in self._batch_keys.pop(dossier_code, []):
                self._pages.pop(key, None)
            self._sessions.pop(dossier_code, None)
            in_use = {s.folder for s in self._sessions.values()}
        pending = []
        for folder in sorted(p.parent for p in self.sessions_dir.glob(f"*/{MANIFEST}")):
            if folder in in_use:
                continue
            try:
                session = ScanSession.open(folder)
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a session folder cut short before its first manifest
            pages, saved = len(session.pages), int(session.meta.get("saved", 0))
            if pages and saved >= pages:
                shutil.rmtree(folder, ignore_errors=True)
            elif session.meta.get("dossier") == dossier_code and pages > saved:
                started = str(session.meta.get("started", ""))
                pending.append(PendingSession(folder.name, pages, started))
        return sorted(pending, key=lambda p: p.started, reverse=True)

    def _folder(self, session_id: str) -> Path:
        folder = self.sessions_dir / Path(session_id).name
        if not (folder / MANIFEST).is_file():
            raise NotFoundError("scan_session_not_found", session=session_id)
        return folder

    def resume(
        self, dossier_code: str, session_id: str, on_page: Callable[[Preview], object]
    ) -> int:
        """Continue an interrupted session: its pages come back to the dialog (and later scans
        add to it); the number of pages."""
        session = ScanSession.open(self._folder(session_id))
        with self._lock:
            self._sessions[dossier_code] = session
        for page, image in session.images():
            self._keep(dossier_code, image, page.dpi, on_page)
        return len(session.pages)

    def discard(self, session_id: str) -> None:
        """The officer chose not to continue it: its pages are deleted."""
        shutil.rmtree(self._folder(session_id))

    def session(self, dossier_code: str) -> ScanSession:
        with self._lock:
            session = self._sessions.get(dossier_code)
            if session is None:
                started = self.ctx.clock.now().isoformat()
                session = ScanSession.create(
                    self.sessions_dir / uuid.uuid4().hex, dossier=dossier_code, started=started
                )
                self._sessions[dossier_code] = session
            return session

    def _keep(
        self,
        dossier_code: str,
        image: Image.Image,
        dpi: int,
        on_page: Callable[[Preview], object],
    ) -> None:
        with self._lock:
            key = next(self._keys)
            self._pages[key] = (image, dpi)
            self._batch_keys.setdefault(dossier_code, []).append(key)
        on_page(Preview(key, thumbnail(image), looks_blank(image, dpi)))

    def _run(
        self,
        dossier_code: str,
        backend: ScannerBackend,
        device: str,
        settings: ScanSettings,
        progress: Progress,
        on_page: Callable[[Preview], object],
    ) -> int:
        return scan_into(
            self.session(dossier_code),
            backend,
            device,
            settings,
            progress,
            on_page=lambda image, dpi: self._keep(dossier_code, image, dpi, on_page),
        )

    def scan(
        self,
        dossier_code: str,
        device: str,
        source: str,
        dpi: int,
        mode: str,
        progress: Progress,
        on_page: Callable[[Preview], object],
    ) -> int:
        settings = facade.settings_from(source, dpi, mode)
        return self._run(dossier_code, self._backend(), device, settings, progress, on_page)

    def import_files(
        self,
        dossier_code: str,
        files: Sequence[Path],
        dpi: int,
        progress: Progress,
        on_page: Callable[[Preview], object],
    ) -> int:
        settings = facade.settings_from("flatbed", dpi, "gray")
        return self._run(dossier_code, FileImport(files), "files", settings, progress, on_page)

    def save_item(
        self,
        dossier_code: str,
        item_code: str,
        pages: Sequence[tuple[int, int]],
        officer: str,
        sign: bool = True,
    ) -> int:
        """One PDF/A for the item (pages in the given order, each turned by its rotation),
        attached to the dossier; the number of pages. Signed by ``officer`` when they set up
        signing, unless ``sign`` is False (they chose "Save without signature"); a signature
        that cannot be made stops the save before anything is attached (the pages stay)."""
        if not pages:
            return 0
        attachments.check_item(self.ctx, dossier_code, item_code)
        signer = self.signer(officer) if sign else None
        profile = self._profile(dossier_code, item_code)
        processed = []
        for key, rotation in pages:
            image, dpi = self._pages[key]
            turned = image.rotate(-rotation, expand=True) if rotation % 360 else image
            processed.append(process(turned, dpi, profile))
        meta = facade.item_meta(dossier_code, item_code, officer, self.ctx.clock.now())
        pdf = build_pdfa(processed, meta)
        folder = self.session(dossier_code).folder
        outcome = facade.ScanOutcome(len(processed), (), len(pdf), folder, pdf, tuple(processed))
        try:
            facade.attach_with_text_layer(
                self.ctx,
                dossier_code,
                item_code,
                outcome,
                officer,
                self._ocr_queue(),
                self._ocr_failed,
                signer,
            )
        except DomainError as err:
            if signer is not None and self.signing is not None:
                self.signing.failed(officer, err)
            raise
        self._mark_saved(dossier_code)
        return len(processed)

    def _ocr_queue(self) -> OcrQueue | None:
        if self.text_layer and self._ocr is None and ocr.available():
            self._ocr = ocr.OcrQueue()
        return self._ocr

    @staticmethod
    def _ocr_failed(exc: BaseException) -> None:
        """The first file stays attached; the officer loses nothing but the search text."""
        log.warning("text layer not added: %s", getattr(exc, "code", type(exc).__name__))

    def wait_text_layers(self) -> None:
        """Wait for the background OCR of every file saved so far (tests, closing the window)."""
        if self._ocr is not None:
            self._ocr.join()

    def _mark_saved(self, dossier_code: str) -> None:
        """Once pages are saved to the dossier, the session is no longer 'interrupted'."""
        with self._lock:
            session = self._sessions.get(dossier_code)
        if session is not None:
            session.meta["saved"] = len(session.pages)
            session.save()
