"""The wire contract between a counter PC and the central one-stop system (API ``/api/v1``).

One module, shared by the reference server (``sync/central/``) and the client engine: the server
declares its FastAPI routes with these models (so the served OpenAPI document is generated from
them and compared with ``docs/api/openapi.json`` by a test), and the client validates every reply
through them (a server's reply is outside input: a malformed one is a clear error, never a crash).

Conventions (also written in ``docs/sync-protocol.md``):

* Times on the wire are ISO 8601 with offset (UTC). The order of events is the server's ``seq``;
  a device's clock is informational only. Every response carries ``Date``; a device clock more
  than :data:`MAX_CLOCK_SKEW_S` off the server's is reported (and sync refuses to push).
* Errors are ``application/problem+json`` (:class:`Problem`) with a stable snake_case ``code``
  that the client maps to a Vietnamese message; 429 and 503 carry ``Retry-After`` (seconds).
* Commands are intents (``dossier.received``, ``dossier.returned``, ``slip.issued``,
  ``attachment.added``…: the outbox's ``event`` names), each with a client-made UUIDv7 ``id`` and
  the device's outbox ``seq``. The server applies each id exactly once: the same id with the same
  body (SHA-256 of its canonical JSON) gets the stored result again (``replayed``); the same id
  with a different body answers the whole batch 409 ``command_id_reused``, applying nothing.
* Files use tus 1.0.0 (core + creation, termination, checksum with ``sha256``) under
  :data:`FILES_PATH`; ``Upload-Metadata`` carries ``sha256`` (hex of the whole file), ``filename``
  and ``dossier_code``. Files are stored by content hash: creating an upload for content the server
  already has answers 201 with ``Upload-Offset`` equal to ``Upload-Length`` (nothing to send).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

API_PREFIX = "/api/v1"
FILES_PATH = f"{API_PREFIX}/files"
TUS_VERSION = "1.0.0"
TUS_EXTENSIONS = "creation,termination,checksum"
TUS_CHECKSUM_ALGORITHM = "sha256"
MAX_CLOCK_SKEW_S = 300
MIN_CHUNK = 256 * 1024
MAX_CHUNK = 4 * 1024 * 1024
MAX_BATCH = 500

ReferenceKind = Literal["procedures", "agencies", "staff", "calendar"]
RoleName = Literal["counter_officer", "postal_clerk", "supervisor", "administrator"]
RegistrationReason = Literal["new", "reinstalled", "restored"]
Outcome = Literal["applied", "replayed", "rejected"]
ChangeKind = Literal["status_changed", "result_ready", "online_submitted", "online_withdrawn"]


class Wire(BaseModel):
    """Every message: unknown fields are refused, so a drifting peer is found, not ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Problem(Wire):
    """An error (RFC 9457 shape). ``code`` is stable; ``detail`` is English for logs only."""

    type: str = "about:blank"
    title: str
    status: int
    code: str
    detail: str = ""
    params: dict[str, str] = Field(default_factory=dict)


class Health(Wire):
    status: Literal["ok"]
    server_time: datetime
    version: str
    agency_ids: list[str]


# --- sign-in -------------------------------------------------------------------------------


class TokenRequest(Wire):
    """OAuth2-like grants: a staff member's password, a refresh token, or a device's secret."""

    grant_type: Literal["password", "refresh_token", "device_secret"]
    username: str | None = None
    password: str | None = None
    refresh_token: str | None = None
    device_id: str | None = None
    device_secret: str | None = None


class StaffInfo(Wire):
    id: str
    username: str
    full_name: str
    roles: list[RoleName]
    agency_id: str


class TokenResponse(Wire):
    access_token: str
    refresh_token: str
    token_type: Literal["bearer"] = "bearer"
    expires_in: int  # seconds
    staff: StaffInfo | None = None  # a password or refresh grant for a person
    device_id: str | None = None  # a device_secret grant


class SignOut(Wire):
    refresh_token: str


