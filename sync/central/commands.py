"""``POST /api/v1/commands``: a device's batch of intents, each applied exactly once.

One transaction per batch. The device's row is locked first (``FOR UPDATE`` on PostgreSQL; SQLite
has one writer), so two workers never interleave the same device's batches. Then:

1. the audit chain anchor must be one the centre recorded for this device (else 409
   ``audit_chain_diverged``: the device's chain was rewritten);
2. commands already stored are compared by the SHA-256 of their canonical JSON: equal →
   ``replayed`` with the stored ``server_seq``; different → 409 ``command_id_reused`` for the
   whole batch (nothing applied);
3. each new command is checked (agency, slot block, code clash, body, known dossier) and either
   applied with a fresh ``server_seq`` or answered ``rejected`` with a code (a rejection is not
   stored: sent again later, the command is judged again);
4. rows are written in bulk: stored results, the history by ``server_seq``, dossiers' bodies.

A unique-key race with another worker (same code, same command id) rolls the batch back and runs
it again (:func:`sync.central.db.in_transaction`); the second run sees the winner's rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, bindparam, select, update

from counter_app.domain.codec import decode
from counter_app.domain.dossier import Dossier
from counter_app.domain.errors import ValidationError
from counter_app.store.canonical import canonical_json, sha256_hex
from sync.central import db, slots
from sync.central.auth import Principal
from sync.central.devices import code_parts
from sync.central.problems import ApiProblem
from sync.central.state import Central, now_utc
from sync.protocol import BatchResult, ChainHead, Command, CommandBatch, CommandResult

#: Intents that bring a dossier into being (intake: received, supplement asked, refused).
CREATING = frozenset({"dossier.received", "dossier.supplement_requested", "dossier.refused"})
ONLINE_LAST = 999
MAX_SEQ = 2**63 - 1


class Rejected(Exception):
    def __init__(self, code: str, reason: str) -> None:
        super().__init__(code)
        self.code, self.reason = code, reason


@dataclass
class _Known:
    code: str
    agency_id: str
    status: int
    new: bool = False
    body: str | None = None
    server_seq: int = 0


@dataclass
class _Batch:
    device_id: str
    agency_id: str
    blocks: list[tuple[int, int, int | None]]
    known: dict[str, _Known]
    codes: dict[str, str]  # code → dossier id, as stored
    online: set[str]
    results: list[CommandResult] = field(default_factory=list)
    applied: list[tuple[Command, str, int | None]] = field(default_factory=list)


def body_sha256(command: Command) -> str:
    return sha256_hex(canonical_json(command.model_dump(mode="json")))


def push(c: Central, who: Principal, batch: CommandBatch) -> BatchResult:
    if who.device_id != batch.device_id:
        raise ApiProblem(403, "forbidden", "commands are pushed with the device's own sign-in")
    numbers = [batch.chain.seq, batch.chain.anchor_seq, *(c.device_seq for c in batch.commands)]
    if any(not 0 <= n <= MAX_SEQ for n in numbers):
        raise ApiProblem(422, "invalid_value", "sequence numbers run from 0 to 2^63-1")
    digests = [body_sha256(cmd) for cmd in batch.commands]
    return db.in_transaction(c.engine, lambda conn: _apply(conn, batch, digests))


def _apply(conn: Connection, batch: CommandBatch, digests: list[str]) -> BatchResult:
    device = _lock_device(conn, batch.device_id)
    heads = _check_chain(conn, batch.device_id, batch.chain)
    stored = _stored(conn, batch, digests)
    state = _load(conn, batch, device)
    seen: dict[str, str] = {}
    for cmd, digest in zip(batch.commands, digests, strict=True):
        if cmd.id in stored:
            state.results.append(stored[cmd.id])
            continue
        if cmd.id in seen:  # the same command twice in one batch
            if seen[cmd.id] != digest:
                raise ApiProblem(409, "command_id_reused", command_id=cmd.id)
            state.results.append(CommandResult(id=cmd.id, outcome="replayed"))
            continue
        seen[cmd.id] = digest
        try:
            status = _judge(state, cmd)
        except Rejected as rej:
            state.results.append(
                CommandResult(id=cmd.id, outcome="rejected", code=rej.code, reason=rej.reason)
            )
            continue
        state.applied.append((cmd, digest, status))
        state.results.append(CommandResult(id=cmd.id, outcome="applied"))
    _write(conn, state)
    head = _advance_chain(conn, device, batch.chain, heads)
    return BatchResult(
        results=state.results, server_time=now_utc(), chain_seq=head[0], chain_hash=head[1]
    )


def _lock_device(conn: Connection, device_id: str) -> Any:
    row = conn.execute(
        select(db.devices).where(db.devices.c.id == device_id).with_for_update()
    ).first()
    if row is None or not row.active:
        raise ApiProblem(404, "unknown_device", device_id=device_id)
    return row


def _check_chain(conn: Connection, device_id: str, chain: ChainHead) -> dict[int, str]:
    """The recorded heads at the anchor's and the new head's seq (409 when either differs)."""
    h = db.chain_heads
    known = dict(
        conn.execute(
            select(h.c.seq, h.c.hash).where(
                h.c.device_id == device_id, h.c.seq.in_([chain.anchor_seq, chain.seq])
            )
        ).all()
    )
    anchor_ok = chain.anchor_seq == 0 or known.get(chain.anchor_seq) == chain.anchor_hash
    head_ok = chain.seq not in known or known[chain.seq] == chain.hash
    if not anchor_ok or not head_ok:
        raise ApiProblem(
            409,
            "audit_chain_diverged",
            "the device's audit chain differs from what the centre acknowledged",
            anchor_seq=str(chain.anchor_seq),
        )
    return known


def _advance_chain(
    conn: Connection, device: Any, chain: ChainHead, heads: dict[int, str]
) -> tuple[int, str]:
    """Record the new head (``device`` is the row locked at the start of the batch)."""
    d, h = db.devices, db.chain_heads
    if chain.seq <= device.chain_seq:
        return int(device.chain_seq), str(device.chain_hash)
    if chain.seq not in heads:
        conn.execute(h.insert().values(device_id=device.id, seq=chain.seq, hash=chain.hash))
    conn.execute(
        update(d).where(d.c.id == device.id).values(chain_seq=chain.seq, chain_hash=chain.hash)
    )
    return chain.seq, chain.hash


def _stored(conn: Connection, batch: CommandBatch, digests: list[str]) -> dict[str, CommandResult]:
    ids = [cmd.id for cmd in batch.commands]
    if not ids:
        return {}
    t = db.commands
    rows = conn.execute(
        select(t.c.id, t.c.body_sha256, t.c.server_seq).where(t.c.id.in_(ids))
    ).all()
    by_id = {cmd.id: digest for cmd, digest in zip(batch.commands, digests, strict=True)}
    found: dict[str, CommandResult] = {}
    for row in rows:
        if row.body_sha256 != by_id[row.id]:
            raise ApiProblem(
                409,
                "command_id_reused",
                "a command with this id and another body was applied before",
                command_id=row.id,
            )
        found[row.id] = CommandResult(id=row.id, outcome="replayed", server_seq=row.server_seq)
    return found


def _load(conn: Connection, batch: CommandBatch, device: Any) -> _Batch:
    """The batch's dossiers known by id or by code (one query), online codes when the batch
    has any in the centre's range, and the device's slot blocks."""
    d = db.dossiers
    ids = {cmd.dossier_id for cmd in batch.commands}
    codes = {cmd.dossier_code for cmd in batch.commands}
    known: dict[str, _Known] = {}
    by_code: dict[str, str] = {}
    if ids:
        rows = conn.execute(
            select(d.c.id, d.c.code, d.c.agency_id, d.c.status).where(
                d.c.id.in_(ids) | d.c.code.in_(codes)
            )
        )
        for r in rows:
            by_code[r.code] = r.id
            if r.id in ids:
                known[r.id] = _Known(r.code, r.agency_id, r.status)
    online: set[str] = set()
    reserved = {c for c in codes if (parts := code_parts(c)) and parts[2] <= ONLINE_LAST}
    if reserved:
        o = db.online_dossiers
        online = set(
            conn.execute(
                select(o.c.code).where(o.c.code.in_(reserved), o.c.agency_id == device.agency_id)
            ).scalars()
        )
    return _Batch(
        device_id=batch.device_id,
        agency_id=device.agency_id,
        blocks=slots.device_blocks(conn, device.id, device.previous_device_id),
        known=known,
        codes=by_code,
        online=online,
    )


def _judge(state: _Batch, cmd: Command) -> int | None:
    """The dossier status after ``cmd`` (None: not a dossier snapshot), or :class:`Rejected`."""
    dossier = _decode(cmd) if cmd.type.startswith("dossier.") else None
    known = state.known.get(cmd.dossier_id)
    if known is None:
        if cmd.type not in CREATING or dossier is None:
            raise Rejected("unknown_dossier", "a change for a dossier the centre does not know")
        _check_new_code(state, cmd)
        known = _Known(cmd.dossier_code, state.agency_id, int(dossier.status), new=True)
        state.known[cmd.dossier_id] = known
        state.codes[cmd.dossier_code] = cmd.dossier_id
    elif known.agency_id != state.agency_id:
        raise Rejected("wrong_agency", "the dossier belongs to another agency")
    elif known.code != cmd.dossier_code:
        raise Rejected("code_changed", "a dossier's code never changes")
    if dossier is not None:
        known.status = int(dossier.status)
        known.body = canonical_json(cmd.body)
        return known.status
    return None


def _decode(cmd: Command) -> Dossier:
    try:
        dossier = decode(Dossier, cmd.body)
    except ValidationError as err:
        raise Rejected(
            "malformed_command", f"the dossier body does not decode at {err.field}"
        ) from err
    if dossier.id != cmd.dossier_id or dossier.code != cmd.dossier_code:
        raise Rejected("malformed_command", "the body's id or code differs from the command's")
    return dossier


def _check_new_code(state: _Batch, cmd: Command) -> None:
    parts = code_parts(cmd.dossier_code)
    if parts is None:
        raise Rejected("malformed_command", "not a dossier code")
    agency, day, seq = parts
    if agency != state.agency_id:
        raise Rejected("wrong_agency", "the code belongs to another agency")
    owner = state.codes.get(cmd.dossier_code)
    if owner is not None and owner != cmd.dossier_id:
        raise Rejected("code_clash", "another dossier already has this code")
    if seq <= ONLINE_LAST:
        if cmd.dossier_code not in state.online:
            raise Rejected("code_outside_slot", "the centre's own range: not an online dossier")
        return
    if not slots.owns_code(state.blocks, day, seq):
        raise Rejected("code_outside_slot", "the code is outside the device's slot block")


def _write(conn: Connection, state: _Batch) -> None:
    if not state.applied:
        return
    seqs = db.server_seqs(conn, len(state.applied))
    by_id: dict[str, int] = {}
    history: list[dict[str, Any]] = []
    for (cmd, _digest, status), seq in zip(state.applied, seqs, strict=True):
        by_id[cmd.id] = seq
        history.append(
            {
                "server_seq": seq,
                "dossier_id": cmd.dossier_id,
                "command_id": cmd.id,
                "type": cmd.type,
                "status": status,
                "at": cmd.at.isoformat(),
                "body": canonical_json(cmd.body),
            }
        )
        known = state.known[cmd.dossier_id]
        if status is not None:
            known.server_seq = seq
    conn.execute(
        db.commands.insert(),
        [
            {
                "id": cmd.id,
                "device_id": state.device_id,
                "body_sha256": digest,
                "outcome": "applied",
                "server_seq": by_id[cmd.id],
            }
            for cmd, digest, _status in state.applied
        ],
    )
    conn.execute(db.history.insert(), history)
    _write_dossiers(conn, state)
    state.results = [
        r.model_copy(update={"server_seq": by_id[r.id]}) if r.outcome == "applied" else r
        for r in state.results
    ]


def _write_dossiers(conn: Connection, state: _Batch) -> None:
    inserts, updates = [], []
    for dossier_id, k in state.known.items():
        if k.body is None:
            continue
        if k.new:
            parts = code_parts(k.code)
            assert parts is not None
            inserts.append(
                {
                    "id": dossier_id,
                    "code": k.code,
                    "agency_id": k.agency_id,
                    "code_day": parts[1],
                    "code_seq": parts[2],
                    "device_id": state.device_id,
                    "status": k.status,
                    "body": k.body,
                    "server_seq": k.server_seq,
                }
            )
        else:
            updates.append(
                {"k_id": dossier_id, "k_status": k.status, "k_body": k.body, "k_seq": k.server_seq}
            )
    if inserts:
        conn.execute(db.dossiers.insert(), inserts)
    if updates:
        d = db.dossiers
        conn.execute(
            update(d)
            .where(d.c.id == bindparam("k_id"))
            .values(
                status=bindparam("k_status"),
                body=bindparam("k_body"),
                server_seq=bindparam("k_seq"),
            ),
            updates,
        )
