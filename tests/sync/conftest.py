"""Fixtures of the sync tests: an in-memory keyring for every test (secrets never reach a file),
the real reference server (one per module), the proxy in front of it, a registered device."""

from tests.sync.keyring_support import memory_keyring
from tests.sync.server_support import central, device, proxy

__all__ = ["central", "device", "memory_keyring", "proxy"]
