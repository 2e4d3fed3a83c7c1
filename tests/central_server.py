"""The real reference central server for tests: uvicorn in a subprocess, on a free port of
127.0.0.1, over a fresh SQLite database (or a PostgreSQL URL you give), seeded with the demo office.

Use::

    from tests.central_server import start_central

    with start_central(tmp_path) as server:          # fresh SQLite DB in tmp_path
        server.url                                    # "http://127.0.0.1:PORT" (no trailing /)
        server.api                                    # server.url + "/api/v1"
        server.agency_id                              # "000.00.06.H56" (the test stores' agency)
        server.supervisor                             # Login("truongbp", "truongbp-demo")
        server.officer                                # Login("canbo1", "canbo1-demo")
        server.admin                                  # Login("quantri", "quantri-demo")
        server.postal_clerk                           # Login("buudien1", "buudien1-demo")
        server.token(server.supervisor)               # an access token (password grant)
        server.register_device("Quầy 1")              # RegisteredDevice(device_id, secret, slot…)
        server.stop(); server.start()                 # restart on the same port, same DB

``start_central(tmp_dir, db_url=None, *, workers=1, files_dir=None, seed=True, port=None,
env=None)``: ``db_url`` e.g. ``postgresql+psycopg://app@127.0.0.1:55432/db`` (the database must
exist; it is seeded unless ``seed=False``); ``workers`` > 1 runs uvicorn's worker processes;
two :class:`CentralServer` objects on one PostgreSQL URL and one ``files_dir`` are two servers of
one province. ``start()`` waits until ``/api/v1/health`` answers (30 s at most; the server's
stderr is in the error when it does not start). ``stop()`` sends SIGTERM, then SIGKILL after 10 s.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

import httpx

from sync.central.seed import DEMO_AGENCY, DEMO_STAFF
from sync.central.server import seed as seed_db

ROOT = Path(__file__).resolve().parent.parent
API = "/api/v1"


@dataclass(frozen=True)
class Login:
    username: str
    password: str


@dataclass(frozen=True)
class RegisteredDevice:
    device_id: str
    secret: str
    slot: int
    block_first: int
    block_last: int


def _login(username: str) -> Login:
    for name, _full, _role, password in DEMO_STAFF:
        if name == username:
            return Login(name, password)
    raise KeyError(username)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


@dataclass
class CentralServer:
    db_url: str
    files_dir: Path
    log_dir: Path
    port: int
    workers: int = 1
    env: dict[str, str] = field(default_factory=dict)
    agency_id: str = DEMO_AGENCY
    supervisor: Login = field(default_factory=lambda: _login("truongbp"))
    officer: Login = field(default_factory=lambda: _login("canbo1"))
    admin: Login = field(default_factory=lambda: _login("quantri"))
    postal_clerk: Login = field(default_factory=lambda: _login("buudien1"))
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api(self) -> str:
        return self.url + API

    def start(self, timeout: float = 30.0) -> CentralServer:
        self.log_dir.mkdir(parents=True, exist_ok=True)
        stderr = (self.log_dir / f"central-{self.port}.err").open("ab")
        command = [
            sys.executable, "-m", "counter_app", "--data-dir", str(self.log_dir / "cli"),
            "central", "--db", self.db_url, "--host", "127.0.0.1", "--port", str(self.port),
            "--files", str(self.files_dir), "--workers", str(self.workers),
        ]  # fmt: skip
        env = {**os.environ, "PYTHONPATH": str(ROOT), **self.env}
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr,
            start_new_session=True,
        )  # fmt: skip
        stderr.close()
        self._wait_ready(timeout)
        return self

    def _wait_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"central server exited: {self.stderr_text()}")
            try:
                if httpx.get(self.api + "/health", timeout=1.0).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"central server not ready in {timeout} s: {self.stderr_text()}")

    def stderr_text(self) -> str:
        path = self.log_dir / f"central-{self.port}.err"
        return path.read_text(errors="replace")[-4000:] if path.exists() else ""

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            self.process = None
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
        self.process = None

    def kill(self) -> None:
        """SIGKILL, as a crash: no shutdown at all."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(10)
            self.process = None

    def __enter__(self) -> CentralServer:
        return self

    def __exit__(
        self, _t: type[BaseException] | None, _e: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self.stop()

    # --- conveniences for tests --------------------------------------------------------------

    def token(self, login: Login) -> str:
        reply = httpx.post(
            self.api + "/auth/token",
            json={"grant_type": "password", "username": login.username, "password": login.password},
            timeout=10,
        )
        reply.raise_for_status()
        token: str = reply.json()["access_token"]
        return token

    def register_device(self, name: str = "Quầy 1", **more: Any) -> RegisteredDevice:
        body = {
            "agency_id": self.agency_id,
            "device_name": name,
            "install_id": str(uuid.uuid4()),
            **more,
        }
        reply = httpx.post(
            self.api + "/devices",
            json=body,
            headers={"Authorization": f"Bearer {self.token(self.supervisor)}"},
            timeout=10,
        )
        reply.raise_for_status()
        grant = reply.json()
        return RegisteredDevice(
            grant["device_id"], grant["device_secret"], grant["slot"],
            grant["block_first"], grant["block_last"],
        )  # fmt: skip

    def device_token(self, device: RegisteredDevice) -> str:
        reply = httpx.post(
            self.api + "/auth/token",
            json={
                "grant_type": "device_secret",
                "device_id": device.device_id,
                "device_secret": device.secret,
            },
            timeout=10,
        )
        reply.raise_for_status()
        token: str = reply.json()["access_token"]
        return token


def start_central(
    tmp_dir: Path,
    db_url: str | None = None,
    *,
    workers: int = 1,
    files_dir: Path | None = None,
    seed: bool = True,
    port: int | None = None,
    env: dict[str, str] | None = None,
) -> CentralServer:
    """Seed (unless ``seed=False``) and start a server; see the module docstring."""
    tmp_dir.mkdir(parents=True, exist_ok=True)
    url = db_url or f"sqlite:///{tmp_dir / 'central.sqlite3'}"
    if seed:
        seed_db(url, None)
    server = CentralServer(
        db_url=url,
        files_dir=files_dir or tmp_dir / "central-files",
        log_dir=tmp_dir,
        port=port or free_port(),
        workers=workers,
        env=env or {},
    )
    return server.start()
