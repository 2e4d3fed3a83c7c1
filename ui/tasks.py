"""Background work for the window: one write lane, one read lane, small typed operations.

Shaped after Anki's ``CollectionOp``/``QueryOp`` (``qt/aqt/operations``) and ``taskman.py``:
every store call runs off the GUI thread; writes run one at a time on their own lane (SQLite has
one writer, and the window must never sit out the store's busy timeout); reads and device I/O
run on the other. Results and errors come back to the GUI thread through a queued signal; after
a write, :attr:`TaskRunner.changed` names what changed so only the views that show it refresh.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from counter_app.ports import Progress

T = TypeVar("T")

#: Names of what a write can change; views refresh on the ones they show.
QUEUE = "queue"
DOSSIER = "dossier"
OUTBOX = "outbox"


@dataclass
class Op(Generic[T]):
    """A piece of work and what to do with its outcome on the GUI thread."""

    run: Callable[[], T]
    on_success: Callable[[T], None] | None = None
    on_failure: Callable[[BaseException], None] | None = None
    #: The core's progress object, when the work reports progress and accepts a cancel.
    progress: Progress | None = None


@dataclass
class ReadOp(Op[T]):
    """A query or device I/O: runs on the read lane."""


@dataclass
class WriteOp(Op[T]):
    """A store write: runs on the write lane, one at a time, then announces what changed."""

    changes: frozenset[str] = field(default_factory=lambda: frozenset({QUEUE, DOSSIER, OUTBOX}))


@dataclass
class NetOp(Op[T]):
    """Work that talks to the central system (sync now): its own lane, so a slow link never
    holds up the store's writes or the window's reads."""


class _Relay(QObject):
    """Lives on the GUI thread; a worker emits, Qt queues the delivery back to the GUI thread."""

    finished = Signal(int, object, object)  # op id, result, error


class _Job(QRunnable):
    def __init__(self, op_id: int, op: Op[Any], relay: _Relay) -> None:
        super().__init__()
        self.setAutoDelete(True)
        self._id, self._op, self._relay = op_id, op, relay

    def run(self) -> None:
        try:
            result = self._op.run()
        except BaseException as exc:  # delivered to the GUI thread, never lost
            self._relay.finished.emit(self._id, None, exc)
        else:
            self._relay.finished.emit(self._id, result, None)


def _lane(name: str, parent: QObject) -> QThreadPool:
    pool = QThreadPool(parent)
    pool.setMaxThreadCount(1)
    pool.setObjectName(name)
    return pool


class TaskRunner(QObject):
    """The lanes (write, read, and the network's). ``changed`` carries a ``frozenset[str]`` of
    what a finished write changed; ``failed`` carries an error no operation handled itself
    (shown in the status area)."""

    changed = Signal(object)
    failed = Signal(object)
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._write, self._read = _lane("write-lane", self), _lane("read-lane", self)
        self._net = _lane("net-lane", self)
        # one long-lived relay: no QObject is made or deleted per operation
        self._relay = _Relay(self)
        self._relay.finished.connect(self._deliver)
        self._pending: dict[int, Op[Any]] = {}
        self._next_id = 0

    @property
    def pending(self) -> int:
        return len(self._pending)

    def write(self, op: WriteOp[T]) -> None:
        self._submit(self._write, op)

    def read(self, op: ReadOp[T]) -> None:
        self._submit(self._read, op)

    def net(self, op: NetOp[T]) -> None:
        self._submit(self._net, op)

    def _submit(self, lane: QThreadPool, op: Op[Any]) -> None:
        self._next_id += 1
        self._pending[self._next_id] = op
        if len(self._pending) == 1:
            self.busy_changed.emit(True)
        lane.start(_Job(self._next_id, op, self._relay))

    def _deliver(self, op_id: int, result: Any, error: Any) -> None:
        op = self._pending.pop(op_id)
        if not self._pending:
            self.busy_changed.emit(False)
        if error is not None:
            if op.on_failure is not None:
                op.on_failure(error)
            else:
                self.failed.emit(error)
            return
        if op.on_success is not None:
            op.on_success(result)
        if isinstance(op, WriteOp):
            self.changed.emit(op.changes)

    def wait_idle(self, msecs: int = 30_000) -> bool:
        """Block until both lanes are empty (closing the window; tests)."""
        lanes = (self._write, self._read, self._net)
        return all([lane.waitForDone(msecs) for lane in lanes])
