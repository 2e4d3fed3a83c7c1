"""Store benchmark: lookups on a large store, accepts per second with synchronous=FULL.

Run ``python -m tests.bench.store --json [--rows N]`` (default 1,000,000 rows). It

1. builds a store in a temporary directory through the real migrations, registers the office
   and imports the sample catalogue;
2. bulk-loads N dossiers shaped exactly like :func:`dossier_columns` rows (the JSON body comes
   from a template :class:`Dossier` per procedure built through the domain; code, applicant
   name / ID / phone, times, status vary per row) with SQLAlchemy Core ``executemany`` in
   batches inside write transactions. **The load phase only** runs with
   ``PRAGMA synchronous=OFF`` and a large page cache; the engine is disposed afterwards so
   every later connection is set up by the app's own ``engine.py`` (WAL, synchronous=FULL);
3. times ≥ 1000 random lookups per kind through the real repository methods inside
   ``store.read()`` (p50/p95, ms; warm OS page cache, app's default SQLite page cache);
4. times real ``intake.receive`` calls (one ``BEGIN IMMEDIATE`` transaction each, FULL) on the
   loaded store → ``accepts_per_s_full``, ``accept_ms_p50``/``p95`` (wall) and
   ``accept_cpu_ms_mean`` (this process's CPU time per accept: the Python cost);
5. measures the fsync-bound ceiling: raw ``sqlite3`` one-row INSERT+COMMIT on a WAL/FULL file in
   the same directory → ``anchor_sqlite_commit_per_s`` (``anchor_commit_ms``), and the ratio;
   ``load_avg_1m`` records how busy the machine was.

One JSON object goes to stdout with ``--json``; otherwise a readable table.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from counter_app.domain.calendar import WorkingCalendar
from counter_app.domain.codec import to_jsonable
from counter_app.domain.codes import DossierCode, SequenceBlock
from counter_app.domain.deadlines import Appointment, DeadlineCalculator
from counter_app.domain.dossier import (
    Dossier,
    FeeLine,
    Party,
    ReceivedItem,
    StatusChange,
)
from counter_app.domain.enums import ApplicantKind, Channel, DossierStatus, FeeTiming
from counter_app.domain.office_hours import OfficeHours
from counter_app.domain.procedure import Procedure
from counter_app.domain.rules import get_rule_set
from counter_app.domain.text import search_key
from counter_app.domain.vntime import VN_TZ, as_vn
from counter_app.ports import Clock, SystemClock
from counter_app.services import intake
from counter_app.services.catalogue import import_catalogue, sample_catalogue
from counter_app.services.context import ServiceContext
from counter_app.services.office_setup import ensure_agency, register_local_device
from counter_app.store import schema as t
from counter_app.store.repositories import dossier_columns, iso
from counter_app.store.unit_of_work import Store, open_store

AGENCY = "000.00.06.H56"
AGENCY_NAME = "Bộ phận Một cửa (benchmark)"
DEFAULT_ROWS = 1_000_000
BATCH = 10_000
ROWS_PER_DAY = 700  # a busy one-stop office over 4 counters
COUNTERS = 4  # historical rows come from devices in slots 1..4
DAY_START = dtime(7, 30)
DAY_SECONDS = int(9.5 * 3600)
LOAD_CACHE_KIB = 1_000_000  # ~1 GB page cache for the load phase only
MISS_RATE = 0.1  # share of lookups for a value that is not in the store (mistyped input)
WARMUP_ACCEPTS = 5  # not timed

# --- realistic Vietnamese people ------------------------------------------------------------

#: Family names with approximate national shares (%), so name keys share long prefixes.
FAMILY = (
    ("Nguyễn", 38.4),
    ("Trần", 11.0),
    ("Lê", 9.5),
    ("Phạm", 7.1),
    ("Hoàng", 5.1),
    ("Huỳnh", 2.0),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 2.0),
    ("Đặng", 2.1),
    ("Bùi", 2.0),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1.0),
    ("Lý", 0.5),
    ("Đinh", 0.7),
    ("Trịnh", 0.6),
    ("Đào", 0.6),
    ("Mai", 0.4),
    ("Lương", 0.4),
    ("Tạ", 0.2),
    ("Chu", 0.2),
    ("Kiều", 0.1),
)
MIDDLE_MALE = ("Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quang", "Xuân", "Công", "Thanh", "Gia")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Kim", "Thị Thu", "Bảo", "Mỹ")
GIVEN_MALE = (
    "An", "Anh", "Bình", "Cường", "Dũng", "Đức", "Duy", "Giang", "Hải", "Hiếu", "Hòa", "Hùng",
    "Huy", "Khánh", "Khoa", "Kiên", "Long", "Lâm", "Minh", "Nam", "Nghĩa", "Phong", "Phúc",
    "Quân", "Quang", "Sơn", "Tâm", "Thắng", "Thành", "Tiến", "Toàn", "Trung", "Tú", "Tuấn",
    "Tùng", "Việt", "Vinh", "Vũ",
)  # fmt: skip
GIVEN_FEMALE = (
    "An", "Anh", "Châu", "Chi", "Diệp", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Hương", "Huyền", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân", "Ngọc",
    "Nhung", "Oanh", "Phương", "Quyên", "Tâm", "Thảo", "Thủy", "Trang", "Trinh", "Tuyết", "Uyên",
    "Vân", "Vy", "Yến",
)  # fmt: skip
PROVINCES = ("001", "079", "031", "048", "092", "036", "038", "040", "034", "026", "075", "052")
PHONE_PREFIXES = (
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
    "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
    "097", "098",
)  # fmt: skip
STREETS = (
    "Lê Lợi",
    "Trần Hưng Đạo",
    "Nguyễn Trãi",
    "Hai Bà Trưng",
    "Lý Thường Kiệt",
    "Quang Trung",
)

_FAMILY_CUM: list[tuple[float, str]] = []
_acc = 0.0
for _name, _share in FAMILY:
    _acc += _share
    _FAMILY_CUM.append((_acc, _name))
_FAMILY_TOTAL = _acc

_M64 = (1 << 64) - 1


def _mix64(x: int) -> int:
    """splitmix64: a fast, well-spread hash of an integer (deterministic people)."""
    x = (x + 0x9E3779B97F4A7C15) & _M64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & _M64
    return x ^ (x >> 31)


@dataclass(frozen=True, slots=True)
class Person:
    name: str
    id_number: str
    phone: str
    address: str


def person(p: int) -> Person:
    """Citizen number ``p`` of the benchmark's population (pure: lookups can rebuild anyone)."""
    h1, h2 = _mix64(p), _mix64(p ^ 0x5DEECE66D)
    female = h1 & 1
    share = ((h1 >> 1) & 0xFFFFFF) / 0x1000000 * _FAMILY_TOTAL
    family = next((n for acc, n in _FAMILY_CUM if share < acc), FAMILY[-1][0])
    middles, givens = (MIDDLE_FEMALE, GIVEN_FEMALE) if female else (MIDDLE_MALE, GIVEN_MALE)
    middle = middles[(h1 >> 25) % len(middles)]
    given = givens[(h1 >> 33) % len(givens)]
    birth_year = 1940 + (h1 >> 41) % 68
    century_gender = (0 if birth_year < 2000 else 2) + female
    province = PROVINCES[(h2 >> 8) % len(PROVINCES)]
    id_number = f"{province}{century_gender}{birth_year % 100:02d}{p % 1_000_000:06d}"
    phone = f"{PHONE_PREFIXES[h2 % len(PHONE_PREFIXES)]}{(h2 >> 16) % 10_000_000:07d}"
    address = f"Số {(h2 >> 40) % 200 + 1} {STREETS[(h2 >> 48) % len(STREETS)]}"
    return Person(f"{family} {middle} {given}", id_number, phone, address)


