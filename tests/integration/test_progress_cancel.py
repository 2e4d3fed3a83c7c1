"""Long work reports a total and its steps, and stops on cancel with nothing half-done: `audit
verify`, catalogue import and `demo`, each on a real store, cancelled after N steps or from
another thread."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from counter_app.composition import App, open_app
from counter_app.domain.errors import Cancelled
from counter_app.ports import FixedClock, Progress
from counter_app.services import catalogue, demo
from counter_app.services.maintenance import ensure_office, verify_audit
from counter_app.store import audit_verify as audit
from tests.conftest import T0


class CancelAfter(Progress):
    """Cancels itself once ``steps`` steps are done, as a user pressing Cancel would."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps
        self.starts: list[tuple[int, str]] = []

    def start(self, total: int, message: str = "") -> None:
        super().start(total, message)
        self.starts.append((total, message))

    def advance(self, step: int = 1, message: str | None = None) -> None:
        super().advance(step, message)
        if self.done >= self.steps:
            self.cancel()


class Handshake(Progress):
    """Pauses the worker after ``steps`` steps until another thread has had its say."""

    def __init__(self, steps: int) -> None:
        super().__init__()
        self.steps = steps
        self.reached = threading.Event()
        self.resume = threading.Event()

    def advance(self, step: int = 1, message: str | None = None) -> None:
        super().advance(step, message)
        if self.done == self.steps:
            self.reached.set()
            assert self.resume.wait(30)


def cancel_from_another_thread(work: Callable[[], object], progress: Handshake) -> BaseException:
    """Run ``work`` in a worker thread; cancel it from this thread once it is under way."""
    outcome: list[BaseException] = []

    def worker() -> None:
        try:
            work()
        except BaseException as exc:
            outcome.append(exc)

    thread = threading.Thread(target=worker)
    thread.start()
    assert progress.reached.wait(30)
    progress.cancel()
    progress.resume.set()
    thread.join(60)
    assert not thread.is_alive()
    (raised,) = outcome
    return raised


@pytest.fixture
def new_office(tmp_path: Path) -> Iterator[App]:
    """A new store with the office and this PC registered, and nothing else."""
    app = open_app(tmp_path / "new", create=True, clock=FixedClock(T0))
    try:
        ensure_office(app.services, "UBND phường thử nghiệm", device_slot=demo.DEMO_SLOT)
        yield app
    finally:
        app.close()


@pytest.fixture(scope="module")
def demo_office(tmp_path_factory: pytest.TempPathFactory) -> Iterator[App]:
    app = open_app(tmp_path_factory.mktemp("demo"), create=True, clock=FixedClock(T0))
    try:
        ensure_office(app.services, "UBND phường thử nghiệm", device_slot=demo.DEMO_SLOT)
        demo.load_demo(app.services)
        yield app
    finally:
        app.close()


def _counts(app: App) -> tuple[int, int]:
    with app.store.read() as tx:
        return tx.procedures.count(), tx.dossiers.count()


# --------------------------------------------------------------------------- catalogue import


def test_catalogue_import_reports_every_procedure(new_office: App) -> None:
    procedures = catalogue.sample_catalogue()
    progress = CancelAfter(steps=len(procedures) + 1)  # never reached
    assert catalogue.import_catalogue(new_office.store, procedures, progress) == len(procedures)
    assert progress.starts == [(len(procedures), catalogue.IMPORT_MESSAGE)]
    assert progress.done == progress.total == len(procedures)
    assert _counts(new_office) == (len(procedures), 0)


def test_catalogue_import_cancelled_after_some_steps_keeps_none(new_office: App) -> None:
    procedures = catalogue.sample_catalogue()
    progress = CancelAfter(steps=5)
    with pytest.raises(Cancelled) as raised:
        catalogue.import_catalogue(new_office.store, procedures, progress)
    assert raised.value.code == "cancelled"
    assert progress.done == 5
    assert _counts(new_office) == (0, 0)  # the five written ones were rolled back
    catalogue.import_catalogue(new_office.store, procedures)  # and a later run completes
    assert _counts(new_office) == (len(procedures), 0)


def test_catalogue_import_cancelled_from_another_thread(new_office: App) -> None:
    procedures = catalogue.sample_catalogue()
    progress = Handshake(steps=10)
    raised = cancel_from_another_thread(
        lambda: catalogue.import_catalogue(new_office.store, procedures, progress), progress
    )
    assert isinstance(raised, Cancelled)
    assert progress.done == 10
    assert _counts(new_office) == (0, 0)


# --------------------------------------------------------------------------- audit verify


def test_audit_verify_counts_every_entry_and_dossier(
    demo_office: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PROGRESS_STEP", 7)
    progress = CancelAfter(steps=10**9)
    report = verify_audit(demo_office.store, progress)
    assert report.ok
    total = report.entries + _counts(demo_office)[1]
    assert progress.total == progress.done == total
    assert progress.message == "Checking the audit log and the dossiers"


def test_audit_verify_cancelled_after_some_steps(
    demo_office: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PROGRESS_STEP", 7)
    before = _counts(demo_office)
    progress = CancelAfter(steps=20)
    with pytest.raises(Cancelled):
        verify_audit(demo_office.store, progress)
    assert progress.done == 21  # three batches of 7, then the check between two batches
    assert _counts(demo_office) == before
    assert verify_audit(demo_office.store).ok  # the store is as it was


def test_audit_verify_cancelled_from_another_thread(
    demo_office: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit, "PROGRESS_STEP", 5)
    progress = Handshake(steps=50)
    raised = cancel_from_another_thread(lambda: verify_audit(demo_office.store, progress), progress)
    assert isinstance(raised, Cancelled)
    assert verify_audit(demo_office.store).ok


# --------------------------------------------------------------------------- demo


def test_demo_reports_the_catalogue_and_each_dossier(new_office: App) -> None:
    progress = CancelAfter(steps=10**9)
    demo.load_demo(new_office.services, progress)
    dossiers = _counts(new_office)[1]
    assert dossiers > 40
    assert progress.total == progress.done == 1 + dossiers


def test_demo_cancelled_before_it_starts_writes_nothing(new_office: App) -> None:
    progress = Progress()
    progress.cancel()
    with pytest.raises(Cancelled):
        demo.load_demo(new_office.services, progress)
    assert _counts(new_office) == (0, 0)


def test_demo_cancelled_after_some_dossiers_stops_there(new_office: App) -> None:
    """Cancel stops the demo at the next event. (Demo atomicity — nothing kept after a cancel —
    comes with the all-or-nothing demo of the hardening branch; this checks the cancel path.)"""
    progress = CancelAfter(steps=6)
    with pytest.raises(Cancelled):
        demo.load_demo(new_office.services, progress)
    assert progress.done == 6
    assert _counts(new_office)[1] == 5  # the catalogue, then five intakes: the sixth step
