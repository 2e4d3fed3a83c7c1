"""Staff sign-in against the real reference server (uvicorn, through the proxy): the refresh token
only in the keyring, offline sign-in after an online one, its expiry, sign-out revoking."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import httpx
import pytest

from counter_app.composition import App
from counter_app.domain.errors import ConflictError, ValidationError
from counter_app.ports import FixedClock
from sync.keyring_secrets import SERVICE
from sync.protocol import API_PREFIX, TokenRequest
from sync.signin import SignIn, SignInPolicy, open_sign_in, refresh_key
from tests.central_server import CentralServer
from tests.integration.errors_support import message
from tests.netproxy import NetProxy, http_response
from tests.sync.keyring_support import current_keyring, memory_keyring  # noqa: F401
from tests.sync.support import join


@pytest.fixture
def signin(app: App, proxy: NetProxy) -> Iterator[SignIn]:
    with httpx.Client(timeout=5) as client:
        yield open_sign_in(app.services, base_url=proxy.url, client=client)


def _files_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def test_online_sign_in_keeps_the_refresh_token_only_in_the_keyring(
    app: App,
    central: CentralServer,
    signin: SignIn,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    user, password = central.officer.username, central.officer.password
    session = signin.sign_in(user, password)
    assert session.online and session.username == user
    assert "counter_officer" in session.roles
    refresh = current_keyring().items[(SERVICE, refresh_key(user))]
    access = signin.access_token()
    assert refresh and access
    app.store.engine.dispose()  # everything written reaches the files
    on_disk = _files_bytes(app.data_dir)
    for secret in (refresh, access, password):
        assert secret.encode() not in on_disk
        assert secret not in caplog.text
    assert password.encode() not in on_disk


def test_offline_sign_in_after_an_online_one_until_the_period_ends(
    app: App, central: CentralServer, signin: SignIn, proxy: NetProxy
) -> None:
    user, password = central.officer.username, central.officer.password
    assert signin.sign_in(user, password).online
    signin.sign_out()
    proxy.set_mode("reset")  # the centre cannot be reached
    clock = app.services.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=6, hours=23))
    session = signin.sign_in(user, password)
    assert (session.online, session.username) == (False, user)
    with pytest.raises(ValidationError) as wrong:
        signin.sign_in(user, password + "x")
    assert wrong.value.code == "signin_wrong_password"
    clock.advance(timedelta(hours=1))  # 7 days after the last online sign-in
    with pytest.raises(ConflictError) as expired:
        signin.sign_in(user, password)
    assert expired.value.code == "signin_offline_expired"
    assert "quá 7 ngày" in message(expired.value)
    proxy.heal()  # back online: signs in again and the period starts anew
    assert signin.sign_in(user, password).online


def test_the_offline_period_is_a_setting(app: App, central: CentralServer, proxy: NetProxy) -> None:
    user, password = central.officer.username, central.officer.password
    with httpx.Client(timeout=5) as client:
        signin = open_sign_in(
            app.services, base_url=proxy.url, client=client, policy=SignInPolicy(offline_days=1)
        )
        signin.sign_in(user, password)
    proxy.set_mode("reset")
    clock = app.services.clock
    assert isinstance(clock, FixedClock)
    clock.advance(timedelta(days=1))
    with httpx.Client(timeout=5) as client:
        again = open_sign_in(
            app.services, base_url=proxy.url, client=client, policy=SignInPolicy(offline_days=1)
        )
        with pytest.raises(ConflictError) as expired:
            again.sign_in(user, password)
    assert expired.value.code == "signin_offline_expired"


def test_a_wrong_password_online_is_refused_without_trying_offline(
    central: CentralServer, signin: SignIn
) -> None:
    user, password = central.officer.username, central.officer.password
    signin.sign_in(user, password)  # a kept hash exists
    with pytest.raises(ValidationError) as wrong:
        signin.sign_in(user, "sai-mat-khau")
    assert wrong.value.code == "signin_wrong_password"
    assert "không đúng" in message(wrong.value)


def test_a_failing_centre_falls_back_to_offline_sign_in(
    central: CentralServer, signin: SignIn, proxy: NetProxy
) -> None:
    user, password = central.officer.username, central.officer.password
    signin.sign_in(user, password)
    proxy.respond(http_response(503, "Service Unavailable", Retry_After="5"))
    assert not signin.sign_in(user, password).online


def test_sign_out_revokes_the_refresh_token_and_forgets_it(
    central: CentralServer, signin: SignIn
) -> None:
    user, password = central.officer.username, central.officer.password
    signin.sign_in(user, password)
    refresh = current_keyring().items[(SERVICE, refresh_key(user))]
    signin.sign_out()
    assert signin.current() is None and signin.access_token() is None
    assert (SERVICE, refresh_key(user)) not in current_keyring().items
    grant = TokenRequest(grant_type="refresh_token", refresh_token=refresh)
    answer = httpx.post(
        f"{central.url}{API_PREFIX}/auth/token",
        json=grant.model_dump(mode="json", exclude_none=True),
        timeout=5,
    )
    assert answer.status_code == 401


def test_a_registered_store_signs_in_at_its_own_centre(
    live_app: App, central: CentralServer, proxy: NetProxy
) -> None:
    join(live_app, central, proxy.url)
    proxy.reset_counters()
    signin = open_sign_in(live_app.services)  # the centre's address comes from the link
    try:
        session = signin.sign_in(central.officer.username, central.officer.password)
    finally:
        signin.close()
    assert session.online
    assert proxy.bytes_up > 0  # through the link this PC registered with
