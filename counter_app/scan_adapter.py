"""The scanning room as the scan dialog sees it (``ui.session.Scanner``), made only by the
composition root: the window never imports ``scanning``.

Every page is kept on disk in a scan session as it arrives (``scanning.session``), and in memory
for the dialog under a key; a thumbnail and the blank flag go to the dialog at once. Saving builds
one PDF/A per document item with the item's profile and attaches it through the core service.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image

from counter_app.ports import Progress
from counter_app.services import attachments
from counter_app.services.context import ServiceContext
from scanning import analysis, facade
from scanning.backend import ScannerBackend
from scanning.files import FileImport
from scanning.model import ScanSettings
from scanning.pdfa import build_pdfa
from scanning.pipeline import process
from scanning.profiles import profile_for_item
from scanning.session import ScanSession, scan_into

THUMB_SIZE = (150, 212)
BLANK_CHECK_DPI = 50


@dataclass(frozen=True)
class Preview:
    """Structurally a ``ui.session.PagePreview`` (the core does not import ``ui``)."""

    key: int
    thumbnail: bytes
    blank: bool = False


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
    ) -> None:
        self.ctx, self.data_dir, self._backend = ctx, data_dir, backend
        self.item_profiles = dict(item_profiles or {})
        self._pages: dict[int, tuple[Image.Image, int]] = {}
        self._lock = threading.Lock()
        self._session: ScanSession | None = None

    def devices(self) -> Sequence[str]:
        return [d.name for d in self._backend().devices()]

    def profile_label(self, item_code: str) -> str:
        return profile_for_item(self.item_profiles, item_code).label

    def session(self) -> ScanSession:
        if self._session is None:
            self._session = facade.new_session(self.data_dir)
        return self._session

    def _keep(self, image: Image.Image, dpi: int, on_page: Callable[[Preview], object]) -> None:
        with self._lock:
            key = len(self._pages) + 1
            self._pages[key] = (image, dpi)
        on_page(Preview(key, thumbnail(image), looks_blank(image, dpi)))

    def _run(
        self,
        backend: ScannerBackend,
        device: str,
        settings: ScanSettings,
        progress: Progress,
        on_page: Callable[[Preview], object],
    ) -> int:
        return scan_into(
            self.session(),
            backend,
            device,
            settings,
            progress,
            on_page=lambda image, dpi: self._keep(image, dpi, on_page),
        )

    def scan(
        self,
        device: str,
        source: str,
        dpi: int,
        mode: str,
        progress: Progress,
        on_page: Callable[[Preview], object],
    ) -> int:
        settings = facade.settings_from(source, dpi, mode)
        return self._run(self._backend(), device, settings, progress, on_page)

    def import_files(
        self,
        files: Sequence[Path],
        dpi: int,
        progress: Progress,
        on_page: Callable[[Preview], object],
    ) -> int:
        settings = facade.settings_from("flatbed", dpi, "gray")
        return self._run(FileImport(files), "files", settings, progress, on_page)

    def save_item(
        self, dossier_code: str, item_code: str, pages: Sequence[tuple[int, int]], officer: str
    ) -> int:
        """One PDF/A for the item (pages in the given order, each turned by its rotation),
        attached to the dossier; the number of pages."""
        if not pages:
            return 0
        attachments.check_item(self.ctx, dossier_code, item_code)
        profile = profile_for_item(self.item_profiles, item_code)
        processed = []
        for key, rotation in pages:
            image, dpi = self._pages[key]
            turned = image.rotate(-rotation, expand=True) if rotation % 360 else image
            processed.append(process(turned, dpi, profile))
        meta = facade.item_meta(dossier_code, item_code, officer, self.ctx.clock.now())
        pdf = build_pdfa(processed, meta)
        attachments.attach_scan(self.ctx, dossier_code, item_code, pdf, len(processed), officer)
        return len(processed)
