"""UUIDv7 identifiers (RFC 9562): time-ordered, so B-tree inserts stay append-only."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A UUIDv7, monotonic within this process (a 12-bit counter fills ``rand_a``)."""
    global _last_ms, _counter  # noqa: PLW0603 - process-wide monotonic state
    with _lock:
        ms = time.time_ns() // 1_000_000
        if ms <= _last_ms:
            _counter += 1
            if _counter > 0xFFF:  # counter spent: borrow the next millisecond
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF  # leave room to count up
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= (_counter & 0xFFF) << 64
        value |= 0b10 << 62
        value |= rand_b
    return uuid.UUID(int=value)


def new_id() -> str:
    """A new internal id as its canonical 36-character string."""
    return str(uuid7())
