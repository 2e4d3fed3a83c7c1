"""Full-jitter backoff and Retry-After parsing (pure functions)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

from sync.backoff import Backoff
from sync.transport import retry_after_seconds

NOW = datetime(2026, 11, 28, 3, 0, tzinfo=UTC)


def test_full_jitter_stays_within_the_growing_ceiling() -> None:
    backoff, rng = Backoff(base_s=1.0, cap_s=300.0), random.Random(7)
    assert [backoff.ceiling(n) for n in (1, 2, 3, 9, 10, 50)] == [1, 2, 4, 256, 300, 300]
    for attempt in range(1, 40):
        waits = [backoff.delay(attempt, rng) for _ in range(200)]
        assert all(0.0 <= w <= backoff.ceiling(attempt) for w in waits)
    spread = [backoff.delay(10, rng) for _ in range(500)]
    assert min(spread) < 30 and max(spread) > 270  # the whole range, not one fixed wait


def test_the_centres_retry_after_wins_over_the_jitter() -> None:
    backoff = Backoff()
    assert backoff.next_time(NOW, 5, retry_after=120) == NOW + timedelta(seconds=120)


def test_retry_after_in_seconds_or_as_an_http_date() -> None:
    assert retry_after_seconds("7", NOW) == 7.0
    later = format_datetime(NOW + timedelta(seconds=90), usegmt=True)
    assert retry_after_seconds(later, NOW) == 90.0
    assert retry_after_seconds(None, NOW) is None
    assert retry_after_seconds("soon", NOW) is None
