"""Sync tests: secrets go to a keyring inside the test's folder (shared with CLI subprocesses)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.sync.keyring_dir import BACKEND, ENV, DirKeyring


@pytest.fixture(autouse=True)
def test_keyring(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    folder = tmp_path / "keyring"
    monkeypatch.setenv(ENV, str(folder))
    monkeypatch.setenv("PYTHON_KEYRING_BACKEND", BACKEND)
    previous = keyring.get_keyring()
    keyring.set_keyring(DirKeyring())
    yield folder
    keyring.set_keyring(previous)
