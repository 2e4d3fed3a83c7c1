"""The office: agency, its registered devices (counters) and its staff."""

from __future__ import annotations

from dataclasses import dataclass, field

from counter_app.domain.codes import IssuerState, SequenceBlock
from counter_app.domain.enums import Role


@dataclass(frozen=True)
class Agency:
    code: str  # electronic identifier, e.g. 000.00.06.H56
    name: str
    level: str = ""
    parent_code: str | None = None


@dataclass(frozen=True)
class Device:
    """A counter PC registered to an agency; it owns ``block`` of the daily code sequence."""

    id: str
    agency_code: str
    name: str
    block: SequenceBlock
    is_local: bool = False
    state: IssuerState = field(default_factory=IssuerState)


@dataclass(frozen=True)
class StaffMember:
    id: str
    username: str
    full_name: str
    role: Role
    agency_code: str
    active: bool = True
