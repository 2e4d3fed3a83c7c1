"""Claiming a store for a real office (``init``) and asking what a store is.

A store is either a demo store or a real one, recorded once in ``store_identity``. Sync (a later
issue) must call :func:`require_real` before sending anything: a demo store, or an older store
that ``init`` has not claimed yet, is never synchronised.
"""

from __future__ import annotations

from counter_app.domain.errors import ConflictError
from counter_app.services.context import ServiceContext
from counter_app.store.identity import StoreIdentity, StoreKind, claim_identity, is_real
from counter_app.store.unit_of_work import Store


def claim_real(ctx: ServiceContext, *, registering_device: bool = False) -> StoreIdentity:
    """Record this store as the real store of the settings' agency (unless it already has an
    identity, which is kept: a demo store stays a demo store). A real counter is never
    registered in a demo store (``store_not_real``)."""
    with ctx.store.write() as tx:
        identity = claim_identity(tx.conn, ctx.agency_code, StoreKind.REAL, ctx.clock.now())
    if registering_device and identity.is_demo:
        raise ConflictError("store_not_real", path=str(ctx.store.path))
    return identity


def require_real(store: Store) -> StoreIdentity:
    """The identity of a real office's store, or ``store_not_real`` (demo or unclaimed)."""
    identity = store.identity()
    if not is_real(identity):
        raise ConflictError("store_not_real", path=str(store.path))
    assert identity is not None
    return identity
