"""Issuing slips: build the view from stored data, draw the PDF (through the renderer the
composition root hands in; the core never imports ``printing``), send it to a print queue when
asked, and keep it with the dossier — the archival PDF stored by content hash (owner-only, atomic
write), a ``slips`` row with the view data it was drawn from, and an outbox event for sync.

Nothing is recorded unless the queue accepted the job. A reprint is redrawn from the view data
stored with the original (so only the "BẢN IN LẠI" mark differs), is allowed to supervisors when
the setting says so, and is written in the audit chain in the same transaction, only once produced.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

from counter_app.domain.codes import find_code
from counter_app.domain.enums import Role
from counter_app.domain.errors import (
    ConflictError,
    DamagedError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.domain.ids import new_id
from counter_app.domain.office import Agency
from counter_app.domain.slip_kinds import (
    DOSSIER_SLIPS,
    PERIOD_SLIPS,
    SlipKind,
    SlipSource,
    check_applies,
)
from counter_app.domain.text import nfc
from counter_app.domain.vntime import as_vn
from counter_app.ports import Printer
from counter_app.services.context import ServiceContext
from counter_app.store.slips_repo import DossierPeriods, SlipRepository
from counter_app.store.unit_of_work import Tx

SLIPS_DIR = "slips"


class SlipRenderer(Protocol):
    """What the printing room offers the core (wired in ``counter_app.composition``)."""

    def view(self, source: SlipSource) -> dict[str, Any]:
        """The slip's view data (JSON-ready) for ``source``."""
        ...

    def pdf(
        self,
        kind: SlipKind,
        view: Mapping[str, Any],
        *,
        reprint_at: datetime | None,
        thermal: bool,
        issued_at: datetime,
    ) -> bytes:
        """The archival PDF of ``view``; ``reprint_at`` adds the reprint mark."""
        ...


@dataclass(frozen=True)
class PrintRequest:
    kind: SlipKind
    actor: str
    dossier_code: str = ""
    procedure_code: str = ""
    period: tuple[date, date] | None = None
    printer: str | None = None  # None: save only; "" : the system's default queue
    copies: int = 1
    thermal: bool = False
    reprint: bool = False
    reason: str = ""
    #: The hand-over list of one batch: only these dossiers of the period (all when empty).
    #: Last, so that positional callers keep their meaning.
    dossier_codes: tuple[str, ...] = ()


@dataclass(frozen=True)
class IssuedSlip:
    id: str
    kind: SlipKind
    pdf: bytes
    sha256: str
    path: Path
    number: int
    job_id: str
    reprint_of: str | None


def slips_dir(ctx: ServiceContext) -> Path:
    return ctx.store.path.parent / SLIPS_DIR


def store_file(folder: Path, content: bytes) -> tuple[str, Path]:
    """Write ``content`` as ``<sha256>.pdf`` (owner-only, temp file + fsync + rename); an
    identical file already there is kept. Returns (hash, path)."""
    digest = hashlib.sha256(content).hexdigest()
    target = folder / digest[:2] / f"{digest}.pdf"
    if target.exists() and hashlib.sha256(target.read_bytes()).hexdigest() == digest:
        return digest, target
    try:
        target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(prefix=".slip.", suffix=".tmp", dir=target.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "wb") as handle:
                handle.write(content)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, target)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        raise EnvironmentProblem("slip_not_saved", path=str(target), detail=exc.strerror) from exc
    return digest, target


def _agency(tx: Tx, code: str) -> Agency:
    return tx.agencies.get(code) or Agency(code, "")


def _staff_names(tx: Tx) -> dict[str, str]:
    return {m.username: m.full_name for m in tx.staff.all()}


def _check_reprint(tx: Tx, request: PrintRequest, supervisors_only: bool) -> str:
    reason = nfc(request.reason)
    if not reason:
        raise ValidationError("missing_field", field="reason")
    member = tx.staff.by_username(request.actor)
    if member is None or not member.active:
        raise NotFoundError("staff_not_found", field="by", username=request.actor)
    if supervisors_only and member.role is not Role.SUPERVISOR:
        raise ConflictError("reprint_not_allowed", field="by", username=request.actor)
    return reason


