"""Staff sign-in: online against the centre, offline from a locally kept slow hash.

* Online: the ``password`` grant at ``POST /api/v1/auth/token``. The refresh token goes ONLY to
  the OS keyring (service ``counter-app``, username ``staff-refresh:<username>``); the access
  token stays in memory. A salted scrypt hash of the good password is kept in the store
  (``staff_credentials``) so the same person can sign in while the centre cannot be reached.
* Offline: the kept hash, for :attr:`SignInPolicy.offline_days` after the last online sign-in;
  repeated wrong passwords lock the account on this PC for a while.
* A store with no centre (a demo, or a PC not registered yet) checks the store's staff list with
  the kept hash when one exists; a demo store's staff get :data:`DEMO_PASSWORD`.

Errors are typed, with codes the UI and CLI translate (``signin_*``). Qt-free.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, NoReturn

import httpx
import pydantic
import sqlalchemy as sa

from counter_app.domain.errors import (
    ConflictError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.ports import SecretStore
from counter_app.services.central_link import load_link
from counter_app.services.context import ServiceContext
from counter_app.settings import Settings
from counter_app.store.schema import staff, staff_credentials
from sync import client_api
from sync.keyring_secrets import KeyringSecrets
from sync.protocol import API_PREFIX, Problem, SignOut, TokenRequest, TokenResponse

log = logging.getLogger(__name__)

#: Seconds to wait for the centre before signing in offline.
SIGNIN_TIMEOUT_S = 10.0
#: The password of every staff member of a demo store (documented in README).
DEMO_PASSWORD = "demo"
#: scrypt cost: 2^14 × 8 × 128 B = 16 MiB of memory and some tens of ms per check.
SCRYPT_N, SCRYPT_R, SCRYPT_P, SCRYPT_LEN, SALT_BYTES = 2**14, 8, 1, 32, 16
#: The centre's problem codes that mean the account itself is barred.
LOCKED_CODES = frozenset(
    {"account_locked", "staff_locked", "locked", "staff_inactive", "account_disabled"}
)
UNKNOWN_CODES = frozenset({"unknown_user", "user_not_found", "staff_not_found"})


def refresh_key(username: str) -> str:
    """The keyring username under which a staff member's refresh token is kept."""
    return f"staff-refresh:{username}"


@dataclass(frozen=True, slots=True)
class SignInPolicy:
    offline_days: int = 7  # offline sign-in allowed this long after the last online one
    max_failures: int = 5  # wrong passwords in a row before the account is locked on this PC
    lock_minutes: int = 15
    idle_lock_minutes: int = 15  # 0: never lock when idle

    @classmethod
    def from_settings(cls, settings: Settings) -> SignInPolicy:
        return cls(
            offline_days=settings.signin.offline_days,
            idle_lock_minutes=settings.signin.idle_lock_minutes,
        )


class IdleLock:
    """The idle-lock policy (Qt-free): the UI calls :meth:`touch` on activity and asks
    :meth:`locked` on a timer; after a lock the person signs in again."""

    def __init__(self, timeout: timedelta, now: datetime) -> None:
        self.timeout = timeout
        self.last_activity = now

    def touch(self, now: datetime) -> None:
        self.last_activity = max(self.last_activity, now)

    def locked(self, now: datetime) -> bool:
        return self.timeout > timedelta(0) and now - self.last_activity >= self.timeout


def scrypt_hash(
    password: str, salt: bytes, n: int = SCRYPT_N, r: int = SCRYPT_R, p: int = SCRYPT_P
) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=256 * n * r, dklen=SCRYPT_LEN
    )


