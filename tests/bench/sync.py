"""The sync benchmark the issue names: one JSON object with every sync figure.

``python -m tests.bench.sync --json`` runs, each in its own process (so one's server and proxy never
share a core's worth of event loop with another's):

* :mod:`tests.bench.sync_drain` — ``drain_10k_s``: 10,000 queued dossiers drained over loopback to
  the reference server (target ≤ 30 s);
* :mod:`tests.bench.sync_upload` — ``upload_goodput_ratio`` (payload bytes ÷ (link capacity ×
  time), a 20 MB file on a 4 Mbit/s link that drops every 2 MB; target ≥ 0.8) and
  ``resent_bytes_ratio`` (bytes sent ÷ file size; target ≤ 1.1);
* :mod:`tests.bench.sync_central` — ``central_commands_per_s`` (50 simulated devices pushing
  receive-dossier commands to the server on PostgreSQL with two worker processes; target ≥ 300).

``--only NAME`` runs one part. Without ``--json`` a readable table is printed.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from typing import Any

PARTS = ("sync_drain", "sync_upload", "sync_central")
TARGETS: dict[str, tuple[str, float]] = {
    "drain_10k_s": ("<=", 30.0),
    "upload_goodput_ratio": (">=", 0.8),
    "resent_bytes_ratio": ("<=", 1.1),
    "central_commands_per_s": (">=", 300.0),
}


def run_part(name: str) -> dict[str, Any]:
    """Run one part as ``python -m tests.bench.NAME --json`` and read its one JSON object."""
    done = subprocess.run(
        [sys.executable, "-m", f"tests.bench.{name}", "--json"],
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return {f"{name}_error": done.stderr.strip().splitlines()[-1:] or ["failed"]}
    figures: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def met(key: str, value: Any) -> str:
    if key not in TARGETS or not isinstance(value, int | float):
        return ""
    op, target = TARGETS[key]
    ok = value <= target if op == "<=" else value >= target
    return f"{op} {target:g}: {'met' if ok else 'NOT met'}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--only", choices=PARTS)
    args = parser.parse_args(argv)
    figures: dict[str, Any] = {}
    for name in (args.only,) if args.only else PARTS:
        figures.update(run_part(name))
    if args.json:
        print(json.dumps(figures, sort_keys=True))
    else:
        for key, value in sorted(figures.items()):
            print(f"{key:28} {value!s:>14}  {met(key, value)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
