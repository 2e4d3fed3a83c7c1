"""The OS keyring as :class:`counter_app.ports.SecretStore` (service ``counter-app``).

Tokens and secrets live only here, never in the store, settings or logs. Without a usable
keyring backend (a headless machine with no Secret Service) every call raises
``EnvironmentProblem("keyring_unavailable")`` (as the device credentials do): a plaintext file
backend is never used.
"""

from __future__ import annotations

import keyring
import keyring.errors

from counter_app.domain.errors import EnvironmentProblem

SERVICE = "counter-app"


class KeyringSecrets:
    def __init__(self, service: str = SERVICE) -> None:
        self.service = service

    def get(self, name: str) -> str | None:
        try:
            return keyring.get_password(self.service, name)
        except keyring.errors.KeyringError as exc:
            raise EnvironmentProblem("keyring_unavailable", detail=type(exc).__name__) from exc

    def set(self, name: str, value: str) -> None:
        try:
            keyring.set_password(self.service, name, value)
        except keyring.errors.KeyringError as exc:
            raise EnvironmentProblem("keyring_unavailable", detail=type(exc).__name__) from exc

    def delete(self, name: str) -> None:
        try:
            keyring.delete_password(self.service, name)
        except keyring.errors.PasswordDeleteError:
            return
        except keyring.errors.KeyringError as exc:
            raise EnvironmentProblem("keyring_unavailable", detail=type(exc).__name__) from exc
