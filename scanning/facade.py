"""What the core's composition root calls: scan or import into a PDF/A file, list devices.

The session folder keeps every page as it arrives; on a fault the error carries ``pages_kept``
and the same session can be continued (``continue_session``). The PDF is written only from a
complete batch, atomically (temporary file, fsync, rename).
"""

from __future__ import annotations

import errno
import os
import sys
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from counter_app.domain.dossier import ScanFile
from counter_app.domain.errors import DamagedError, EnvironmentProblem
from counter_app.ports import Progress
from counter_app.services import attachments
from counter_app.services.context import ServiceContext
from scanning.backend import ScannerBackend
from scanning.files import FileImport
from scanning.model import ColorMode, DeviceInfo, ScanSettings, Source
from scanning.ocr import OcrJob, OcrQueue
from scanning.pdfa import ItemMeta, build_pdfa
from scanning.pipeline import ProcessedPage
from scanning.profiles import COLOR_200, PLAIN_TEXT, Profile, profile_named
from scanning.session import ScanSession, scan_into
from scanning.worker import PipelineWorker

if TYPE_CHECKING:  # pyHanko is loaded only where something is signed
    from scanning.signing import ItemSigner

SESSIONS = "scan-sessions"


@dataclass(frozen=True)
class ScanOutcome:
    pages: int
    blank_pages: tuple[int, ...]  # 1-based, flagged for review (kept in the file)
    size: int
    session: Path
    pdf: bytes = field(repr=False, default=b"")
    processed: tuple[ProcessedPage, ...] = field(repr=False, default=())


def default_backend() -> ScannerBackend:
    if sys.platform == "win32":
        from scanning.twain_backend import TwainBackend
        from scanning.wia_backend import WiaBackend

        return windows_backend(TwainBackend, WiaBackend)
    from scanning.sane_backend import SaneBackend

    return SaneBackend()


def windows_backend(
    twain: Callable[[], ScannerBackend], wia: Callable[[], ScannerBackend]
) -> ScannerBackend:
    """TWAIN first; WIA when TWAIN shows no source. A 64-bit Python (through ``twaindsm.dll``)
    sees only 64-bit TWAIN sources, so a scanner whose TWAIN driver is 32-bit only shows none
    there, while its WIA driver works; pytwain not installed counts the same."""
    first = twain()
    try:
        if first.devices():
            return first
    except Exception:  # pytwain or twaindsm.dll missing, or the DSM refused to open
        pass
    return wia()


def list_devices() -> list[DeviceInfo]:
    return list(default_backend().devices())


def settings_from(source: str, dpi: int, mode: str) -> ScanSettings:
    return ScanSettings(Source(source), dpi, ColorMode(mode))


def profile_for(mode: ColorMode, dpi: int) -> Profile:
    """The CLI's modes as profiles: bw/gray → plain text (bitonal where it can), colour keeps
    seals and photos in colour."""
    base = COLOR_200 if mode is ColorMode.COLOR else PLAIN_TEXT
    lowest = ColorMode.BW
    highest = mode
    return Profile(base.key, base.label, dpi, mode, lowest, highest, base.jpeg_quality)


def new_session(data_dir: Path) -> ScanSession:
    return ScanSession.create(data_dir / SESSIONS / uuid.uuid4().hex)


def scan_to_pdf(
    backend: ScannerBackend,
    device: str,
    settings: ScanSettings,
    out: Path,
    session: ScanSession,
    meta: ItemMeta,
    progress: Progress | None = None,
    profile: Profile | None = None,
) -> ScanOutcome:
    """Scan (appending to ``session``), process each page while the next one is read, write
    the PDF/A to ``out``. ``profile``: the document item's (else one made from the settings)."""
    profile = profile or profile_for(settings.mode, settings.dpi)
    with PipelineWorker(profile) as worker:
        for page, image in session.images():  # a continued session: its earlier pages first
            worker.submit(image, page.dpi)
        scan_into(session, backend, device, settings, progress, on_page=worker.submit)
        results = list(worker.results())
    pages: list[ProcessedPage] = []
    for result in results:
        if result.error is not None:
            raise result.error
        assert result.page is not None
        pages.append(result.page)
    if not pages:
        raise EnvironmentProblem("scanner_no_paper", device=device, pages_kept=0)
    for kept, done in zip(session.pages, pages, strict=False):
        kept.flags, kept.rotation = list(done.flags), done.rotation  # for the review step
    session.save()
    pdf = build_pdfa(pages, meta)
    write_atomic(out, pdf)
    blank = tuple(i + 1 for i, p in enumerate(pages) if p.blank)
    return ScanOutcome(len(pages), blank, len(pdf), session.folder, pdf, tuple(pages))


def import_to_pdf(
    files: Sequence[Path],
    out: Path,
    session: ScanSession,
    meta: ItemMeta,
    dpi: int = 200,
    mode: str = "gray",
    progress: Progress | None = None,
    profile: Profile | None = None,
) -> ScanOutcome:
    settings = ScanSettings(Source.FLATBED, dpi, ColorMode(mode))
    return scan_to_pdf(FileImport(files), "files", settings, out, session, meta, progress, profile)


def item_profile(key: str, dpi: int | None = None) -> Profile:
    """The profile a catalogue key names (plain text for ""), at ``dpi`` when one is given."""
    profile = profile_named(key)
    return replace(profile, dpi=dpi) if dpi else profile


def item_meta(dossier_code: str, item_code: str, officer: str, at: datetime) -> ItemMeta:
    return ItemMeta(dossier_code, item_code, officer, at)


def write_atomic(target: Path, content: bytes) -> None:
    tmp = target.with_name(f".{target.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "xb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        code = (
            "scan_disk_full"
            if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
            else "scan_write_failed"
        )
        raise EnvironmentProblem(code, path=str(target.parent)) from exc


def attach_with_text_layer(
    services: ServiceContext,
    code: str,
    item_code: str,
    outcome: ScanOutcome,
    officer: str,
    ocr: OcrQueue | None,
    failed: Callable[[BaseException], object] = lambda exc: None,
    signer: ItemSigner | None = None,
) -> ScanFile:
    """Attach the item's file now (the counter goes on at once), then let ``ocr`` add the
    Vietnamese text layer in the background and replace the file with the searchable copy
    (audited as ``scan_text_layer``). A failed OCR leaves the first file attached.

    With ``signer`` both files are signed. OCR rewrites the page content, which would break a
    signature made before it, so the text layer is laid over the *unsigned* original and that
    copy is signed anew; it replaces the signed first file only once its own signature verifies
    (a failure to sign — a token pulled out meanwhile — leaves the signed first file in place).
    """
    first_pdf = outcome.pdf
    if signer is not None:  # signed and verified before anything is attached
        from scanning.officer_signer import sign_checked

        first_pdf = sign_checked(signer, outcome.pdf)
    first = attachments.attach_scan(services, code, item_code, first_pdf, outcome.pages, officer)
    if ocr is None:  # no Tesseract here: the (signed) file stays as it is
        return first

    def done(searchable: bytes) -> None:
        try:
            final = searchable
            if signer is not None:
                final = signer.sign(searchable)
                if not signer.verified(final):
                    raise DamagedError("signed_file_damaged")
            attachments.attach_scan(
                services,
                code,
                item_code,
                final,
                outcome.pages,
                officer,
                file_name=first.file_name,
                action="scan_text_layer",
            )
        except Exception as exc:  # reported; the first (signed) file stays attached
            failed(exc)

    ocr.submit(OcrJob(outcome.pdf, outcome.processed, done, failed))
    return first
