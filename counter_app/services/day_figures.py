"""Today's figures for the supervisor's desk: dossiers received, results returned (on time or
late against the receipt's appointment), supplement requests, refusals and the fees collected
today. Read in one transaction from the dossiers that changed today (the end of the audit log).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from counter_app.domain.deadlines import DeadlineCalculator, Timeliness
from counter_app.domain.dossier import Dossier, FeeLine
from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.enums import FeeTiming
from counter_app.domain.vntime import VN_TZ, as_vn
from counter_app.services.context import ServiceContext
from counter_app.store.day_activity import dossiers_changed_since


@dataclass(frozen=True)
class DayFigures:
    day: date
    received: int = 0
    returned: int = 0
    on_time: int = 0  # of the results returned today: finished by the appointment (or early)
    late: int = 0
    supplements: int = 0  # supplement requests issued today (at intake or later)
    refusals: int = 0
    fees_collected_vnd: int = 0


def day_figures(ctx: ServiceContext, day: date | None = None) -> DayFigures:
    """The figures of ``day`` (today by the service clock)."""
    wanted = day or as_vn(ctx.clock.now()).date()
    with ctx.store.read() as tx:
        changed = dossiers_changed_since(tx.conn, datetime.combine(wanted, time(0), VN_TZ))
    return count(changed, wanted, ctx.deadlines)


def _on(moment: datetime | None, day: date) -> bool:
    return moment is not None and as_vn(moment).date() == day


def _collected(fee: FeeLine, d: Dossier, day: date) -> int:
    if fee.paid_at is not None:
        return fee.amount_vnd if _on(fee.paid_at, day) else 0
    paid_at_receipt = fee.timing is FeeTiming.BEFORE and fee.method is not None
    return fee.amount_vnd if paid_at_receipt and _on(d.received_at, day) else 0


def count(dossiers: list[Dossier], day: date, deadlines: DeadlineCalculator) -> DayFigures:
    received = returned = on_time = late = supplements = refusals = fees = 0
    for d in dossiers:
        first_receipt = next((c.at for c in d.history if c.to_status is S.RECEIVED), None)
        received += int(_on(first_receipt, day))
        supplements += sum(1 for r in d.supplements if _on(r.requested_at, day))
        refusals += int(d.status is S.REFUSED and _on(d.refused_at, day))
        fees += sum(_collected(f, d, day) for f in d.fees)
        if d.status is S.RETURNED and _on(d.returned_at, day):
            returned += 1
            finished = d.resolved_at or d.returned_at
            due = d.legal_due
            if due is not None and finished is not None:
                if deadlines.classify(due, finished) is Timeliness.LATE:
                    late += 1
                else:
                    on_time += 1
    return DayFigures(day, received, returned, on_time, late, supplements, refusals, fees)
