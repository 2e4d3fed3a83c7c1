"""Keeping a store healthy: office registration on first start, audit verification, doctor."""

from __future__ import annotations

import shutil
import socket
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import SQLAlchemyError

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.errors import ConflictError, DamagedError, DomainError, ValidationError
from counter_app.i18n import N_, _, error_message
from counter_app.ports import Progress
from counter_app.private_files import secure_data_dir
from counter_app.services.attachments import check_scan_files
from counter_app.services.audit_findings import finding_message, legacy_note
from counter_app.services.context import ServiceContext
from counter_app.services.office_setup import ensure_agency, register_local_device
from counter_app.store import migrate
from counter_app.store.audit import verify_chain
from counter_app.store.audit_verify import AuditReport
from counter_app.store.sqlite_errors import typed_sqlite_error
from counter_app.store.unit_of_work import Store, open_store, store_path


def ensure_office(
    ctx: ServiceContext,
    agency_name: str,
    device_slot: int | None = None,
    device_name: str | None = None,
) -> None:
    """The agency from the settings, and this PC's registration when a slot is given.

    A slot is never assumed: two PCs that both took a default would issue the same codes while
    offline. Without a registration, intake refuses with ``device_not_registered``.
    """
    ensure_agency(ctx.store, ctx.agency_code, agency_name)
    if device_slot is None:
        return
    with ctx.store.read() as tx:
        try:
            existing = tx.devices.local(ctx.agency_code)
        except DomainError:
            existing = None
    block = SequenceBlock.for_slot(
        device_slot, reserved_last=ctx.deadlines.rules.reserved_sequence_last
    )
    if existing is not None:
        if existing.block != block:
            raise ConflictError(
                "device_already_registered",
                device=existing.name,
                first=existing.block.first,
                last=existing.block.last,
            )
        return
    register_local_device(
        ctx.store, ctx.clock, ctx.agency_code, device_name or socket.gethostname(), block
    )


#: Progress messages are msgids (codes, not sentences): whoever shows them translates them.
VERIFY_MESSAGE = N_("Checking the audit log and the dossiers")


def verify_audit(store: Store, progress: Progress | None = None) -> AuditReport:
    """Read-only: cancelling (``progress.cancel()``) stops the walk and changes nothing."""
    with store.read() as tx:
        return verify_chain(tx.conn, progress, VERIFY_MESSAGE)


def require_intact(store: Store) -> None:
    """``store_damaged`` unless SQLite's quick check of every page passes."""
    problems = store.integrity_check(quick=True)
    if problems != ["ok"]:
        raise DamagedError("store_damaged", path=str(store.path), detail="; ".join(problems[:3]))


@dataclass
class DoctorReport:
    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def doctor(data_dir: Path, agency_code: str, settings_problem: str | None = None) -> DoctorReport:
    """Everything an IT officer checks first. Never raises for a damaged, old or unreadable
    store, and never changes it (no migration): it reports."""
    report = DoctorReport()
    report.lines.append((N_("Data folder"), str(data_dir)))
    report.lines.append((N_("Agency"), agency_code))
    if settings_problem:
        report.problems.append(settings_problem)
    path = store_path(data_dir)
    report.lines.append((N_("Store"), str(path)))
    if data_dir.is_dir():
        free = shutil.disk_usage(data_dir).free // (1024 * 1024)
        report.lines.append((N_("Free disk space (MB)"), str(free)))
    _check_permissions(data_dir, report)
    try:
        store = open_store(data_dir, schema="any")
    except DomainError as err:
        report.problems.append(error_message(err))
        return report
    try:
        for check in (
            _check_schema,
            _check_integrity,
            _check_identity,
            _check_audit,
            _check_device,
        ):
            try:
                check(store, agency_code, report)
            except DomainError as err:
                report.problems.append(error_message(err))
            except (SQLAlchemyError, sqlite3.Error) as exc:  # doctor reports, never raises
                report.problems.append(error_message(typed_sqlite_error(exc, store.path)))
    finally:
        store.close()
    return report


def _check_permissions(data_dir: Path, report: DoctorReport) -> None:
    """Files readable by other accounts are tightened and named (POSIX; see private_files)."""
    loose = secure_data_dir(data_dir)
    if not loose:
        report.lines.append((N_("File permissions"), _("owner only")))
        return
    names = ", ".join(f"{path.relative_to(data_dir)} ({mode:o})" for path, mode in loose)
    report.lines.append(
        (
            N_("File permissions"),
            _("were readable by others, now owner only: {names}").format(names=names),
        )
    )


def _check_schema(store: Store, _agency: str, report: DoctorReport) -> None:
    current, head = store.schema_revision(), migrate.head_revision()
    report.lines.append((N_("Schema version"), f"{current} / {head}"))
    if current is not None and current not in migrate.known_revisions():
        raise ConflictError("store_too_new", found=current, supported=head)
    if current != head:
        raise ConflictError(
            "store_needs_upgrade", path=str(store.path), found=current, supported=head
        )


def _check_integrity(store: Store, _agency: str, report: DoctorReport) -> None:
    integrity = store.integrity_check()
    report.lines.append((N_("Integrity check"), ", ".join(integrity[:5])))
    if integrity != ["ok"]:
        raise DamagedError("store_damaged", path=str(store.path), detail="; ".join(integrity[:5]))


def _check_identity(store: Store, agency_code: str, report: DoctorReport) -> None:
    identity = store.identity()
    kind = identity.kind.value if identity else "—"
    report.lines.append((N_("Store kind (demo or real)"), kind))
    if identity is not None and identity.agency_code != agency_code:
        raise ValidationError(
            "store_agency_mismatch",
            store_agency=identity.agency_code,
            settings_agency=agency_code,
        )


def _check_audit(store: Store, _agency: str, report: DoctorReport) -> None:
    if store.schema_revision() != migrate.head_revision():
        return  # an older store is verified after ``init`` upgraded it (reported above)
    audit = verify_audit(store)
    report.lines.append((N_("Audit entries"), str(audit.entries)))
    note = legacy_note(audit)
    if note:
        report.lines.append((N_("Legacy audit entries"), note))
    report.problems.extend(finding_message(f) for f in audit.findings[:5])
    _check_scans(store, report)


def _check_device(store: Store, agency_code: str, report: DoctorReport) -> None:
    with store.read() as tx:
        report.lines.append((N_("Dossiers"), str(tx.dossiers.count())))
        try:
            device = tx.devices.local(agency_code)
            block = f"{device.name} ({device.block.first:04d}–{device.block.last:04d})"
        except DomainError as err:
            block = "—"
            report.problems.append(error_message(err))
        report.lines.append((N_("This device"), block))


def _check_scans(store: Store, report: DoctorReport) -> None:
    """Each digitised file still matches the hash it was stored under (SCANNING)."""
    checked, problems = check_scan_files(store)
    report.lines.append((N_("Digitised files"), str(checked)))
    for problem in problems[:10]:
        report.problems.append(
            error_message(
                DamagedError(
                    "scan_file_damaged"
                    if problem.reason == "hash_mismatch"
                    else "scan_file_missing",
                    path=problem.path,
                    item_code=problem.item_code,
                )
            )
        )
