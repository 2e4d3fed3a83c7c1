"""How long a procedure may take, in the unit its publication uses."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class TimeUnit(StrEnum):
    WORKING_DAYS = "working_days"
    WORKING_HOURS = "working_hours"
    SAME_DAY = "same_day"  # before the cutoff: the same working day; after: the next one
    CALENDAR_DAYS = "calendar_days"


@dataclass(frozen=True, slots=True)
class ProcessingTime:
    """``value`` working days / working hours / calendar days; ignored for ``SAME_DAY``."""

    value: int
    unit: TimeUnit

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("processing time cannot be negative")

    @classmethod
    def working_days(cls, n: int) -> ProcessingTime:
        return cls(n, TimeUnit.WORKING_DAYS)

    @classmethod
    def working_hours(cls, n: int) -> ProcessingTime:
        return cls(n, TimeUnit.WORKING_HOURS)

    @classmethod
    def same_day(cls) -> ProcessingTime:
        return cls(0, TimeUnit.SAME_DAY)

    @classmethod
    def calendar_days(cls, n: int) -> ProcessingTime:
        return cls(n, TimeUnit.CALENDAR_DAYS)
