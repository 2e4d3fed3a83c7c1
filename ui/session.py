"""What the windows work with, handed over by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_app.domain.dossier import Dossier
from counter_app.domain.office import StaffMember
from counter_app.services.context import ServiceContext


class SlipPrinter(Protocol):
    """The seam for the printing room: the composition root hands the window an adapter
    (``counter_app.slips_adapter.SlipsAdapter``). ``kind`` is a ``SlipKind`` value ("receipt",
    "supplement", "refusal", "apology", "stop", "control"). Every method but ``applicable`` may
    block: the window calls them on the I/O lane, never on the GUI thread; they raise a
    ``DomainError`` to say why not (printer offline, reprint not allowed, unknown dossier…)."""

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


@dataclass(frozen=True)
class Session:
    ctx: ServiceContext
    data_dir: Path
    user: StaffMember
    #: The printing room's slips adapter (receipt, supplement request…), when the composition
    #: root wires one; the print and reprint buttons stay disabled without it.
    slips: SlipPrinter | None = None
