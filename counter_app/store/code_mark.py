"""The high-water mark of issued dossier codes, kept OUTSIDE the store file.

A store can be rewound: a backup restored over it, a copy from another PC, a file emptied and
recreated. Its device code state then lies behind the codes this PC has really handed out, and
issuing from it would repeat them. This small owner-only file in the data folder remembers, per
sequence block this PC has used, the last code issued from it; intake refuses a block whose
stored state is behind its mark, or that was closed (restored over, moved away from), until a
supervisor moves the PC to a fresh slot.

Crash ordering: the mark is written (two checksummed copies, the older one overwritten, one
``fdatasync``: a torn write leaves the other copy) inside the intake's write
transaction, after every statement and just before COMMIT. It records the store's state as read
in that transaction (committed for sure) and the code being issued (pending). A crash before the
mark is durable rolls the transaction back; a crash between the mark and COMMIT leaves the store
exactly at the recorded state, which is allowed (the pending code was never handed out: the
receipt comes after the commit). Only a store *behind* the recorded state is refused, so the
mark is never behind the store and a crash never blocks intake. See ``docs/design-codes.md``.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import struct
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from counter_app.domain.codes import IssuerState, SequenceBlock
from counter_app.domain.errors import ConflictError, DamagedError, EnvironmentProblem
from counter_app.domain.vntime import now_vn

MARK_FILE = "device-codes.json"
#: Two copies of this size each (the current and the previous one), so a torn write never
#: loses the record: see ``_write_file``.
SLOT_SIZE = 32 * 1024
_HEADER = struct.Struct(">QI32s")  # counter, payload length, sha256(counter + payload)
_VERSION = 1
#: What one read of a copy takes (a usual record, a few blocks, is far shorter).
_READ_AHEAD = 4096


@dataclass(frozen=True, slots=True)
class BlockMark:
    day: date | None = None
    seq: int = 0
    #: Never issue from this block again on this PC (restored over, or moved away from).
    closed: bool = False
    #: The code being issued when the mark was written (committed or not: a crash may tell).
    pending_day: date | None = None
    pending_seq: int = 0

    def ahead_of(self, state: IssuerState) -> bool:
        return (self.day or date.min, self.seq) > (state.day or date.min, state.last_seq)


def block_key(agency: str, block: SequenceBlock) -> str:
    return f"{agency}/{block.first:04d}-{block.last:04d}"


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


class CodeMark:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._counter = 0  # of the copy last read or written
        #: The copy last decoded ((counter, payload), marks): its JSON is not decoded again.
        self._decoded: tuple[tuple[int, bytes], dict[str, BlockMark]] | None = None

    # ------------------------------------------------------------------ reading
    def load(self) -> dict[str, BlockMark] | None:
        """The marks by block key; ``None`` when this PC never wrote one (a store from before
        the mark existed, or a fresh data folder). Both copies are read and checked every time;
        only the JSON decoding of a copy already decoded is skipped (same counter and digest)."""
        try:
            fd = os.open(self.path, os.O_RDONLY)
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise DamagedError("code_mark_damaged", path=str(self.path)) from exc
        try:
            size = os.fstat(fd).st_size
            slots = [_read_slot(fd, i * SLOT_SIZE) for i in range(2)] if size else []
        except OSError as exc:
            raise DamagedError("code_mark_damaged", path=str(self.path)) from exc
        finally:
            os.close(fd)
        if not size:
            return None  # created, then a crash before its first write: nothing was issued
        valid = [slot for slot in slots if slot is not None]
        try:
            if not valid or size > 2 * SLOT_SIZE:
                raise ValueError("no valid copy")
            counter, payload = max(valid)
            if self._decoded is None or self._decoded[0] != (counter, payload):
                data = json.loads(payload)
                if data.get("version") != _VERSION:
                    raise ValueError("unsupported")
                blocks = {key: _decode(value) for key, value in data["blocks"].items()}
                self._decoded = ((counter, payload), blocks)
            self._counter = counter
            return dict(self._decoded[1])
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise DamagedError("code_mark_damaged", path=str(self.path)) from exc

    def used_blocks(self, agency: str) -> list[SequenceBlock]:
        marks = self.load() or {}
        prefix = f"{agency}/"
        return [_block(key) for key in marks if key.startswith(prefix)]

    def check(
        self, agency: str, block: SequenceBlock, state: IssuerState
    ) -> dict[str, BlockMark] | None:
        """Refuse to issue from a store whose code state may be behind what this PC issued;
        the marks read, for :meth:`record` in the same write transaction."""
        marks = self.load()
        if marks is None:
            return None  # nothing known yet: the first code issued writes the mark
        mark = marks.get(block_key(agency, block))
        if mark is None:
            if state.day is None:
                return marks  # a block this PC never issued from, and neither did the store
            reason = "unknown_block"  # codes issued from a block this PC does not know: a copy
        elif mark.closed:
            reason = "closed"
        elif mark.ahead_of(state):
            reason = "behind"
        else:
            return marks
        raise ConflictError(
            "device_state_rewound",
            reason=reason,
            first=block.first,
            last=block.last,
            mark_day=f"{mark.day:%d/%m/%Y}" if mark and mark.day else "—",
            mark_seq=mark.seq if mark else 0,
        )

    # ------------------------------------------------------------------ writing
    def record(
        self,
        agency: str,
        block: SequenceBlock,
        committed: IssuerState,
        pending: IssuerState,
        marks: dict[str, BlockMark] | None = None,
    ) -> None:
        """Before COMMIT: the store's state in this transaction and the code being issued.
        ``marks``: what :meth:`check` read in this same write transaction (no second read: no
        other writer can issue a code while the transaction holds the store's write lock)."""
        marks = dict(marks) if marks is not None else (self.load() or {})
        key = block_key(agency, block)
        old = marks.get(key, BlockMark())
        marks[key] = BlockMark(
            committed.day, committed.last_seq, old.closed, pending.day, pending.last_seq
        )
        self._write(marks)

    def close_all(self) -> None:
        """A new store replaces this PC's store: none of the blocks used so far may issue again."""
        try:
            marks = self.load()
        except DamagedError:
            self._set_damaged_aside()
            marks = None
        if marks:
            self._write({k: _closed(m) for k, m in marks.items()})

    def close(self, agency: str, block: SequenceBlock) -> None:
        marks = self.load() or {}
        key = block_key(agency, block)
        old = marks.get(key, BlockMark())
        marks[key] = _closed(old)
        self._write(marks)

    def open_new(self, agency: str, block: SequenceBlock, old: SequenceBlock | None) -> None:
        """After a move to ``block``: the new block known (empty), the old one closed."""
        try:
            marks = self.load() or {}
        except DamagedError:
            self._set_damaged_aside()
            marks = {}
        if old is not None:
            marks[block_key(agency, old)] = _closed(marks.get(block_key(agency, old), BlockMark()))
        marks.setdefault(block_key(agency, block), BlockMark())
        self._write(marks)

    def _set_damaged_aside(self) -> None:
        aside = self.path.with_name(f"{self.path.name}.damaged-{now_vn():%Y%m%dT%H%M%S}")
        os.replace(self.path, aside)
        self._counter = 0

    def _write(self, marks: dict[str, BlockMark]) -> None:
        try:
            self._write_file(marks)
        except OSError as exc:  # the code is not issued: its transaction rolls back
            raise EnvironmentProblem(
                "code_mark_unwritable", path=str(self.path), detail=exc.strerror or str(exc)
            ) from exc

    def _write_file(self, marks: dict[str, BlockMark]) -> None:
        """Write the copy that is not the current one, then one ``fdatasync``: a torn write
        leaves the other copy intact (the reader takes the valid copy with the higher counter)."""
        payload = json.dumps(
            {"version": _VERSION, "blocks": {k: _encode(v) for k, v in sorted(marks.items())}},
            separators=(",", ":"),
        ).encode("utf-8")
        counter = self._counter + 1
        record = _pack(counter, payload)
        existed = os.path.exists(self.path)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            os.pwrite(fd, record, (counter % 2) * SLOT_SIZE)
            _datasync(fd)
        finally:
            os.close(fd)
        if not existed:
            fsync_dir(self.path.parent)
        self._counter = counter
        self._decoded = ((counter, payload), dict(marks))


def _datasync(fd: int) -> None:
    sync = getattr(os, "fdatasync", os.fsync)
    sync(fd)


def _pack(counter: int, payload: bytes) -> bytes:
    """One copy: header and payload only (the rest of its slot is never read: the header holds
    the payload's length, and the digest covers counter and payload)."""
    if _HEADER.size + len(payload) > SLOT_SIZE:
        raise OSError(errno.EFBIG, "the record of issued codes is too large")
    digest = hashlib.sha256(counter.to_bytes(8, "big") + payload).digest()
    return _HEADER.pack(counter, len(payload), digest) + payload


def _read_slot(fd: int, offset: int) -> tuple[int, bytes] | None:
    """The copy at ``offset`` (one read for a usual record, two for a long one)."""
    raw = os.pread(fd, _READ_AHEAD, offset)
    if len(raw) >= _HEADER.size:
        length = _HEADER.unpack_from(raw)[1]
        if _HEADER.size + length > len(raw) and _HEADER.size + length <= SLOT_SIZE:
            raw = os.pread(fd, _HEADER.size + length, offset)
    return _unpack(raw)


def _unpack(raw: bytes) -> tuple[int, bytes] | None:
    """``(counter, payload)`` of one copy, or ``None`` when it is torn, empty or altered."""
    if len(raw) < _HEADER.size:
        return None
    counter, length, digest = _HEADER.unpack_from(raw)
    if length > SLOT_SIZE - _HEADER.size:
        return None
    payload = raw[_HEADER.size : _HEADER.size + length]
    if len(payload) != length or counter == 0:
        return None
    if hashlib.sha256(counter.to_bytes(8, "big") + payload).digest() != digest:
        return None
    return counter, payload


def _encode(mark: BlockMark) -> dict[str, Any]:
    return {
        "day": mark.day.isoformat() if mark.day else None,
        "seq": mark.seq,
        "closed": mark.closed,
        "pending_day": mark.pending_day.isoformat() if mark.pending_day else None,
        "pending_seq": mark.pending_seq,
    }


def _decode(value: dict[str, Any]) -> BlockMark:
    day = date.fromisoformat(value["day"]) if value["day"] else None
    seq = value["seq"]
    if not isinstance(seq, int) or not isinstance(value["closed"], bool):
        raise TypeError("bad mark")
    pending_day = date.fromisoformat(value["pending_day"]) if value["pending_day"] else None
    if not isinstance(value["pending_seq"], int):
        raise TypeError("bad mark")
    return BlockMark(day, seq, value["closed"], pending_day, value["pending_seq"])


def _closed(mark: BlockMark) -> BlockMark:
    return BlockMark(mark.day, mark.seq, True, mark.pending_day, mark.pending_seq)


def _block(key: str) -> SequenceBlock:
    first, last = key.rsplit("/", 1)[1].split("-")
    return SequenceBlock(int(first), int(last))
