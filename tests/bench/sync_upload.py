"""Upload benchmark: a 20 MB scan file over a 4 Mbit/s link that drops every 2 MB.

Run ``python -m tests.bench.sync_upload --json``. It starts the real reference server under
uvicorn on 127.0.0.1 (SQLite, a temporary folder), registers a device, makes a store with one
dossier whose scan is ``--mb`` MB of incompressible bytes, and runs the files lane through the
fault-injecting proxy (``tests/netproxy.py``) capped at ``--rate`` bytes/s each way, cutting the
link after every ``--drop`` bytes sent up. Plain HTTP on loopback (no TLS).

* ``upload_goodput_ratio`` = file bytes ÷ (link capacity × wall time of the run): 1.0 is a link
  used fully by payload (target ≥ 0.8);
* ``resent_bytes_ratio`` = bytes that crossed the link upward ÷ file size (target ≤ 1.1).
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from counter_app.composition import App, open_app
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import catalogue
from counter_app.services.maintenance import ensure_office
from sync.files_lane import FilesLane
from tests.central_server import start_central
from tests.netproxy import NetProxy
from tests.sync.files_support import MB, DeviceCredentials, attach, payload

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def _store(folder: Path) -> App:
    app = open_app(folder, create=True, clock=FixedClock(T0))
    ensure_office(app.services, "Trung tâm thử nghiệm", device_slot=1, device_name="QUAY-01")
    catalogue.import_catalogue(app.store, catalogue.sample_catalogue())
    return app


def run(size: int, rate: int, drop: int) -> dict[str, Any]:
    tmp = Path(tempfile.mkdtemp(prefix="bench-upload-"))
    try:
        with start_central(tmp / "central") as server:
            app = _store(tmp / "data")
            try:
                content = payload(size, seed=20)
                attach(app, content)
                registered = server.register_device("Bench")
                creds = DeviceCredentials(server.url, registered.device_id, registered.secret)
                creds.authorization()
                with (
                    NetProxy("127.0.0.1", server.port) as proxy,
                    httpx.Client(timeout=30) as client,
                ):
                    proxy.rate_bps = rate
                    proxy.cut_after(up=drop, repeat=True)
                    lane = FilesLane(app.services, client, proxy.url, creds)
                    started = time.monotonic()
                    done = lane.run()
                    elapsed = time.monotonic() - started
                    sent, cuts = proxy.bytes_up, proxy.cuts
            finally:
                app.close()
        assert done == 1, "the upload did not finish"
        return {
            "upload_goodput_ratio": round(size / (rate * elapsed), 3),
            "resent_bytes_ratio": round(sent / size, 3),
            "elapsed_s": round(elapsed, 2),
            "file_bytes": size,
            "link_bytes_per_s": rate,
            "drop_every_bytes": drop,
            "drops": cuts,
            "lost_in_flight_bytes": lane.stats.lost_in_flight,
            "requests": lane.tus.requests,
            "final_chunk_bytes": lane.sizer.size,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--mb", type=int, default=20)
    parser.add_argument("--rate", type=int, default=500_000, help="bytes/s (4 Mbit/s = 500000)")
    parser.add_argument("--drop", type=int, default=2 * MB)
    args = parser.parse_args()
    result = run(args.mb * MB, args.rate, args.drop)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:24} {value}")


if __name__ == "__main__":
    main()
