"""This PC's link with the centre, as the engine and the window read it."""

from __future__ import annotations

from counter_app.services.central_link import LinkRecord
from counter_app.services.central_link import load_link as _load
from counter_app.services.context import ServiceContext


def load_link(ctx: ServiceContext) -> LinkRecord | None:
    """The registration and the link's state, or ``None`` while this PC has not joined."""
    return _load(ctx.store)
