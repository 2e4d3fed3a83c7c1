"""Errors as ``application/problem+json`` (:class:`sync.protocol.Problem`), never a traceback.

Route code raises :class:`ApiProblem`; the handlers installed by :func:`install` turn it, request
validation errors, unknown routes and any unexpected exception into a Problem response. An
unexpected exception is logged with its type and stack only: its message may carry personal data
(a database error quotes the values it was given), so the message is never logged or sent.
"""

from __future__ import annotations

import logging
import traceback
from email.utils import formatdate
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from sync.protocol import Problem

log = logging.getLogger("sync.central")
PROBLEM_JSON = "application/problem+json"

TITLES = {
    400: "Bad Request",
    401: "Unauthorized",
    403: "Forbidden",
    404: "Not Found",
    405: "Method Not Allowed",
    409: "Conflict",
    412: "Precondition Failed",
    413: "Content Too Large",
    415: "Unsupported Media Type",
    422: "Unprocessable Content",
    429: "Too Many Requests",
    460: "Checksum Mismatch",
    500: "Internal Server Error",
    503: "Service Unavailable",
}
#: HTTP status → the stable code of a Problem the framework raised (unknown route, method…).
STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


class ApiProblem(Exception):
    def __init__(
        self,
        status: int,
        code: str,
        detail: str = "",
        headers: dict[str, str] | None = None,
        **params: str,
    ) -> None:
        super().__init__(code)
        self.status = status
        self.code = code
        self.detail = detail
        self.headers = headers or {}
        self.params = params


def problem_response(
    status: int,
    code: str,
    detail: str = "",
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    body = Problem(
        title=TITLES.get(status, "Error"),
        status=status,
        code=code,
        detail=detail,
        params=params or {},
    )
    return JSONResponse(
        body.model_dump(mode="json"), status_code=status, media_type=PROBLEM_JSON, headers=headers
    )


async def _api_problem(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiProblem)
    return problem_response(exc.status, exc.code, exc.detail, exc.params, exc.headers)


async def _validation(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    first = exc.errors()[0] if exc.errors() else {}
    where = ".".join(str(p) for p in first.get("loc", ()))
    # the offending input is never echoed: it may be personal data
    return problem_response(
        422, "invalid_request", str(first.get("msg", "")), {"field": where} if where else {}
    )


async def _http(_request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = STATUS_CODES.get(exc.status_code, "http_error")
    headers = dict(exc.headers) if exc.headers else None
    return problem_response(exc.status_code, code, str(exc.detail or ""), headers=headers)


def install(app: FastAPI) -> None:
    app.add_exception_handler(ApiProblem, _api_problem)
    app.add_exception_handler(RequestValidationError, _validation)
    app.add_exception_handler(StarletteHTTPException, _http)
    app.add_middleware(GuardMiddleware)


def log_unexpected(exc: BaseException, path: str) -> None:
    """The exception's type and stack, never its message (it may quote personal data)."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    log.error("unexpected %s on %s\n%s", type(exc).__name__, path, stack)


class GuardMiddleware:
    """Adds ``Date`` to every response and answers any unexpected exception with a Problem 500
    (pure ASGI, so streaming bodies pass through untouched)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = False

        async def send_with_date(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers: list[Any] = list(message.get("headers", []))
                if not any(k.lower() == b"date" for k, _v in headers):
                    headers.append((b"date", formatdate(usegmt=True).encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_date)
        except Exception as exc:
            status, code = _unexpected_status(exc)
            if status != 422:
                log_unexpected(exc, str(scope.get("path", "")))
            if started:
                raise
            headers = {"Retry-After": "2"} if status == 503 else None
            await problem_response(status, code, headers=headers)(scope, receive, send_with_date)


def _unexpected_status(exc: Exception) -> tuple[int, str]:
    """A value the database cannot hold (a number past 64 bits, a NUL in a text) is wrong input
    (422); a database that stays locked or a lost connection is a 503 to retry; anything else
    a 500."""
    from sqlalchemy.exc import DataError, DBAPIError, OperationalError, StatementError

    if isinstance(exc, DataError) or (
        isinstance(exc, StatementError) and isinstance(exc.orig, OverflowError | ValueError)
    ):
        return 422, "invalid_value"
    if isinstance(exc, OperationalError) or (
        isinstance(exc, DBAPIError) and exc.connection_invalidated
    ):
        return 503, "server_busy"
    return 500, "internal_error"
