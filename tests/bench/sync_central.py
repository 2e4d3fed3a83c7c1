"""Central server benchmark: 50 simulated counter PCs pushing receive-dossier commands at once.

Run ``python -m tests.bench.sync_central --json [--devices 50] [--batches 4] [--per-batch 50]``.

1. starts a private PostgreSQL cluster (durable defaults: fsync on) and the real server under
   uvicorn with two worker processes (``counter-app central --workers 2``), seeded with the demo
   office; registers the devices (each gets its slot);
2. builds every command beforehand (real dossier snapshots, as a counter's outbox holds them),
   so the clients' own work is not timed;
3. every device pushes its batches one after another (the next after the answer, with the
   acknowledged chain head as anchor), all devices at once over asyncio + httpx;
4. checks that every command was ``applied`` and that the server holds exactly that many
   dossiers → ``central_commands_per_s`` (commands ÷ wall time of the push phase), and
   ``batch_ms_p50``/``p95`` and ``load_avg_1m``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import func, select

from sync.central import db
from tests.central.support import Device, code_for
from tests.central_server import CentralServer, RegisteredDevice, start_central
from tests.pg_cluster import PgCluster


def _batches(
    grant: RegisteredDevice, agency: str, batches: int, per_batch: int
) -> tuple[Device, list[list[dict[str, Any]]]]:
    dev = Device(grant.device_id)
    number = grant.block_first
    out = []
    for _ in range(batches):
        commands = []
        for _ in range(per_batch):
            number += 1
            commands.append(dev.received(code_for(number, agency=agency))[1])
        out.append(commands)
    return dev, out


async def _device(
    client: httpx.AsyncClient,
    server: CentralServer,
    token: str,
    dev: Device,
    batches: list[list[dict[str, Any]]],
    times: list[float],
) -> int:
    applied = 0
    dev.chain = [(c["device_seq"], f"{c['device_seq']:064x}") for b in batches for c in b]
    for commands in batches:
        last = commands[-1]["device_seq"]
        head = (last, f"{last:064x}")
        batch = {
            "device_id": dev.device_id,
            "chain": {
                "seq": head[0],
                "hash": head[1],
                "anchor_seq": dev.acked[0],
                "anchor_hash": dev.acked[1],
            },
            "commands": commands,
        }
        started = time.perf_counter()
        reply = await client.post(
            server.api + "/commands",
            content=json.dumps(batch),
            headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"},
        )
        times.append(time.perf_counter() - started)
        reply.raise_for_status()
        result = reply.json()
        applied += sum(r["outcome"] == "applied" for r in result["results"])
        dev.acknowledge(result)
    return applied


async def _push_all(
    server: CentralServer, work: list[tuple[str, Device, Any]]
) -> tuple[int, list[float]]:
    times: list[float] = []
    limits = httpx.Limits(max_connections=len(work), max_keepalive_connections=len(work))
    async with httpx.AsyncClient(timeout=120, limits=limits) as client:
        counts = await asyncio.gather(
            *(_device(client, server, token, dev, batches, times) for token, dev, batches in work)
        )
    return sum(counts), times


def run(devices: int, batches: int, per_batch: int) -> dict[str, Any]:
    if not PgCluster.available():
        raise SystemExit("PostgreSQL (initdb, pg_ctl) is needed: apt-get install postgresql")
    cluster = PgCluster.start(durable=True)
    tmp = Path(tempfile.mkdtemp(prefix="bench-central-"))
    try:
        url = cluster.new_database()
        with start_central(tmp, url, workers=2) as server:
            work = []
            agencies = _agencies(server, devices)
            for i in range(devices):
                server.agency_id, server.supervisor = agencies[i // 9]
                grant = server.register_device(f"Quầy {i}")
                dev, planned = _batches(grant, server.agency_id, batches, per_batch)
                work.append((server.device_token(grant), dev, planned))
            started = time.perf_counter()
            applied, times = asyncio.run(_push_all(server, work))
            elapsed = time.perf_counter() - started
            engine = db.make_engine(url)
            with engine.connect() as conn:
                stored = conn.execute(select(func.count()).select_from(db.dossiers)).scalar_one()
            engine.dispose()
    finally:
        cluster.stop()
    total = devices * batches * per_batch
    if applied != total or stored != total:
        raise SystemExit(f"expected {total} applied and stored, got {applied} / {stored}")
    times.sort()
    return {
        "central_commands_per_s": round(total / elapsed, 1),
        "commands": total,
        "devices": devices,
        "per_batch": per_batch,
        "push_s": round(elapsed, 2),
        "batch_ms_p50": round(statistics.median(times) * 1000, 1),
        "batch_ms_p95": round(times[int(len(times) * 0.95) - 1] * 1000, 1),
        "workers": 2,
        "load_avg_1m": round(os.getloadavg()[0], 2),
    }


def _agencies(server: CentralServer, devices: int) -> list[tuple[str, Any]]:
    """Nine slots per agency: 50 devices need six agencies (each with its own supervisor)."""
    from tests.central.support import new_agency

    return [new_agency(server) for _ in range((devices + 8) // 9)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.sync_central")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--devices", type=int, default=50)
    parser.add_argument("--batches", type=int, default=4)
    parser.add_argument("--per-batch", type=int, default=50)
    args = parser.parse_args(argv)
    result = run(args.devices, args.batches, args.per_batch)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:>24}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
