"""Vietnam time. The country has kept UTC+07:00 without daylight saving since 1975, so a fixed
offset is exact and needs no tz database (which Windows lacks)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

VN_TZ = timezone(timedelta(hours=7), "ICT")


def as_vn(moment: datetime) -> datetime:
    """Return ``moment`` in Vietnam time; a naive datetime is taken to be Vietnam time already."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=VN_TZ)
    return moment.astimezone(VN_TZ)


def now_vn() -> datetime:
    return datetime.now(VN_TZ)
