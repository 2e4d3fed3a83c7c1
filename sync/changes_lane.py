"""The changes feed: pulled by cursor, each page applied with its cursor in one transaction
(through :mod:`counter_app.services.central_changes`), so a change is applied exactly once."""

from __future__ import annotations

from counter_app.ports import Progress
from counter_app.services.central_changes import ReceivedChange, apply_page
from counter_app.services.central_link import load_link
from counter_app.services.context import ServiceContext
from sync.client_api import Credentials
from sync.errors import CentralRejected
from sync.protocol import Change, ChangesPage
from sync.transport import Transport

#: Pages per sync round (the rest comes at the next round, so commands are never kept waiting).
MAX_PAGES = 50


def pull_changes(
    ctx: ServiceContext,
    transport: Transport,
    credentials: Credentials,
    progress: Progress | None = None,
) -> int:
    link = load_link(ctx.store)
    cursor = link.changes_cursor if link is not None else ""
    applied = 0
    for _page in range(MAX_PAGES):
        params = {"cursor": cursor} if cursor else None
        try:
            page = transport.get("/changes", ChangesPage, auth=credentials, params=params)
        except CentralRejected as err:
            if err.problem.status == 404 and err.problem.code == "not_found":
                return applied  # a centre without a changes feed (an older server)
            raise
        applied += apply_page(ctx, [_received(c) for c in page.changes], page.next_cursor)
        cursor = page.next_cursor
        if progress is not None:
            progress.check()
        if not page.more:
            break
    return applied


def _received(change: Change) -> ReceivedChange:
    return ReceivedChange(change.seq, change.kind, change.dossier_code, change.at, change.body)
