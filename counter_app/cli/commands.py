"""The CLI's subcommands: each opens what it needs, calls services, prints, returns an exit code."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from counter_app import composition
from counter_app.domain.dossier import DossierSummary
from counter_app.domain.errors import DomainError, EnvironmentProblem
from counter_app.domain.masking import mask_query
from counter_app.domain.processing_time import ProcessingTime
from counter_app.i18n import _, error_message
from counter_app.ports import Progress
from counter_app.services import (
    audit_findings,
    demo_install,
    dossier_view,
    lookup,
    maintenance,
    store_identity,
)
from counter_app.settings import default_settings
from counter_app.store.backup import replace_keeping_aside
from counter_app.store.code_mark import MARK_FILE, CodeMark
from counter_app.store.unit_of_work import store_path

OK, FAILED = 0, 1


def out(text: str = "") -> None:
    try:
        sys.stdout.write(text + "\n")
    except BrokenPipeError:
        raise  # the reader went away: a quiet success (see counter_app.cli.main)
    except OSError as exc:
        raise EnvironmentProblem("output_unwritable", detail=exc.strerror or str(exc)) from exc


def cmd_init(data_dir: Path, args: argparse.Namespace) -> int:
    if args.new_store:  # the one explicit way to put a new store where a file was
        aside = replace_keeping_aside(store_path(data_dir), None)
        CodeMark(data_dir / MARK_FILE).close_all()  # the new store must move to a fresh slot
        if aside is not None:
            out(_("The old store file is kept as {path}.").format(path=aside))
    app = composition.open_app(data_dir, create=True)
    try:
        store_identity.claim_real(app.services, registering_device=args.device_slot is not None)
        maintenance.ensure_office(
            app.services, app.settings.office.agency_name, args.device_slot, args.device_name
        )
        if args.device_slot is None:
            out(
                _(
                    "This counter is not registered yet: run “counter-app init --device-slot K” "
                    "with the slot the administrator assigned to it before receiving dossiers."
                )
            )
        out(_("Store ready: {path}").format(path=app.store.path))
        out(_("Schema version: {rev}").format(rev=app.store.schema_revision()))
    finally:
        app.close()
    return OK


def cmd_demo(data_dir: Path, _args: argparse.Namespace) -> int:
    """Load the demo office, all or nothing, into a folder of its own; a second run says so and
    changes nothing (``make run`` relies on it)."""
    settings = composition.load_office_settings(data_dir, create=True)
    composition.start_logging(data_dir, settings)
    try:
        summary = demo_install.install_demo(
            data_dir,
            lambda store: composition.make_context(store, settings, data_dir),
            settings.office.agency_name,
        )
    except DomainError as err:
        if err.code != "demo_already_loaded":
            raise
        out(error_message(err))
        return OK
    out(
        _(
            "Demo office loaded: {procedures} procedures, {dossiers} dossiers, {staff} staff."
        ).format(**summary)
    )
    return OK


def _summary_line(s: DossierSummary) -> str:
    due = f"{s.due_at:%d/%m/%Y %H:%M}" if s.due_at else "—"
    return f"{s.code}  {s.procedure_code:<10}  {s.status.value:>2}  {due:<16}  {s.applicant_name}"


def cmd_find(data_dir: Path, args: argparse.Namespace) -> int:
    app = composition.open_app(data_dir, schema="current")
    try:
        results = lookup.find(app.store, args.query)
        rows = dossier_view.with_life(app.store, results) if args.json else []
    finally:
        app.close()
    if args.json:
        out(json.dumps(rows, ensure_ascii=False, indent=2))
    elif not results:
        out(_("No dossier found for “{query}”.").format(query=mask_query(args.query)))
    else:
        for result in results:
            out(_summary_line(result))
    return OK


def _processing_time(args: argparse.Namespace) -> ProcessingTime:
    if args.same_day:
        return ProcessingTime.same_day()
    if args.days is not None:
        return ProcessingTime.working_days(args.days)
    if args.hours is not None:
        return ProcessingTime.working_hours(args.hours)
    return ProcessingTime.calendar_days(args.calendar_days)


def cmd_calendar_due(data_dir: Path, args: argparse.Namespace) -> int:
    """Pure computation: needs the settings (office hours) but not the store."""
    settings = composition.load_office_settings(data_dir)
    calculator = composition.deadline_calculator(settings, data_dir, args.calendar)
    appointment = calculator.appoint(args.received, _processing_time(args))
    out(f"{appointment.due:%Y-%m-%dT%H:%M}")
    out(_("Clock starts: {start:%d/%m/%Y %H:%M}").format(start=appointment.clock_start))
    out(
        _("Appointment: {due:%H} hours {due:%M} minutes, {due:%d/%m/%Y}").format(
            due=appointment.due
        )
    )
    out(_("Rule set: {rules}").format(rules=calculator.rules.id))
    return OK


def cmd_audit_verify(data_dir: Path, _args: argparse.Namespace) -> int:
    app = composition.open_app(data_dir, schema="current")
    try:
        maintenance.require_intact(app.store)  # a damaged page is no "intact" log
        report = maintenance.verify_audit(app.store)
    finally:
        app.close()
    note = audit_findings.legacy_note(report)
    if report.ok:
        out(_("Audit log intact: {n} entries, chain and head verified.").format(n=report.entries))
        if note:
            out(note)
        return OK
    out(
        _("Audit log DAMAGED: {n} problem(s) in {entries} entries.").format(
            n=len(report.findings), entries=report.entries
        )
    )
    for finding in report.findings:
        out("  " + audit_findings.finding_message(finding))
    if note:
        out(note)
    return FAILED


def cmd_backup(data_dir: Path, args: argparse.Namespace) -> int:
    app = composition.open_app(data_dir, schema="any")  # back up an old store before upgrading
    try:
        try:
            written = app.store.backup_to(args.to, Progress())
        except DomainError:
            maintenance.require_intact(app.store)  # a damaged store, not the target, is at fault
            raise
    finally:
        app.close()
    out(_("Backup written: {path}").format(path=written))
    return OK


def cmd_doctor(data_dir: Path, _args: argparse.Namespace) -> int:
    try:
        agency, problem = composition.load_office_settings(data_dir).office.agency_code, None
    except DomainError as err:  # report bad settings with the rest instead of stopping
        agency, problem = default_settings().office.agency_code, error_message(err)
    report = maintenance.doctor(data_dir, agency, problem)
    for label, value in report.lines:
        out(f"{_(label)}: {value}")
    for problem in report.problems:
        out(_("PROBLEM: {problem}").format(problem=problem))
    out(_("All checks passed.") if report.ok else _("Some checks failed."))
    return OK if report.ok else FAILED


def cmd_gui(data_dir: Path, _args: argparse.Namespace) -> int:
    app = composition.open_app(data_dir, create=True)
    try:
        store_identity.claim_real(app.services)
        maintenance.ensure_office(app.services, app.settings.office.agency_name)
        return composition.run_gui(app)
    finally:
        app.close()
