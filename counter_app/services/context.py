"""What every use case needs: the store, a clock, the deadline rules, and who this office is.

Every service takes the context first and returns a typed result (codes, never sentences); long
work also takes a :class:`counter_app.ports.Progress` and calls its ``check()`` between steps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from counter_app.domain.codes import DEFAULT_MAX_CLOCK_JUMP
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.ports import Clock
from counter_app.store.unit_of_work import Store


@dataclass(frozen=True, slots=True)
class ServiceContext:
    store: Store
    clock: Clock
    deadlines: DeadlineCalculator
    agency_code: str
    #: How far ahead of the last code the clock may read before intake asks for confirmation.
    max_clock_jump: timedelta = DEFAULT_MAX_CLOCK_JUMP
