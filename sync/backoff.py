"""Exponential backoff with full jitter (the wait is uniform in ``[0, min(cap, base·2^n)]``), so
that many counters coming back after an outage do not all knock at the same moment. The attempt
count and the next attempt time live in the store (``outbox`` rows and ``sync_state``), so a
restart goes on from where the last run stopped instead of hammering the centre."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

#: Link retries: from about a second up to five minutes between attempts.
BASE_S = 1.0
CAP_S = 300.0


@dataclass(frozen=True, slots=True)
class Backoff:
    base_s: float = BASE_S
    cap_s: float = CAP_S

    def ceiling(self, attempt: int) -> float:
        """The longest wait after ``attempt`` failures in a row (1 = the first failure)."""
        return float(min(self.cap_s, self.base_s * 2 ** max(0, min(attempt - 1, 30))))

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        return (rng or random).uniform(0.0, self.ceiling(attempt))

    def next_time(
        self,
        now: datetime,
        attempt: int,
        retry_after: float | None = None,
        rng: random.Random | None = None,
    ) -> datetime:
        """When to try again: the centre's ``Retry-After`` when it gave one, else full jitter."""
        wait = retry_after if retry_after is not None else self.delay(attempt, rng)
        return now + timedelta(seconds=wait)
