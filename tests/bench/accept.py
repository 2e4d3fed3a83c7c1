"""Accept-path benchmark against the foundation commit (issue 5: "at least twice as fast").

Run ``python -m tests.bench.accept --json`` (from the repository: it needs git). It

1. extracts the foundation commit's tree (``--base``, default 7da7085) with ``git archive`` into a
   temporary folder (or takes ``--base-tree DIR``);
2. runs the same measurement on that tree and on this one, one after the other, ``--repeats``
   times each (base, ours, base, ours…), every run in a fresh process whose ``PYTHONPATH`` is the
   tree measured (the child checks which ``counter_app`` it imported): a fresh store built by that
   tree's own ``tests/bench/store.py`` (real migrations, sample catalogue, a registered device;
   ``--rows`` dossiers bulk-loaded first if asked), 5 warm-up accepts, then ``--rounds`` rounds of
   ``--accepts`` real ``intake.receive`` calls (each its own ``BEGIN IMMEDIATE`` transaction,
   ``synchronous=FULL``), and the raw SQLite FULL-commit anchor in the same folder;
3. reports per tree the median over all rounds of the CPU time per accept (``time.process_time``:
   the Python cost, which the machine's load inflates far less than the wall time), the wall time
   per accept and the accepts per second, and the speed-ups base/ours.

One JSON object goes to stdout with ``--json``; otherwise a readable table.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BASE_COMMIT = "7da7085"  # the foundation: the commit issue 5 measures against
TARGET_SPEEDUP = 2.0
WARMUP = 5
DAILY_BLOCK = 990  # a device block issues at most 1000 codes a day (warm-up included)
REPO = Path(__file__).resolve().parents[2]


# --- the child: one tree, one process ---------------------------------------------------------


def measure(
    tree: Path, accepts: int, rounds: int, rows: int, seed: int, workdir: Path | None
) -> dict[str, Any]:
    """Accepts on the ``counter_app`` this process imported (which must come from ``tree``)."""
    import counter_app
    from counter_app.domain.dossier import Party
    from counter_app.domain.enums import ApplicantKind
    from counter_app.domain.vntime import as_vn
    from counter_app.ports import SystemClock
    from counter_app.services import intake
    from counter_app.services.catalogue import sample_catalogue
    from tests.bench import store as bench

    imported = Path(counter_app.__file__).resolve()
    if tree.resolve() not in imported.parents:
        raise SystemExit(f"measured {imported}, not the tree {tree}")
    root = Path(tempfile.mkdtemp(prefix="counter-bench-accept-", dir=workdir))
    try:
        clock = SystemClock()
        store = bench.build_store(root / "data", clock)
        population = bench.population_size(max(rows, 10_000))
        if rows:
            factory = bench.RowFactory(
                sample_catalogue(), bench.deadline_calculator(), population, seed
            )
            bench.bulk_load(store, factory, rows, as_vn(clock.now()).date(), 10, seed)
        ctx = bench.service_context(store, clock)
        rnd = random.Random(seed)
        procedures = [p.code for p in sample_catalogue()]
        requests = []
        for _ in range(WARMUP + rounds * accepts):
            who = bench.person(rnd.randrange(population))
            applicant = Party(
                ApplicantKind.CITIZEN, who.name, who.id_number, address=who.address, phone=who.phone
            )
            requests.append(intake.IntakeRequest(rnd.choice(procedures), applicant))
        for req in requests[:WARMUP]:
            intake.receive(ctx, req, "canbo1")
        results = []
        for k in range(rounds):
            chunk = requests[WARMUP + k * accepts : WARMUP + (k + 1) * accepts]
            cpu, wall = time.process_time(), time.perf_counter()
            for req in chunk:
                intake.receive(ctx, req, "canbo1")
            wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
            results.append({"cpu_ms": cpu * 1000 / accepts, "wall_ms": wall * 1000 / accepts})
        store.close()
        anchor = bench.sqlite_anchor(root, 500)
        return {"rounds": results, "anchor_commit_per_s": anchor, "load_avg_1m": os.getloadavg()[0]}
    finally:
        shutil.rmtree(root, ignore_errors=True)


# --- the parent: both trees, alternately -------------------------------------------------------


def extract(commit: str, into: Path) -> Path:
    """The tree of ``commit`` (from this repository's history) under ``into``."""
    try:
        archive = subprocess.run(
            ["git", "-C", str(REPO), "archive", "--format=tar", commit],
            check=True,
            capture_output=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        raise SystemExit(f"cannot extract {commit} with git archive: {exc}") from exc
    tree = into / f"tree-{commit}"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(tree, filter="data")
    return tree


def run_child(tree: Path, args: argparse.Namespace) -> dict[str, Any]:
    command = [sys.executable, str(Path(__file__).resolve()), "--child", str(tree)]
    command += ["--accepts", str(args.accepts), "--rounds", str(args.rounds)]
    command += ["--rows", str(args.rows), "--seed", str(args.seed)]
    if args.dir is not None:
        command += ["--dir", str(args.dir.resolve())]
    env = {**os.environ, "PYTHONPATH": str(tree)}
    done = subprocess.run(command, env=env, cwd=tree, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise SystemExit(f"the run on {tree} failed:\n{done.stderr[-3000:]}")
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def summary(runs: list[dict[str, Any]]) -> dict[str, float]:
    rounds = [r for run in runs for r in run["rounds"]]
    cpu = statistics.median(r["cpu_ms"] for r in rounds)
    wall = statistics.median(r["wall_ms"] for r in rounds)
    return {
        "cpu_ms": cpu,
        "cpu_ms_min": min(r["cpu_ms"] for r in rounds),
        "cpu_ms_max": max(r["cpu_ms"] for r in rounds),
        "wall_ms": wall,
        "per_s": 1000 / wall,
        "per_s_max": 1000 / min(r["wall_ms"] for r in rounds),
        "anchor": statistics.median(run["anchor_commit_per_s"] for run in runs),
    }


def compare(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="counter-bench-base-") as scratch:
        base_tree = args.base_tree or extract(args.base, Path(scratch))
        runs: dict[str, list[dict[str, Any]]] = {"base": [], "ours": []}
        for _ in range(args.repeats):  # one after the other, so both see the same machine
            runs["base"].append(run_child(base_tree, args))
            runs["ours"].append(run_child(REPO, args))
    base, ours = summary(runs["base"]), summary(runs["ours"])
    return {
        "base_commit": args.base,
        "rows": args.rows,
        "dir": str(args.dir) if args.dir else tempfile.gettempdir(),
        "accepts": args.accepts,
        "rounds": args.rounds,
        "repeats": args.repeats,
        "base_accept_cpu_ms": base["cpu_ms"],
        "accept_cpu_ms": ours["cpu_ms"],
        "cpu_speedup": base["cpu_ms"] / ours["cpu_ms"],
        "cpu_speedup_worst": base["cpu_ms_min"] / ours["cpu_ms_max"],
        "base_accept_wall_ms": base["wall_ms"],
        "accept_wall_ms": ours["wall_ms"],
        "base_accepts_per_s": base["per_s"],
        "accepts_per_s": ours["per_s"],
        "accepts_per_s_speedup": ours["per_s"] / base["per_s"],
        "accepts_per_s_speedup_best": ours["per_s_max"] / base["per_s_max"],
        "base_anchor_sqlite_commit_per_s": base["anchor"],
        "anchor_sqlite_commit_per_s": ours["anchor"],
        "accept_vs_anchor_commit": ours["wall_ms"] / (1000 / ours["anchor"]),
        "base_accept_vs_anchor_commit": base["wall_ms"] / (1000 / base["anchor"]),
        "target_speedup": TARGET_SPEEDUP,
        "load_avg_1m": os.getloadavg()[0],
        "elapsed_s": time.perf_counter() - started,
        "runs": runs,
    }


def table(result: dict[str, Any]) -> str:
    lines = [f"{'metric':32} {'value':>12}"]
    for key, value in result.items():
        if key == "runs":
            continue
        shown = f"{value:12.3f}" if isinstance(value, float) else f"{value!s:>12}"
        mark = ""
        if key in ("cpu_speedup", "accepts_per_s_speedup"):
            mark = "  ok" if value >= TARGET_SPEEDUP else "  MISSED (target 2x)"
        lines.append(f"{key:32} {shown}{mark}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.accept", description=__doc__)
    parser.add_argument("--base", default=BASE_COMMIT, help="the commit to compare with")
    parser.add_argument("--base-tree", type=Path, default=None, help="its tree, already there")
    parser.add_argument("--repeats", type=int, default=3, help="runs per tree, alternating")
    parser.add_argument("--accepts", type=int, default=250, help="timed accepts per round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--rows", type=int, default=0, help="dossiers loaded first")
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--dir", type=Path, default=None, help="parent of the temporary stores")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--child", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeats < 1 or args.rounds < 1 or args.accepts < 1 or args.rows < 0:
        parser.error("--repeats, --rounds and --accepts must be positive, --rows not negative")
    if args.rounds * args.accepts > DAILY_BLOCK - WARMUP:
        parser.error(f"--rounds × --accepts must stay within {DAILY_BLOCK - WARMUP} (one day)")
    if args.child is not None:
        result = measure(args.child, args.accepts, args.rounds, args.rows, args.seed, args.dir)
        print(json.dumps(result), flush=True)
        return 0
    result = compare(args)
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
