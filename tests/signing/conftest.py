"""Signing tests: an in-memory keyring for every test (never a plaintext file backend)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest

from tests.signing_support import MadeCert, make_cert
from tests.sync.keyring_support import MemoryKeyring


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def cert(tmp_path: Path) -> MadeCert:
    return make_cert(tmp_path / "cert")
