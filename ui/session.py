"""What the windows work with, handed over by the composition root."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_app.domain.dossier import Dossier
from counter_app.domain.office import StaffMember
from counter_app.ports import Progress
from counter_app.services.context import ServiceContext


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


#: Called on the scanning thread for each page as it is kept (the dialog relays it by signal).
PageSink = Callable[[PagePreview], object]


class Scanner(Protocol):
    """The seam for the scanning room, handed over by the composition root. ``scan`` and
    ``import_files`` run on the I/O lane, report each page through ``on_page`` and stop at
    ``progress.cancel()``; on a fault they raise a ``DomainError`` whose ``pages_kept`` says how
    many pages stay (every page already reported stays). ``save_item`` builds one PDF/A from the
    pages (key, quarter turns clockwise in degrees) and attaches it to the dossier item."""

    def devices(self) -> Sequence[str]: ...

    def profile_label(self, item_code: str) -> str: ...

    def scan(
        self, device: str, source: str, dpi: int, mode: str, progress: Progress, on_page: PageSink
    ) -> int: ...

    def import_files(
        self, files: Sequence[Path], dpi: int, progress: Progress, on_page: PageSink
    ) -> int: ...

    def save_item(
        self, dossier_code: str, item_code: str, pages: Sequence[tuple[int, int]], officer: str
    ) -> int: ...


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
