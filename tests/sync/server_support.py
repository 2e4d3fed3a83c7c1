"""Fixtures for the files-lane and sign-in tests: the real reference server under uvicorn (one
per test module), a fault-injecting proxy in front of it (one per test), a registered device.
Import the fixtures into a test module by name."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.central_server import CentralServer, Login, start_central
from tests.netproxy import NetProxy
from tests.sync.files_support import DeviceCredentials


@dataclass
class CentralUnderTest:
    server: CentralServer

    @property
    def url(self) -> str:
        return self.server.url

    @property
    def officer(self) -> Login:
        return self.server.officer

    def blob(self, sha256: str) -> bytes | None:
        """The file the centre keeps under ``sha256``, if any."""
        path = self.server.files_dir / "blobs" / sha256[:2] / sha256
        return path.read_bytes() if path.is_file() else None

    @property
    def files_dir(self) -> Path:
        return self.server.files_dir


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralUnderTest]:
    with start_central(tmp_path_factory.mktemp("central")) as server:
        yield CentralUnderTest(server)


@pytest.fixture
def proxy(central: CentralUnderTest) -> Iterator[NetProxy]:
    with NetProxy("127.0.0.1", central.server.port) as link:
        yield link


@pytest.fixture
def device(central: CentralUnderTest) -> DeviceCredentials:
    registered = central.server.register_device("Quầy thử")
    return DeviceCredentials(central.url, registered.device_id, registered.secret)
