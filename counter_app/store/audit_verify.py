"""Verifying the audit chain, and everything a user sees or sync sends against what it sealed.

What is checked (each finding names the dossier it concerns, by its sealed code):

* the chain itself: every entry follows from the one before, none was edited, deleted, reordered
  or cut off the end (``audit_head``);
* each dossier row: its JSON body against the digest its last entry sealed, and the columns
  beside the body (code, status, name, ID number, phone, due date…: what ``find`` shows) against
  that body; a dossier no entry records; a sealed dossier whose row vanished;
* each outbox message (what sync sends): its payload against the body digest sealed by the audit
  entry written with it (linked by ``audit_log.outbox_id``, sealed since schema 0006); a message
  no entry records; a sealed message whose row vanished;
* each device's code state: never behind the highest dossier code the chain sealed for it.

Entries written before schema 0003 carry no body digest: their dossiers' bodies (and outbox
payloads) cannot be checked against a seal. They are counted as *legacy* and reported as such,
never as tampering; the chain, the columns and the dossiers' existence are still checked.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, func, select

from counter_app.domain.codec import decode
from counter_app.domain.codes import DossierCode
from counter_app.domain.dossier import Dossier
from counter_app.domain.errors import DomainError
from counter_app.store.audit import GENESIS, entry_hash, stored_digest
from counter_app.store.repositories import SEARCHABLE_COLUMNS, dossier_columns
from counter_app.store.schema import audit_head, audit_log, devices, dossiers, outbox

if TYPE_CHECKING:
    from counter_app.ports import Progress

#: Rows checked between two progress reports (and cancellation checks).
PROGRESS_STEP = 500

#: The columns beside a dossier's body that must equal what the body says.
CHECKED_COLUMNS = tuple(c for c in SEARCHABLE_COLUMNS if c != "updated_at")  # a time, not a fact


@dataclass(frozen=True)
class Finding:
    """One problem: ``code`` is a message code (``audit_…``), ``seq`` the audit entry concerned
    (0 when none), ``dossier_code`` the dossier's code as sealed (``None`` when no dossier)."""

    code: str
    seq: int = 0
    dossier_code: str | None = None
    params: Mapping[str, Any] = field(default_factory=dict)


@dataclass
class AuditReport:
    entries: int = 0
    #: entries written before schema 0003, which seal no dossier body
    legacy_entries: int = 0
    findings: list[Finding] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.findings

    @property
    def problems(self) -> list[tuple[int, str]]:
        """``(seq, code)`` of each finding (the shape older callers used)."""
        return [(f.seq, f.code) for f in self.findings]


@dataclass
class _Seal:
    seq: int  # the dossier's last entry
    digest: str | None  # the body digest it sealed (None: a legacy entry)


@dataclass
class _Walk:
    sealed: dict[str, _Seal] = field(default_factory=dict)
    #: per device id: the highest ((day, seq), code) sealed in a creation entry
    issued: dict[str, tuple[tuple[date, int], str]] = field(default_factory=dict)
    #: each device's current block of the daily sequence (a device moved to a new block is
    #: compared only with the codes of that block)
    blocks: dict[str, tuple[int, int]] = field(default_factory=dict)


class _Ticker:
    """Reports one step per row to ``progress`` in batches, checking for cancellation."""

    def __init__(self, progress: Progress | None, total: int, message: str) -> None:
        self.progress, self.pending = progress, 0
        if progress is not None:
            progress.start(total, message)
            progress.check()

    def tick(self) -> None:
        self.pending += 1
        if self.pending >= PROGRESS_STEP:
            self.flush()

    def flush(self) -> None:
        if self.progress is not None and self.pending:
            self.progress.advance(self.pending)
            self.pending = 0
            self.progress.check()


def _verify_total(conn: Connection) -> int:
    entries = conn.execute(select(func.count()).select_from(audit_log)).scalar_one()
    bodies = conn.execute(select(func.count()).select_from(dossiers)).scalar_one()
    return int(entries) + int(bodies)


#: Audit actions that record something kept beside a dossier (a slip issued, a scan attached)
#: rather than a new state of the dossier: they seal their own outbox message, named like the
#: action, and never reseal the dossier's body.
SIDE_RECORD_PREFIXES = ("slip.", "attachment.")


def is_side_record(action: str) -> bool:
    return action.startswith(SIDE_RECORD_PREFIXES)


