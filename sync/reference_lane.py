"""Reference data pulled by cursor (procedures, agencies, staff, official calendar), each page
checked whole then applied with its kind's cursor in one transaction (through
:mod:`counter_app.services.central_reference`), as the changes feed is."""

from __future__ import annotations

import logging

from counter_app.domain.errors import ValidationError
from counter_app.ports import Progress
from counter_app.services.central_link import load_link
from counter_app.services.central_reference import KINDS, Kind, apply_page, check_items
from counter_app.services.context import ServiceContext
from sync.client_api import Credentials
from sync.errors import CentralReferenceInvalid, CentralRejected
from sync.protocol import ReferencePage
from sync.transport import Transport

log = logging.getLogger(__name__)
#: Pages per kind per sync round (the rest comes at the next round).
MAX_PAGES = 50


def pull_reference(
    ctx: ServiceContext,
    transport: Transport,
    credentials: Credentials,
    progress: Progress | None = None,
) -> int:
    """Every kind's new pages; how many items were applied (counts only are logged)."""
    counts = {kind: _pull(ctx, transport, credentials, kind, progress) for kind in KINDS}
    if any(counts.values()):
        log.info("reference data applied: %s", counts)
    return sum(counts.values())


def _pull(
    ctx: ServiceContext,
    transport: Transport,
    credentials: Credentials,
    kind: Kind,
    progress: Progress | None,
) -> int:
    link = load_link(ctx.store)
    cursor = getattr(link, f"{kind}_cursor") if link is not None else ""
    applied = 0
    for _page in range(MAX_PAGES):
        params = {"cursor": cursor} if cursor else None
        try:
            page = transport.get(
                f"/reference/{kind}", ReferencePage, auth=credentials, params=params
            )
        except CentralRejected as err:
            if err.problem.status == 404 and err.problem.code == "not_found":
                return applied  # a centre without reference data (an older server)
            raise
        if page.kind != kind:
            raise CentralReferenceInvalid(
                server=transport.base_url, kind=kind, item="-", field="kind"
            )
        try:
            checked = check_items(kind, page.items)
        except ValidationError as err:  # nothing of this page is applied
            raise CentralReferenceInvalid(
                server=transport.base_url,
                kind=kind,
                item=str(err.params.get("item", "-")),
                field=err.field or "-",
            ) from err
        applied += apply_page(ctx, kind, checked, page.next_cursor)
        cursor = page.next_cursor
        if progress is not None:
            progress.check()
        if not page.more:
            break
    return applied
