"""``counter-app register``: a counter joins the centre.

A supervisor (or administrator) of the agency signs in with a password grant; the centre assigns
the device its slot and a secret. The secret goes to the OS keyring only; the store records the
link and adopts the centre's slot as this PC's block of the daily code sequence (one audited
transaction, :func:`counter_app.services.central_link.join_centre`). Refused, with nothing changed
locally: a demo store, a store already registered, a centre that does not serve this store's
agency (or answers for another), a clock more than 5 minutes off the centre's.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import httpx

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.errors import ConflictError, ValidationError
from counter_app.services.central_link import LinkRecord, join_centre, load_link
from counter_app.services.context import ServiceContext
from counter_app.services.store_identity import require_real
from sync.credentials import secret_name, store_secret
from sync.engine import check_health
from sync.errors import AgencyMismatch, CentralRejected, SignInRefused
from sync.protocol import DeviceGrant, DeviceRegistration, TokenRequest, TokenResponse
from sync.transport import Transport


@dataclass(frozen=True, slots=True)
class Registration:
    device_id: str
    slot: int
    block_first: int
    block_last: int
    supervisor: str


def server_url(text: str) -> str:
    parts = urlsplit(text.strip())
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise ValidationError("invalid_server_url", field="server", value=text)
    return text.strip().rstrip("/")


def register(
    ctx: ServiceContext,
    server: str,
    agency_id: str,
    device_name: str,
    username: str,
    password: str,
    client: httpx.Client | None = None,
) -> Registration:
    url = server_url(server)
    install_id = _refuse_locally(ctx, url, agency_id)
    own = client is None
    http = client or httpx.Client()
    try:
        transport = Transport(http, url, ctx.clock)
        check_health(ctx, transport, url)
        token = _sign_in(transport, username, password)
        grant = _grant(transport, token, agency_id, device_name, install_id)
    finally:
        if own:
            http.close()
    if grant.agency_id != ctx.agency_code:
        raise AgencyMismatch(
            server=url, store_agency=ctx.agency_code, server_agencies=grant.agency_id
        )
    if not grant.device_secret:
        raise ConflictError("central_refused", server_code="no_device_secret", status=201)
    store_secret(secret_name(grant.device_id), grant.device_secret)  # before the store knows it
    link = LinkRecord(
        server_url=url,
        agency_id=grant.agency_id,
        device_id=grant.device_id,
        device_name=grant.device_name,
        install_id=install_id,
        slot=grant.slot,
        registered_at=ctx.clock.now(),
    )
    join_centre(ctx, link, SequenceBlock(grant.block_first, grant.block_last), username)
    return Registration(grant.device_id, grant.slot, grant.block_first, grant.block_last, username)


def _refuse_locally(ctx: ServiceContext, url: str, agency_id: str) -> str:
    """Refusals that need no server; returns this installation's id (the store's own random
    id: asking again after a lost answer gets the same device back, not a second one)."""
    identity = require_real(ctx.store)  # a demo store (or one init never claimed) never syncs
    existing = load_link(ctx.store)
    if existing is not None:
        raise ConflictError(
            "sync_already_registered", server=existing.server_url, device_id=existing.device_id
        )
    if agency_id != ctx.agency_code:
        raise AgencyMismatch(server=url, store_agency=ctx.agency_code, server_agencies=agency_id)
    return str(uuid.UUID(hex=identity.store_id))


def _sign_in(transport: Transport, username: str, password: str) -> str:
    request = TokenRequest(grant_type="password", username=username, password=password)
    try:
        return transport.post("/auth/token", request, TokenResponse).access_token
    except CentralRejected as err:
        if err.problem.status in {400, 401, 403}:
            raise SignInRefused(username=username) from err
        raise


def _grant(
    transport: Transport, token: str, agency_id: str, device_name: str, install_id: str
) -> DeviceGrant:
    request = DeviceRegistration(
        agency_id=agency_id, device_name=device_name, install_id=install_id
    )
    try:
        return transport.post("/devices", request, DeviceGrant, bearer=token)
    except CentralRejected as err:
        if err.problem.code in {"agency_mismatch", "wrong_agency", "agency_not_served"}:
            raise AgencyMismatch(
                server=transport.base_url, store_agency=agency_id, server_agencies="—"
            ) from err
        raise
