"""The window stays responsive while the store is slow, and an intake survives a SIGKILL."""

from __future__ import annotations

import itertools
import os
import selectors
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QPushButton
from pytestqt.qtbot import QtBot

from counter_app.composition import App
from counter_app.domain.errors import Cancelled
from counter_app.services import desk
from tests.gui.conftest import WAIT_MS, open_window
from tests.gui.intake_child import ID_NUMBER, NAME, PROCEDURE
from ui.main_window import MainWindow
from ui.tasks import ReadOp, WriteOp

SLOW_S = 2.0


def test_slow_store_call_does_not_block_the_event_loop(
    qtbot: QtBot, window: MainWindow, gui_app: App
) -> None:
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start()

    def slow_write() -> int:
        with gui_app.store.write() as tx:  # holds the store's one writer for a while
            started = time.monotonic()
            while time.monotonic() - started < SLOW_S:
                tx.dossiers.count()
        return 1

    written: list[int] = []
    read: list[int] = []
    window.runner.write(WriteOp(slow_write, written.append, changes=frozenset()))
    window.runner.read(ReadOp(lambda: len(desk.queue(gui_app.services)), read.append))
    qtbot.waitUntil(lambda: bool(written), timeout=WAIT_MS)
    timer.stop()
    assert read, "the read lane must not wait behind the write lane"
    # the GUI thread kept turning: ticks all through the slow call, none anywhere near the length of the call
    assert len(ticks) >= 20
    gaps = [b - a for a, b in itertools.pairwise(ticks)]
    assert max(gaps) < SLOW_S / 2  # blocked, one gap would span the whole slow call


def test_sigkill_during_intake_keeps_the_draft(
    qtbot: QtBot, demo_dir: Path, tmp_path: Path
) -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.gui.intake_child", str(demo_dir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
        cwd=Path(__file__).parents[2],
    )
    try:
        assert child.stdout is not None
        ready = selectors.DefaultSelector()
        ready.register(child.stdout, selectors.EVENT_READ)
        assert ready.select(timeout=60), "the child never saved a draft"
        assert child.stdout.readline().strip() == "DRAFT SAVED"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    draft = demo_dir / "drafts" / "intake.json"
    assert draft.stat().st_mode & 0o077 == 0  # owner only: it holds personal data
    from counter_app.composition import open_app

    app = open_app(demo_dir)
    try:
        window = open_window(qtbot, app)
        qtbot.waitUntil(lambda: window.intake is not None, timeout=WAIT_MS)
        form = window.intake
        assert form is not None
        qtbot.waitUntil(lambda: form.procedure is not None, timeout=WAIT_MS)
        assert form.procedure is not None and form.procedure.code == PROCEDURE
        assert form.applicant.edits["name"].text() == NAME
        assert form.applicant.edits["id_number"].text() == ID_NUMBER
        assert "bản nháp" in form.status.text()
        window.close()
    finally:
        app.close()


def test_audit_verification_shows_progress_and_result(qtbot: QtBot, window: MainWindow) -> None:
    with qtbot.waitSignal(window.audit_checked, timeout=WAIT_MS) as checked:
        window.verify_audit()
    report = checked.args[0]
    assert report.ok and report.entries > 0
    assert str(report.entries) in window.message.text()
    assert window.message.property("error") is False


def test_cancelling_the_progress_dialog_stops_the_work(qtbot: QtBot, window: MainWindow) -> None:
    gate = threading.Event()
    window.runner.read(ReadOp(lambda: gate.wait(10)))  # the read lane is busy for now
    dialog = window.verify_audit()
    dialog.show()
    cancel = dialog.findChild(QPushButton)
    assert cancel is not None and cancel.text() == "Hủy"
    cancel.click()  # the person presses Cancel before the walk has started
    with qtbot.waitSignal(window.audit_checked, timeout=WAIT_MS) as checked:
        gate.set()
    assert isinstance(checked.args[0], Cancelled)
    assert window.message.property("error") is True
    assert "hủy" in window.message.text()
