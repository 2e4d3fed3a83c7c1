"""Which dossiers changed since a moment, read from the end of the audit log.

The audit log is appended by the store's one writer in time order (``seq`` grows with ``at``), so
today's changes are its last entries: the scan walks back from the newest entry and stops at the
first one older than the moment asked for. It costs what today's activity costs, not the size of
the store.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Connection, select

from counter_app.domain.dossier import Dossier
from counter_app.domain.vntime import as_vn
from counter_app.store import schema as t
from counter_app.store.repositories import DossierRepository


def dossiers_changed_since(conn: Connection, since: datetime) -> list[Dossier]:
    """Every dossier with an audit entry at or after ``since`` (each once)."""
    low = as_vn(since).isoformat()
    newest_first = select(t.audit_log.c.at, t.audit_log.c.dossier_id).order_by(
        t.audit_log.c.seq.desc()
    )
    ids: list[str] = []
    seen: set[str] = set()
    for at, dossier_id in conn.execute(newest_first):
        if at < low:
            break
        if dossier_id and dossier_id not in seen:
            seen.add(dossier_id)
            ids.append(dossier_id)
    repository = DossierRepository(conn)
    found = (repository.get(i) for i in ids)
    return [d for d in found if d is not None]
