"""Setting up an office's store: its agency, this device's registration, its staff."""

from __future__ import annotations

from counter_app.domain.codes import AGENCY_CODE_RE, SequenceBlock
from counter_app.domain.enums import Role
from counter_app.domain.errors import ValidationError
from counter_app.domain.ids import new_id
from counter_app.domain.office import Agency, Device, StaffMember
from counter_app.domain.text import nfc
from counter_app.ports import Clock
from counter_app.store.unit_of_work import Store


def ensure_agency(store: Store, code: str, name: str, level: str = "") -> Agency:
    if not AGENCY_CODE_RE.match(code):
        raise ValidationError("invalid_agency_code", field="agency_code", value=code)
    with store.write() as tx:
        agency = tx.agencies.get(code)
        if agency is None:
            agency = Agency(code, nfc(name), level)
            tx.agencies.add(agency)
    return agency


def register_local_device(
    store: Store, clock: Clock, agency_code: str, name: str, block: SequenceBlock
) -> Device:
    """Register this PC once; its block of the daily sequence never changes afterwards."""
    device = Device(new_id(), agency_code, nfc(name), block, is_local=True)
    with store.write() as tx:
        tx.devices.register(device, clock.now())
    return device


def add_staff(
    store: Store, agency_code: str, username: str, full_name: str, role: Role
) -> StaffMember:
    member = StaffMember(new_id(), username.strip().lower(), nfc(full_name), role, agency_code)
    with store.write() as tx:
        tx.staff.add(member)
    return member