def population_size(rows: int) -> int:
    """About 0.7 distinct citizens per dossier: regulars come back (same ID / phone)."""
    return max(100, int(rows * 0.7))


# --- the service context (without composition/settings) ------------------------------------


def deadline_calculator() -> DeadlineCalculator:
    return DeadlineCalculator(WorkingCalendar(), OfficeHours.default(), get_rule_set("nd118-2025"))


def build_store(data_dir: Path, clock: Clock, slot: int = 1) -> Store:
    store = open_store(data_dir, create=True)
    ensure_agency(store, AGENCY, AGENCY_NAME)
    register_local_device(store, clock, AGENCY, f"QUAY-{slot:02d}", SequenceBlock.for_slot(slot))
    import_catalogue(store, sample_catalogue())
    return store


def service_context(store: Store, clock: Clock) -> ServiceContext:
    return ServiceContext(store, clock, deadline_calculator(), AGENCY)


# --- rows ------------------------------------------------------------------------------------


def _uuid7_at(moment: datetime, rnd: random.Random) -> str:
    """A UUIDv7 for a historical moment (ids stay time-ordered, as the app's new_id makes them)."""
    ms = int(moment.timestamp() * 1000)
    value = (ms & ((1 << 48) - 1)) << 80 | 0x7 << 76 | rnd.getrandbits(12) << 64
    value |= 0b10 << 62 | rnd.getrandbits(62)
    return str(uuid.UUID(int=value))


