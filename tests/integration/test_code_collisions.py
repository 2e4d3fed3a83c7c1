"""Dossier codes never collide: many devices offline for years, clocks set back, full days,
and two processes writing into one store at once."""

from __future__ import annotations

import multiprocessing
import random
import subprocess
import sys
from collections import Counter
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.domain.codes import (
    ClockWentBackwards,
    DailySequenceExhausted,
    DossierCode,
    IssuerState,
    SequenceBlock,
    issue_code,
)
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import intake
from counter_app.store import schema as t
from counter_app.store.unit_of_work import Store, open_store
from tests.integration.kill_writer_child import AGENCY, build_store, request, service_context

REPO = Path(__file__).resolve().parents[2]
DEVICES = 6
PURE_DAYS = 2500  # ~7 years of offline issuing per device
STORE_DAYS = 200  # real stores, real intake.receive
SEED = 20260302
PURE_START = date(2026, 1, 1)
STORE_START = date(2026, 3, 2)

#: (slot, code, day the device's clock read when it issued the code)
Issued = tuple[int, str, date]


def _times_of_day(rnd: random.Random, day: date, count: int) -> list[datetime]:
    """``count`` non-decreasing moments of ``day`` from 07:00 (repeats allowed: same second)."""
    moment = datetime.combine(day, time(7, 0), tzinfo=VN_TZ)
    out = []
    for _ in range(count):
        moment += timedelta(seconds=rnd.randint(0, 20))
        out.append(moment)
    return out


def issue_pure(slot: int) -> list[Issued]:
    """Device ``slot`` issuing with the pure ``issue_code`` over PURE_DAYS days: usually a few
    codes, some days none (closed/offline), now and then a whole block and one more."""
    rnd = random.Random(SEED * 100 + slot)
    block = SequenceBlock.for_slot(slot)
    state = IssuerState()
    issued: list[Issued] = []
    for offset in range(PURE_DAYS):
        day = PURE_START + timedelta(days=offset)
        if rnd.random() < 0.25:
            continue
        full = rnd.random() < 0.003
        count = block.last - block.first + 1 if full else rnd.randint(1, 5)
        for moment in _times_of_day(rnd, day, count):
            code, state = issue_code(AGENCY, block, state, moment)
            issued.append((slot, str(code), day))
        if full:
            try:
                issue_code(AGENCY, block, state, state.last_issued_at or datetime.now(VN_TZ))
            except DailySequenceExhausted:
                pass
            else:
                raise AssertionError("a full block issued one more code")
    return issued


def issue_in_store(slot: int, root: str) -> list[Issued]:
    """Device ``slot`` with its OWN store, accepting real dossiers day after day."""
    rnd = random.Random(SEED * 1000 + slot)
    clock = FixedClock(datetime.combine(STORE_START, time(7, 0), tzinfo=VN_TZ))
    store = build_store(Path(root) / f"device-{slot}", clock, slot=slot)
    try:
        ctx = service_context(store, clock)
        issued: list[Issued] = []
        n = 0
        for offset in range(STORE_DAYS):
            day = STORE_START + timedelta(days=offset)
            for moment in _times_of_day(rnd, day, rnd.randint(1, 3)):
                clock.set(moment)
                dossier = intake.receive(ctx, request(n), "canbo1")
                n += 1
                issued.append((slot, dossier.code, day))
        with store.read() as tx:
            stored = {r.code for r in tx.conn.execute(select(t.dossiers.c.code))}
        assert stored == {code for _, code, _ in issued}
        return issued
    finally:
        store.close()


def _device_run(slot: int, root: str) -> tuple[list[Issued], list[Issued]]:
    return issue_pure(slot), issue_in_store(slot, root)


def assert_unique_and_in_block(issued: list[Issued]) -> None:
    dupes = [code for code, k in Counter(code for _, code, _ in issued).items() if k > 1]
    assert not dupes, f"duplicate codes: {dupes[:5]}"
    for slot, text, day in issued:
        code = DossierCode.parse(text)
        block = SequenceBlock.for_slot(slot)
        assert code.agency == AGENCY
        assert code.day == day
        assert block.first <= code.seq <= block.last, (slot, text)
        assert str(code) == text


@pytest.mark.slow
def test_six_devices_for_years_never_issue_the_same_code(tmp_path: Path) -> None:
    ctx = multiprocessing.get_context("spawn")
    with ctx.Pool(min(DEVICES, 3)) as pool:
        results = pool.starmap(
            _device_run, [(slot, str(tmp_path)) for slot in range(1, DEVICES + 1)]
        )
    pure = [item for run, _ in results for item in run]
    stored = [item for _, run in results for item in run]
    days = {day for _, _, day in pure}
    assert len(days) >= 1800 and len(pure) >= DEVICES * 1500
    assert_unique_and_in_block(pure)
    assert len(stored) >= DEVICES * STORE_DAYS
    assert_unique_and_in_block(stored)
    # On a shared day, every device starts at the first number of its own block.
    first_day = {
        slot: next(c for s, c, d in stored if s == slot and d == STORE_START)
        for slot in range(1, DEVICES + 1)
    }
    for slot, code in first_day.items():
        assert DossierCode.parse(code).seq == SequenceBlock.for_slot(slot).first


