"""Sync benchmark: a queue of dossiers drained over loopback to the real reference server.

``python -m tests.bench.sync_drain --json [--dossiers N]`` (default 10,000):

* ``drain_10k_s``: wall time of one ``sync_once`` that pushes the whole queue (batches of 500,
  each acknowledged by the centre and marked done in the store) to the reference server under
  uvicorn on 127.0.0.1 over SQLite — health check, device sign-in and changes feed included.
  The queue is filled beforehand through the real intake (one transaction per dossier).
* ``commands_per_s``: the same as a rate; ``queue_fill_s``: the time the intake took.

Target: ``drain_10k_s`` ≤ 30 s on this machine.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import keyring

from counter_app.composition import App, open_app
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.vntime import now_vn
from counter_app.ports import FixedClock
from counter_app.services import intake, store_identity
from counter_app.services.catalogue import import_catalogue, sample_catalogue
from counter_app.services.maintenance import ensure_office
from sync.facade import EngineService
from sync.registration import register
from tests.central_server import start_central
from tests.sync.keyring_dir import ENV, DirKeyring

PER_DAY = 900


def _fill(app: App, dossiers: int) -> None:
    """The queue, received over the last days (one device's slot numbers at most 1,000 codes a
    day), on a clock that then comes back to now for the sync."""
    days = -(-dossiers // PER_DAY)
    clock = FixedClock(now_vn().replace(hour=7, minute=30) - timedelta(days=days))
    ctx = replace(app.services, clock=clock)
    for i in range(dossiers):
        if i and i % PER_DAY == 0:
            clock.advance(timedelta(days=1))
        applicant = Party(ApplicantKind.CITIZEN, f"Nguyễn Văn Đo {i}", f"{i:012d}")
        intake.receive(ctx, intake.IntakeRequest("1.001193", applicant), "canbo1")


def run(dossiers: int, root: Path) -> dict[str, float]:
    os.environ[ENV] = str(root / "keyring")  # the device secret stays in this folder
    keyring.set_keyring(DirKeyring())
    with start_central(root / "central") as server:
        app = open_app(root / "data", create=True)
        try:
            store_identity.claim_real(app.services)
            ensure_office(app.services, "Bộ phận Một cửa (đo hiệu năng)")
            import_catalogue(app.store, sample_catalogue())
            login = server.supervisor
            register(
                app.services,
                server.url,
                server.agency_id,
                "QUẦY ĐO",
                login.username,
                login.password,
            )
            started = time.perf_counter()
            _fill(app, dossiers)
            filled = time.perf_counter() - started
            service = EngineService(app.services)
            started = time.perf_counter()
            report = service.sync_once()
            drained = time.perf_counter() - started
            service.close()
        finally:
            app.close()
    if report.remaining or report.acknowledged != dossiers:
        raise SystemExit(f"not drained: {report}")
    return {
        "drain_10k_s": round(drained, 2),
        "commands_per_s": round(dossiers / drained, 1),
        "queue_fill_s": round(filled, 2),
        "dossiers": dossiers,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.sync_drain")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--dossiers", type=int, default=10_000)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="sync-drain-") as folder:
        figures = run(args.dossiers, Path(folder))
    if args.json:
        print(json.dumps(figures))
    else:
        for key, value in figures.items():
            print(f"{key}: {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
