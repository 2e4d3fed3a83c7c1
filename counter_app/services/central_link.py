"""This PC's link with the central system (``sync_state``, one row): joining it and keeping its
state. The sync engine (``sync/``) calls these; the centre owns the slot register, so joining
adopts the centre's slot as this PC's block of the daily code sequence in the same transaction.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.errors import ConflictError, DamagedError
from counter_app.domain.ids import new_id
from counter_app.domain.office import Device
from counter_app.domain.text import nfc
from counter_app.services.context import ServiceContext
from counter_app.store.repositories import iso
from counter_app.store.unit_of_work import Store, Tx

ACTION_JOINED = "device_joined_centre"


@dataclass(frozen=True, slots=True)
class LinkRecord:
    server_url: str
    agency_id: str
    device_id: str
    device_name: str
    install_id: str
    slot: int
    registered_at: datetime
    changes_cursor: str = ""
    acked_chain_seq: int = 0
    acked_chain_hash: str = ""
    attempts: int = 0
    next_attempt_at: datetime | None = None
    last_attempt_at: datetime | None = None
    last_success_at: datetime | None = None
    problem_code: str | None = None
    clock_skew_s: float | None = None
    procedures_cursor: str = ""
    agencies_cursor: str = ""
    staff_cursor: str = ""
    calendar_cursor: str = ""


_TIMES = {"registered_at", "next_attempt_at", "last_attempt_at", "last_success_at"}
_COLUMNS = tuple(f.name for f in fields(LinkRecord))


def _from_row(row: Any) -> LinkRecord:
    values = dict(row._mapping)
    values.pop("id", None)
    for name in _TIMES:
        raw = values.get(name)
        values[name] = datetime.fromisoformat(raw) if raw else None
    return LinkRecord(**values)


def read_link(tx: Tx) -> LinkRecord | None:
    if not tx.conn.dialect.has_table(tx.conn, "sync_state"):
        return None
    row = tx.conn.exec_driver_sql(f"SELECT {', '.join(_COLUMNS)} FROM sync_state").first()
    return _from_row(row) if row is not None else None


def load_link(store: Store) -> LinkRecord | None:
    """The link, or ``None`` while this PC has not joined a centre."""
    with store.read() as tx:
        return read_link(tx)


def update_link(tx: Tx, **values: Any) -> None:
    """Change some columns of the link (times as datetimes) within the caller's transaction."""
    unknown = set(values) - set(_COLUMNS)
    if unknown:
        raise ValueError(f"unknown sync_state columns: {sorted(unknown)}")
    stored = {k: iso(v) if k in _TIMES else v for k, v in values.items()}
    assignments = ", ".join(f"{k} = ?" for k in stored)
    tx.conn.exec_driver_sql(
        f"UPDATE sync_state SET {assignments} WHERE id = 1", tuple(stored.values())
    )


def save_link_state(store: Store, **values: Any) -> None:
    with store.write() as tx:
        update_link(tx, **values)


def join_centre(ctx: ServiceContext, link: LinkRecord, block: SequenceBlock, actor: str) -> None:
    """Record the centre's grant: the link row, and the centre's slot as this PC's block (a new
    registration, or a move from the block it had), audited, in one transaction."""
    block.check_not_reserved(ctx.deadlines.rules.reserved_sequence_last)
    with ctx.store.write() as tx:
        if read_link(tx) is not None:
            raise ConflictError("sync_already_registered", server=link.server_url, device_id="")
        old = _local_device(tx, ctx.agency_code)
        now = ctx.clock.now()
        if old is None or old.block != block:
            _adopt_block(ctx, tx, old, block, nfc(link.device_name), now)
        stored = {k: iso(getattr(link, k)) if k in _TIMES else getattr(link, k) for k in _COLUMNS}
        tx.conn.exec_driver_sql(
            f"INSERT INTO sync_state (id, {', '.join(_COLUMNS)})"
            f" VALUES (1, {', '.join('?' * len(_COLUMNS))})",
            tuple(stored.values()),
        )
        tx.audit.append(
            at=now,
            actor=actor,
            action=ACTION_JOINED,
            dossier_id=None,
            before={"first": old.block.first, "last": old.block.last} if old else None,
            after={
                "server": link.server_url,
                "device": link.device_id,
                "slot": link.slot,
                "first": block.first,
                "last": block.last,
            },
        )


def _local_device(tx: Tx, agency_code: str) -> Device | None:
    with contextlib.suppress(ConflictError):
        return tx.devices.local(agency_code)
    return None


def _adopt_block(
    ctx: ServiceContext,
    tx: Tx,
    old: Device | None,
    block: SequenceBlock,
    name: str,
    now: datetime,
) -> None:
    """The centre's block becomes this PC's; never one this PC or this store used before."""
    used = [d.block for d in tx.devices.for_agency(ctx.agency_code)]
    with contextlib.suppress(DamagedError):
        used += ctx.store.code_mark.used_blocks(ctx.agency_code)
    for earlier in used:
        if earlier.overlaps(block):
            raise ConflictError(
                "device_slot_used_before", field="slot", first=earlier.first, last=earlier.last
            )
    if old is not None:
        tx.devices.set_local(old.id, False)
    tx.devices.register(Device(new_id(), ctx.agency_code, name, block, True), now)
    mark = ctx.store.code_mark
    previous = old.block if old is not None else None
    tx.before_commit.append(lambda: mark.open_new(ctx.agency_code, block, previous))
