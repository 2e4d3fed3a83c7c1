"""Moving this PC to a fresh slot: the audited way out after a restore, a store copied from
elsewhere, or a clock that was set forward and corrected (see ``docs/design-codes.md``)."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.enums import Role
from counter_app.domain.errors import ConflictError, DamagedError, ValidationError
from counter_app.domain.ids import new_id
from counter_app.domain.office import Device
from counter_app.domain.text import nfc
from counter_app.services.context import ServiceContext
from counter_app.store.unit_of_work import Tx

ACTION = "device_slot_moved"


@dataclass(frozen=True, slots=True)
class SlotMove:
    old: SequenceBlock
    new: SequenceBlock
    by: str


def _supervisor(tx: Tx, by: str) -> str:
    member = tx.staff.by_username(by.strip().lower())
    if member is None or not member.active or member.role is not Role.SUPERVISOR:
        raise ValidationError("not_a_supervisor", field="by", by=by)
    return member.username


def _used_before(ctx: ServiceContext, tx: Tx) -> list[SequenceBlock]:
    """Blocks this PC or this store has ever used: the store's registrations (old ones stay on
    record) and the blocks named in the mark outside the store (which survives a restore)."""
    used = [d.block for d in tx.devices.for_agency(ctx.agency_code)]
    with contextlib.suppress(DamagedError):  # the store's record still counts; a new mark follows
        used += ctx.store.code_mark.used_blocks(ctx.agency_code)
    return used


def move_slot(ctx: ServiceContext, slot: int, reason: str, by: str) -> SlotMove:
    """Move this PC to ``slot``: a new registration from which codes restart, the old one kept on
    record and closed, written to the audit chain in the same transaction."""
    reason = nfc(reason)
    if not reason:
        raise ValidationError("missing_field", field="reason")
    block = SequenceBlock.for_slot(slot, reserved_last=ctx.deadlines.rules.reserved_sequence_last)
    with ctx.store.write() as tx:
        actor = _supervisor(tx, by)
        old = tx.devices.local(ctx.agency_code)
        for used in _used_before(ctx, tx):
            if used.overlaps(block):
                raise ConflictError(
                    "device_slot_used_before", field="slot", first=used.first, last=used.last
                )
        now = ctx.clock.now()
        tx.devices.set_local(old.id, False)
        tx.devices.register(Device(new_id(), ctx.agency_code, old.name, block, True), now)
        tx.audit.append(
            at=now,
            actor=actor,
            action=ACTION,
            dossier_id=None,
            before={"device": old.id, "first": old.block.first, "last": old.block.last},
            after={"first": block.first, "last": block.last, "reason": reason},
        )
        mark = ctx.store.code_mark
        tx.before_commit.append(lambda: mark.open_new(ctx.agency_code, block, old.block))
    return SlotMove(old.block, block, actor)
