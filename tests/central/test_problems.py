"""Every error is a Problem (application/problem+json) with a Date; an unexpected failure is a
Problem 500 whose log names the exception type and stack but never its message (which may quote
personal data)."""

from __future__ import annotations

import logging
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from sync.central.app import create_app
from sync.central.server import build, seed
from tests.central_server import CentralServer

SECRET = "001090123456"  # an ID number: must never reach the log or the answer


def test_unexpected_failure_is_a_problem_500_without_personal_data(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite:///{tmp_path / 'central.sqlite3'}"
    seed(url, None)
    app = create_app(build(url, tmp_path / "files"))

    @app.get("/api/v1/boom")
    def boom() -> None:
        raise RuntimeError(f"citizen {SECRET} broke it")

    client = TestClient(app, raise_server_exceptions=False)
    with caplog.at_level(logging.ERROR, logger="sync.central"):
        reply = client.get("/api/v1/boom")
    assert reply.status_code == 500
    assert reply.headers["content-type"] == "application/problem+json"
    assert "date" in reply.headers
    assert reply.json()["code"] == "internal_error"
    assert SECRET not in reply.text
    assert "RuntimeError" in caplog.text and SECRET not in caplog.text


def test_framework_errors_are_problems_too(server: CentralServer) -> None:
    for reply, status, code in (
        (httpx.get(server.api + "/no-such-route"), 404, "not_found"),
        (httpx.delete(server.api + "/health"), 405, "method_not_allowed"),
        (
            httpx.post(server.api + "/auth/token", json={"grant_type": "magic"}),
            422,
            "invalid_request",
        ),
        (httpx.post(server.api + "/commands", json={}), 401, "unauthorized"),
    ):
        assert reply.status_code == status
        assert reply.headers["content-type"] == "application/problem+json"
        assert "date" in reply.headers
        assert reply.json()["code"] == code


def test_invalid_request_never_echoes_the_input(server: CentralServer) -> None:
    reply = httpx.post(
        server.api + "/auth/token", json={"grant_type": "password", "username": [SECRET]}
    )
    assert reply.status_code == 422 and SECRET not in reply.text
