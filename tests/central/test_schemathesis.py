"""schemathesis over the whole API, in process (the ASGI app on a fresh seeded SQLite store):
no 5xx, every response in its documented content type and schema."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
)

from sync.central.app import create_app
from sync.central.seed import DEMO_AGENCY, DEMO_STAFF
from sync.central.server import build, seed

# The app is built at import (schemathesis reads its schema at collection); its SQLite file is
# created and seeded only when the test runs, and removed afterwards.
_TMP = Path(tempfile.mkdtemp(prefix="central-fuzz-"))
_URL = f"sqlite:///{_TMP / 'central.sqlite3'}"
APP = create_app(build(_URL, _TMP / "files"), create_tables=False)
schema = schemathesis.openapi.from_asgi("/openapi.json", APP)


@pytest.fixture(scope="module")
def tokens() -> Iterator[dict[str, str]]:
    seed(_URL, None)
    client = TestClient(APP)
    password = {name: pw for name, _n, _r, pw in DEMO_STAFF}["truongbp"]
    staff = client.post(
        "/api/v1/auth/token",
        json={"grant_type": "password", "username": "truongbp", "password": password},
    ).json()["access_token"]
    grant = client.post(
        "/api/v1/devices",
        json={"agency_id": DEMO_AGENCY, "device_name": "fuzz", "install_id": "fuzz"},
        headers={"Authorization": f"Bearer {staff}"},
    ).json()
    device = client.post(
        "/api/v1/auth/token",
        json={
            "grant_type": "device_secret",
            "device_id": grant["device_id"],
            "device_secret": grant["device_secret"],
        },
    ).json()["access_token"]
    yield {"staff": staff, "device": device}
    shutil.rmtree(_TMP, ignore_errors=True)


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_has_no_5xx_and_keeps_its_schema(case: Any, tokens: dict[str, str]) -> None:
    device_routes = ("/api/v1/commands", "/api/v1/files")
    who = "device" if case.path.startswith(device_routes) else "staff"
    headers = {"Authorization": f"Bearer {tokens[who]}"}
    if case.path.startswith("/api/v1/files"):
        headers["Tus-Resumable"] = "1.0.0"
    case.call_and_validate(
        headers=headers,
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance],
    )
