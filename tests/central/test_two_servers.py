"""Two server processes over one PostgreSQL database and one file folder, devices spread across
both: every command applied exactly once (the same batch sent to both at the same moment
included), one server_seq order, and an upload begun on one server finished on the other."""

from __future__ import annotations

import base64
import hashlib
import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import func, select

from sync.central import db
from tests.central.support import Device, bearer, code_for
from tests.central_server import CentralServer, start_central
from tests.pg_cluster import PgCluster

DEVICES, BATCHES, PER_BATCH = 6, 5, 8


@pytest.fixture
def two_servers(
    pg_cluster: PgCluster, tmp_path: Path
) -> Iterator[tuple[CentralServer, CentralServer]]:
    url = pg_cluster.new_database()
    files = tmp_path / "files"
    with (
        start_central(tmp_path / "a", url, files_dir=files) as a,
        start_central(tmp_path / "b", url, files_dir=files, seed=False) as b,
    ):
        yield a, b


def _send(server: CentralServer, token: str, batch: dict[str, Any]) -> dict[str, Any]:
    reply = httpx.post(server.api + "/commands", json=batch, headers=bearer(token), timeout=30)
    assert reply.status_code == 200, reply.text
    result: dict[str, Any] = reply.json()
    return result


def _device_run(
    servers: tuple[CentralServer, CentralServer], index: int
) -> list[tuple[int, dict[str, Any]]]:
    """One device: its batches go to 'its' server and, at the same moment, to the other one
    (the answer of the first was 'lost'); both answers must agree."""
    mine, other = servers[index % 2], servers[(index + 1) % 2]
    grant = mine.register_device(f"Quầy {index}")
    tokens = {id(mine): mine.device_token(grant), id(other): other.device_token(grant)}
    dev = Device(grant.device_id)
    seen: list[tuple[int, dict[str, Any]]] = []
    number = grant.block_first
    with ThreadPoolExecutor(2) as pool:
        for _ in range(BATCHES):
            commands = []
            for _ in range(PER_BATCH):
                number += 1
                commands.append(dev.received(code_for(number))[1])
            batch = dev.batch(commands)
            answers = list(
                pool.map(
                    _send, (mine, other), (tokens[id(mine)], tokens[id(other)]), (batch, batch)
                )
            )
            by_id = [{r["id"]: r for r in a["results"]} for a in answers]
            for cmd in commands:
                first, second = by_id[0][cmd["id"]], by_id[1][cmd["id"]]
                assert {first["outcome"], second["outcome"]} <= {"applied", "replayed"}
                assert "applied" in {first["outcome"], second["outcome"]} or (
                    first["outcome"] == second["outcome"] == "replayed"
                )
                assert first["server_seq"] == second["server_seq"]
                seen.append((cmd["device_seq"], first))
            dev.acknowledge(answers[0])
    return seen


def test_two_processes_apply_each_command_once_in_one_order(
    two_servers: tuple[CentralServer, CentralServer],
) -> None:
    with ThreadPoolExecutor(DEVICES) as pool:
        runs = list(pool.map(lambda i: _device_run(two_servers, i), range(DEVICES)))
    all_seqs = [r["server_seq"] for run in runs for _seq, r in run]
    assert len(all_seqs) == len(set(all_seqs)) == DEVICES * BATCHES * PER_BATCH
    for run in runs:  # one device's commands: server order = the device's outbox order
        ordered = [r["server_seq"] for _seq, r in sorted(run, key=lambda x: x[0])]
        assert ordered == sorted(ordered)
    engine = db.make_engine(two_servers[0].db_url)
    with engine.connect() as conn:
        dossiers = conn.execute(select(func.count()).select_from(db.dossiers)).scalar_one()
        commands = conn.execute(select(func.count()).select_from(db.commands)).scalar_one()
    engine.dispose()
    assert dossiers == commands == DEVICES * BATCHES * PER_BATCH


def test_upload_begun_on_one_server_is_finished_on_the_other(
    two_servers: tuple[CentralServer, CentralServer],
) -> None:
    a, b = two_servers
    grant = a.register_device("Quầy tệp")
    data = os.urandom(1_500_000)
    sha = hashlib.sha256(data).hexdigest()
    meta = "sha256 " + base64.b64encode(sha.encode()).decode()
    headers = {"Tus-Resumable": "1.0.0"}

    def on(server: CentralServer) -> dict[str, str]:
        return {**headers, **bearer(server.device_token(grant))}

    created = httpx.post(
        a.api + "/files",
        headers={**on(a), "Upload-Length": str(len(data)), "Upload-Metadata": meta},
    )
    assert created.status_code == 201
    path = created.headers["location"]

    def patch(server: CentralServer, start: int, end: int) -> httpx.Response:
        chunk = data[start:end]
        return httpx.patch(
            server.url + path,
            content=chunk,
            headers={
                **on(server),
                "Upload-Offset": str(start),
                "Content-Type": "application/offset+octet-stream",
                "Upload-Checksum": "sha256 "
                + base64.b64encode(hashlib.sha256(chunk).digest()).decode(),
            },
        )

    assert patch(a, 0, 600_000).status_code == 204
    assert httpx.head(b.url + path, headers=on(b)).headers["upload-offset"] == "600000"
    stale = patch(a, 0, 600_000)  # a retry of the first chunk, on the first server
    assert stale.status_code == 409 and stale.headers["upload-offset"] == "600000"
    done = patch(b, 600_000, len(data))
    assert done.status_code == 204 and done.headers["upload-offset"] == str(len(data))
    again = httpx.post(
        b.api + "/files",
        headers={**on(b), "Upload-Length": str(len(data)), "Upload-Metadata": meta},
    )
    assert again.status_code == 201 and again.headers["upload-offset"] == str(len(data))
    stored = next(a.files_dir.glob(f"blobs/*/{sha}"))
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == sha
