"""Start-up and lookup benchmark of the counter window (offscreen).

Run ``python -m tests.bench.startup --json [--rows N]`` (default 100,000 rows; 1,000,000 works,
the load takes a few minutes). It

1. builds a store with N dossiers exactly as :mod:`tests.bench.store` does (real migrations,
   sample catalogue, bulk load), adds the settings file and one counter officer;
2. ``cold_start_s``: starts ``python -m counter_app`` (no subcommand: the window) as a new process
   with ``COUNTER_APP_EXIT_WHEN_READY`` (the user name and password arrive on stdin and are typed
   into the sign-in dialog: the figure includes the scrypt check, some tens of ms); the time
   from just before the process is spawned to the
   moment the window has shown the working queue (the child prints a wall-clock timestamp then).
   The first run after the load is reported, the following ones as ``warm_start_s_median``;
3. ``bare_qt_start_s``: the same for a bare process that makes a QApplication and one shown
   QMainWindow (the floor, for the ratio);
4. ``lookup_ms_p95``: in this process, the real window on the store; each query is typed into the
   search box and Enter pressed; the time until the results are in the table (``searched``).

One JSON object goes to stdout with ``--json``; otherwise a readable table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import secrets
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from counter_app.domain.enums import Role
from counter_app.domain.vntime import as_vn
from counter_app.ports import SystemClock
from counter_app.services.catalogue import sample_catalogue
from counter_app.services.office_setup import add_staff
from counter_app.store.schema import staff_credentials
from counter_app.store.unit_of_work import Store
from sync.signin import SALT_BYTES, SCRYPT_N, SCRYPT_P, SCRYPT_R, scrypt_hash
from tests.bench import store as store_bench

PASSWORD = "bench-password"

BARE_QT = """
import sys, time
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
w = QMainWindow(); w.resize(1200, 720); w.show()
def ready():
    print(f"READY {time.time():.6f}", flush=True); app.quit()
QTimer.singleShot(0, ready)
app.exec()
"""


def build(root: Path, rows: int, seed: int) -> tuple[Path, list[store_bench.Sample]]:
    from counter_app.composition import load_office_settings, open_app

    data = root / "data"
    data.mkdir(parents=True)
    load_office_settings(data, create=True)  # as a first start writes it (a store without it
    clock = SystemClock()  # is refused: ``settings_missing``)
    store = store_bench.build_store(data, clock)
    try:
        today = as_vn(clock.now()).date()
        factory = store_bench.RowFactory(
            sample_catalogue(),
            store_bench.deadline_calculator(),
            store_bench.population_size(rows),
            seed,
        )
        _load_s, samples = store_bench.bulk_load(store, factory, rows, today, 500, seed)
        add_staff(store, store_bench.AGENCY, "canbo1", "Lê Thị Thu Hà", Role.COUNTER_OFFICER)
        keep_sign_in(store, "canbo1", "Lê Thị Thu Hà", clock)
    finally:
        store.close()
    open_app(data).close()  # opens as the window will
    return data, samples


def keep_sign_in(store: Store, username: str, full_name: str, clock: SystemClock) -> None:
    """What an online sign-in yesterday leaves behind: the kept scrypt hash of the password, so
    the window's sign-in (typed through the start-up hook) works on this unregistered store."""
    salt = secrets.token_bytes(SALT_BYTES)
    with store.write() as tx:
        tx.conn.execute(
            staff_credentials.insert().values(
                username=username,
                staff_id=username,
                full_name=full_name,
                roles=[Role.COUNTER_OFFICER.value],
                agency_id=store_bench.AGENCY,
                salt=salt.hex(),
                hash=scrypt_hash(PASSWORD, salt).hex(),
                scrypt_n=SCRYPT_N,
                scrypt_r=SCRYPT_R,
                scrypt_p=SCRYPT_P,
                verified_at=clock.now().isoformat(),
            )
        )


def _timed_start(argv: list[str], env: dict[str, str]) -> float:
    started = time.time()
    done = subprocess.run(
        argv,
        input=f"canbo1\n{PASSWORD}\n",  # typed into the sign-in dialog (EXIT_WHEN_READY hook)
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    ready = [line for line in done.stdout.splitlines() if line.startswith("READY ")]
    if done.returncode != 0 or not ready:
        raise RuntimeError(f"start failed ({done.returncode}): {done.stderr[-2000:]}")
    return float(ready[0].split()[1]) - started


def measure_starts(data: Path, runs: int) -> dict[str, Any]:
    env = {
        **os.environ,
        "QT_QPA_PLATFORM": "offscreen",
        "COUNTER_APP_DATA": str(data),
        "COUNTER_APP_EXIT_WHEN_READY": "1",
    }
    app = [_timed_start([sys.executable, "-m", "counter_app"], env) for _ in range(runs)]
    bare = [_timed_start([sys.executable, "-c", BARE_QT], env) for _ in range(runs)]
    return {
        "cold_start_s": app[0],
        "warm_start_s_median": statistics.median(app[1:] or app),
        "bare_qt_start_s": bare[0],
        "bare_qt_start_s_median": statistics.median(bare),
        "start_runs": runs,
    }


def queries(samples: list[store_bench.Sample], n: int, seed: int) -> list[str]:
    rnd = random.Random(seed)
    out = []
    for i in range(n):
        sample = rnd.choice(samples)
        kind = i % 4
        if kind == 0:
            out.append(sample.code)
        elif kind == 1:
            out.append(sample.id_number)
        elif kind == 2:
            out.append(sample.phone)
        else:
            out.append(store_bench.name_prefix_query(sample.name, rnd))
    return out


def measure_lookups(data: Path, texts: list[str]) -> dict[str, float]:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import QEventLoop, QTimer

    from counter_app.composition import open_app
    from counter_app.services import desk
    from ui.app import build_window, make_application, sign_in

    app = open_app(data)
    qt = make_application()
    try:
        user = sign_in(desk.staff_members(app.store))
        assert user is not None
        window = build_window(app, user)
        window.show()
        times: list[float] = []
        for text in texts:
            loop = QEventLoop()
            window.searched.connect(loop.quit)
            QTimer.singleShot(30_000, loop.quit)
            window.search.setText(text)
            started = time.perf_counter()
            window.search.returnPressed.emit()
            loop.exec()
            qt.processEvents()  # the table repaints with the results
            times.append((time.perf_counter() - started) * 1000)
            window.searched.disconnect(loop.quit)
        window.close()
    finally:
        app.close()
    times.sort()
    return {
        "lookup_ms_p50": times[len(times) // 2],
        "lookup_ms_p95": times[max(0, int(len(times) * 0.95) - 1)],
        "lookups": float(len(times)),
    }


def run(rows: int, runs: int, lookups: int, seed: int) -> dict[str, Any]:
    root = Path(tempfile.mkdtemp(prefix="counter-startup-"))
    try:
        started = time.perf_counter()
        data, samples = build(root, rows, seed)
        build_s = time.perf_counter() - started
        result: dict[str, Any] = {"rows": rows, "build_s": build_s}
        result.update(measure_starts(data, runs))
        result["cold_vs_bare_ratio"] = result["cold_start_s"] / result["bare_qt_start_s"]
        result.update(measure_lookups(data, queries(samples, lookups, seed)))
        return result
    finally:
        shutil.rmtree(root, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lookups", type=int, default=200)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = run(args.rows, args.runs, args.lookups, args.seed)
    if args.json:
        print(json.dumps(result))
    else:
        for key, value in result.items():
            print(f"{key:28} {value:>12.3f}" if isinstance(value, float) else f"{key:28} {value}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