def outbox_event(action: str) -> str:
    """The outbox event an audit entry of ``action`` seals."""
    return action if is_side_record(action) else f"dossier.{action}"


def verify(conn: Connection, progress: Progress | None = None, message: str = "") -> AuditReport:
    """Every check below; one step per entry and per dossier is reported to ``progress`` (with
    ``message``), which may cancel (``Cancelled``) between steps."""
    report = AuditReport()
    ticker = _Ticker(progress, _verify_total(conn) if progress is not None else 0, message)
    walk = _verify_chain(conn, report, ticker)
    _verify_dossiers(conn, walk.sealed, report, ticker)
    _verify_outbox(conn, report)
    _verify_devices(conn, walk.issued, report)
    ticker.flush()
    return report


# --------------------------------------------------------------------------- the chain


def _entries(conn: Connection) -> Iterator[dict[str, Any]]:
    result = conn.execution_options(yield_per=2000).execute(
        select(audit_log).order_by(audit_log.c.seq)
    )
    for row in result:
        yield dict(row._mapping)


def _verify_chain(conn: Connection, report: AuditReport, ticker: _Ticker) -> _Walk:
    walk = _Walk()
    for device in conn.execute(select(devices.c.id, devices.c.seq_first, devices.c.seq_last)):
        walk.blocks[device.id] = (device.seq_first, device.seq_last)
    expected_seq, prev = 1, GENESIS
    for entry in _entries(conn):
        ticker.tick()
        report.entries += 1
        seq, dossier_id = entry["seq"], entry["dossier_id"]
        problems = []
        if seq != expected_seq:
            problems.append(
                "audit_entries_missing" if seq > expected_seq else "audit_entries_reordered"
            )
        if entry["prev_hash"] != prev:
            problems.append("audit_entry_unlinked")
        if entry_hash(entry) != entry["hash"]:
            problems.append("audit_entry_edited")
        for code in problems:
            report.findings.append(Finding(code, seq, _code_of(conn, dossier_id)))
        if dossier_id is not None and not is_side_record(entry["action"]):
            if entry["body_digest"] is None:
                report.legacy_entries += 1
            walk.sealed[dossier_id] = _Seal(seq, entry["body_digest"])
            _note_issued(walk, entry["after"])
        expected_seq, prev = seq + 1, entry["hash"]
    head = conn.execute(select(audit_head.c.seq, audit_head.c.hash)).first()
    last_seq = expected_seq - 1
    if head is None:
        if report.entries:
            report.findings.append(Finding("audit_head_missing", last_seq))
    elif head.seq != last_seq or head.hash != prev:
        report.findings.append(Finding("audit_truncated", last_seq, params={"head_seq": head.seq}))
    return walk


def _note_issued(walk: _Walk, after: Any) -> None:
    """A creation entry seals the whole dossier, its code and issuing device included."""
    if not isinstance(after, dict) or "code" not in after or "device_id" not in after:
        return
    try:
        code = DossierCode.parse(str(after["code"]))
    except DomainError:
        return
    key, device = (code.day, code.seq), str(after["device_id"])
    first, last = walk.blocks.get(device, (1, 0))
    if not first <= code.seq <= last:
        return
    best = walk.issued.get(device)
    if best is None or key > best[0]:
        walk.issued[device] = (key, str(code))


def _code_of(conn: Connection, dossier_id: str | None) -> str | None:
    """A dossier's code as its creation entry sealed it (else as its row says)."""
    if dossier_id is None:
        return None
    for entry in conn.execute(
        select(audit_log.c.after)
        .where(audit_log.c.dossier_id == dossier_id)
        .order_by(audit_log.c.seq)
        .limit(1)
    ):
        if isinstance(entry.after, dict) and entry.after.get("code"):
            return str(entry.after["code"])
    row = conn.execute(select(dossiers.c.code).where(dossiers.c.id == dossier_id)).first()
    return str(row.code) if row else None


# --------------------------------------------------------------------------- dossiers


def _verify_dossiers(
    conn: Connection, sealed: dict[str, _Seal], report: AuditReport, ticker: _Ticker
) -> None:
    remaining = dict(sealed)
    rows = conn.execution_options(yield_per=2000).execute(select(dossiers))
    for row in rows:
        ticker.tick()
        values = dict(row._mapping)
        seal = remaining.pop(values["id"], None)
        if seal is None:
            report.findings.append(Finding("audit_dossier_not_audited", 0, values["code"]))
        elif seal.digest is not None and stored_digest(values["body"]) != seal.digest:
            report.findings.append(
                Finding("audit_dossier_edited", seal.seq, _code_of(conn, values["id"]))
            )
        else:
            _verify_columns(values, seal, report)
    for dossier_id, seal in remaining.items():
        report.findings.append(
            Finding("audit_dossier_missing", seal.seq, _code_of(conn, dossier_id))
        )


