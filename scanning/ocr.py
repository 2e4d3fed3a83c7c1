"""Optional Vietnamese text layer (Tesseract ``vie``), added in the background after the item's
file is saved, never on the counter's critical path.

Tesseract reads each page's encoded image as it is in the PDF (JPEG or CCITT G4 TIFF) and writes
a text-only PDF (``textonly_pdf=1``: invisible text, no image); that page is laid over ours with
pikepdf, so the scanned images are not touched or re-encoded. ``OMP_THREAD_LIMIT=1``: one
thread per page is faster here than Tesseract's own threading (≈1.5 s a page against ≈4 s).
"""

from __future__ import annotations

import io
import os
import queue
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pikepdf

from counter_app.domain.errors import EnvironmentProblem
from scanning.pipeline import ProcessedPage

PAGE_TIMEOUT = 120.0


def available(language: str = "vie") -> bool:
    if shutil.which("tesseract") is None:
        return False
    out = subprocess.run(
        ["tesseract", "--list-langs"], capture_output=True, text=True, timeout=30, check=False
    )
    return language in out.stdout.split()


def text_pdf(page: ProcessedPage, language: str = "vie") -> bytes:
    """Tesseract's invisible-text PDF for one page."""
    suffix = ".tif" if page.encoding == "ccitt_g4" else ".jpg"
    with tempfile.TemporaryDirectory(prefix="ocr-") as tmp:
        src = Path(tmp) / f"page{suffix}"
        if page.mask is None:
            src.write_bytes(page.data)
        else:  # a mixed page: Tesseract reads the page as seen (text over picture)
            src = src.with_suffix(".png")
            try:
                page.image().save(src, "PNG", dpi=(page.dpi, page.dpi))
            except OSError as exc:
                raise EnvironmentProblem("ocr_failed", detail=type(exc).__name__) from exc
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cmd = ["tesseract", str(src), str(Path(tmp) / "out"), "-l", language]
        cmd += ["--dpi", str(page.dpi), "-c", "textonly_pdf=1", "pdf"]
        try:
            subprocess.run(cmd, capture_output=True, timeout=PAGE_TIMEOUT, env=env, check=True)
        except (OSError, subprocess.SubprocessError) as exc:
            raise EnvironmentProblem("ocr_failed", detail=type(exc).__name__) from exc
        return (Path(tmp) / "out.pdf").read_bytes()


def add_text_layer(pdf: bytes, pages: Sequence[ProcessedPage], language: str = "vie") -> bytes:
    """The same PDF with a searchable text layer over each page (images untouched)."""
    doc = pikepdf.open(io.BytesIO(pdf))
    for target, page in zip(doc.pages, pages, strict=True):
        layer = pikepdf.open(io.BytesIO(text_pdf(page, language)))
        target.add_overlay(layer.pages[0], pikepdf.Rectangle(*target.mediabox.as_list()))
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class OcrJob:
    pdf: bytes
    pages: tuple[ProcessedPage, ...]
    done: Callable[[bytes], object]  # gets the PDF with its text layer (e.g. re-attach it)
    failed: Callable[[BaseException], object] = lambda exc: None


class OcrQueue:
    """One background thread working through OCR jobs in order; ``submit`` returns at once."""

    def __init__(self, language: str = "vie") -> None:
        self.language = language
        self._jobs: queue.Queue[OcrJob | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="ocr", daemon=True)
        self._thread.start()

    def submit(self, job: OcrJob) -> None:
        self._jobs.put(job)

    def close(self, wait: bool = True) -> None:
        self._jobs.put(None)
        if wait:
            self._thread.join()

    def join(self) -> None:
        """Wait until every job submitted so far is finished (done or failed)."""
        self._jobs.join()

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            try:
                self._work(job)
            finally:
                self._jobs.task_done()
        self._jobs.task_done()

    def _work(self, job: OcrJob) -> None:
        try:
            result = add_text_layer(job.pdf, job.pages, self.language)
        except Exception as exc:  # reported to the job's owner; the saved file stays as is
            job.failed(exc)
            return
        job.done(result)