def template_dossier(proc: Procedure, device_id: str) -> Dossier:
    """A plausible accepted dossier of ``proc``, built through the domain classes."""
    at = datetime(2024, 1, 2, 9, 0, tzinfo=VN_TZ)
    applicant = Party(
        ApplicantKind.CITIZEN,
        "Nguyễn Văn An",
        id_number="001090123456",
        address="Số 5 Lê Lợi, Phường Ba Đình, Hà Nội",
        phone="0912345678",
    ).normalised()
    items = [ReceivedItem(doc.code, doc.name, doc.form, doc.quantity) for doc in proc.documents[:3]]
    fees = [
        FeeLine(fee.name, fee.amount_vnd or 0, FeeTiming.BEFORE)
        for fee in proc.fees[:1]
        if fee.amount_vnd is not None
    ]
    dossier = Dossier(
        id="00000000-0000-7000-8000-000000000000",
        code=f"{AGENCY}-240102-0001",
        agency_code=AGENCY,
        procedure_code=proc.code,
        procedure_name=proc.name,
        field_name=proc.field,
        channel=Channel.DIRECT,
        applicant=applicant,
        received_by="canbo1",
        received_at=at,
        status=DossierStatus.RECEIVED,
        device_id=device_id,
        summary=proc.name,
        items=items,
        fees=fees,
        history=[StatusChange(at, None, DossierStatus.RECEIVED, "canbo1")],
    )
    dossier.processing = proc.processing.time
    return dossier


#: Statuses of historical dossiers (older ones are mostly finished).
_OLD_STATUSES = (
    (DossierStatus.RETURNED, 0.80),
    (DossierStatus.RESOLVED, 0.06),
    (DossierStatus.REFUSED, 0.03),
    (DossierStatus.WITHDRAWN, 0.02),
    (DossierStatus.PROCESSING, 0.05),
    (DossierStatus.RECEIVED, 0.04),
)


def _pick_status(rnd: random.Random) -> DossierStatus:
    x, acc = rnd.random(), 0.0
    for status, share in _OLD_STATUSES:
        acc += share
        if x < acc:
            return status
    return DossierStatus.RECEIVED


def working_days_before(end: date, count: int, calendar: WorkingCalendar) -> list[date]:
    """The ``count`` working days strictly before ``end``, oldest first."""
    days: list[date] = []
    day = end
    while len(days) < count:
        day -= timedelta(days=1)
        if calendar.is_working_day(day):
            days.append(day)
    days.reverse()
    return days


@dataclass(frozen=True, slots=True)
class Sample:
    """What a lookup can search for, remembered from a loaded row."""

    code: str
    id_number: str
    phone: str
    name: str


