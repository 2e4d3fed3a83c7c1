"""The commands lane: the outbox pushed in batches, in the device's order.

A row is marked done only after the centre's ``BatchResult`` for it has arrived (its durable
acknowledgement): a reply lost on the way leaves the row queued, and the next push sends the same
command id with the same body, which the centre answers ``replayed`` — exactly once. A command the
centre refuses is parked with the centre's code and reason; only later commands of the same
dossier wait behind it. A whole batch answered ``409 command_id_reused`` (nothing applied) parks
the command named in the problem, or, when none is named, the batch is split until the command
at fault is found. Trouble on the link goes up to the engine, which schedules the next attempt.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime

from counter_app.ports import Progress
from counter_app.services.central_link import LinkRecord, update_link
from counter_app.services.context import ServiceContext
from counter_app.store.sync_repo import QueuedCommand, SyncQueue, chain_entry_hash, chain_head
from sync.client_api import Credentials
from sync.errors import CentralRejected, ChainDiverged, DeviceUnknown
from sync.protocol import MAX_BATCH, BatchResult, ChainHead, Command, CommandBatch
from sync.transport import Transport

log = logging.getLogger(__name__)

#: Problems about the device or its chain as a whole: no command is at fault, nothing is parked.
DEVICE_PROBLEMS = {401, 403, 404}
#: Problems that name (or hide) one command at fault in the batch.
COMMAND_PROBLEMS = {400, 409, 413, 422}
REUSED = "command_id_reused"
#: The centre holds another history of this device's audit chain: a local rewrite.
CHAIN_DIVERGED = "audit_chain_diverged"


@dataclass
class PushOutcome:
    sent: int = 0
    acknowledged: int = 0
    parked: int = 0
    #: ids of the batch in flight when the link failed (their attempt count goes up)
    in_flight: list[str] = field(default_factory=list)


class OutboxLane:
    def __init__(
        self,
        ctx: ServiceContext,
        transport: Transport,
        credentials: Credentials,
        link: LinkRecord,
        batch_size: int = MAX_BATCH,
        on_acknowledged: Callable[[int], None] | None = None,
    ) -> None:
        self.ctx = ctx
        self.transport = transport
        self.credentials = credentials
        self.link = link
        self.batch_size = min(batch_size, MAX_BATCH)
        self.on_acknowledged = on_acknowledged
        self.outcome = PushOutcome()

    def run(self, progress: Progress | None = None) -> PushOutcome:
        outcome = self.outcome = PushOutcome()
        after = 0
        while True:
            with self.ctx.store.read() as tx:
                batch = SyncQueue(tx.conn).due(self.batch_size, after)
            if not batch:
                return outcome
            if progress is not None:
                progress.check()
            outcome.in_flight = [c.id for c in batch]
            self._push(batch, outcome)
            outcome.in_flight = []
            after = batch[-1].seq  # parked or held-back rows stay behind; go on after them

    def _push(self, batch: list[QueuedCommand], outcome: PushOutcome) -> None:
        outcome.sent += len(batch)
        try:
            result = self._send(batch)
        except CentralRejected as err:
            self._batch_refused(batch, err, outcome)
            return
        self._record(batch, result, outcome)

    def _send(self, batch: list[QueuedCommand]) -> BatchResult:
        with self.ctx.store.read() as tx:
            seq, head_hash = chain_head(tx.conn)
            anchor_seq = self.link.acked_chain_seq
            anchor_hash = chain_entry_hash(tx.conn, anchor_seq) if anchor_seq else ""
        request = CommandBatch(
            device_id=self.link.device_id,
            chain=ChainHead(
                seq=seq, hash=head_hash, anchor_seq=anchor_seq, anchor_hash=anchor_hash
            ),
            commands=[_command(c) for c in batch],
        )
        return self.transport.post("/commands", request, BatchResult, auth=self.credentials)

    def _record(self, batch: list[QueuedCommand], result: BatchResult, out: PushOutcome) -> None:
        """Acknowledge what the centre applied (or applied before), park what it refused; a
        later refusal of a dossier already refused in this batch only waits behind it."""
        by_id = {c.id: c for c in batch}
        acks: list[tuple[str, int | None]] = []
        parks: list[tuple[str, str, str]] = []
        refused_dossiers: set[str] = set()
        for item in result.results:
            command = by_id.get(item.id)
            if command is None:
                continue  # not ours: never acknowledge what was not sent
            if item.outcome in {"applied", "replayed"}:
                acks.append((item.id, item.server_seq))
            elif command.dossier_id not in refused_dossiers:
                refused_dossiers.add(command.dossier_id)
                parks.append((item.id, item.code or "rejected", item.reason or ""))
        now = self.ctx.clock.now()
        with self.ctx.store.write() as tx:
            queue = SyncQueue(tx.conn)
            done = queue.acknowledge(acks, now)
            for command_id, code, reason in parks:
                queue.park(command_id, code, reason, now)
            update_link(tx, acked_chain_seq=result.chain_seq, acked_chain_hash=result.chain_hash)
        self.link = _with_chain(self.link, result)
        out.acknowledged += done
        out.parked += len(parks)
        if self.on_acknowledged is not None:
            self.on_acknowledged(done)

    def _batch_refused(
        self, batch: list[QueuedCommand], err: CentralRejected, out: PushOutcome
    ) -> None:
        status = err.problem.status
        if status in DEVICE_PROBLEMS and status != 403:
            raise DeviceUnknown(device_id=self.link.device_id) from err
        if err.problem.code == CHAIN_DIVERGED:  # the device as a whole: park nothing
            raise ChainDiverged(anchor_seq=self.link.acked_chain_seq) from err
        if status not in COMMAND_PROBLEMS or (status == 409 and err.problem.code != REUSED):
            raise err
        named = err.problem.params.get("command_id") or err.problem.params.get("id")
        culprit = next((c for c in batch if c.id == named), None)
        if culprit is None and len(batch) == 1:
            culprit = batch[0]
        if culprit is not None:
            self._park_one(culprit, err, out)
            rest = [c for c in batch if c.id != culprit.id and not _behind(c, culprit)]
            if rest:
                self._push(rest, out)
            return
        half = len(batch) // 2  # no command named: split until the one at fault is alone
        for part in (batch[:half], batch[half:]):
            self._push_part(part, out)

    def _push_part(self, part: list[QueuedCommand], out: PushOutcome) -> None:
        with self.ctx.store.read() as tx:
            held = {c.id for c in SyncQueue(tx.conn).due(len(part), part[0].seq - 1)}
        still = [c for c in part if c.id in held]  # an earlier half may have parked a dossier
        if still:
            self._push(still, out)

    def _park_one(self, command: QueuedCommand, err: CentralRejected, out: PushOutcome) -> None:
        with self.ctx.store.write() as tx:
            SyncQueue(tx.conn).park(
                command.id, err.problem.code, err.problem.detail, self.ctx.clock.now()
            )
        out.parked += 1
        log.warning("command %s (%s) parked: %s", command.id, command.event, err.problem.code)


def _behind(command: QueuedCommand, parked: QueuedCommand) -> bool:
    return command.dossier_id == parked.dossier_id and command.seq > parked.seq


def _command(row: QueuedCommand) -> Command:
    return Command(
        id=row.id,
        device_seq=row.seq,
        type=row.event,
        dossier_id=row.dossier_id,
        dossier_code=row.dossier_code,
        at=row.created_at,
        body=row.payload,
    )


def _with_chain(link: LinkRecord, result: BatchResult) -> LinkRecord:
    return replace(link, acked_chain_seq=result.chain_seq, acked_chain_hash=result.chain_hash)


def pending_ids(ctx: ServiceContext, limit: int) -> list[str]:
    with ctx.store.read() as tx:
        return [c.id for c in SyncQueue(tx.conn).due(limit)]


def stamp_failure(ctx: ServiceContext, ids: list[str], error: str, next_at: datetime) -> None:
    """The batch in flight when the link failed: one more attempt, and when the next one is."""
    if not ids:
        return
    with ctx.store.write() as tx:
        SyncQueue(tx.conn).failed(ids, error, next_at)
