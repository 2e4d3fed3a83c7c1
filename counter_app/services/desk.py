"""Small reads the counter window needs: who may sign in, today's working queue, the unsynced
count, a known applicant by ID number, one dossier by code, the supervisor's overdue list."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from counter_app.domain.deadlines import DeadlineCalculator, WarningLevel
from counter_app.domain.dossier import Dossier, DossierSummary, Party
from counter_app.domain.enums import DossierStatus
from counter_app.domain.errors import NotFoundError
from counter_app.domain.office import StaffMember
from counter_app.domain.procedure import Procedure
from counter_app.services.context import ServiceContext
from counter_app.store.unit_of_work import Store

#: The statuses a counter works on (the queue): open, or waiting at the counter.
QUEUE_STATUSES = (
    DossierStatus.RECEIVED,
    DossierStatus.PROCESSING,
    DossierStatus.SUPPLEMENT_REQUESTED,
    DossierStatus.FINANCIAL_OBLIGATION,
    DossierStatus.WITHDRAWN,
    DossierStatus.RESOLVED,
)


@dataclass(frozen=True, slots=True)
class QueueRow:
    summary: DossierSummary
    warning: WarningLevel


def staff_members(store: Store) -> list[StaffMember]:
    with store.read() as tx:
        return [m for m in tx.staff.all() if m.active]


def unsynced_count(store: Store) -> int:
    with store.read() as tx:
        return tx.outbox.count_pending()


def warning_of(
    deadlines: DeadlineCalculator, status: DossierStatus, due_at: datetime | None, now: datetime
) -> WarningLevel:
    """The colour of a row: paused or finished dossiers and those without a due time are normal."""
    running = status in (DossierStatus.RECEIVED, DossierStatus.PROCESSING)
    if due_at is None or not running:
        return WarningLevel.NORMAL
    return deadlines.warning(due_at, now)


def row_of(ctx: ServiceContext, summary: DossierSummary, now: datetime) -> QueueRow:
    return QueueRow(summary, warning_of(ctx.deadlines, summary.status, summary.due_at, now))


def queue(ctx: ServiceContext, limit: int = 500) -> list[QueueRow]:
    """The working queue, soonest due first, each row with its warning level now."""
    with ctx.store.read() as tx:
        summaries = tx.dossiers.open_summaries(QUEUE_STATUSES, limit)
    now = ctx.clock.now()
    return [row_of(ctx, s, now) for s in summaries]


def overdue(ctx: ServiceContext, limit: int = 500) -> list[QueueRow]:
    """The supervisor's review list: open dossiers past or close to their appointment."""
    return [r for r in queue(ctx, limit) if r.warning is not WarningLevel.NORMAL]


def known_applicant(store: Store, id_number: str) -> Party | None:
    """The applicant as recorded on the newest earlier dossier with this ID number."""
    with store.read() as tx:
        found = tx.dossiers.summaries_by_id_number(id_number.strip(), 1)
        dossier = tx.dossiers.get(found[0].id) if found else None
    return dossier.applicant if dossier is not None else None


def dossier(store: Store, code: str) -> Dossier:
    with store.read() as tx:
        found = tx.dossiers.by_code(code)
    if found is None:
        raise NotFoundError("dossier_not_found", query=code)
    return found


def procedure(store: Store, code: str) -> Procedure:
    with store.read() as tx:
        found = tx.procedures.get(code)
    if found is None:
        raise NotFoundError("procedure_not_found", field="procedure_code", procedure_code=code)
    return found


def today_figures(ctx: ServiceContext) -> dict[str, int]:
    """Open dossiers by warning level (the supervisor's desk)."""
    rows = queue(ctx, 100_000)
    figures = {level.value: 0 for level in WarningLevel}
    for row in rows:
        figures[row.warning.value] += 1
    figures["open"] = len(rows)
    return figures
