"""One real central server (uvicorn subprocess, fresh SQLite) per test module."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.central_server import CentralServer, start_central


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CentralServer]:
    with start_central(tmp_path_factory.mktemp("central")) as running:
        yield running
