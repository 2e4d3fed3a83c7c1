"""Values written the Vietnamese way on the slips (dd/mm/yyyy, "09 giờ 30 phút, ngày …",
"1.500.000 đ"). All functions take aware or naive datetimes and show Vietnam time."""

from __future__ import annotations

from datetime import date, datetime

from counter_app.domain.vntime import as_vn

EMPTY = "…………"


def day(value: date | datetime | None) -> str:
    if value is None:
        return EMPTY
    moment = as_vn(value) if isinstance(value, datetime) else value
    return f"{moment:%d/%m/%Y}"


def moment(value: datetime | None) -> str:
    """``09 giờ 30 phút, ngày 02/03/2026``."""
    if value is None:
        return EMPTY
    m = as_vn(value)
    return f"{m:%H} giờ {m:%M} phút, ngày {m:%d/%m/%Y}"


def short_moment(value: datetime | None) -> str:
    """``09:30 02/03/2026`` for tables."""
    if value is None:
        return ""
    return f"{as_vn(value):%H:%M %d/%m/%Y}"


def place_date(place: str, value: date | datetime) -> str:
    """``Thanh Hóa, ngày 02 tháng 03 năm 2026``."""
    d = as_vn(value).date() if isinstance(value, datetime) else value
    prefix = f"{place}, " if place else ""
    return f"{prefix}ngày {d:%d} tháng {d:%m} năm {d:%Y}"


def money(amount_vnd: int | None) -> str:
    """``1.500.000 đ``; ``None`` (set by the council, entered at the counter) shows as a gap."""
    if amount_vnd is None:
        return EMPTY
    return f"{amount_vnd:,}".replace(",", ".") + " đ"
