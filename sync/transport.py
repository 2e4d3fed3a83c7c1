"""HTTP to the centre: every reply validated against the wire contract, every failure typed.

* network errors, 5xx and 429 are retried a few times within one call (full-jitter backoff,
  ``Retry-After`` honoured), then raised as :class:`CentralUnreachable` /
  :class:`CentralUnavailable` for the engine to schedule the next attempt;
* 401 with credentials: :meth:`Credentials.renew` once, then the same request again;
* other 4xx: the centre's ``Problem``, raised as :class:`CentralRejected` (callers name it);
* a reply that does not validate is :class:`CentralReplyInvalid`, never a crash;
* the ``Date`` header of every reply gives the clock skew (device clock minus the centre's).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TypeVar

import httpx
import pydantic

from counter_app.ports import Clock
from sync.backoff import Backoff
from sync.client_api import Credentials
from sync.errors import CentralRejected, CentralReplyInvalid, CentralUnavailable, CentralUnreachable
from sync.protocol import API_PREFIX, Problem, Wire

log = logging.getLogger(__name__)
Model = TypeVar("Model", bound=Wire)

#: Tries per call before the failure goes up to the engine.
TRIES = 3
#: A ``Retry-After`` longer than this is not waited for inside a call: the engine schedules it.
MAX_INLINE_WAIT_S = 30.0
IN_CALL_BACKOFF = Backoff(base_s=0.25, cap_s=2.0)
TIMEOUT = httpx.Timeout(30.0, connect=10.0)


def retry_after_seconds(value: str | None, now: datetime) -> float | None:
    """``Retry-After`` as seconds (a number, or an HTTP date)."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    return max(0.0, (moment - now).total_seconds())


class Transport:
    def __init__(
        self,
        client: httpx.Client,
        base_url: str,
        clock: Clock,
        *,
        sleep: Callable[[float], None] = time.sleep,
        tries: int = TRIES,
    ) -> None:
        self.client = client
        self.base_url = base_url.rstrip("/")
        self.clock = clock
        self.sleep = sleep
        self.tries = tries
        #: device clock minus the centre's, from the last reply's ``Date`` (seconds)
        self.skew_s: float | None = None
        self.requests = 0

    # ------------------------------------------------------------------ calls
    def get(
        self,
        path: str,
        model: type[Model],
        *,
        auth: Credentials | None = None,
        params: dict[str, str] | None = None,
    ) -> Model:
        return self._parse(self.send("GET", path, auth=auth, params=params), model)

    def post(
        self,
        path: str,
        body: Wire,
        model: type[Model],
        *,
        auth: Credentials | None = None,
        bearer: str | None = None,
    ) -> Model:
        content = body.model_dump_json().encode()
        reply = self.send("POST", path, content=content, auth=auth, bearer=bearer)
        return self._parse(reply, model)

    def send(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        auth: Credentials | None = None,
        bearer: str | None = None,
        params: dict[str, str] | None = None,
    ) -> httpx.Response:
        """One request, retried on the link's trouble; a reply the caller must still read."""
        url = f"{self.base_url}{API_PREFIX}{path}"
        renewed = False
        attempt = 0
        while True:
            attempt += 1
            try:
                reply = self._request(method, url, content, auth, bearer, params)
            except httpx.TransportError as exc:
                failure: CentralUnreachable | CentralUnavailable = CentralUnreachable(
                    server=self.base_url, detail=type(exc).__name__
                )
                wait = None
            else:
                if reply.status_code == 401 and auth is not None and not renewed:
                    auth.renew()  # raises when the centre refuses the device
                    renewed, attempt = True, attempt - 1
                    continue
                if reply.status_code != 429 and reply.status_code < 500:
                    return reply
                wait = retry_after_seconds(reply.headers.get("retry-after"), self.clock.now())
                failure = CentralUnavailable(
                    retry_after=wait, server=self.base_url, status=reply.status_code
                )
            log.info("%s %s failed (%s), attempt %d", method, path, failure.code, attempt)
            if attempt >= self.tries or (wait is not None and wait > MAX_INLINE_WAIT_S):
                raise failure
            self.sleep(wait if wait is not None else IN_CALL_BACKOFF.delay(attempt))

    def _request(
        self,
        method: str,
        url: str,
        content: bytes | None,
        auth: Credentials | None,
        bearer: str | None,
        params: dict[str, str] | None,
    ) -> httpx.Response:
        headers = {"Accept": "application/json"}
        if content is not None:
            headers["Content-Type"] = "application/json"
        if auth is not None:
            headers["Authorization"] = auth.authorization()
        elif bearer is not None:
            headers["Authorization"] = f"Bearer {bearer}"
        self.requests += 1
        reply = self.client.request(
            method, url, content=content, headers=headers, params=params, timeout=TIMEOUT
        )
        self._note_date(reply)
        return reply

    def _note_date(self, reply: httpx.Response) -> None:
        raw = reply.headers.get("date")
        if not raw:
            return
        try:
            server = parsedate_to_datetime(raw)
        except (TypeError, ValueError):
            return
        if server.tzinfo is not None:
            self.skew_s = (self.clock.now() - server).total_seconds()

    # ------------------------------------------------------------------ replies
    def _parse(self, reply: httpx.Response, model: type[Model]) -> Model:
        if reply.is_success:
            try:
                return model.model_validate_json(reply.content)
            except pydantic.ValidationError as exc:
                raise CentralReplyInvalid(
                    server=self.base_url, detail=f"{model.__name__}: {exc.error_count()} error(s)"
                ) from exc
        raise self.problem(reply)

    def problem(self, reply: httpx.Response) -> CentralRejected | CentralReplyInvalid:
        """The centre's Problem for a 4xx reply (a reply without one is invalid)."""
        try:
            problem = Problem.model_validate_json(reply.content)
        except pydantic.ValidationError:
            return CentralReplyInvalid(
                server=self.base_url, detail=f"HTTP {reply.status_code} without a problem"
            )
        return CentralRejected(problem, server=self.base_url)
