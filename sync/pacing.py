"""How fast and how often the files lane talks to the centre: the chunk size that fits the link,
and backoff with full jitter. Pure (time and randomness are passed in)."""

from __future__ import annotations

import random

from sync.protocol import MAX_CHUNK, MIN_CHUNK

#: A chunk should take about this long on the link: a drop then re-sends at most this much time.
TARGET_CHUNK_S = 0.5
#: Chunks confirmed in a row, after a drop, before the size may grow past the dropped one's half.
CALM_CHUNKS = 8


class ChunkSizer:
    """Start at :data:`MIN_CHUNK`; while chunks finish fast (under :data:`TARGET_CHUNK_S` at the
    measured rate), double toward :data:`MAX_CHUNK`; after a drop, halve and keep under half the
    chunk that was lost until the link has been calm for :data:`CALM_CHUNKS` chunks."""

    def __init__(self, low: int = MIN_CHUNK, high: int = MAX_CHUNK) -> None:
        self.low, self.high = low, high
        self.size = low
        self.ceiling = high
        self._calm = 0

    def _clamp(self, value: int) -> int:
        return max(self.low, min(self.high, value))

    def confirmed(self, nbytes: int, seconds: float) -> None:
        """A chunk of ``nbytes`` was confirmed ``seconds`` after it was started."""
        rate = nbytes / max(seconds, 1e-6)
        wanted = int(rate * TARGET_CHUNK_S)
        self._calm += 1
        if self._calm >= CALM_CHUNKS and self.ceiling < self.high:
            self.ceiling, self._calm = self._clamp(self.ceiling * 2), 0
        self.size = self._clamp(min(wanted, self.size * 2, self.ceiling))

    def dropped(self, in_flight: int) -> None:
        """The link dropped while a chunk of ``in_flight`` bytes was under way."""
        self.ceiling = self._clamp(in_flight // 2)
        self.size = min(self.size, self.ceiling)
        self._calm = 0


def full_jitter(
    attempt: int, base_s: float, cap_s: float, rng: random.Random, floor_s: float = 0.0
) -> float:
    """Seconds to wait before try number ``attempt`` (1-based): uniform in
    [0, min(cap, base·2^(attempt-1))], never under ``floor_s`` (a server's Retry-After)."""
    ceiling = min(cap_s, base_s * (2 ** max(0, attempt - 1)))
    return max(floor_s, rng.uniform(0.0, ceiling))
