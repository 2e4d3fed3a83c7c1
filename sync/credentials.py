"""The device's right to talk to the centre: a token from the ``device_secret`` grant, the secret
itself only in the OS keyring (service ``counter-app``, user ``device-secret:<device id>``)."""

from __future__ import annotations

import threading
import time

from counter_app.domain.errors import ConflictError
from sync.errors import CentralRejected, DeviceUnknown
from sync.keyring_secrets import KeyringSecrets
from sync.protocol import TokenRequest, TokenResponse
from sync.transport import Transport

SERVICE = "counter-app"
#: Renew a little before the centre's expiry, not after a refused request.
EARLY_S = 30.0


def secret_name(device_id: str) -> str:
    return f"device-secret:{device_id}"


def read_secret(name: str) -> str | None:
    """A secret from the OS keyring (``keyring_unavailable`` without a usable one)."""
    return KeyringSecrets(SERVICE).get(name)


def store_secret(name: str, value: str) -> None:
    KeyringSecrets(SERVICE).set(name, value)


class DeviceCredentials:
    """Implements :class:`sync.client_api.Credentials` (shared by the commands and files lanes,
    possibly from two threads)."""

    def __init__(self, transport: Transport, device_id: str) -> None:
        self._transport = transport
        self.device_id = device_id
        self._lock = threading.Lock()
        self._token: str | None = None
        self._expires = 0.0
        self.grants = 0  # tokens fetched so far (tests watch renewals)

    def authorization(self) -> str:
        with self._lock:
            if self._token is None or time.monotonic() >= self._expires:
                self._fetch()
            return f"Bearer {self._token}"

    def renew(self) -> None:
        with self._lock:
            self._token = None
            self._fetch()

    def _fetch(self) -> None:
        secret = read_secret(secret_name(self.device_id))
        if not secret:
            raise ConflictError("device_secret_missing")
        request = TokenRequest(
            grant_type="device_secret", device_id=self.device_id, device_secret=secret
        )
        try:
            reply = self._transport.post("/auth/token", request, TokenResponse)
        except CentralRejected as err:
            if err.problem.status in {400, 401, 403, 404}:
                raise DeviceUnknown(device_id=self.device_id) from err
            raise
        self.grants += 1
        self._token = reply.access_token
        self._expires = time.monotonic() + max(0.0, reply.expires_in - EARLY_S)
