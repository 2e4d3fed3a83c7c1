"""A writer process for the crash tests: accepts dossiers in a loop through ``intake.receive``.

``python -m tests.integration.kill_writer_child DATA_DIR (START_ISO | system) [--max N]
[--step S] [--wait-go] [--pause S]``

* opens the (already initialised) store in ``DATA_DIR`` the way the app does (``open_store``);
* prints ``ready`` once it can accept (with ``--wait-go`` it then waits for a line on stdin),
  then, for each accepted dossier, its code — only AFTER ``intake.receive`` has returned (the
  transaction is committed) — one per line, flushed;
* its clock starts at ``START_ISO`` and moves ``--step`` seconds (default 1) per reading, so
  fresh children given later start times never see the clock go backwards; ``system`` uses the
  real clock (for several writers at once, which must share one clock);
* ``--pause S`` idles between accepts (a writer in a tight loop never lets another process's
  ``BEGIN IMMEDIATE`` in: SQLite's busy handler is not fair);
* after ``--max`` dossiers (default 990: a device's daily block holds 999) it prints ``done``
  and exits.

The helpers here (store set-up, a ticking clock, applicants) are shared by the integration tests
on codes and crashes; they build the service context without the composition/settings modules.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.codes import SequenceBlock
from counter_app.domain.deadlines import DeadlineCalculator
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.rules import get_rule_set
from counter_app.domain.vntime import as_vn
from counter_app.ports import Clock, SystemClock
from counter_app.services import intake
from counter_app.services.catalogue import import_catalogue, sample_catalogue
from counter_app.services.context import ServiceContext
from counter_app.services.office_setup import ensure_agency, register_local_device
from counter_app.store.unit_of_work import Store, open_store

AGENCY = "000.00.06.H56"
AGENCY_NAME = "Bộ phận Một cửa thử nghiệm"
PROCEDURE = "1.001193"  # birth registration, same day
DEFAULT_MAX = 990


class TickingClock:
    """A clock that moves forward by ``step`` each time it is read (deterministic, monotonic)."""

    def __init__(self, start: datetime, step: timedelta = timedelta(seconds=1)) -> None:
        self._next = as_vn(start)
        self._step = step

    def now(self) -> datetime:
        moment = self._next
        self._next += self._step
        return moment


def build_store(
    data_dir: Path, clock: Clock, *, slot: int = 1, block: SequenceBlock | None = None
) -> Store:
    """A migrated store with the agency, this device (``slot`` or ``block``) and the catalogue."""
    store = open_store(data_dir, create=True)
    ensure_agency(store, AGENCY, AGENCY_NAME)
    register_local_device(
        store, clock, AGENCY, f"QUAY-{slot:02d}", block or SequenceBlock.for_slot(slot)
    )
    import_catalogue(store, sample_catalogue())
    return store


def service_context(store: Store, clock: Clock) -> ServiceContext:
    deadlines = DeadlineCalculator(
        WorkingCalendar(), OfficeHours.default(), get_rule_set("nd118-2025")
    )
    return ServiceContext(store, clock, deadlines, AGENCY)


def request(i: int) -> intake.IntakeRequest:
    applicant = Party(
        ApplicantKind.CITIZEN,
        "Nguyễn Văn An",
        id_number=f"001090{i % 1_000_000:06d}",
        phone=f"0912{i % 1_000_000:06d}",
    )
    return intake.IntakeRequest(PROCEDURE, applicant)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("data_dir", type=Path)
    parser.add_argument("start", help="ISO datetime the clock starts at, or 'system'")
    parser.add_argument("--max", type=int, default=DEFAULT_MAX)
    parser.add_argument("--step", type=float, default=1.0, help="clock seconds per reading")
    parser.add_argument("--wait-go", action="store_true")
    parser.add_argument(
        "--pause", type=float, default=0.0, help="seconds to idle between accepts (a person)"
    )
    args = parser.parse_args(argv)
    clock: Clock = (
        SystemClock()
        if args.start == "system"
        else TickingClock(datetime.fromisoformat(args.start), timedelta(seconds=args.step))
    )
    store = open_store(args.data_dir)
    ctx = service_context(store, clock)
    out = sys.stdout
    out.write("ready\n")
    out.flush()
    if args.wait_go:
        sys.stdin.readline()
    for i in range(args.max):
        dossier = intake.receive(ctx, request(i), "canbo1")
        out.write(dossier.code + "\n")  # printed only once the transaction has committed
        out.flush()
        if args.pause:
            time.sleep(args.pause)
    out.write("done\n")
    out.flush()
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