def _source(ctx: ServiceContext, tx: Tx, request: PrintRequest, now: datetime) -> SlipSource:
    """Read everything the slip is drawn from; raise when it does not exist or apply."""
    agency = _agency(tx, ctx.agency_code)
    names = _staff_names(tx)
    kind = request.kind
    if kind is SlipKind.GUIDANCE:
        procedure = tx.procedures.get(request.procedure_code.strip())
        if procedure is None:
            raise NotFoundError("procedure_not_found", procedure_code=request.procedure_code)
        return SlipSource(kind, now, agency, procedure=procedure, staff_names=names)
    if kind in PERIOD_SLIPS:
        if request.period is None:
            raise ValidationError("missing_field", field="from")
        start, end = request.period
        if end < start:
            raise ValidationError("invalid_period", field="to", start=start, end=end)
        periods = DossierPeriods(tx.conn)
        if kind is SlipKind.BOOK:
            listed = periods.received_between(ctx.agency_code, start, end)
            first = periods.book_entry(listed[0]) if listed else 0
            entries = {d.code: first + i for i, d in enumerate(listed)}
        else:
            listed, entries = periods.transferred_between(ctx.agency_code, start, end), {}
            if request.dossier_codes:
                listed = [d for d in listed if d.code in request.dossier_codes]
        return SlipSource(
            kind,
            now,
            agency,
            staff_names=names,
            dossiers=tuple(listed),
            period=(start, end),
            book_entries=entries,
        )
    code = find_code(request.dossier_code) or request.dossier_code.strip().upper()
    dossier = tx.dossiers.by_code(code) if code else None
    if dossier is None:
        raise NotFoundError("dossier_not_found", field="dossier", query=request.dossier_code)
    check_applies(kind, dossier)
    entry = DossierPeriods(tx.conn).book_entry(dossier)
    number = SlipRepository(tx.conn).next_number(kind.value, as_vn(now).year)
    return SlipSource(
        kind,
        now,
        agency,
        number,
        dossier,
        tx.procedures.get(dossier.procedure_code),
        names,
        book_entries={dossier.code: entry},
    )


def issue(
    ctx: ServiceContext,
    renderer: SlipRenderer,
    request: PrintRequest,
    printer: Printer | None = None,
    *,
    supervisors_only: bool = True,
) -> IssuedSlip:
    """Issue (or reprint) a slip; see the module's docstring for what is recorded when."""
    if request.reprint and request.kind not in DOSSIER_SLIPS:
        raise ValidationError("reprint_not_applicable", field="slip", slip=request.kind.value)
    if request.printer is not None and printer is None:
        raise EnvironmentProblem("printer_unavailable", printer=request.printer)
    now = ctx.clock.now()
    with ctx.store.write() as tx:
        repo = SlipRepository(tx.conn)
        drawn = _draw(ctx, tx, renderer, request, supervisors_only, now)
        source, view, number, pdf = drawn.source, drawn.view, drawn.number, drawn.pdf
        reprint_of, reason = drawn.reprint_of, drawn.reason
        job_id = ""
        if printer is not None and request.printer is not None:
            job_id = printer.print_pdf(pdf, request.printer, request.copies)
        digest, path = store_file(slips_dir(ctx), pdf)
        slip_id = new_id()
        dossier_id = source.dossier.id if source.dossier else None
        repo.add(
            {
                "id": slip_id,
                "dossier_id": dossier_id,
                "kind": request.kind.value,
                "number": number,
                "issued_at": as_vn(now).isoformat(),
                "issued_by": request.actor,
                "sha256": digest,
                "size": len(pdf),
                "view": view,
                "reprint_of": reprint_of,
                "reason": reason,
                "printer": request.printer or "",
                "job_id": job_id,
                "copies": request.copies if job_id else 0,
                "thermal": request.thermal,
            }
        )
        _record(tx, source, slip_id, request, digest, reprint_of, reason, now)
    return IssuedSlip(slip_id, request.kind, pdf, digest, path, number, job_id, reprint_of)


@dataclass(frozen=True)
class _Drawn:
    source: SlipSource
    view: Mapping[str, Any]
    number: int
    reprint_of: str | None
    reason: str
    pdf: bytes