class RowFactory:
    """Dossier rows in the exact shape of ``{"id": …, **dossier_columns(dossier, at)}``."""

    def __init__(
        self,
        procedures: Sequence[Procedure],
        deadlines: DeadlineCalculator,
        population: int,
        seed: int,
    ) -> None:
        self._rnd = random.Random(seed)
        self._deadlines = deadlines
        self._population = population
        self._device_ids = [f"bench-device-{slot}" for slot in range(1, COUNTERS + 1)]
        self._blocks = [SequenceBlock.for_slot(slot) for slot in range(1, COUNTERS + 1)]
        self._procedures = list(procedures)
        # A few procedures make most of the traffic (civil status, certification…).
        self._weights = [1.0 / (rank + 1) for rank in range(len(self._procedures))]
        self._templates: list[dict[str, Any]] = []
        self.columns: frozenset[str] = frozenset()
        for proc in self._procedures:
            dossier = template_dossier(proc, self._device_ids[0])
            cols = dossier_columns(dossier, dossier.received_at)
            self.columns = frozenset({"id", *cols})
            appointment = deadlines.appoint(dossier.received_at, proc.processing.time)
            body = dict(cols["body"])
            body["appointment_template"] = to_jsonable(appointment)
            self._templates.append(body)

    def rows(self, day: date, count: int) -> Iterator[tuple[dict[str, Any], Sample]]:
        rnd = self._rnd
        base = datetime.combine(day, DAY_START, tzinfo=VN_TZ)
        step = DAY_SECONDS / max(count, 1)
        procs = rnd.choices(range(len(self._procedures)), self._weights, k=count)
        for j in range(count):
            slot = j % COUNTERS
            seq = self._blocks[slot].first + j // COUNTERS
            code = str(DossierCode(AGENCY, day, seq))
            received = base + timedelta(seconds=int(j * step + rnd.random() * step))
            who = person(rnd.randrange(self._population))
            status = _pick_status(rnd)
            k = procs[j]
            proc = self._procedures[k]
            appointment = self._deadlines.appoint(received, proc.processing.time)
            history = [StatusChange(received, None, DossierStatus.RECEIVED, "canbo1")]
            if status is DossierStatus.RETURNED:
                resolved = received + timedelta(hours=rnd.randrange(1, 240))
                returned = resolved + timedelta(hours=rnd.randrange(1, 72))
                history.append(
                    StatusChange(resolved, DossierStatus.RECEIVED, DossierStatus.RESOLVED, "xuly1")
                )
                history.append(StatusChange(returned, DossierStatus.RESOLVED, status, "canbo1"))
            elif status is not DossierStatus.RECEIVED:
                later = received + timedelta(hours=rnd.randrange(1, 240))
                history.append(StatusChange(later, DossierStatus.RECEIVED, status, "xuly1"))
            dossier_id = _uuid7_at(received, rnd)
            received_iso = iso(received)
            template = self._templates[k]
            body = dict(template)
            body.update(
                id=dossier_id,
                code=code,
                device_id=self._device_ids[slot],
                received_at=received_iso,
                status=int(status),
                applicant={
                    **template["applicant"],
                    "name": who.name,
                    "id_number": who.id_number,
                    "phone": who.phone,
                    "address": who.address,
                },
                appointment=_appointment_json(template["appointment_template"], appointment),
                history=[_status_change_json(change) for change in history],
                version=len(history) - 1,
            )
            del body["appointment_template"]
            if status is DossierStatus.RETURNED:
                body["resolved_at"] = history[1].at.isoformat()
                body["returned_at"] = history[2].at.isoformat()
            if j == 0 and (  # the fast path must agree with the codec, checked once a day
                body["appointment"] != to_jsonable(appointment)
                or body["history"] != to_jsonable(history)
            ):
                raise AssertionError("fast JSON differs from to_jsonable()")
            row = {
                "id": dossier_id,
                "code": code,
                "agency_code": AGENCY,
                "procedure_code": proc.code,
                "channel": int(Channel.DIRECT),
                "status": int(status),
                "applicant_name": who.name,
                "applicant_name_key": search_key(who.name),
                "applicant_id_number": who.id_number,
                "applicant_phone": who.phone,
                "received_at": received_iso,
                "due_at": iso(appointment.effective_due),
                "updated_at": iso(history[-1].at),
                "version": len(history) - 1,
                "body": body,
            }
            yield row, Sample(code, who.id_number, who.phone, who.name)


def _appointment_json(template: dict[str, Any], appointment: Appointment) -> dict[str, Any]:
    """``to_jsonable(appointment)`` for a fresh appointment, without the generic walk."""
    return {
        **template,
        "received_at": appointment.received_at.isoformat(),
        "clock_start": appointment.clock_start.isoformat(),
        "due": appointment.due.isoformat(),
    }


