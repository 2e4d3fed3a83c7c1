"""Each officer's digital signature settings (ký số) on this computer, and where their secret
may be kept.

Settings (never a secret): ``signing.json`` in the data folder, ``{"<username>": {"mode":
"pkcs12", "pkcs12_path": "…", "remember_passphrase": false, …}}``, owner-only, written
atomically. ``mode`` is ``off`` (the default: files are saved unsigned), ``pkcs12`` (a .p12/.pfx
file; its passphrase is asked when needed and, only if the officer ticks "remember", kept in the
OS keyring under service ``counter-app``, user ``pkcs12:<username>``) or ``pkcs11`` (a USB token:
library, token label, key label; the PIN is asked once per session and kept in memory only).

The passphrase and the PIN are never written to disk by us: not here, not in settings.toml,
not in a log.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from counter_app.domain.errors import EnvironmentProblem, ValidationError
from counter_app.private_files import write_private_text

log = logging.getLogger(__name__)

FILE_NAME = "signing.json"
MODES = ("off", "pkcs12", "pkcs11")
KEYRING_SERVICE = "counter-app"
MAX_FILE_BYTES = 1_000_000


@dataclass(frozen=True)
class SigningConfig:
    mode: str = "off"
    pkcs12_path: str = ""
    remember_passphrase: bool = False
    pkcs11_library: str = ""
    token_label: str = ""
    key_label: str = ""

    @property
    def secret_kind(self) -> str | None:
        """``passphrase`` (PKCS#12), ``pin`` (token) or None (signing off)."""
        return {"pkcs12": "passphrase", "pkcs11": "pin"}.get(self.mode)

    def checked(self) -> SigningConfig:
        """Itself, or ``signing_config_incomplete`` naming the first empty field."""
        if self.mode not in MODES:
            raise ValidationError("signing_config_incomplete", field="signing.mode")
        needed = {
            "pkcs12": ("pkcs12_path",),
            "pkcs11": ("pkcs11_library", "token_label", "key_label"),
        }.get(self.mode, ())
        for name in needed:
            if not str(getattr(self, name)).strip():
                raise ValidationError("signing_config_incomplete", field=f"signing.{name}")
        return self


def keyring_user(username: str) -> str:
    return f"pkcs12:{username}"


def _from_dict(raw: Any) -> SigningConfig:
    if not isinstance(raw, dict):
        return SigningConfig()
    known = {f.name: f.type for f in fields(SigningConfig)}
    values: dict[str, Any] = {}
    for name, value in raw.items():
        if (name == "remember_passphrase" and isinstance(value, bool)) or (
            name in known and name != "remember_passphrase" and isinstance(value, str)
        ):
            values[name] = value
    config = SigningConfig(**values)
    return config if config.mode in MODES else SigningConfig()


class SigningConfigStore:
    """The officers' signing settings on this computer (one small JSON file)."""

    def __init__(self, data_dir: Path) -> None:
        self.path = data_dir / FILE_NAME

    def _all(self) -> dict[str, Any]:
        try:
            if self.path.stat().st_size > MAX_FILE_BYTES:
                raise ValueError("too large")
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return {}
        except (OSError, ValueError):
            log.warning("unreadable %s: signing is off until it is set again", FILE_NAME)
            return {}
        return data if isinstance(data, dict) else {}

    def load(self, username: str) -> SigningConfig:
        return _from_dict(self._all().get(username))

    def save(self, username: str, config: SigningConfig) -> None:
        config.checked()
        data = self._all()
        data[username] = asdict(config)
        try:
            write_private_text(self.path, json.dumps(data, ensure_ascii=False, indent=1))
        except OSError as exc:
            raise EnvironmentProblem("scan_write_failed", path=str(self.path.parent)) from exc


class KeyringPassphrases:
    """A PKCS#12 passphrase the officer asked to remember, in the OS keyring only. Without a
    usable keyring nothing is remembered (``signing_keyring_unavailable`` when asked to)."""

    def __init__(self, service: str = KEYRING_SERVICE) -> None:
        self.service = service

    def get(self, username: str) -> str | None:
        import keyring
        import keyring.errors

        try:
            return keyring.get_password(self.service, keyring_user(username))
        except keyring.errors.KeyringError:
            log.info("no usable keyring: the passphrase is asked")
            return None

    def set(self, username: str, passphrase: str) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.set_password(self.service, keyring_user(username), passphrase)
        except keyring.errors.KeyringError as exc:
            raise EnvironmentProblem("signing_keyring_unavailable") from exc

    def delete(self, username: str) -> None:
        import keyring
        import keyring.errors

        try:
            keyring.delete_password(self.service, keyring_user(username))
        except keyring.errors.KeyringError:  # nothing stored, or no keyring: nothing to forget
            return
