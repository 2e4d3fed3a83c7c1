"""The real central server for the tests of this folder: uvicorn in a subprocess, seeded with
the demo office, over SQLite and over PostgreSQL (a private cluster started once per session;
missing PostgreSQL skips, and fails under CI=true)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.central_server import CentralServer, start_central
from tests.pg_cluster import PgCluster
from tests.support import require


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[PgCluster]:
    require(PgCluster.available(), "PostgreSQL (initdb, pg_ctl; make test installs it)")
    cluster = PgCluster.start()
    yield cluster
    cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> str:
    """A fresh, empty database of each kind."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'central.sqlite3'}"
    cluster: PgCluster = request.getfixturevalue("pg_cluster")
    return cluster.new_database()


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def server(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[CentralServer]:
    """One server per module and database kind."""
    tmp = tmp_path_factory.mktemp("central")
    url = None
    if request.param == "postgresql":
        cluster: PgCluster = request.getfixturevalue("pg_cluster")
        url = cluster.new_database()
    with start_central(tmp, url) as running:
        yield running
