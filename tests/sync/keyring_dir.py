"""A keyring backend for the sync tests that writes only inside the test's own folder
(``$COUNTER_APP_TEST_KEYRING``), so CLI subprocesses share it; never used outside tests."""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

ENV = "COUNTER_APP_TEST_KEYRING"
BACKEND = "tests.sync.keyring_dir.DirKeyring"


class DirKeyring(KeyringBackend):
    priority = 1.0

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]

    def _file(self) -> Path:
        return Path(os.environ[ENV]) / "keyring.json"

    def _load(self) -> dict[str, str]:
        path = self._file()
        if not path.exists():
            return {}
        data: dict[str, str] = json.loads(path.read_text(encoding="utf-8"))
        return data

    def _save(self, data: dict[str, str]) -> None:
        path = self._file()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(data), encoding="utf-8")
        path.chmod(0o600)

    def get_password(self, service: str, username: str) -> str | None:
        return self._load().get(f"{service}\n{username}")

    def set_password(self, service: str, username: str, password: str) -> None:
        data = self._load()
        data[f"{service}\n{username}"] = password
        self._save(data)

    def delete_password(self, service: str, username: str) -> None:
        data = self._load()
        if data.pop(f"{service}\n{username}", None) is None:
            raise PasswordDeleteError(username)
        self._save(data)
