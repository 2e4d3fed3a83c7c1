"""Sign-in: the password, refresh-token and device-secret grants, sign-out, and the principal
behind a request's bearer token (looked up by its hash; expired or revoked tokens are refused)."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy import Connection, and_, select, update

from sync.central import db
from sync.central.problems import ApiProblem
from sync.central.security import check_password, new_token, token_hash
from sync.central.state import ACCESS_TTL_S, REFRESH_TTL_S, Central, central, epoch
from sync.protocol import SignOut, StaffInfo, TokenRequest, TokenResponse

ADMIN_ROLES = frozenset({"supervisor", "administrator"})
bearer = HTTPBearer(auto_error=False)
#: A slow hash checked for unknown usernames too, so timing does not reveal who exists.
_DUMMY_HASH = (
    "scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="
)


@dataclass(frozen=True, slots=True)
class Principal:
    agency_id: str
    staff_id: str | None = None
    device_id: str | None = None
    roles: frozenset[str] = frozenset()

    @property
    def is_admin(self) -> bool:
        return bool(self.roles & ADMIN_ROLES)


def _unauthorized(code: str = "unauthorized", detail: str = "") -> ApiProblem:
    return ApiProblem(401, code, detail, headers={"WWW-Authenticate": "Bearer"})


def principal(
    c: Annotated[Central, Depends(central)],
    creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)],
) -> Principal:
    if creds is None or creds.scheme.lower() != "bearer":
        raise _unauthorized(detail="a bearer token is required")
    t, d, p = db.tokens, db.devices, db.staff
    query = (
        select(
            t.c.revoked,
            t.c.expires_at,
            t.c.agency_id,
            t.c.staff_id,
            t.c.device_id,
            d.c.active.label("device_active"),
            p.c.active.label("staff_active"),
            p.c.roles,
        )
        .select_from(t.outerjoin(d, t.c.device_id == d.c.id).outerjoin(p, t.c.staff_id == p.c.id))
        .where(t.c.token_hash == token_hash(creds.credentials), t.c.kind == "access")
    )
    with db.reading(c.engine) as conn:
        row = conn.execute(query).first()
    if row is None or row.revoked:
        raise _unauthorized("token_invalid")
    if row.expires_at < epoch():
        raise _unauthorized("token_expired")
    if row.staff_id is not None:
        if not row.staff_active:
            raise _unauthorized("token_invalid")
        roles = frozenset(json.loads(row.roles))
        return Principal(row.agency_id, staff_id=row.staff_id, roles=roles)
    if not row.device_active:
        raise _unauthorized("device_retired")
    return Principal(row.agency_id, device_id=row.device_id)


Caller = Annotated[Principal, Depends(principal)]


def grant(c: Central, req: TokenRequest) -> TokenResponse:
    if req.grant_type == "password":
        return db.in_transaction(c.engine, lambda conn: _password_grant(conn, req))
    if req.grant_type == "refresh_token":
        return db.in_transaction(c.engine, lambda conn: _refresh_grant(conn, req))
    return db.in_transaction(c.engine, lambda conn: _device_grant(conn, req))


def _staff_info(row: object) -> StaffInfo:
    return StaffInfo(
        id=row.id,  # type: ignore[attr-defined]
        username=row.username,  # type: ignore[attr-defined]
        full_name=row.full_name,  # type: ignore[attr-defined]
        roles=json.loads(row.roles),  # type: ignore[attr-defined]
        agency_id=row.agency_id,  # type: ignore[attr-defined]
    )


def _password_grant(conn: Connection, req: TokenRequest) -> TokenResponse:
    if not req.username or req.password is None:
        raise ApiProblem(400, "invalid_grant", "username and password are required")
    row = conn.execute(select(db.staff).where(db.staff.c.username == req.username)).first()
    ok = check_password(req.password, row.password_hash if row else _DUMMY_HASH)
    if row is None or not ok or not row.active:
        raise _unauthorized("invalid_credentials")
    access, refresh = _issue(conn, row.agency_id, staff_id=row.id)
    return TokenResponse(
        access_token=access, refresh_token=refresh, expires_in=ACCESS_TTL_S, staff=_staff_info(row)
    )


def _refresh_grant(conn: Connection, req: TokenRequest) -> TokenResponse:
    if not req.refresh_token:
        raise ApiProblem(400, "invalid_grant", "refresh_token is required")
    row = conn.execute(
        select(db.tokens).where(
            db.tokens.c.token_hash == token_hash(req.refresh_token),
            db.tokens.c.kind == "refresh",
        )
    ).first()
    if row is None or row.revoked or row.expires_at < epoch():
        raise _unauthorized("token_invalid")
    access = new_token()
    _store(conn, access, "access", row.family, row.agency_id, row.staff_id, row.device_id)
    info = None
    if row.staff_id is not None:
        person = conn.execute(select(db.staff).where(db.staff.c.id == row.staff_id)).first()
        if person is None or not person.active:
            raise _unauthorized("token_invalid")
        info = _staff_info(person)
    return TokenResponse(
        access_token=access,
        refresh_token=req.refresh_token,
        expires_in=ACCESS_TTL_S,
        staff=info,
        device_id=row.device_id,
    )


def _device_grant(conn: Connection, req: TokenRequest) -> TokenResponse:
    if not req.device_id or not req.device_secret:
        raise ApiProblem(400, "invalid_grant", "device_id and device_secret are required")
    row = conn.execute(select(db.devices).where(db.devices.c.id == req.device_id)).first()
    if row is None or row.secret_hash != token_hash(req.device_secret):
        raise _unauthorized("invalid_credentials")
    if not row.active:
        raise _unauthorized("device_retired")
    access, refresh = _issue(conn, row.agency_id, device_id=row.id)
    return TokenResponse(
        access_token=access, refresh_token=refresh, expires_in=ACCESS_TTL_S, device_id=row.id
    )


def _issue(
    conn: Connection, agency_id: str, staff_id: str | None = None, device_id: str | None = None
) -> tuple[str, str]:
    family = str(uuid.uuid4())
    access, refresh = new_token(), new_token()
    _store(conn, access, "access", family, agency_id, staff_id, device_id)
    _store(conn, refresh, "refresh", family, agency_id, staff_id, device_id)
    return access, refresh


def _store(
    conn: Connection,
    token: str,
    kind: str,
    family: str,
    agency_id: str,
    staff_id: str | None,
    device_id: str | None,
) -> None:
    ttl = ACCESS_TTL_S if kind == "access" else REFRESH_TTL_S
    conn.execute(
        db.tokens.insert().values(
            token_hash=token_hash(token),
            kind=kind,
            family=family,
            staff_id=staff_id,
            device_id=device_id,
            agency_id=agency_id,
            expires_at=epoch() + ttl,
            revoked=False,
        )
    )


def sign_out(c: Central, req: SignOut) -> None:
    """Revoke the refresh token and every access token of the same sign-in (idempotent)."""

    def work(conn: Connection) -> None:
        row = conn.execute(
            select(db.tokens.c.family).where(
                db.tokens.c.token_hash == token_hash(req.refresh_token)
            )
        ).first()
        if row is not None:
            conn.execute(
                update(db.tokens).where(and_(db.tokens.c.family == row.family)).values(revoked=True)
            )

    db.in_transaction(c.engine, work)


def revoke_device(conn: Connection, device_id: str) -> None:
    conn.execute(update(db.tokens).where(db.tokens.c.device_id == device_id).values(revoked=True))


def require_admin(who: Principal, agency_id: str) -> None:
    if who.staff_id is None or not who.is_admin:
        raise ApiProblem(403, "forbidden", "a supervisor's or administrator's sign-in is needed")
    if who.agency_id != agency_id:
        raise ApiProblem(403, "wrong_agency", "the sign-in belongs to another agency")


def require_agency(who: Principal, agency_id: str) -> None:
    if who.agency_id != agency_id:
        raise ApiProblem(403, "wrong_agency", "the sign-in belongs to another agency")