class SignIn:
    """:class:`client_api.SignInService` over the centre (when there is one) and the store."""

    def __init__(
        self,
        ctx: ServiceContext,
        *,
        client: httpx.Client | None,
        base_url: str | None,
        secrets_store: SecretStore,
        policy: SignInPolicy,
        demo: bool,
        owns_client: bool = False,
    ) -> None:
        self._ctx = ctx
        self._client = client
        self._base = base_url.rstrip("/") + API_PREFIX if base_url else None
        self._secrets = secrets_store
        self.policy = policy
        self._demo = demo
        self._owns_client = owns_client
        self._session: client_api.StaffSession | None = None
        self._access_token: str | None = None
        self.idle = IdleLock(timedelta(minutes=policy.idle_lock_minutes), ctx.clock.now())

    # ------------------------------------------------------------------ the service

    def close(self) -> None:
        """Close the HTTP client this object made (one passed in stays the caller's)."""
        if self._owns_client and self._client is not None:
            self._client.close()

    def current(self) -> client_api.StaffSession | None:
        return self._session

    def access_token(self) -> str | None:
        """The staff member's access token (memory only), when signed in online."""
        return self._access_token

    def sign_in(self, username: str, password: str) -> client_api.StaffSession:
        username = username.strip()
        if not username or not password:
            raise ValidationError("signin_missing_credentials")
        answer = self._online(username, password) if self._base and self._client else None
        session = answer if answer is not None else self._offline(username, password)
        self._session = session
        self.idle.touch(self._ctx.clock.now())
        return session

    def sign_out(self) -> None:
        """Revoke the refresh token at the centre (when reachable) and forget it here."""
        session, self._session, self._access_token = self._session, None, None
        if session is None:
            return
        key = refresh_key(session.username)
        token = self._secrets.get(key)
        if token and self._base and self._client:
            try:
                self._client.post(
                    f"{self._base}/auth/sign-out",
                    json=SignOut(refresh_token=token).model_dump(mode="json"),
                )
            except httpx.HTTPError as exc:
                log.info("sign-out not sent to the centre: %s", type(exc).__name__)
        if token is not None:
            self._secrets.delete(key)

    # ------------------------------------------------------------------ online

    def _online(self, username: str, password: str) -> client_api.StaffSession | None:
        """Signed in at the centre, or None when the centre cannot be reached (go offline)."""
        assert self._client is not None
        grant = TokenRequest(grant_type="password", username=username, password=password)
        try:
            response = self._client.post(
                f"{self._base}/auth/token", json=grant.model_dump(mode="json", exclude_none=True)
            )
        except httpx.HTTPError as exc:
            log.info("centre unreachable for sign-in (%s): offline sign-in", type(exc).__name__)
            return None
        if response.status_code >= 500 or response.status_code == 429:
            log.info("centre answered %s to sign-in: offline sign-in", response.status_code)
            return None
        if response.status_code in (400, 401, 403, 404, 423):
            self._refused_online(username, _problem_code(response))
        try:
            token = TokenResponse.model_validate_json(response.content)
        except pydantic.ValidationError:
            log.warning(
                "centre's sign-in answer is malformed (%s): offline sign-in", response.status_code
            )
            return None
        if token.staff is None:
            log.warning("centre's sign-in answer names no staff member: offline sign-in")
            return None
        self._secrets.set(refresh_key(username), token.refresh_token)
        self._access_token = token.access_token
        now = self._ctx.clock.now()
        self._remember(username, password, token, now)
        info = token.staff
        return client_api.StaffSession(
            info.id,
            info.username,
            info.full_name,
            tuple(info.roles),
            True,
            now + timedelta(seconds=token.expires_in),
        )

    def _refused_online(self, username: str, code: str) -> None:
        if code in LOCKED_CODES:
            raise ConflictError("signin_locked", username=username)
        if code in UNKNOWN_CODES:
            raise NotFoundError("signin_unknown_user", username=username)
        raise ValidationError("signin_wrong_password", field="password")

    def _remember(self, username: str, password: str, token: TokenResponse, now: datetime) -> None:
        """Keep a fresh salted scrypt hash of the good password for offline sign-in."""
        assert token.staff is not None
        salt = secrets.token_bytes(SALT_BYTES)
        values: dict[str, Any] = {
            "staff_id": token.staff.id,
            "full_name": token.staff.full_name,
            "roles": list(token.staff.roles),
            "agency_id": token.staff.agency_id,
            "salt": salt.hex(),
            "hash": scrypt_hash(password, salt).hex(),
            "scrypt_n": SCRYPT_N,
            "scrypt_r": SCRYPT_R,
            "scrypt_p": SCRYPT_P,
            "verified_at": now.isoformat(),
            "failures": 0,
            "locked_until": None,
            "demo": False,
        }
        with self._ctx.store.write() as tx:
            done = tx.conn.execute(
                staff_credentials.update()
                .where(staff_credentials.c.username == username)
                .values(**values)
            )
            if not done.rowcount:
                tx.conn.execute(staff_credentials.insert().values(username=username, **values))

    # ------------------------------------------------------------------ offline

    def _offline(self, username: str, password: str) -> client_api.StaffSession:
        now = self._ctx.clock.now()
        with self._ctx.store.read() as tx:
            row = tx.conn.execute(
                sa.select(staff_credentials).where(staff_credentials.c.username == username)
            ).one_or_none()
            member = tx.conn.execute(
                sa.select(staff.c.active).where(staff.c.username == username)
            ).one_or_none()
        if row is None:
            if member is None:
                raise NotFoundError("signin_unknown_user", username=username)
            raise EnvironmentProblem("signin_offline_unavailable", username=username)
        if member is not None and not member.active:
            raise ConflictError("signin_locked", username=username)
        if row.locked_until and datetime.fromisoformat(row.locked_until) > now:
            raise ConflictError("signin_locked", username=username)
        expected = bytes.fromhex(row.hash)
        given = scrypt_hash(
            password, bytes.fromhex(row.salt), row.scrypt_n, row.scrypt_r, row.scrypt_p
        )
        if not hmac.compare_digest(expected, given):
            self._failed(username, row.failures + 1, now)
        verified = datetime.fromisoformat(row.verified_at)
        expires = verified + timedelta(days=self.policy.offline_days)
        if row.demo:
            expires = now + timedelta(days=1)
        elif now >= expires:
            raise ConflictError(
                "signin_offline_expired", username=username, days=self.policy.offline_days
            )
        if row.failures:
            self._set(username, failures=0, locked_until=None)
        return client_api.StaffSession(
            row.staff_id, username, row.full_name, tuple(row.roles), False, expires
        )

    def _failed(self, username: str, failures: int, now: datetime) -> NoReturn:
        locked = failures >= self.policy.max_failures
        until = (now + timedelta(minutes=self.policy.lock_minutes)).isoformat() if locked else None
        self._set(username, failures=0 if locked else failures, locked_until=until)
        if locked:
            raise ConflictError("signin_locked", username=username)
        raise ValidationError("signin_wrong_password", field="password")

    def _set(self, username: str, **values: Any) -> None:
        with self._ctx.store.write() as tx:
            tx.conn.execute(
                staff_credentials.update()
                .where(staff_credentials.c.username == username)
                .values(**values)
            )


