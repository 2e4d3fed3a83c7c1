"""Who a store belongs to: one ``store_identity`` row, written once when the store is set up.

``kind`` is ``demo`` for a store made by ``counter-app demo`` and ``real`` for one made by
``counter-app init``; a demo store can never be synchronised (sync checks :func:`is_real`), and
the demo never writes into a store that is not a demo store. ``agency_code`` must match the
settings' agency at every open (``store_agency_mismatch``), so a lost ``settings.toml`` can never
silently switch the store to another agency.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from sqlalchemy import Connection, insert, select

from counter_app.domain.vntime import as_vn
from counter_app.store import schema as t


class StoreKind(StrEnum):
    DEMO = "demo"
    REAL = "real"


@dataclass(frozen=True, slots=True)
class StoreIdentity:
    store_id: str
    agency_code: str
    kind: StoreKind
    created_at: str

    @property
    def is_demo(self) -> bool:
        return self.kind is StoreKind.DEMO


def read_identity(conn: Connection) -> StoreIdentity | None:
    """The identity row; ``None`` before ``init``/``demo`` claimed the store (or before 0004)."""
    if not conn.dialect.has_table(conn, t.store_identity.name):
        return None
    row = conn.execute(select(t.store_identity)).first()
    if row is None:
        return None
    return StoreIdentity(row.store_id, row.agency_code, StoreKind(row.kind), row.created_at)


def claim_identity(
    conn: Connection, agency_code: str, kind: StoreKind, at: datetime
) -> StoreIdentity:
    """The store's identity; written now (with a fresh random id) if it has none yet."""
    existing = read_identity(conn)
    if existing is not None:
        return existing
    identity = StoreIdentity(uuid.uuid4().hex, agency_code, kind, as_vn(at).isoformat())
    conn.execute(
        insert(t.store_identity).values(
            store_id=identity.store_id,
            agency_code=agency_code,
            kind=kind.value,
            created_at=identity.created_at,
        )
    )
    return identity


def is_real(identity: StoreIdentity | None) -> bool:
    """Only a store set up by ``counter-app init`` may ever be synchronised."""
    return identity is not None and identity.kind is StoreKind.REAL
