"""What every use case needs: the store, a clock, the deadline rules, and who this office is."""

from __future__ import annotations

from dataclasses import dataclass

from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.ports import Clock
from counter_app.store.unit_of_work import Store


@dataclass
class ServiceContext:
    store: Store
    clock: Clock
    deadlines: DeadlineCalculator
    agency_code: str
