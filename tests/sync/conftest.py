"""Sync tests: secrets go to a keyring inside the test's folder (shared with CLI subprocesses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from counter_app.composition import App, open_app
from tests.central_server import CentralServer, start_central
from tests.netproxy import NetProxy
from tests.sync.keyring_dir import BACKEND, ENV, DirKeyring


@pytest.fixture(autouse=True)
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "keyring"
    monkeypatch.setenv(ENV, str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND)
    previous = keyring.get_keyring()
    keyring.set_keyring(DirKeyring())
    yield folder
    keyring.set_keyring(previous)


@pytest.fixture
def central(tmp_path: Path) -> Iterator[CentralServer]:
    """The real reference server under uvicorn on 127.0.0.1 (fresh SQLite database, seeded)."""
    with start_central(tmp_path / "central") as server:
        yield server


@pytest.fixture
def proxy(central: CentralServer) -> Iterator[NetProxy]:
    """A fault-injecting proxy in front of the server."""
    with NetProxy("127.0.0.1", central.port) as running:
        yield running


@pytest.fixture
def live_app(data_dir: Path) -> Iterator[App]:
    """The test store on the real clock (the server's clock is real: a fixed test clock would be
    refused as more than 5 minutes off)."""
    application = open_app(data_dir)
    try:
        yield application
    finally:
        application.close()
