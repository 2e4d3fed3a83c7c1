"""What the window (and the CLI) sees of sync: plain values and two small interfaces.

The engine (``sync/engine*.py``) and the sign-in (``sync/signin.py``) implement these; ``ui/``
calls them from its worker lanes (never on the GUI thread) and shows the results. Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Protocol

from counter_app.ports import Progress


class LinkState(StrEnum):
    ONLINE = "online"  # the last exchange with the centre succeeded
    OFFLINE = "offline"  # the centre cannot be reached (retrying on its own)
    REFUSED = "refused"  # reached, but sync is refused: clock off, agency differs, slot unknown
    NOT_REGISTERED = "not_registered"  # this PC has not joined a centre (`counter-app register`)
    DEMO = "demo"  # a demo store never syncs


@dataclass(frozen=True, slots=True)
class SyncStatus:
    state: LinkState
    pending_commands: int  # queued, not yet durably acknowledged by the centre
    pending_files: int
    parked: int  # refused by the centre: waiting for staff
    online_waiting: int  # online dossiers to accept or answer
    last_success_at: datetime | None
    problem_code: str | None  # why OFFLINE/REFUSED (an ErrorCode value), None when fine
    clock_skew_s: float | None  # device clock minus server clock, when known


@dataclass(frozen=True, slots=True)
class SyncReport:
    sent: int
    acknowledged: int
    parked: int
    files_uploaded: int
    changes_applied: int
    remaining: int  # still queued (0 ⇔ everything queued was acknowledged)


@dataclass(frozen=True, slots=True)
class ParkedItem:
    command_id: str
    dossier_code: str
    event: str
    parked_at: datetime
    code: str  # the centre's reason code
    reason: str  # the centre's detail (English, for IT); the UI shows the message for ``code``
    held_back: int  # later commands of the same dossier waiting behind it


@dataclass(frozen=True, slots=True)
class UploadState:
    sha256: str
    filename: str
    dossier_code: str
    sent: int
    total: int


@dataclass(frozen=True, slots=True)
class OnlineWaiting:
    dossier_code: str
    procedure_code: str
    applicant_name: str
    submitted_at: datetime
    acceptance_due: datetime


@dataclass(frozen=True, slots=True)
class StaffSession:
    staff_id: str
    username: str
    full_name: str
    roles: tuple[str, ...]
    online: bool  # signed in against the centre (False: offline, from the kept hash)
    expires_at: datetime


class SyncService(Protocol):
    def status(self) -> SyncStatus: ...

    def sync_once(self, progress: Progress | None = None) -> SyncReport: ...

    def parked(self) -> list[ParkedItem]: ...

    def retry_parked(self, command_id: str) -> None: ...

    def uploads(self) -> list[UploadState]: ...

    def online_waiting(self) -> list[OnlineWaiting]: ...


class SignInService(Protocol):
    def sign_in(self, username: str, password: str) -> StaffSession: ...

    def sign_out(self) -> None: ...

    def current(self) -> StaffSession | None: ...


class Credentials(Protocol):
    """The device's right to talk to the centre, shared by the commands lane and the files lane:
    the engine holds one (a token from the ``device_secret`` grant, the secret in the keyring)."""

    def authorization(self) -> str:
        """The ``Authorization`` header value (``Bearer …``), fetching a token when none is held."""
        ...

    def renew(self) -> None:
        """After a 401: drop the token and get a new one (raises when the centre refuses)."""
        ...
