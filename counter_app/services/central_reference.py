"""The centre's reference data applied to the local store: procedures (catalogue entries, as
``resources/data/procedures-*.json``), agencies, this agency's staff (no secrets), and the
official calendar years (``vn-YYYY.json`` files, written into ``<data>/calendar`` where
:func:`counter_app.composition.official_calendar` reads them over the shipped years).

A page is checked whole first (outside input: a malformed item refuses the page, nothing of it
applied), then applied with its cursor in ONE transaction; a calendar file is written (atomic,
owner-only) just before that transaction commits, so a page is never half applied and a page
delivered again only writes the same thing again.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from counter_app.domain.enums import Role
from counter_app.domain.errors import EnvironmentProblem, ValidationError
from counter_app.domain.ids import new_id
from counter_app.domain.office import Agency, StaffMember
from counter_app.domain.official_calendar import (
    OfficialYear,
    official_year_from_json,
    year_file_name,
)
from counter_app.domain.procedure import Procedure, procedure_from_record
from counter_app.private_files import write_private_text
from counter_app.services.central_link import update_link
from counter_app.services.context import ServiceContext
from counter_app.store.canonical import canonical_json
from counter_app.store.unit_of_work import Tx

Kind = Literal["procedures", "agencies", "staff", "calendar"]
#: In this order: staff belong to an agency pulled before them.
KINDS: tuple[Kind, ...] = ("agencies", "staff", "procedures", "calendar")
CALENDAR_DIR = "calendar"
ERROR = "central_reference_invalid"


@dataclass(frozen=True, slots=True)
class CentralStaff:
    username: str
    full_name: str
    role: Role
    agency_code: str
    active: bool


@dataclass(frozen=True, slots=True)
class CalendarFile:
    year: OfficialYear
    text: str


Checked = Procedure | Agency | CentralStaff | CalendarFile


def cursor_column(kind: Kind) -> str:
    return f"{kind}_cursor"


def _bad(kind: str, index: int, field: str) -> ValidationError:
    return ValidationError(ERROR, field=field, kind=kind, item=str(index))


def _text(item: Mapping[str, Any], key: str, kind: str, index: int) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _bad(kind, index, key)
    return value.strip()


def check_items(kind: Kind, items: Sequence[Any]) -> list[Checked]:
    """Every item of a page in the app's own shapes; ``central_reference_invalid`` (with the
    kind, the item's index and the field at fault) for the first that is not."""
    return [_check(kind, item, i) for i, item in enumerate(items)]


def _check(kind: Kind, item: Any, index: int) -> Checked:
    if not isinstance(item, dict):
        raise _bad(kind, index, "item")
    try:
        if kind == "procedures":
            return procedure_from_record(item)
        if kind == "calendar":
            year = official_year_from_json(item)
            if year.country.upper() != "VN":
                raise _bad(kind, index, "country")
            return CalendarFile(year, canonical_json(item))
    except ValidationError as err:
        if err.code == ERROR:
            raise
        raise _bad(kind, index, err.field or "item") from err
    if kind == "agencies":
        return Agency(_text(item, "id", kind, index), _text(item, "name", kind, index))
    return _staff(item, index)


def _staff(item: Mapping[str, Any], index: int) -> CentralStaff:
    roles = item.get("roles")
    if not isinstance(roles, list) or not roles:
        raise _bad("staff", index, "roles")
    try:
        role = Role(roles[0])
    except ValueError:
        raise _bad("staff", index, "roles") from None
    active = item.get("active", True)
    if not isinstance(active, bool):
        raise _bad("staff", index, "active")
    return CentralStaff(
        _text(item, "username", "staff", index),
        _text(item, "full_name", "staff", index),
        role,
        _text(item, "agency_id", "staff", index),
        active,
    )


def apply_page(ctx: ServiceContext, kind: Kind, checked: Sequence[Checked], cursor: str) -> int:
    """Apply one checked page and move the kind's cursor past it, atomically."""
    folder = ctx.store.path.parent / CALENDAR_DIR
    with ctx.store.write() as tx:
        for entry in checked:
            _apply(tx, entry, folder)
        update_link(tx, **{cursor_column(kind): cursor})
    return len(checked)


def _apply(tx: Tx, entry: Checked, folder: Path) -> None:
    if isinstance(entry, Procedure):
        tx.procedures.upsert(entry)  # as import_catalogue does, inside this page's transaction
    elif isinstance(entry, Agency):
        tx.agencies.save(entry)
    elif isinstance(entry, CentralStaff):
        _save_staff(tx, entry)
    else:
        path = folder / year_file_name(entry.year.year, entry.year.country)
        tx.before_commit.append(lambda: write_private(path, entry.text))


def _save_staff(tx: Tx, staff: CentralStaff) -> None:
    known = tx.staff.by_username(staff.username)
    member = StaffMember(
        known.id if known is not None else new_id(),
        staff.username,
        staff.full_name,
        staff.role,
        staff.agency_code,
        staff.active,
    )
    if known is None:
        tx.staff.add(member)
    elif known != member:
        tx.staff.update(member)


def write_private(path: Path, text: str) -> None:
    """``text`` as ``path``: owner-only, temporary file + fsync + rename (never half a file)."""
    try:
        write_private_text(path, text)
    except OSError as exc:
        raise EnvironmentProblem(
            "central_calendar_unwritable", path=str(path), detail=exc.strerror or str(exc)
        ) from None
