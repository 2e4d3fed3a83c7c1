"""Resumable uploads: tus 1.0.0 core with the creation, termination and checksum extensions.

* ``Upload-Metadata`` carries ``sha256`` (hex of the whole file), ``filename``, ``dossier_code``;
* files are stored by content hash (``blobs/ab/abcd…``): creating an upload for content the centre
  already has answers 201 with ``Upload-Offset`` = ``Upload-Length`` (nothing to send);
* each PATCH carries ``Upload-Checksum: sha256 <base64>``; a mismatch answers 460 and writes
  nothing; the whole file's SHA-256 is checked when the last byte arrives;
* the offset lives in the database and moves only from the offset the PATCH named (``UPDATE …
  WHERE offset = :old``), so any worker can continue an upload another worker began; a PATCH at
  another offset answers 409 with the current one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import re
import uuid
from pathlib import Path
from typing import Any

from fastapi import Response
from sqlalchemy import Connection, select, update

from sync.central import db
from sync.central.auth import Principal
from sync.central.problems import ApiProblem
from sync.central.state import Central, epoch
from sync.protocol import FILES_PATH, MAX_CHUNK, TUS_CHECKSUM_ALGORITHM, TUS_EXTENSIONS, TUS_VERSION

MAX_SIZE = 2 * 1024**3
SHA_RE = re.compile(r"^[0-9a-f]{64}$")
OFFSET_TYPE = "application/offset+octet-stream"


def tus_headers(**more: str) -> dict[str, str]:
    return {"Tus-Resumable": TUS_VERSION, **more}


def check_version(value: str | None) -> None:
    if value != TUS_VERSION:
        raise ApiProblem(
            412, "tus_version_unsupported", headers={"Tus-Version": TUS_VERSION}, wanted=TUS_VERSION
        )


def options() -> Response:
    return Response(
        status_code=204,
        headers=tus_headers(
            **{
                "Tus-Version": TUS_VERSION,
                "Tus-Extension": TUS_EXTENSIONS,
                "Tus-Checksum-Algorithm": TUS_CHECKSUM_ALGORITHM,
                "Tus-Max-Size": str(MAX_SIZE),
            }
        ),
    )


def parse_metadata(raw: str | None) -> dict[str, str]:
    found: dict[str, str] = {}
    for raw_pair in (raw or "").split(","):
        pair = raw_pair.strip()
        if not pair:
            continue
        key, _, value = pair.partition(" ")
        try:
            found[key] = base64.b64decode(value, validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError) as exc:
            raise ApiProblem(400, "invalid_upload_metadata", field=key) from exc
    return found


def create(c: Central, who: Principal, length: int, metadata: str | None) -> Response:
    if length < 0 or length > MAX_SIZE:
        raise ApiProblem(413, "payload_too_large", max=str(MAX_SIZE))
    meta = parse_metadata(metadata)
    sha = meta.get("sha256", "").lower()
    if not SHA_RE.match(sha):
        raise ApiProblem(400, "invalid_upload_metadata", "sha256 (hex) is required", field="sha256")
    upload_id = uuid.uuid4().hex

    def work(conn: Connection) -> int:
        have = conn.execute(select(db.blobs.c.size).where(db.blobs.c.sha256 == sha)).first()
        offset = length if have is not None and have.size == length else 0
        conn.execute(
            db.uploads.insert().values(
                id=upload_id,
                agency_id=who.agency_id,
                device_id=who.device_id,
                length=length,
                offset=offset,
                sha256=sha,
                filename=meta.get("filename", ""),
                dossier_code=meta.get("dossier_code", ""),
                created_at=epoch(),
            )
        )
        return offset

    offset = db.in_transaction(c.engine, work)
    if offset == 0 and length == 0:
        offset = _finish(c, upload_id, sha, 0)
    return Response(
        status_code=201,
        headers=tus_headers(Location=f"{FILES_PATH}/{upload_id}", **{"Upload-Offset": str(offset)}),
    )


def _upload(conn: Connection, who: Principal, upload_id: str, *, lock: bool = False) -> Any:
    query = select(db.uploads).where(db.uploads.c.id == upload_id)
    row = conn.execute(query.with_for_update() if lock else query).first()
    if row is None or row.agency_id != who.agency_id:
        raise ApiProblem(404, "unknown_upload", headers=tus_headers())
    return row


def head(c: Central, who: Principal, upload_id: str) -> Response:
    with db.reading(c.engine) as conn:
        row = _upload(conn, who, upload_id)
    return Response(
        status_code=200,
        headers=tus_headers(
            **{
                "Upload-Offset": str(row.offset),
                "Upload-Length": str(row.length),
                "Cache-Control": "no-store",
            }
        ),
    )


def _checksum(header: str | None, chunk: bytes) -> None:
    if header is None:
        return
    algorithm, _, value = header.partition(" ")
    if algorithm != TUS_CHECKSUM_ALGORITHM:
        raise ApiProblem(400, "checksum_algorithm_unsupported", headers=tus_headers())
    try:
        expected = base64.b64decode(value, validate=True)
    except binascii.Error as exc:
        raise ApiProblem(400, "invalid_checksum", headers=tus_headers()) from exc
    if hashlib.sha256(chunk).digest() != expected:
        raise ApiProblem(
            460, "checksum_mismatch", "the chunk's SHA-256 differs", headers=tus_headers()
        )


def patch(
    c: Central,
    who: Principal,
    upload_id: str,
    offset: int,
    content_type: str | None,
    checksum: str | None,
    chunk: bytes,
) -> Response:
    if (content_type or "").split(";")[0].strip() != OFFSET_TYPE:
        raise ApiProblem(415, "unsupported_media_type", headers=tus_headers(), expected=OFFSET_TYPE)
    if len(chunk) > MAX_CHUNK * 2:
        raise ApiProblem(413, "payload_too_large", headers=tus_headers(), max=str(MAX_CHUNK * 2))
    _checksum(checksum, chunk)

    def work(conn: Connection) -> tuple[Any, bool]:
        """The upload row stays locked while the chunk is written: two PATCHes at one offset
        (two workers, a client retrying) never interleave their bytes."""
        row = _upload(conn, who, upload_id, lock=True)
        if offset != row.offset:
            raise ApiProblem(
                409,
                "upload_offset_mismatch",
                headers=tus_headers(**{"Upload-Offset": str(row.offset)}),
                offset=str(row.offset),
            )
        if offset == row.length:  # complete already (content the centre had, a late retry)
            return row, False
        if offset + len(chunk) > row.length:
            raise ApiProblem(413, "upload_too_long", headers=tus_headers(), length=str(row.length))
        _write_at(c.part_path(upload_id), offset, chunk)
        conn.execute(
            update(db.uploads)
            .where(db.uploads.c.id == upload_id)
            .values(offset=offset + len(chunk))
        )
        return row, True

    row, wrote = db.in_transaction(c.engine, work)
    new = offset + len(chunk) if wrote else row.length
    if wrote and new == row.length:
        new = _finish(c, upload_id, row.sha256, row.length)
    return Response(status_code=204, headers=tus_headers(**{"Upload-Offset": str(new)}))


def _write_at(path: Path, offset: int, chunk: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        os.pwrite(fd, chunk, offset)
        os.fsync(fd)
    finally:
        os.close(fd)


def _finish(c: Central, upload_id: str, sha: str, length: int) -> int:
    """The last byte arrived: check the whole file and keep it by its hash. A mismatch sets the
    upload back to 0 (the part is dropped) and answers 460."""
    part = c.part_path(upload_id)
    digest = hashlib.sha256()
    if length:
        with part.open("rb") as f:
            for block in iter(lambda: f.read(1024 * 1024), b""):
                digest.update(block)
    if digest.hexdigest() != sha:
        part.unlink(missing_ok=True)
        db.in_transaction(
            c.engine,
            lambda conn: conn.execute(
                update(db.uploads).where(db.uploads.c.id == upload_id).values(offset=0)
            ),
        )
        raise ApiProblem(
            460,
            "file_checksum_mismatch",
            "the whole file's SHA-256 differs",
            headers=tus_headers(**{"Upload-Offset": "0"}),
        )
    target = c.blob_path(sha)
    target.parent.mkdir(parents=True, exist_ok=True)
    if length:
        os.replace(part, target)
    else:
        target.touch()

    def work(conn: Connection) -> None:
        if conn.execute(select(db.blobs.c.sha256).where(db.blobs.c.sha256 == sha)).first() is None:
            conn.execute(db.blobs.insert().values(sha256=sha, size=length, created_at=epoch()))

    db.in_transaction(c.engine, work)
    return length


def terminate(c: Central, who: Principal, upload_id: str) -> Response:
    def work(conn: Connection) -> None:
        _upload(conn, who, upload_id)
        conn.execute(db.uploads.delete().where(db.uploads.c.id == upload_id))

    db.in_transaction(c.engine, work)
    c.part_path(upload_id).unlink(missing_ok=True)
    return Response(status_code=204, headers=tus_headers())
