"""What the window needs from the sync room, as structural protocols.

``ui`` never imports ``sync`` (an import-linter contract): the composition root hands over the
engine's ``SyncService``, its scheduler and the ``SignInService`` (``sync/client_api.py``), and
mypy checks here that they fit these shapes. Every method may block on the store or the network:
the window calls them on a worker lane, never on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from counter_app.ports import Progress

# The link states (``sync.client_api.LinkState`` values; a StrEnum member is its string).
ONLINE, OFFLINE, REFUSED = "online", "offline", "refused"
NOT_REGISTERED, DEMO = "not_registered", "demo"


class LinkStatus(Protocol):
    @property
    def state(self) -> str: ...
    @property
    def pending_commands(self) -> int: ...
    @property
    def pending_files(self) -> int: ...
    @property
    def parked(self) -> int: ...
    @property
    def online_waiting(self) -> int: ...
    @property
    def last_success_at(self) -> datetime | None: ...
    @property
    def problem_code(self) -> str | None: ...
    @property
    def clock_skew_s(self) -> float | None: ...


class Report(Protocol):
    @property
    def sent(self) -> int: ...
    @property
    def acknowledged(self) -> int: ...
    @property
    def parked(self) -> int: ...
    @property
    def files_uploaded(self) -> int: ...
    @property
    def changes_applied(self) -> int: ...
    @property
    def remaining(self) -> int: ...


class Parked(Protocol):
    @property
    def command_id(self) -> str: ...
    @property
    def dossier_code(self) -> str: ...
    @property
    def event(self) -> str: ...
    @property
    def parked_at(self) -> datetime: ...
    @property
    def code(self) -> str: ...
    @property
    def reason(self) -> str: ...
    @property
    def held_back(self) -> int: ...


class Upload(Protocol):
    @property
    def sha256(self) -> str: ...
    @property
    def filename(self) -> str: ...
    @property
    def dossier_code(self) -> str: ...
    @property
    def sent(self) -> int: ...
    @property
    def total(self) -> int: ...


class Waiting(Protocol):
    @property
    def dossier_code(self) -> str: ...
    @property
    def procedure_code(self) -> str: ...
    @property
    def applicant_name(self) -> str: ...
    @property
    def submitted_at(self) -> datetime: ...
    @property
    def acceptance_due(self) -> datetime: ...


class SyncPort(Protocol):
    """``sync.client_api.SyncService``."""

    def status(self) -> LinkStatus: ...

    def sync_once(self, progress: Progress | None = None) -> Report: ...

    def parked(self) -> Sequence[Parked]: ...

    def retry_parked(self, command_id: str) -> None: ...

    def uploads(self) -> Sequence[Upload]: ...

    def online_waiting(self) -> Sequence[Waiting]: ...


class Scheduler(Protocol):
    """The engine's background scheduler (its own thread): started when the window opens on a
    registered store, stopped when it closes."""

    def start(self) -> None: ...

    def stop(self) -> None: ...

    def poke(self) -> None:
        """Sync soon (a local change was written)."""
        ...


class StaffSessionLike(Protocol):
    """``sync.client_api.StaffSession``."""

    @property
    def staff_id(self) -> str: ...
    @property
    def username(self) -> str: ...
    @property
    def full_name(self) -> str: ...
    @property
    def roles(self) -> Sequence[str]: ...
    @property
    def online(self) -> bool: ...
    @property
    def expires_at(self) -> datetime: ...


class SignInPort(Protocol):
    """``sync.client_api.SignInService``: raises a ``DomainError`` on wrong credentials."""

    def sign_in(self, username: str, password: str) -> StaffSessionLike: ...

    def sign_out(self) -> None: ...

    def current(self) -> StaffSessionLike | None: ...


class IdlePolicy(Protocol):
    """``sync.signin.IdleLock``: the window reports activity and asks on a timer."""

    def touch(self, now: datetime) -> None: ...

    def locked(self, now: datetime) -> bool: ...


@dataclass(frozen=True)
class SyncSeams:
    """What the composition root hands the window for sync and sign-in (None: not wired)."""

    sync: SyncPort | None = None
    scheduler: Scheduler | None = None
    sign_in: SignInPort | None = None
    #: When the window locks for lack of input (None: never on its own).
    idle: IdlePolicy | None = None
