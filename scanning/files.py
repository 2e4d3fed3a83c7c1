"""Pages from files: images and PDFs picked by the officer, and a watched folder where network
scanners drop their files (scan-to-folder / scan-to-SMB).

A corrupt or unknown file is refused with ``invalid_scan_file`` naming it; the pages of the files
before it have already been yielded (and so are kept by the session).
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from pathlib import Path

from PIL import Image, ImageSequence, UnidentifiedImageError

from counter_app.domain.errors import NotFoundError
from counter_app.ports import Progress
from scanning.errors import ScanFileInvalid
from scanning.model import Capabilities, ColorMode, DeviceInfo, ScanSettings, Source

IMAGE_SUFFIXES = frozenset({".png", ".jpg", ".jpeg", ".tif", ".tiff", ".bmp", ".gif", ".webp"})
SUFFIXES = IMAGE_SUFFIXES | {".pdf"}
Image.MAX_IMAGE_PIXELS = 300_000_000  # A3 at 1200 dpi; larger is a decompression bomb


def read_pages(path: Path, dpi: int = 200) -> Iterator[Image.Image]:
    """Every page of an image file (multi-page TIFF included) or a PDF (rendered at ``dpi``)."""
    if not path.is_file():
        raise NotFoundError("scan_file_not_found", path=str(path))
    if path.suffix.lower() == ".pdf":
        yield from _pdf_pages(path, dpi)
        return
    try:
        with Image.open(path) as img:
            frames = [frame.copy() for frame in ImageSequence.Iterator(img)]
            for frame in frames:
                frame.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ScanFileInvalid(path=str(path)) from exc
    except Image.DecompressionBombError as exc:
        raise ScanFileInvalid(path=str(path)) from exc
    yield from frames


def _pdf_pages(path: Path, dpi: int) -> Iterator[Image.Image]:
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(str(path))
    except pypdfium2.PdfiumError as exc:
        raise ScanFileInvalid(path=str(path)) from exc
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            yield page.render(scale=dpi / 72).to_pil()
            page.close()
    finally:
        pdf.close()


class FileImport:
    """The files named by the officer, as one 'device' (``device`` is ignored)."""

    name = "files"

    def __init__(self, paths: Sequence[Path]) -> None:
        self.paths = list(paths)

    def devices(self) -> Sequence[DeviceInfo]:
        return [DeviceInfo("files", kind="file import")]

    def capabilities(self, device: str) -> Capabilities:
        return Capabilities((Source.FLATBED,), tuple(ColorMode), 50, 1200)

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        for path in self.paths:
            progress.check()
            yield from read_pages(path, settings.dpi)


class WatchedFolder:
    """A folder a network scanner writes into. A file is taken once its size has stopped changing
    (the scanner has finished writing it); taken files move to ``done/`` (``rejected/`` when
    unreadable), so nothing is imported twice and nothing is deleted."""

    name = "folder"

    def __init__(self, folder: Path, settle: float = 1.0, poll: float = 0.5) -> None:
        self.folder, self.settle, self.poll = folder, settle, poll
        self._sizes: dict[Path, tuple[int, float]] = {}

    def devices(self) -> Sequence[DeviceInfo]:
        return [DeviceInfo(f"folder:{self.folder}", kind="watched folder")]

    def capabilities(self, device: str) -> Capabilities:
        return Capabilities((Source.FLATBED, Source.ADF), tuple(ColorMode), 50, 1200)

    def ready_files(self, now: float | None = None) -> list[Path]:
        """Files whose size has not changed for ``settle`` seconds, oldest name first."""
        now = time.monotonic() if now is None else now
        ready = []
        for path in sorted(self.folder.iterdir()):
            if not path.is_file() or path.suffix.lower() not in SUFFIXES:
                continue
            size = path.stat().st_size
            seen = self._sizes.get(path)
            if seen is None or seen[0] != size:
                self._sizes[path] = (size, now)
            elif size and now - seen[1] >= self.settle:
                ready.append(path)
        return ready

    def take(self, path: Path, dpi: int) -> list[Image.Image]:
        try:
            pages = list(read_pages(path, dpi))
        except ScanFileInvalid:
            self._move(path, "rejected")
            raise
        self._move(path, "done")
        return pages

    def _move(self, path: Path, where: str) -> None:
        target = self.folder / where
        target.mkdir(exist_ok=True)
        path.replace(target / path.name)
        self._sizes.pop(path, None)

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        """Pages from every file that arrives, until cancelled (``progress.cancel()``)."""
        while True:
            progress.check()
            for path in self.ready_files():
                yield from self.take(path, settings.dpi)
            time.sleep(self.poll)
