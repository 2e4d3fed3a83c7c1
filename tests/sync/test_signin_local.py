"""Sign-in without a centre: the demo store's staff and their known password, a store not
registered yet, the kept scrypt hash and its parameters, locking after wrong passwords, idle lock."""

from __future__ import annotations

import hashlib
from datetime import timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa

from counter_app.composition import App, open_app
from counter_app.domain.enums import Role
from counter_app.domain.errors import (
    ConflictError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.ports import FixedClock
from counter_app.services.office_setup import add_staff
from counter_app.store.schema import staff_credentials
from sync.signin import (
    DEMO_PASSWORD,
    SALT_BYTES,
    SCRYPT_LEN,
    IdleLock,
    SignInPolicy,
    open_sign_in,
)
from tests.conftest import T0
from tests.integration.errors_support import cli, message
from tests.sync.keyring_support import current_keyring, memory_keyring  # noqa: F401


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("demo") / "data"
    result = cli(data, "demo")
    assert result.returncode == 0, result.stderr
    return data


@pytest.fixture
def demo_app(demo_template: Path, tmp_path: Path) -> App:
    import shutil

    target = tmp_path / "demo"
    shutil.copytree(demo_template, target)
    return open_app(target, clock=FixedClock(T0))


def _credentials(app: App) -> list[sa.Row[tuple[object, ...]]]:
    with app.store.read() as tx:
        return list(tx.conn.execute(sa.select(staff_credentials)).all())


def test_demo_staff_sign_in_with_the_demo_password(demo_app: App) -> None:
    sign_in = open_sign_in(demo_app.services)
    with demo_app.store.read() as tx:
        officer = next(m for m in tx.staff.all() if m.role == "counter_officer")
    session = sign_in.sign_in(officer.username, DEMO_PASSWORD)
    assert (session.username, session.online, session.roles) == (
        officer.username,
        False,
        ("counter_officer",),
    )
    assert sign_in.current() == session
    with pytest.raises(ValidationError) as wrong:
        sign_in.sign_in(officer.username, "not-the-demo-password")
    assert wrong.value.code == "signin_wrong_password"
    assert current_keyring().items == {}  # nothing kept in the keyring offline
    sign_in.sign_out()
    assert sign_in.current() is None
    demo_app.close()


def test_kept_hash_is_salted_scrypt_with_its_parameters(demo_app: App) -> None:
    open_sign_in(demo_app.services)
    rows = _credentials(demo_app)
    assert len(rows) >= 2
    salts = {row.salt for row in rows}
    hashes = {row.hash for row in rows}
    assert len(salts) == len(rows) and len(hashes) == len(rows)  # one salt each: no equal hashes
    for row in rows:
        assert (row.scrypt_n, row.scrypt_r, row.scrypt_p) == (2**14, 8, 1)
        salt = bytes.fromhex(row.salt)
        assert len(salt) == SALT_BYTES
        again = hashlib.scrypt(
            DEMO_PASSWORD.encode(), salt=salt, n=2**14, r=8, p=1, maxmem=2**25, dklen=SCRYPT_LEN
        )
        assert bytes.fromhex(row.hash) == again
        assert DEMO_PASSWORD not in (row.hash + row.salt)
    demo_app.close()


def test_wrong_passwords_lock_the_account_for_a_while(demo_app: App) -> None:
    clock = demo_app.services.clock
    assert isinstance(clock, FixedClock)
    sign_in = open_sign_in(demo_app.services, policy=SignInPolicy(max_failures=3, lock_minutes=10))
    username = _credentials(demo_app)[0].username
    codes = []
    for _ in range(3):
        with pytest.raises((ValidationError, ConflictError)) as err:
            sign_in.sign_in(username, "wrong")
        codes.append(err.value.code)
    assert codes == ["signin_wrong_password", "signin_wrong_password", "signin_locked"]
    with pytest.raises(ConflictError) as still:
        sign_in.sign_in(username, DEMO_PASSWORD)  # the right password, but locked
    assert still.value.code == "signin_locked"
    assert "bị khóa" in message(still.value)
    clock.advance(timedelta(minutes=11))
    assert sign_in.sign_in(username, DEMO_PASSWORD).username == username
    demo_app.close()


def test_unknown_user_and_empty_input(demo_app: App) -> None:
    sign_in = open_sign_in(demo_app.services)
    with pytest.raises(NotFoundError) as unknown:
        sign_in.sign_in("khong.ton.tai", DEMO_PASSWORD)
    assert unknown.value.code == "signin_unknown_user"
    assert "khong.ton.tai" in message(unknown.value)
    with pytest.raises(ValidationError) as empty:
        sign_in.sign_in("  ", "")
    assert empty.value.code == "signin_missing_credentials"
    demo_app.close()


def test_store_without_centre_and_without_kept_hash_says_what_to_do(app: App) -> None:
    add_staff(app.store, app.services.agency_code, "lan.nt", "Nguyễn Thị Lan", Role.COUNTER_OFFICER)
    sign_in = open_sign_in(app.services)
    with pytest.raises(EnvironmentProblem) as err:
        sign_in.sign_in("lan.nt", "anything")
    assert err.value.code == "signin_offline_unavailable"
    assert "chưa từng đăng nhập trực tuyến" in message(err.value)


def test_idle_lock_policy() -> None:
    lock = IdleLock(timedelta(minutes=15), T0)
    assert not lock.locked(T0 + timedelta(minutes=14, seconds=59))
    assert lock.locked(T0 + timedelta(minutes=15))
    lock.touch(T0 + timedelta(minutes=10))
    assert not lock.locked(T0 + timedelta(minutes=20))
    lock.touch(T0)  # a late event never moves the last activity back
    assert lock.locked(T0 + timedelta(minutes=25))
    assert not IdleLock(timedelta(0), T0).locked(T0 + timedelta(days=1))  # 0 = never