def _draw(
    ctx: ServiceContext,
    tx: Tx,
    renderer: SlipRenderer,
    request: PrintRequest,
    supervisors_only: bool,
    now: datetime,
) -> _Drawn:
    """Check and draw the slip (writes nothing)."""
    if request.reprint:
        reason = _check_reprint(tx, request, supervisors_only)
        source = _source(ctx, tx, request, now)
        original = SlipRepository(tx.conn).latest_original(_dossier_id(source), request.kind.value)
        if original is None:
            raise ConflictError("slip_never_issued", field="slip", slip=request.kind.value)
        view, number, reprint_of = original["view"], original["number"], original["id"]
        issued_at = as_vn(datetime.fromisoformat(original["issued_at"]))
    else:
        reason, reprint_of = "", None
        source = _source(ctx, tx, request, now)
        view, number, issued_at = renderer.view(source), source.number, now
    pdf = renderer.pdf(
        request.kind,
        view,
        reprint_at=now if request.reprint else None,
        thermal=request.thermal,
        issued_at=issued_at,
    )
    return _Drawn(source, view, number, reprint_of, reason, pdf)


def preview(
    ctx: ServiceContext,
    renderer: SlipRenderer,
    request: PrintRequest,
    *,
    supervisors_only: bool = True,
) -> bytes:
    """The PDF :func:`issue` would produce now, drawn with the same checks (reprint rights,
    reason, whether the slip applies) but recording nothing: the preview before printing."""
    if request.reprint and request.kind not in DOSSIER_SLIPS:
        raise ValidationError("reprint_not_applicable", field="slip", slip=request.kind.value)
    with ctx.store.read() as tx:
        return _draw(ctx, tx, renderer, request, supervisors_only, ctx.clock.now()).pdf


def _dossier_id(source: SlipSource) -> str:
    assert source.dossier is not None  # dossier slips always have one (checked by _source)
    return source.dossier.id


def _record(
    tx: Tx,
    source: SlipSource,
    slip_id: str,
    request: PrintRequest,
    digest: str,
    reprint_of: str | None,
    reason: str,
    now: datetime,
) -> None:
    """The outbox event (the slip belongs to the electronic dossier) and the audit entry that
    seals it (for a reprint, with who and why). The entry's action is the outbox event's name
    (``slip.issued``/``slip.reprinted``): a side record of the dossier, which does not reseal
    the dossier's body (see :mod:`counter_app.store.audit_verify`)."""
    if source.dossier is None:
        return
    event = {
        "slip_id": slip_id,
        "kind": request.kind.value,
        "sha256": digest,
        "dossier_code": source.dossier.code,
        "issued_at": as_vn(now).isoformat(),
        "reprint_of": reprint_of,
    }
    action = "slip.reprinted" if reprint_of else "slip.issued"
    outbox_id = tx.outbox.add(source.dossier.id, action, event, now)
    tx.audit.append(
        at=now,
        actor=request.actor,
        action=action,
        dossier_id=source.dossier.id,
        before=None,
        after={**event, "reason": reason} if reprint_of else event,
        body=event,
        outbox_id=outbox_id,
    )


@dataclass(frozen=True)
class SlipRecord:
    id: str
    kind: SlipKind
    number: int
    issued_at: datetime
    issued_by: str
    sha256: str
    reprint_of: str | None
    reason: str
    job_id: str


def history(ctx: ServiceContext, dossier_code: str) -> list[SlipRecord]:
    """Every slip issued for the dossier, oldest first (the dossier's history shows them)."""
    with ctx.store.read() as tx:
        dossier = tx.dossiers.by_code(dossier_code)
        if dossier is None:
            raise NotFoundError("dossier_not_found", field="dossier", query=dossier_code)
        rows = SlipRepository(tx.conn).for_dossier(dossier.id)
    return [
        SlipRecord(
            r["id"],
            SlipKind(r["kind"]),
            r["number"],
            as_vn(datetime.fromisoformat(r["issued_at"])),
            r["issued_by"],
            r["sha256"],
            r["reprint_of"],
            r["reason"],
            r["job_id"],
        )
        for r in rows
    ]


def read_pdf(ctx: ServiceContext, record: SlipRecord) -> bytes:
    """The stored archival PDF of ``record``; ``slip_file_damaged`` when its hash differs."""
    path = slips_dir(ctx) / record.sha256[:2] / f"{record.sha256}.pdf"
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise EnvironmentProblem("slip_not_saved", path=str(path), detail=exc.strerror) from exc
    if hashlib.sha256(content).hexdigest() != record.sha256:
        raise DamagedError("slip_file_damaged", path=str(path))
    return content