# --- single store: clock set back, block exhausted ------------------------------------------


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)  # a Monday morning


def _snapshot(store: Store) -> tuple[int, int, int, tuple[object, ...]]:
    with store.read() as tx:
        c = tx.conn
        device = tx.devices.local("000.00.06.H56")
        return (
            c.execute(select(func.count()).select_from(t.dossiers)).scalar_one(),
            c.execute(select(func.count()).select_from(t.outbox)).scalar_one(),
            c.execute(select(func.count()).select_from(t.audit_log)).scalar_one(),
            (device.state.day, device.state.last_seq, device.state.last_issued_at),
        )


def test_a_clock_set_back_past_the_last_code_refuses_and_writes_nothing(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    store = build_store(tmp_path / "data", clock)
    try:
        ctx = service_context(store, clock)
        first = intake.receive(ctx, request(1), "canbo1")
        assert first.code == f"{AGENCY}-260302-1000"
        before = _snapshot(store)
        for back in (
            timedelta(seconds=1),
            timedelta(hours=2),
            timedelta(days=1),
            timedelta(days=400),
        ):
            clock.set(T0 - back)
            with pytest.raises(ClockWentBackwards):
                intake.receive(ctx, request(2), "canbo1")
            assert _snapshot(store) == before
        clock.set(T0)  # the same instant again is not "backwards"
        assert intake.receive(ctx, request(3), "canbo1").code == f"{AGENCY}-260302-1001"
        clock.set(T0 + timedelta(days=1))
        assert intake.receive(ctx, request(4), "canbo1").code == f"{AGENCY}-260303-1000"
        clock.set(T0 + timedelta(hours=23))  # back into yesterday after today's first code
        with pytest.raises(ClockWentBackwards):
            intake.receive(ctx, request(5), "canbo1")
    finally:
        store.close()


def test_an_exhausted_block_refuses_for_the_day_and_writes_nothing(tmp_path: Path) -> None:
    clock = FixedClock(T0)
    block = SequenceBlock(9995, 9999)
    store = build_store(tmp_path / "data", clock, slot=9, block=block)
    try:
        ctx = service_context(store, clock)
        codes = []
        for i in range(block.last - block.first + 1):
            clock.advance(timedelta(minutes=1))
            codes.append(intake.receive(ctx, request(i), "canbo1").code)
        assert codes == [f"{AGENCY}-260302-{seq}" for seq in range(9995, 10000)]
        before = _snapshot(store)
        clock.advance(timedelta(minutes=1))
        with pytest.raises(DailySequenceExhausted):
            intake.receive(ctx, request(99), "canbo1")
        assert _snapshot(store) == before
        clock.set(T0 + timedelta(days=1))  # a new day, a fresh block
        assert intake.receive(ctx, request(100), "canbo1").code == f"{AGENCY}-260303-9995"
    finally:
        store.close()


# --- two processes, one store -----------------------------------------------------------------


PER_WRITER = 300


def test_two_processes_accepting_into_one_store_never_duplicate(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    build_store(data_dir, FixedClock(datetime(2020, 1, 1, tzinfo=VN_TZ))).close()
    writers = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.integration.kill_writer_child",
                str(data_dir),
                "system",  # both must read one shared clock
                "--max",
                str(PER_WRITER),
                "--wait-go",
                "--pause",
                "0.002",  # idle like a person between accepts, else one writer starves the other
            ],
            cwd=REPO,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    try:
        for proc in writers:
            assert proc.stdout is not None
            assert proc.stdout.readline().strip() == "ready"
        for proc in writers:  # start both at once
            assert proc.stdin is not None
            proc.stdin.write("go\n")
            proc.stdin.flush()
        outputs = [proc.communicate(timeout=120) for proc in writers]
    finally:
        for proc in writers:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    for proc, (_, err) in zip(writers, outputs, strict=True):
        assert proc.returncode == 0, err
    per_writer = [[ln for ln in out.split() if ln not in ("ready", "done")] for out, _ in outputs]
    codes = [code for run in per_writer for code in run]
    assert [len(run) for run in per_writer] == [PER_WRITER, PER_WRITER]
    assert len(set(codes)) == len(codes), "a code was issued twice"
    seqs = [sorted(DossierCode.parse(c).seq for c in run) for run in per_writer]
    # they really interleaved (each got numbers inside the other's range)
    assert seqs[0][0] < seqs[1][-1] and seqs[1][0] < seqs[0][-1]
    store = open_store(data_dir)
    try:
        assert store.integrity_check() == ["ok"]
        with store.read() as tx:
            stored = [r.code for r in tx.conn.execute(select(t.dossiers.c.code))]
        assert sorted(stored) == sorted(codes)
    finally:
        store.close()
