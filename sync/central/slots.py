"""The slot register: which device of an agency owns which block of the daily code sequence.

Slot ``k`` owns ``k000–k999`` (``SequenceBlock.for_slot``); slot 0 would reach into 0001–0999,
the range the centre numbers from itself (online dossiers), so slots run 1–9. Rules:

* a slot is held by at most one device at a time (a unique index over the held rows);
* a retired slot (device restored, re-installed or moved) is not handed out again the same
  Vietnam day it was retired, nor while the centre knows a code from its block dated today or
  later (a clock set ahead issued future-dated codes: another holder would repeat them that day);
* slots never used come before retired ones; none free → 409 ``slots_exhausted``.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Connection, and_, func, select, update

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.vntime import now_vn
from sync.central import db
from sync.central.problems import ApiProblem
from sync.central.state import epoch

SLOTS = range(1, 10)


def day_number(d: date) -> int:
    """A date as ``yymmdd`` (the dossier code's own form), comparable as a number."""
    return (d.year % 100) * 10000 + d.month * 100 + d.day


def today() -> int:
    return day_number(now_vn().date())


def block(slot: int) -> SequenceBlock:
    return SequenceBlock.for_slot(slot)


def _free(conn: Connection, agency_id: str, slot: int, day: int) -> bool:
    a = db.slot_assignments
    busy = conn.execute(
        select(func.count())
        .select_from(a)
        .where(
            a.c.agency_id == agency_id,
            a.c.slot == slot,
            (a.c.retired_on.is_(None)) | (a.c.retired_on >= day),
        )
    ).scalar_one()
    if busy:
        return False
    b, d = block(slot), db.dossiers
    future_codes = conn.execute(
        select(func.count())
        .select_from(d)
        .where(
            d.c.agency_id == agency_id,
            d.c.code_day >= day,
            d.c.code_seq.between(b.first, b.last),
        )
    ).scalar_one()
    return not future_codes


def assign(conn: Connection, agency_id: str, device_id: str) -> int:
    """A free slot for ``device_id`` (recorded as held), or 409 ``slots_exhausted``."""
    day = today()
    a = db.slot_assignments
    used = set(conn.execute(select(a.c.slot).where(a.c.agency_id == agency_id)).scalars())
    for slot in sorted(SLOTS, key=lambda s: (s in used, s)):
        if _free(conn, agency_id, slot, day):
            conn.execute(
                a.insert().values(
                    agency_id=agency_id, slot=slot, device_id=device_id, assigned_at=epoch()
                )
            )
            return slot
    raise ApiProblem(
        409,
        "slots_exhausted",
        "every slot of the agency is held or was retired too recently",
        agency_id=agency_id,
    )


def retire(conn: Connection, device_id: str) -> None:
    """The device's held slot becomes retired today (its codes stay valid)."""
    a = db.slot_assignments
    conn.execute(
        update(a)
        .where(and_(a.c.device_id == device_id, a.c.retired_on.is_(None)))
        .values(retired_on=today())
    )


def device_blocks(
    conn: Connection, device_id: str, previous: str | None = None
) -> list[tuple[int, int, int | None]]:
    """``(first, last, retired_on)`` of every slot ``device_id`` (or a device it replaced,
    starting from ``previous``) held."""
    a = db.slot_assignments
    lineage = [device_id] + (_lineage(conn, previous) if previous else [])
    rows = conn.execute(select(a.c.slot, a.c.retired_on).where(a.c.device_id.in_(lineage))).all()
    return [(block(slot).first, block(slot).last, retired_on) for slot, retired_on in rows]


def owns_code(blocks: list[tuple[int, int, int | None]], day: int, seq: int) -> bool:
    """Whether a code numbered ``seq`` on ``day`` is the device's: in its held block, or in a
    retired one and dated up to its retirement day."""
    return any(
        first <= seq <= last and (retired is None or day <= retired)
        for first, last, retired in blocks
    )


def _lineage(conn: Connection, device_id: str) -> list[str]:
    found, current = [device_id], device_id
    for _ in range(20):
        prev = conn.execute(
            select(db.devices.c.previous_device_id).where(db.devices.c.id == current)
        ).scalar_one_or_none()
        if not prev or prev in found:
            break
        found.append(prev)
        current = prev
    return found
