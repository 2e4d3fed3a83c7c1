"""What the windows work with, handed over by the composition root."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app.domain.office import StaffMember
from counter_app.services.context import ServiceContext


@dataclass(frozen=True)
class Session:
    ctx: ServiceContext
    data_dir: Path
    user: StaffMember
    #: The printing room's slips adapter (receipt, supplement request…), when the composition
    #: root wires one; the print and reprint buttons stay disabled without it.
    slips: Any = None
