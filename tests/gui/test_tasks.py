"""The two lanes: work off the GUI thread, results on it, writes one at a time and in order."""

from __future__ import annotations

import threading
import time

from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from counter_app.domain.errors import ValidationError
from ui.tasks import DOSSIER, ReadOp, TaskRunner, WriteOp


def test_work_off_the_gui_thread_results_on_it(qtbot: QtBot) -> None:
    runner = TaskRunner()
    seen: list[tuple[str, bool]] = []
    gui = QApplication.instance()
    assert gui is not None

    def record(worker: str) -> None:
        seen.append((worker, QThread.currentThread() is gui.thread()))

    runner.read(ReadOp(lambda: threading.current_thread().name, record))
    runner.write(WriteOp(lambda: threading.current_thread().name, record))
    qtbot.waitUntil(lambda: len(seen) == 2, timeout=5000)
    assert all(on_gui for _name, on_gui in seen)
    assert all(name != threading.main_thread().name for name, _on_gui in seen)


def test_writes_run_one_at_a_time_in_order(qtbot: QtBot) -> None:
    runner = TaskRunner()
    log: list[str] = []

    def write(n: int) -> int:
        log.append(f"start {n}")
        time.sleep(0.02)  # inside the worker: a write that takes a moment
        log.append(f"end {n}")
        return n

    done: list[int] = []
    for n in range(5):
        runner.write(WriteOp(lambda n=n: write(n), done.append))  # type: ignore[misc]
    qtbot.waitUntil(lambda: len(done) == 5, timeout=5000)
    assert done == [0, 1, 2, 3, 4]
    assert log == [f"{step} {n}" for n in range(5) for step in ("start", "end")]


def test_changed_names_what_a_write_changed_and_failures_are_delivered(qtbot: QtBot) -> None:
    runner = TaskRunner()
    with qtbot.waitSignal(runner.changed, timeout=5000) as changed:
        runner.write(WriteOp(lambda: 1, changes=frozenset({DOSSIER})))
    assert changed.args == [frozenset({DOSSIER})]

    def fail() -> None:
        raise ValidationError("missing_field", field="reason")

    with qtbot.waitSignal(runner.failed, timeout=5000) as failed:
        runner.write(WriteOp(fail))
    assert isinstance(failed.args[0], ValidationError)
    assert runner.pending == 0