# --- devices and the slot register -----------------------------------------------------------


class DeviceRegistration(Wire):
    """A counter PC joins (needs a supervisor's or administrator's token of that agency)."""

    agency_id: str
    device_name: str
    install_id: str  # UUID made once per installation
    reason: RegistrationReason = "new"
    previous_device_id: str | None = None  # re-installed or restored: the centre retires its slot


class DeviceGrant(Wire):
    """The centre's answer: the device's slot (its share of the daily code sequence: slot k owns
    k000–k999; never the range the centre numbers from itself) and its own secret (kept in the
    OS keyring, never in the store)."""

    device_id: str
    agency_id: str
    device_name: str
    slot: int
    block_first: int
    block_last: int
    device_secret: str | None = None  # only in the answer to a registration
    server_time: datetime


class SlotMove(Wire):
    reason: str


class DeviceInfo(Wire):
    device_id: str
    agency_id: str
    device_name: str
    slot: int | None  # None once retired
    active: bool
    highest_code: str | None  # the highest dossier code the centre has received from it
    chain_seq: int
    chain_hash: str


# --- reference data --------------------------------------------------------------------------


class ReferencePage(Wire):
    """``items`` are in the shapes the app ships: procedures as ``resources/data/procedures-*.json``
    entries, calendar years as ``resources/calendar/vn-YYYY.json`` files, agencies and staff as
    flat objects. ``next_cursor`` is opaque; pass it back to get what changed since."""

    kind: ReferenceKind
    items: list[dict[str, Any]]
    next_cursor: str
    more: bool


# --- commands --------------------------------------------------------------------------------


class ChainHead(Wire):
    """The device's audit chain. ``anchor_*`` is the device's own entry at the seq the centre
    last acknowledged (0/"" on the first push): a local rewrite of the whole chain changes it."""

    seq: int
    hash: str
    anchor_seq: int = 0
    anchor_hash: str = ""


class Command(Wire):
    id: str  # UUIDv7, made by the device (the outbox row id)
    device_seq: int  # the outbox's seq on that device
    type: str  # the outbox event: "dossier.received", "slip.issued", "attachment.added"…
    dossier_id: str
    dossier_code: str
    at: datetime  # the device's clock: informational
    body: dict[str, Any]


class CommandBatch(Wire):
    device_id: str
    chain: ChainHead
    commands: list[Command] = Field(max_length=MAX_BATCH)


class CommandResult(Wire):
    id: str
    outcome: Outcome
    server_seq: int | None = None  # the order of events, set by the centre
    code: str | None = None  # rejected: stable reason code
    reason: str | None = None  # rejected: English detail for staff and logs


class BatchResult(Wire):
    results: list[CommandResult]
    server_time: datetime
    chain_seq: int  # the chain head the centre now holds for this device
    chain_hash: str


# --- changes feed ----------------------------------------------------------------------------


class Change(Wire):
    seq: int
    kind: ChangeKind
    dossier_code: str
    at: datetime
    body: dict[str, Any]  # status_changed: {"status": int, "note": str}; online_submitted: the
    # dossier as submitted plus "acceptance_due" (ISO time)


class ChangesPage(Wire):
    changes: list[Change]
    next_cursor: str
    more: bool


# --- the processing agency's side (and the online portal) --------------------------------------


class AgencyEvent(Wire):
    """A processing agency reports progress on a dossier (status codes as in domain.md)."""

    kind: Literal["status_changed", "result_ready"]
    status: int
    note: str = ""


class OnlineSubmission(Wire):
    """A dossier submitted on the portal for this agency; the counter must accept or answer it
    within the acceptance clock."""

    agency_id: str
    procedure_code: str
    applicant: dict[str, Any]
    documents: list[dict[str, Any]] = Field(default_factory=list)
    submitted_at: datetime


class OnlineAccepted(Wire):
    dossier_code: str
    acceptance_due: datetime
