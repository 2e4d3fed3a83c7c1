"""A scan session: the pages of one batch, held on disk as they arrive, so that a fault (no paper,
jam, the device unplugged, the application closed) loses nothing and the batch can be continued.

Layout: ``<dir>/session.json`` (the manifest, rewritten atomically after every page) and one
lossless PNG per page (``page-0001.png`` …), each written to a temporary name and renamed.
"""

from __future__ import annotations

import errno
import json
import os
import uuid
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from PIL import Image

from counter_app.domain.errors import DomainError, EnvironmentProblem
from counter_app.ports import Progress
from counter_app.private_files import private_dir
from scanning.backend import ScannerBackend
from scanning.errors import with_pages
from scanning.model import ScanSettings

MANIFEST = "session.json"


@dataclass
class SessionPage:
    file: str
    dpi: int
    flags: list[str] = field(default_factory=list)  # e.g. "blank" (for review, never dropped)
    rotation: int = 0


@dataclass
class ScanSession:
    folder: Path
    pages: list[SessionPage] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def create(cls, folder: Path, **meta: Any) -> ScanSession:
        private_dir(folder)
        session = cls(folder, [], {"id": uuid.uuid4().hex, **meta})
        session.save()
        return session

    @classmethod
    def open(cls, folder: Path) -> ScanSession:
        """Reopen a session (after a fault or a restart) to see or continue it."""
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        pages = [SessionPage(**p) for p in data["pages"]]
        return cls(folder, pages, dict(data.get("meta", {})))

    def add(self, image: Image.Image, dpi: int) -> SessionPage:
        name = f"page-{len(self.pages) + 1:04d}.png"
        _atomic(self.folder / name, lambda path: image.save(path, "PNG", compress_level=1))
        page = SessionPage(name, dpi)
        self.pages.append(page)
        self.save()
        return page

    def image(self, page: SessionPage) -> Image.Image:
        with Image.open(self.folder / page.file) as img:
            img.load()
            return img

    def images(self) -> Iterable[tuple[SessionPage, Image.Image]]:
        for page in self.pages:
            yield page, self.image(page)

    def save(self) -> None:
        body = json.dumps(
            {"meta": self.meta, "pages": [asdict(p) for p in self.pages]}, ensure_ascii=False
        )
        _atomic(self.folder / MANIFEST, lambda path: path.write_text(body, encoding="utf-8"))


def _atomic(target: Path, write: Any) -> None:
    tmp = target.with_name(f".{target.name}.tmp")
    try:
        write(tmp)
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
            raise EnvironmentProblem("scan_disk_full", path=str(target.parent)) from exc
        raise EnvironmentProblem("scan_write_failed", path=str(target.parent)) from exc


def scan_into(
    session: ScanSession,
    backend: ScannerBackend,
    device: str,
    settings: ScanSettings,
    progress: Progress | None = None,
    on_page: Callable[[Image.Image, int], object] | None = None,
) -> int:
    """Scan into ``session`` (appending to what it holds); the number of new pages. ``on_page``
    gets each page as soon as it is kept (the pipeline worker, which then works on it while the
    scanner reads the next one).

    On any fault the pages already scanned are in the session, and the error says how many."""
    progress = progress or Progress()
    before = len(session.pages)
    session.meta.update(device=device, settings=asdict(settings))
    try:
        for image in backend.scan(device, settings, progress):
            session.add(image, settings.dpi)
            if on_page is not None:
                on_page(image, settings.dpi)
            progress.advance(1)
            progress.check()
    except DomainError as err:
        raise with_pages(err, len(session.pages)) from err
    return len(session.pages) - before