def _status_change_json(change: StatusChange) -> dict[str, Any]:
    return {
        "at": change.at.isoformat(),
        "from_status": int(change.from_status) if change.from_status is not None else None,
        "to_status": int(change.to_status),
        "actor": change.actor,
        "note": change.note,
    }


# --- phases ----------------------------------------------------------------------------------


def _pragma_outside_tx(store: Store, *statements: str) -> None:
    """Run PRAGMAs on the pooled connection outside a transaction (synchronous refuses inside)."""
    raw = store.engine.raw_connection()
    try:
        driver = raw.driver_connection
        assert isinstance(driver, sqlite3.Connection)
        for statement in statements:
            driver.execute(statement)
    finally:
        raw.close()  # back to the pool, settings kept


@contextmanager
def load_pragmas(store: Store) -> Iterator[None]:
    """LOAD PHASE ONLY: synchronous=OFF and a big page cache; the pool is dropped afterwards so
    every later connection gets the app's own settings (synchronous=FULL) from engine.py."""
    store.engine.dispose()
    _pragma_outside_tx(store, "PRAGMA synchronous = OFF", f"PRAGMA cache_size = -{LOAD_CACHE_KIB}")
    try:
        yield
    finally:
        _pragma_outside_tx(
            store,
            "PRAGMA synchronous = FULL",
            "PRAGMA cache_size = -2000",
            "PRAGMA wal_checkpoint(TRUNCATE)",
        )
        store.engine.dispose()


