"""What the windows work with, handed over by the composition root."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from counter_app.domain.dossier import Dossier
from counter_app.domain.office import StaffMember
from counter_app.ports import Progress
from counter_app.services.context import ServiceContext
from ui.signing.seam import Signing
from ui.sync_seam import SyncSeams


class SlipPrinter(Protocol):
    """The seam for the printing room: the composition root hands the window an adapter
    (``counter_app.slips_adapter.SlipsAdapter``). ``kind`` is a ``SlipKind`` value ("receipt",
    "supplement", "refusal", "apology", "stop", "control"). Every method but ``applicable`` may
    block: the window calls them on the I/O lane, never on the GUI thread; they raise a
    ``DomainError`` to say why not (printer offline, reprint not allowed, unknown dossier…).
    For ``kind`` "guidance" (a procedure's guidance sheet) ``code`` is the procedure's code; for
    "handover" (the list of a batch handed over today) the batch's dossier codes, space-separated."""

    def applicable(self, dossier: Dossier) -> list[str]:
        """The slips that fit the dossier's current state."""
        ...

    def render(self, code: str, kind: str, actor: str, reprint: bool, reason: str) -> bytes:
        """The slip's PDF as it would be issued now (the preview); records nothing."""
        ...

    def issue(
        self,
        code: str,
        kind: str,
        actor: str,
        reprint: bool,
        reason: str,
        printer: str | None,
        copies: int,
    ) -> bytes:
        """Issue it: printed on ``printer`` (recorded only once the queue accepted it) or, with
        None, kept with the dossier only (to be saved as a file). Returns the PDF issued."""
        ...

    def printers(self) -> list[str]:
        """The print queues (CUPS)."""
        ...

    def preview_pages(self, pdf: bytes, dpi: int = 110) -> list[bytes]:
        """Every page as PNG bytes."""
        ...


class PagePreview(Protocol):
    """A scanned page as the scan dialog shows it: the adapter's key for the page, a small PNG,
    and whether the pipeline thinks it blank (flagged for the officer, never dropped)."""

    @property
    def key(self) -> int: ...

    @property
    def thumbnail(self) -> bytes: ...

    @property
    def blank(self) -> bool: ...


class ScanProfileView(Protocol):
    """A document item's scan profile as the procedure's catalogue names it: the dialog shows
    the label and preselects the resolution and colour mode."""

    @property
    def key(self) -> str: ...

    @property
    def label(self) -> str: ...

    @property
    def dpi(self) -> int: ...

    @property
    def mode(self) -> str: ...


class InterruptedScan(Protocol):
    """A scan session of the dossier whose pages are kept on disk but were not all saved."""

    @property
    def id(self) -> str: ...

    @property
    def pages(self) -> int: ...

    @property
    def started(self) -> str: ...


#: Called on the scanning thread for each page as it is kept (the dialog relays it by signal).
PageSink = Callable[[PagePreview], object]


class Scanner(Protocol):
    """The seam for the scanning room, handed over by the composition root. ``scan`` and
    ``import_files`` run on the I/O lane, report each page through ``on_page`` and stop at
    ``progress.cancel()``; on a fault they raise a ``DomainError`` whose ``pages_kept`` says how
    many pages stay (every page already reported stays). ``save_item`` builds one PDF/A from the
    pages (key, quarter turns clockwise in degrees) and attaches it to the dossier item.
    ``start`` opens a fresh batch for a dossier and lists its interrupted sessions, which
    ``resume`` brings back page by page (through ``on_page``) or ``discard`` deletes. Every call
    names the dossier: each dossier window may have its own scan dialog open."""

    def devices(self) -> Sequence[str]: ...

    def item_profiles(
        self, dossier_code: str, item_codes: Sequence[str]
    ) -> Mapping[str, ScanProfileView]: ...

    def start(self, dossier_code: str) -> Sequence[InterruptedScan]: ...

    def resume(self, dossier_code: str, session_id: str, on_page: PageSink) -> int: ...

    def discard(self, session_id: str) -> None: ...

    def scan(
        self,
        dossier_code: str,
        device: str,
        source: str,
        dpi: int,
        mode: str,
        progress: Progress,
        on_page: PageSink,
    ) -> int: ...

    def import_files(
        self,
        dossier_code: str,
        files: Sequence[Path],
        dpi: int,
        progress: Progress,
        on_page: PageSink,
    ) -> int: ...

    def save_item(
        self,
        dossier_code: str,
        item_code: str,
        pages: Sequence[tuple[int, int]],
        officer: str,
        sign: bool = True,
    ) -> int: ...

    @property
    def signing(self) -> Signing | None:
        """The officer's digital signature (settings, prompt, checks on open); None: unsigned."""
        ...


@dataclass(frozen=True)
class Session:
    ctx: ServiceContext
    data_dir: Path
    user: StaffMember
    #: The printing room's slips adapter (receipt, supplement request…), when the composition
    #: root wires one; the print and reprint buttons stay disabled without it.
    slips: SlipPrinter | None = None
    #: The scanning room's adapter; the "Scan documents" action stays disabled without it.
    scanner: Scanner | None = None
    #: The sync engine, its scheduler and the sign-in (``ui.sync_seam``); empty when not wired.
    seams: SyncSeams = field(default_factory=SyncSeams)
    #: The sign-in was checked against the centre (True), offline from the kept hash (False), or
    #: made without a sign-in service (None).
    online_sign_in: bool | None = None
