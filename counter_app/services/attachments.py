"""Digitised document items attached to a dossier.

The file (a PDF/A made by the scanning room) is stored in the data folder by its content hash,
owner-only, written atomically (a temporary file, fsync, rename: never half a file under the real
name). Then one write transaction records the ``scan_files`` row and sets the item's
:class:`~counter_app.domain.dossier.ScanFile`, which publishes the dossier to the outbox and the
audit log together (the national mapping reads ``item.scan``: file name, path, ``DuocSoHoa``).
Deleting a scan keeps the row (marked deleted) and is audited the same way.
"""

from __future__ import annotations

import errno
import hashlib
import os
import uuid
from dataclasses import dataclass, replace
from pathlib import Path

import sqlalchemy as sa

from counter_app.domain.codec import to_jsonable
from counter_app.domain.dossier import Dossier, ReceivedItem, ScanFile
from counter_app.domain.errors import EnvironmentProblem, NotFoundError
from counter_app.private_files import FILE_MODE, private_dir
from counter_app.services.context import ServiceContext
from counter_app.services.snapshots import record_change
from counter_app.store.schema import scan_files
from counter_app.store.unit_of_work import Store, Tx

SCANS = "scans"


@dataclass(frozen=True)
class ScanProblem:
    dossier_id: str
    item_code: str
    path: str
    reason: str  # "missing" | "hash_mismatch"


def data_dir(store: Store) -> Path:
    return store.path.parent


def store_file(folder: Path, content: bytes) -> tuple[str, Path]:
    """Write ``content`` under its SHA-256 (atomic, owner-only); (hash, path). Writing the same
    content twice keeps one file."""
    digest = hashlib.sha256(content).hexdigest()
    target = folder / SCANS / digest[:2] / f"{digest}.pdf"
    if target.is_file() and _sha256(target) == digest:
        return digest, target
    private_dir(target.parent)
    tmp = target.with_name(f".{digest}.{uuid.uuid4().hex}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        full = exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
        code = "scan_disk_full" if full else "scan_write_failed"
        raise EnvironmentProblem(code, path=str(target.parent)) from exc
    return digest, target


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _item(dossier: Dossier, item_code: str) -> ReceivedItem:
    for item in dossier.items:
        if item.requirement_code == item_code:
            return item
    raise NotFoundError("dossier_item_not_found", item_code=item_code, dossier_code=dossier.code)


def check_item(ctx: ServiceContext, code: str, item_code: str) -> None:
    """Refuse an unknown dossier or item before anything is scanned for it."""
    with ctx.store.read() as tx:
        _item(_dossier(tx, code), item_code)


def item_scan_profile(ctx: ServiceContext, code: str, item_code: str) -> str:
    """The scan profile key the procedure's catalogue names for this document item ("" when it
    names none, or the procedure is no longer in the catalogue)."""
    with ctx.store.read() as tx:
        dossier = _dossier(tx, code)
        _item(dossier, item_code)
        procedure = tx.procedures.get(dossier.procedure_code)
    if procedure is None:
        return ""
    return next((d.scan_profile for d in procedure.documents if d.code == item_code), "")


def attach_scan(
    ctx: ServiceContext,
    code: str,
    item_code: str,
    pdf: bytes,
    pages: int,
    officer: str,
    file_name: str = "",
    action: str = "scan_attached",
) -> ScanFile:
    """Store the item's PDF and attach it to the dossier (replacing an earlier scan of it;
    ``action="scan_text_layer"`` when the background OCR replaces it with its searchable copy)."""
    digest, _ = store_file(data_dir(ctx.store), pdf)
    with ctx.store.write() as tx:
        dossier = _dossier(tx, code)
        item = _item(dossier, item_code)
        before, now = to_jsonable(dossier), ctx.clock.now()
        if item.scan is not None:
            _mark_deleted(tx, dossier.id, item_code, officer, now.isoformat())
        name = file_name or f"{dossier.code}_{item_code}.pdf"
        item.scan = ScanFile(name, digest, len(pdf), pages, officer, now)
        tx.conn.execute(
            scan_files.insert().values(
                id=uuid.uuid4().hex,
                dossier_id=dossier.id,
                item_code=item_code,
                content_hash=digest,
                size=len(pdf),
                pages=pages,
                officer=officer,
                created_at=now.isoformat(),
            )
        )
        record_change(tx, dossier, before, actor=officer, action=action, at=now)
        return replace(item.scan)


def delete_scan(ctx: ServiceContext, code: str, item_code: str, officer: str) -> None:
    """Detach an item's scan (audited; the row stays, marked deleted). The file is removed when no
    other live scan uses the same content."""
    with ctx.store.write() as tx:
        dossier = _dossier(tx, code)
        item = _item(dossier, item_code)
        if item.scan is None:
            raise NotFoundError("scan_not_found", item_code=item_code, dossier_code=dossier.code)
        before, now, old = to_jsonable(dossier), ctx.clock.now(), item.scan
        _mark_deleted(tx, dossier.id, item_code, officer, now.isoformat())
        item.scan = None
        record_change(tx, dossier, before, actor=officer, action="scan_deleted", at=now)
        still_used = tx.conn.execute(
            sa.select(sa.func.count())
            .select_from(scan_files)
            .where(scan_files.c.content_hash == old.content_hash, scan_files.c.deleted_at.is_(None))
        ).scalar_one()
    if not still_used:
        (data_dir(ctx.store) / old.path).unlink(missing_ok=True)


def _dossier(tx: Tx, code: str) -> Dossier:
    dossier = tx.dossiers.by_code(code)
    if dossier is None:
        raise NotFoundError("dossier_not_found", query=code)
    return dossier


def _mark_deleted(tx: Tx, dossier_id: str, item_code: str, officer: str, at: str) -> None:
    tx.conn.execute(
        scan_files.update()
        .where(
            scan_files.c.dossier_id == dossier_id,
            scan_files.c.item_code == item_code,
            scan_files.c.deleted_at.is_(None),
        )
        .values(deleted_at=at, deleted_by=officer)
    )


def check_scan_files(store: Store) -> tuple[int, list[ScanProblem]]:
    """Every live scan's file: present, and its content still hashing to its name and row.
    (count checked, problems)."""
    folder = data_dir(store)
    with store.read() as tx:
        rows = tx.conn.execute(
            sa.select(scan_files.c.dossier_id, scan_files.c.item_code, scan_files.c.content_hash)
            .where(scan_files.c.deleted_at.is_(None))
            .order_by(scan_files.c.created_at)
        ).all()
    problems = []
    for dossier_id, item_code, digest in rows:
        rel = f"{SCANS}/{digest[:2]}/{digest}.pdf"
        path = folder / rel
        if not path.is_file():
            problems.append(ScanProblem(dossier_id, item_code, rel, "missing"))
        elif _sha256(path) != digest:
            problems.append(ScanProblem(dossier_id, item_code, rel, "hash_mismatch"))
    return len(rows), problems