def bulk_load(
    store: Store, factory: RowFactory, rows: int, end: date, n_samples: int, seed: int
) -> tuple[float, list[Sample]]:
    """Insert ``rows`` dossiers on the working days before ``end``; (seconds, sampled rows)."""
    days = working_days_before(end, -(-rows // ROWS_PER_DAY), WorkingCalendar())
    wanted = set(random.Random(seed + 1).sample(range(rows), min(n_samples, rows)))
    samples: list[Sample] = []
    stmt = insert(t.dossiers)
    batch: list[dict[str, Any]] = []
    done = 0
    started = time.perf_counter()
    with load_pragmas(store):

        def flush() -> None:
            with store.write() as tx:
                if tx.conn.exec_driver_sql("PRAGMA synchronous").scalar_one() != 0:
                    raise AssertionError("the load phase should run with synchronous=OFF")
                tx.conn.execute(stmt, batch)
            batch.clear()

        for day in days:
            count = min(ROWS_PER_DAY, rows - done)
            for row, sample in factory.rows(day, count):
                if done == 0 and set(row) != factory.columns:
                    raise AssertionError("row shape differs from dossier_columns()")
                if done in wanted:
                    samples.append(sample)
                batch.append(row)
                done += 1
                if len(batch) >= BATCH:
                    flush()
            if done >= rows:
                break
        if batch:
            flush()
    random.Random(seed + 2).shuffle(samples)
    return time.perf_counter() - started, samples


def _percentiles(samples_ms: list[float]) -> tuple[float, float]:
    """(p50, p95) by the nearest-rank method."""
    ordered = sorted(samples_ms)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return pick(0.50), pick(0.95)


def _misses(rnd: random.Random) -> dict[str, Callable[[], str]]:
    return {
        "code": lambda: f"{AGENCY}-{rnd.randrange(10, 29):02d}0101-{rnd.randrange(5000, 9999):04d}",
        "id": lambda: f"099{rnd.randrange(10**9):09d}",
        "phone": lambda: f"0199{rnd.randrange(10**6):06d}",
        "name": lambda: rnd.choice(("Xa ", "Zo", "Nguyen Van Zz", "Quach Thi")),
    }


def name_prefix_query(name: str, rnd: random.Random) -> str:
    """What staff type: family name, family + middle, + part of the given name, or all of it
    (without diacritics, lower case, as people do at the counter)."""
    words = search_key(name).split()
    kind = rnd.randrange(4)
    if kind == 0:
        return words[0]
    if kind == 1:
        return " ".join(words[:2])
    if kind == 2:
        given = words[-1]
        return " ".join([*words[:-1], given[: max(1, len(given) // 2)]])
    return " ".join(words)


def measure_lookups(store: Store, samples: list[Sample], n: int, seed: int) -> dict[str, Any]:
    rnd = random.Random(seed + 3)
    misses = _misses(rnd)
    plans: dict[str, tuple[Callable[[Any, str], list[Any]], Callable[[Sample], str]]] = {
        "code": (lambda tx, q: tx.dossiers.summaries_by_code(q), lambda s: s.code),
        "id": (lambda tx, q: tx.dossiers.summaries_by_id_number(q), lambda s: s.id_number),
        "phone": (lambda tx, q: tx.dossiers.summaries_by_phone(q), lambda s: s.phone),
        "name": (
            lambda tx, q: tx.dossiers.summaries_by_name_prefix(q),
            lambda s: name_prefix_query(s.name, rnd),
        ),
    }
    out: dict[str, Any] = {}
    for kind, (lookup, query_of) in plans.items():
        queries = [
            misses[kind]() if rnd.random() < MISS_RATE else query_of(samples[i % len(samples)])
            for i in range(n)
        ]
        with store.read() as tx:  # warm-up: connection, statement cache
            for q in queries[:20]:
                lookup(tx, q)
        timings: list[float] = []
        hits = 0
        for q in queries:
            started = time.perf_counter()  # the whole unit of work, as a lookup screen runs it
            with store.read() as tx:
                found = lookup(tx, q)
            timings.append((time.perf_counter() - started) * 1000)
            hits += bool(found)
        p50, p95 = _percentiles(timings)
        out[kind] = {"p50": p50, "p95": p95, "hit_rate": hits / n}
    return out


def measure_accepts(ctx: ServiceContext, n: int, population: int, seed: int) -> dict[str, float]:
    """Real ``intake.receive`` calls, each its own BEGIN IMMEDIATE transaction (FULL): accepts
    per second, wall ms per accept (p50/p95) and this process's CPU ms per accept (the Python
    cost, which the machine's load and the disk's fsync time do not inflate as much)."""
    rnd = random.Random(seed + 4)
    procedures = [p.code for p in sample_catalogue()]
    requests = []
    for _ in range(n + WARMUP_ACCEPTS):
        who = person(rnd.randrange(population))
        applicant = Party(
            ApplicantKind.CITIZEN, who.name, who.id_number, address=who.address, phone=who.phone
        )
        requests.append(intake.IntakeRequest(rnd.choice(procedures), applicant))
    with ctx.store.read() as tx:
        mode = tx.conn.exec_driver_sql("PRAGMA synchronous").scalar_one()
    if mode != 2:  # 2 == FULL
        raise AssertionError(f"accepts must be measured with synchronous=FULL, got {mode}")
    for req in requests[:WARMUP_ACCEPTS]:  # first calls compile and cache statements
        intake.receive(ctx, req, "canbo1")
    timings: list[float] = []
    cpu_started, started = time.process_time(), time.perf_counter()
    for req in requests[WARMUP_ACCEPTS:]:
        one = time.perf_counter()
        intake.receive(ctx, req, "canbo1")
        timings.append((time.perf_counter() - one) * 1000)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    p50, p95 = _percentiles(timings)
    return {"per_s": n / wall, "p50": p50, "p95": p95, "cpu_ms": cpu * 1000 / n}


def sqlite_anchor(directory: Path, n: int) -> float:
    """Raw sqlite3 one-row INSERT + COMMIT per second on a WAL / synchronous=FULL file."""
    path = directory / "anchor.sqlite3"
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)")
        payload = "x" * 2000
        started = time.perf_counter()
        for _ in range(n):
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("INSERT INTO t (v) VALUES (?)", (payload,))
            conn.execute("COMMIT")
        return n / (time.perf_counter() - started)
    finally:
        conn.close()
        for leftover in directory.glob("anchor.sqlite3*"):
            leftover.unlink()


def rss_mb_peak() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def db_size_mb(store: Store) -> float:
    files = [store.path, *store.path.parent.glob(store.path.name + "-*")]
    return sum(f.stat().st_size for f in files if f.exists()) / (1024 * 1024)


def run(
    rows: int, lookups: int, accepts: int, seed: int, workdir: Path | None, keep: bool
) -> dict[str, Any]:
    started = time.perf_counter()
    root = Path(tempfile.mkdtemp(prefix="counter-bench-", dir=workdir))
    try:
        clock = SystemClock()
        store = build_store(root / "data", clock)
        try:
            today = as_vn(clock.now()).date()
            deadlines = deadline_calculator()
            population = population_size(rows)
            factory = RowFactory(sample_catalogue(), deadlines, population, seed)
            load_s, samples = bulk_load(store, factory, rows, today, 2000, seed)
            with store.read() as tx:
                loaded = tx.dossiers.count()
                probe = tx.dossiers.by_code(samples[0].code)  # the body decodes as a Dossier
            if loaded != rows or probe is None or probe.applicant.name != samples[0].name:
                raise AssertionError("bulk load did not produce the expected rows")
            looked = measure_lookups(store, samples, lookups, seed)
            accepted = measure_accepts(service_context(store, clock), accepts, population, seed)
            size = db_size_mb(store)
        finally:
            store.close()
        anchor = sqlite_anchor(root, max(accepts, 500))
        return {
            "rows": rows,
            "lookups_per_kind": lookups,
            "lookup_code_ms_p50": looked["code"]["p50"],
            "lookup_code_ms_p95": looked["code"]["p95"],
            "lookup_id_ms_p50": looked["id"]["p50"],
            "lookup_id_ms_p95": looked["id"]["p95"],
            "lookup_phone_ms_p50": looked["phone"]["p50"],
            "lookup_phone_ms_p95": looked["phone"]["p95"],
            "name_prefix_ms_p50": looked["name"]["p50"],
            "name_prefix_ms_p95": looked["name"]["p95"],
            "lookup_hit_rates": {k: v["hit_rate"] for k, v in looked.items()},
            "accepts": accepts,
            "accepts_per_s_full": accepted["per_s"],
            "accept_ms_p50": accepted["p50"],
            "accept_ms_p95": accepted["p95"],
            "accept_cpu_ms_mean": accepted["cpu_ms"],
            "anchor_sqlite_commit_per_s": anchor,
            "anchor_commit_ms": 1000 / anchor,
            "accepts_vs_anchor_ratio": accepted["per_s"] / anchor,
            "load_avg_1m": os.getloadavg()[0],
            "insert_rows_per_s": rows / load_s,
            "load_s": load_s,
            "load_synchronous": "OFF (load phase only)",
            "db_size_mb": size,
            "rss_mb_peak": rss_mb_peak(),
            "sqlite_version": sqlite3.sqlite_version,
            "elapsed_s": time.perf_counter() - started,
            "store_dir": str(root) if keep else None,
        }
    finally:
        if not keep:
            shutil.rmtree(root, ignore_errors=True)


TARGETS = {
    "lookup_code_ms_p95": ("<=", 5.0),
    "lookup_id_ms_p95": ("<=", 5.0),
    "lookup_phone_ms_p95": ("<=", 5.0),
    "name_prefix_ms_p95": ("<=", 50.0),
    "accepts_per_s_full": (">=", 200.0),
}


def table(result: dict[str, Any]) -> str:
    lines = [f"{'metric':32} {'value':>14}  target"]
    for key, value in result.items():
        if isinstance(value, float):
            shown = f"{value:14.3f}"
        else:
            shown = f"{json.dumps(value, ensure_ascii=False):>14}"
        target = ""
        if key in TARGETS:
            op, limit = TARGETS[key]
            ok = value <= limit if op == "<=" else value >= limit
            target = f"{op} {limit:g}  {'ok' if ok else 'MISSED'}"
        lines.append(f"{key:32} {shown}  {target}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.bench.store", description=__doc__)
    parser.add_argument("--rows", type=int, default=DEFAULT_ROWS)
    parser.add_argument("--lookups", type=int, default=1000, help="per lookup kind")
    parser.add_argument(
        "--accepts", type=int, default=600, help="timed intake.receive calls (<= 990)"
    )
    parser.add_argument("--seed", type=int, default=20260302)
    parser.add_argument("--dir", type=Path, default=None, help="parent of the temporary store")
    parser.add_argument("--keep", action="store_true", help="keep the store for inspection")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.lookups < 1 or not 1 <= args.accepts <= 990:
        parser.error("--rows and --lookups must be positive, --accepts within 1..990")
    result = run(args.rows, args.lookups, args.accepts, args.seed, args.dir, args.keep)
    print(json.dumps(result, ensure_ascii=False) if args.json else table(result), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