def _verify_columns(values: Mapping[str, Any], seal: _Seal, report: AuditReport) -> None:
    """The searchable columns must be exactly what the (sealed) body says."""
    body = values["body"]
    try:
        dossier = decode(Dossier, body)
        expected = dossier_columns(dossier, datetime.fromisoformat(values["updated_at"]), body)
        wrong = [c for c in CHECKED_COLUMNS if values[c] != expected[c]]
        code = dossier.code
    except (KeyError, TypeError, ValueError, AttributeError, DomainError):
        wrong, code = list(CHECKED_COLUMNS), str(values["code"])
    if wrong:
        report.findings.append(
            Finding("audit_dossier_columns_edited", seal.seq, code, {"columns": wrong})
        )


# --------------------------------------------------------------------------- outbox


def _verify_outbox(conn: Connection, report: AuditReport) -> None:
    """Each message against the entry sealed with it; each sealed message still present."""
    linked = audit_log.alias("linked")
    stmt = (
        select(
            outbox.c.id,
            outbox.c.dossier_id,
            outbox.c.event,
            outbox.c.created_at,
            outbox.c.payload,
            linked.c.seq,
            linked.c.dossier_id.label("sealed_dossier_id"),
            linked.c.action,
            linked.c.body_digest,
        )
        .outerjoin(linked, linked.c.outbox_id == outbox.c.id)
        .order_by(outbox.c.seq)
    )
    for row in conn.execution_options(yield_per=2000).execute(stmt):
        if row.seq is None:
            _verify_legacy_message(conn, row, report)
            continue
        intact = (
            row.sealed_dossier_id == row.dossier_id
            and row.event == outbox_event(row.action)
            and row.body_digest == stored_digest(row.payload)
        )
        if not intact:
            code = _code_of(conn, row.sealed_dossier_id)
            report.findings.append(Finding("audit_outbox_edited", row.seq, code))
    gone = (
        select(audit_log.c.seq, audit_log.c.dossier_id)
        .outerjoin(outbox, outbox.c.id == audit_log.c.outbox_id)
        .where(audit_log.c.outbox_id.is_not(None), outbox.c.id.is_(None))
        .order_by(audit_log.c.seq)
    )
    for lost in conn.execute(gone):
        report.findings.append(
            Finding("audit_outbox_missing", lost.seq, _code_of(conn, lost.dossier_id))
        )


def _verify_legacy_message(conn: Connection, row: Any, report: AuditReport) -> None:
    """A message written before schema 0006 (no sealed link): it must match an entry of the same
    dossier, moment and action, and that entry's body digest when it has one."""
    action = str(row.event).removeprefix("dossier.")
    candidates = conn.execute(
        select(audit_log.c.seq, audit_log.c.body_digest).where(
            audit_log.c.dossier_id == row.dossier_id,
            audit_log.c.at == row.created_at,
            audit_log.c.action == action,
            audit_log.c.outbox_id.is_(None),
        )
    ).all()
    if not candidates:
        report.findings.append(
            Finding("audit_outbox_not_audited", 0, _code_of(conn, row.dossier_id))
        )
        return
    digests = [c.body_digest for c in candidates]
    if None in digests:
        return  # pre-0003: nothing sealed to compare with (counted among the legacy entries)
    if stored_digest(row.payload) not in digests:
        report.findings.append(
            Finding("audit_outbox_edited", candidates[0].seq, _code_of(conn, row.dossier_id))
        )


# --------------------------------------------------------------------------- devices


def _verify_devices(
    conn: Connection, issued: Mapping[str, tuple[tuple[date, int], str]], report: AuditReport
) -> None:
    """A device's remembered (day, last number) must not be behind a code the chain sealed."""
    for device in conn.execute(select(devices)):
        best = issued.get(device.id)
        if best is None:
            continue
        day = date.fromisoformat(device.last_day) if device.last_day else date.min
        if (day, device.last_seq) < best[0]:
            report.findings.append(
                Finding("audit_device_rewound", 0, best[1], {"device": device.name})
            )
