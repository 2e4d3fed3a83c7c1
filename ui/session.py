"""What the windows work with, handed over by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from counter_app.domain.dossier import Dossier
from counter_app.domain.office import StaffMember
from counter_app.services.context import ServiceContext


class SlipPrinter(Protocol):
    """The seam for the printing room: the composition root hands the window an adapter that
    prints a dossier's slip ("receipt", "supplement_request", "refusal", "apology", "handover"…).
    It runs on the I/O lane, never on the GUI thread; it raises a ``DomainError`` to say why not."""

    def print_slip(self, dossier: Dossier, slip: str) -> None: ...


@dataclass(frozen=True)
class Session:
    ctx: ServiceContext
    data_dir: Path
    user: StaffMember
    #: The printing room's slips adapter (receipt, supplement request…), when the composition
    #: root wires one; the print and reprint buttons stay disabled without it.
    slips: SlipPrinter | None = None