def _problem_code(response: httpx.Response) -> str:
    try:
        return Problem.model_validate_json(response.content).code
    except pydantic.ValidationError:
        return ""


def seed_demo_passwords(ctx: ServiceContext) -> int:
    """Give every active staff member of a demo store without a kept hash :data:`DEMO_PASSWORD`;
    the number seeded."""
    with ctx.store.read() as tx:
        rows = tx.conn.execute(
            sa.select(
                staff.c.id, staff.c.username, staff.c.full_name, staff.c.role, staff.c.agency_code
            )
            .outerjoin(staff_credentials, staff_credentials.c.username == staff.c.username)
            .where(staff.c.active.is_(True), staff_credentials.c.username.is_(None))
        ).all()
    now = ctx.clock.now().isoformat()
    with ctx.store.write() as tx:
        for row in rows:
            salt = secrets.token_bytes(SALT_BYTES)
            tx.conn.execute(
                staff_credentials.insert().values(
                    username=row.username,
                    staff_id=row.id,
                    full_name=row.full_name,
                    roles=[row.role],
                    agency_id=row.agency_code,
                    salt=salt.hex(),
                    hash=scrypt_hash(DEMO_PASSWORD, salt).hex(),
                    scrypt_n=SCRYPT_N,
                    scrypt_r=SCRYPT_R,
                    scrypt_p=SCRYPT_P,
                    verified_at=now,
                    demo=True,
                )
            )
    return len(rows)


def open_sign_in(
    ctx: ServiceContext,
    *,
    base_url: str | None = None,
    client: httpx.Client | None = None,
    policy: SignInPolicy | None = None,
    secrets_store: SecretStore | None = None,
) -> SignIn:
    """The sign-in for this store: against the centre at ``base_url`` (by default the centre this
    PC registered with, if any), else from the store only. A demo store never talks to a centre
    and its staff get :data:`DEMO_PASSWORD`. Call ``close()`` when done."""
    demo = ctx.store.is_demo()
    if demo:
        seed_demo_passwords(ctx)
        base_url = client = None
    elif base_url is None:
        link = load_link(ctx.store)
        base_url = link.server_url if link is not None else None
    owned = client is None and base_url is not None
    if owned:
        client = httpx.Client(timeout=SIGNIN_TIMEOUT_S)
    return SignIn(
        ctx,
        client=client,
        base_url=base_url,
        secrets_store=secrets_store or KeyringSecrets(),
        policy=policy or SignInPolicy(),
        demo=demo,
        owns_client=owned,
    )
