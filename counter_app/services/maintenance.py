"""Keeping a store healthy: office registration on first start, audit verification, doctor."""

from __future__ import annotations

import shutil
import socket
from dataclasses import dataclass, field
from pathlib import Path

from counter_app.domain.codes import SequenceBlock
from counter_app.domain.errors import DamagedError, DomainError
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
    block = SequenceBlock.for_slot(device_slot)
    if existing is not None:
        if existing.block != block:
            raise DomainError(
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


@dataclass
class DoctorReport:
    lines: list[tuple[str, str]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def doctor(data_dir: Path, agency_code: str, settings_problem: str | None = None) -> DoctorReport:
    """Everything an IT officer checks first; never raises for a damaged store, reports it."""
    report = DoctorReport()
    report.lines.append((N_("Data folder"), str(data_dir)))
    report.lines.append((N_("Agency"), agency_code))
    if settings_problem:
        report.problems.append(settings_problem)
    path = store_path(data_dir)
    report.lines.append((N_("Store"), str(path)))
    if data_dir.exists():
        free = shutil.disk_usage(data_dir).free // (1024 * 1024)
        report.lines.append((N_("Free disk space (MB)"), str(free)))
    _check_permissions(data_dir, report)
    try:
        store = open_store(data_dir)
    except DomainError as err:
        report.problems.append(error_message(err))
        return report
    try:
        _check_store(store, agency_code, report)
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


def _check_store(store: Store, agency_code: str, report: DoctorReport) -> None:
    report.lines.append(
        (N_("Schema version"), f"{store.schema_revision()} / {migrate.head_revision()}")
    )
    integrity = store.integrity_check()
    report.lines.append((N_("Integrity check"), ", ".join(integrity)))
    if integrity != ["ok"]:
        report.problems.append(
            error_message(
                DomainError("store_damaged", path=str(store.path), detail="; ".join(integrity[:5]))
            )
        )
    audit = verify_audit(store)
    report.lines.append((N_("Audit entries"), str(audit.entries)))
    note = legacy_note(audit)
    if note:
        report.lines.append((N_("Legacy audit entries"), note))
    report.problems.extend(finding_message(f) for f in audit.findings[:5])
    _check_scans(store, report)
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
