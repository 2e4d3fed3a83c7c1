"""The committed contract (docs/api/openapi.json) is what the server serves."""

from __future__ import annotations

import json
from pathlib import Path

from sync.central.openapi import openapi_text, served_openapi
from sync.protocol import API_PREFIX

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "api" / "openapi.json"


def test_served_openapi_matches_the_committed_document() -> None:
    assert openapi_text() == COMMITTED.read_text(encoding="utf-8"), (
        "the served API drifted from docs/api/openapi.json: review the change, then run "
        "`make openapi` and commit the document"
    )


def test_every_route_is_under_the_api_prefix_and_errors_are_problems() -> None:
    document = served_openapi()
    assert all(path.startswith(API_PREFIX + "/") for path in document["paths"])
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            for status, response in operation["responses"].items():
                if status.startswith(("4", "5")):
                    content = response.get("content", {})
                    assert "application/problem+json" in content, (method, path, status)


def test_committed_document_is_valid_json_with_the_protocol_models() -> None:
    document = json.loads(COMMITTED.read_text(encoding="utf-8"))
    names = set(document["components"]["schemas"])
    assert {"CommandBatch", "BatchResult", "DeviceGrant", "Problem", "TokenResponse"} <= names
