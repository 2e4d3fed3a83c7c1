"""A tus 1.0.0 client (core + creation, termination, checksum with ``sha256``): plain calls over
an injected :class:`httpx.Client`, each answer checked and turned into a value or a typed error.

Nothing here is stored or retried: the files lane (``sync/files_lane.py``) decides what to do with
each outcome. A server's reply is outside input: a missing or impossible ``Upload-Offset`` is a
:class:`TusProtocolError`, never a crash or a silent guess.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from sync.protocol import FILES_PATH, TUS_CHECKSUM_ALGORITHM, TUS_VERSION

OFFSET_OCTET_STREAM = "application/offset+octet-stream"
CHECKSUM_MISMATCH = 460


class TusError(Exception):
    """Base of the tus client's outcomes other than success."""

    def __init__(self, message: str, status: int | None = None, code: str = "") -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class Transient(TusError):
    """The link dropped, timed out, or the server is overloaded or failing (5xx, 429): try again.
    ``retry_after`` is the server's ``Retry-After`` in seconds, when it sent one."""

    def __init__(self, message: str, status: int | None = None, retry_after: float | None = None):
        super().__init__(message, status)
        self.retry_after = retry_after


class Unauthorized(TusError):
    """401: the device's token expired or was revoked."""


class ChecksumMismatch(TusError):
    """460: the chunk arrived damaged (its SHA-256 differs); nothing of it was kept."""


class OffsetConflict(TusError):
    """409: the offset sent is not the server's; ask it (HEAD) and go on from there."""


class UploadGone(TusError):
    """404/410: the server no longer knows this upload (expired or terminated): create anew."""


class Refused(TusError):
    """Any other 4xx: the server will not take this upload as it is (``code`` from its problem)."""


class TusProtocolError(TusError):
    """The server's answer breaks the tus protocol (no or impossible ``Upload-Offset``)."""


@dataclass(frozen=True, slots=True)
class Created:
    url: str
    offset: int  # equal to the length when the server already holds the content


def chunk_checksum(data: bytes) -> str:
    """The ``Upload-Checksum`` value of one chunk."""
    digest = base64.b64encode(hashlib.sha256(data).digest()).decode("ascii")
    return f"{TUS_CHECKSUM_ALGORITHM} {digest}"


def encode_metadata(metadata: Mapping[str, str]) -> str:
    """``Upload-Metadata``: ``key base64(value)`` pairs separated by commas."""
    return ",".join(
        f"{key} {base64.b64encode(value.encode('utf-8')).decode('ascii')}"
        for key, value in metadata.items()
    )


class TusClient:
    """tus calls against ``base_url`` + :data:`FILES_PATH`, authorised by ``authorization()``."""

    def __init__(
        self, client: httpx.Client, base_url: str, authorization: Callable[[], str]
    ) -> None:
        self._client = client
        self._endpoint = base_url.rstrip("/") + FILES_PATH
        self._authorization = authorization
        #: Payload bytes handed to the link by PATCH calls (sent whole or not), and the requests.
        self.bytes_sent = 0
        self.requests = 0

    def _call(
        self, method: str, url: str, extra: Mapping[str, str] | None = None, body: bytes = b""
    ) -> httpx.Response:
        self.requests += 1
        try:
            headers = {"Tus-Resumable": TUS_VERSION, "Authorization": self._authorization()}
            headers.update(extra or {})
            response = self._client.request(method, url, headers=headers, content=body)
        except httpx.TransportError as exc:  # connect, read, write, timeouts, protocol drops
            raise Transient(f"{method} {url}: {type(exc).__name__}") from exc
        _raise_for_status(method, response)
        return response

    def create(self, length: int, metadata: Mapping[str, str]) -> Created:
        """POST a new upload; the server may answer that it holds the content already."""
        headers = {"Upload-Length": str(length), "Upload-Metadata": encode_metadata(metadata)}
        response = self._call("POST", self._endpoint, headers)
        location = response.headers.get("Location")
        if response.status_code != 201 or not location:
            raise TusProtocolError(f"creation answered {response.status_code} without Location")
        offset = _offset(response, 0, length) if "Upload-Offset" in response.headers else 0
        return Created(urljoin(self._endpoint + "/", location), offset)

    def offset(self, url: str, length: int) -> int:
        """HEAD: the offset the server holds for ``url``."""
        response = self._call("HEAD", url)
        return _offset(response, 0, length)

    def patch(self, url: str, offset: int, data: bytes, checksum: str | None = None) -> int:
        """PATCH one chunk at ``offset``; the server's new offset (the chunk's end when whole)."""
        headers = {
            "Content-Type": OFFSET_OCTET_STREAM,
            "Upload-Offset": str(offset),
            "Upload-Checksum": checksum or chunk_checksum(data),
        }
        self.bytes_sent += len(data)
        response = self._call("PATCH", url, headers, data)
        return _offset(response, offset, offset + len(data))

    def terminate(self, url: str) -> None:
        """DELETE an abandoned upload (already gone counts as done)."""
        try:
            self._call("DELETE", url)
        except UploadGone:
            return


def _offset(response: httpx.Response, low: int, high: int) -> int:
    raw = response.headers.get("Upload-Offset", "")
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise TusProtocolError(f"Upload-Offset {raw!r} outside {low}..{high}")
    return int(raw)


def _problem_code(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return ""
    code = body.get("code") if isinstance(body, dict) else None
    return code if isinstance(code, str) else ""


def _retry_after(response: httpx.Response) -> float | None:
    raw = response.headers.get("Retry-After", "").strip()
    try:
        return max(0.0, float(raw)) if raw else None
    except ValueError:
        return None


def _raise_for_status(method: str, response: httpx.Response) -> None:
    status = response.status_code
    if status < 400:
        return
    what = f"{method} answered {status}"
    code = _problem_code(response)
    if status >= 500 or status == 429:
        raise Transient(what, status, _retry_after(response))
    kinds: dict[int, type[TusError]] = {
        401: Unauthorized,
        CHECKSUM_MISMATCH: ChecksumMismatch,
        409: OffsetConflict,
        404: UploadGone,
        410: UploadGone,
    }
    raise kinds.get(status, Refused)(what, status, code)
