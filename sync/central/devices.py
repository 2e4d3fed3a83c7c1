"""Devices joining the centre: registration (a fresh slot), a slot move, and the device record."""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import Connection, select, update

from counter_app.domain.codes import DossierCode
from counter_app.domain.errors import ValidationError
from sync.central import db, slots
from sync.central.auth import Principal, require_admin, revoke_device
from sync.central.problems import ApiProblem
from sync.central.security import new_token, token_hash
from sync.central.state import Central, epoch, now_utc
from sync.protocol import DeviceGrant, DeviceInfo, DeviceRegistration, SlotMove


def register(c: Central, who: Principal, req: DeviceRegistration) -> DeviceGrant:
    require_admin(who, req.agency_id)
    return db.in_transaction(c.engine, lambda conn: _register(conn, req))


def _register(conn: Connection, req: DeviceRegistration) -> DeviceGrant:
    if (
        conn.execute(select(db.agencies.c.id).where(db.agencies.c.id == req.agency_id)).first()
        is None
    ):
        raise ApiProblem(404, "unknown_agency", agency_id=req.agency_id)
    d = db.devices
    same = [d.c.agency_id == req.agency_id, d.c.install_id == req.install_id, d.c.active]
    if req.reason != "new":
        same.append(d.c.previous_device_id == req.previous_device_id)
    again = conn.execute(select(d).where(*same)).first()
    if again is not None:  # the answer was lost and the same install asks again: new secret
        secret = new_token()
        conn.execute(update(d).where(d.c.id == again.id).values(secret_hash=token_hash(secret)))
        revoke_device(conn, again.id)
        return _grant(again.id, req.agency_id, again.name, again.slot, secret)
    if req.reason != "new":
        _retire_previous(conn, req)
    device_id = str(uuid.uuid4())
    secret = new_token()
    conn.execute(
        d.insert().values(
            id=device_id,
            agency_id=req.agency_id,
            name=req.device_name,
            install_id=req.install_id,
            secret_hash=token_hash(secret),
            previous_device_id=req.previous_device_id if req.reason != "new" else None,
            slot=None,
            active=True,
            created_at=epoch(),
            chain_seq=0,
            chain_hash="",
        )
    )
    slot = slots.assign(conn, req.agency_id, device_id)
    conn.execute(update(d).where(d.c.id == device_id).values(slot=slot))
    return _grant(device_id, req.agency_id, req.device_name, slot, secret)


def _retire_previous(conn: Connection, req: DeviceRegistration) -> None:
    if not req.previous_device_id:
        raise ApiProblem(
            422, "previous_device_required", "a restored or re-installed device names its old id"
        )
    d = db.devices
    old = conn.execute(select(d).where(d.c.id == req.previous_device_id)).first()
    if old is None or old.agency_id != req.agency_id:
        raise ApiProblem(404, "unknown_device", device_id=req.previous_device_id)
    slots.retire(conn, old.id)
    conn.execute(update(d).where(d.c.id == old.id).values(active=False, slot=None))
    revoke_device(conn, old.id)


def _grant(device_id: str, agency_id: str, name: str, slot: int, secret: str | None) -> DeviceGrant:
    b = slots.block(slot)
    return DeviceGrant(
        device_id=device_id,
        agency_id=agency_id,
        device_name=name,
        slot=slot,
        block_first=b.first,
        block_last=b.last,
        device_secret=secret,
        server_time=now_utc(),
    )


def move_slot(c: Central, who: Principal, device_id: str, _req: SlotMove) -> DeviceGrant:
    def work(conn: Connection) -> DeviceGrant:
        row = _device(conn, device_id)
        require_admin(who, row.agency_id)
        if not row.active:
            raise ApiProblem(409, "device_retired", device_id=device_id)
        slots.retire(conn, device_id)
        slot = slots.assign(conn, row.agency_id, device_id)
        conn.execute(update(db.devices).where(db.devices.c.id == device_id).values(slot=slot))
        return _grant(device_id, row.agency_id, row.name, slot, None)

    return db.in_transaction(c.engine, work)


def info(c: Central, who: Principal, device_id: str) -> DeviceInfo:
    with db.reading(c.engine) as conn:
        row = _device(conn, device_id)
        if who.device_id != device_id:
            require_admin(who, row.agency_id)
        x = db.dossiers
        highest = conn.execute(
            select(x.c.code)
            .where(x.c.device_id == device_id)
            .order_by(x.c.code_day.desc(), x.c.code_seq.desc())
            .limit(1)
        ).scalar_one_or_none()
    return DeviceInfo(
        device_id=row.id,
        agency_id=row.agency_id,
        device_name=row.name,
        slot=row.slot,
        active=row.active,
        highest_code=highest,
        chain_seq=row.chain_seq,
        chain_hash=row.chain_hash,
    )


def _device(conn: Connection, device_id: str) -> Any:
    row = conn.execute(select(db.devices).where(db.devices.c.id == device_id)).first()
    if row is None:
        raise ApiProblem(404, "unknown_device", device_id=device_id)
    return row


def code_parts(code: str) -> tuple[str, int, int] | None:
    """(agency, yymmdd, seq) of a dossier code, or None when it is not one."""
    try:
        parsed = DossierCode.parse(code)
    except ValidationError:
        return None
    return parsed.agency, slots.day_number(parsed.day), parsed.seq
