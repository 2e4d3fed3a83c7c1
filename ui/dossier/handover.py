"""Hand-over in batches (bàn giao): scan or type each receipt's code, then hand the whole batch to
the processing agency (status 4) — or, for results coming back, receive them all (status 9).

Each dossier is its own write (one transaction, with the version seen when it was added); one that
fails (already handed over, changed elsewhere) is reported by code and the others go through."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.codes import find_code
from counter_app.domain.dossier import Dossier
from counter_app.domain.errors import DomainError
from counter_app.i18n import _
from counter_app.services import desk, lifecycle
from ui import labels
from ui.dossier.step_budget import StepBudget
from ui.errors import message_for
from ui.printing.preview_dialog import PreviewDialog
from ui.session import Session
from ui.tasks import ReadOp, TaskRunner, WriteOp


@dataclass(frozen=True)
class BatchResult:
    done: list[str]
    failed: list[tuple[str, str]]  # code, message


class HandoverBatch(QWidget):
    finished = Signal(object)  # BatchResult

    def __init__(self, session: Session, runner: TaskRunner) -> None:
        super().__init__()
        self.session, self.runner = session, runner
        self.batch: dict[str, Dossier] = {}
        self.handed: list[str] = []  # the last batch handed over (its list can be printed)
        self.preview: PreviewDialog | None = None
        self.transferring = False
        self.setWindowTitle(_("Hand-over and results back"))
        self.resize(760, 560)
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.code = QLineEdit()
        self.code.setObjectName("handoverCode")
        self.code.setPlaceholderText(_("Scan or type the receipt's code, then Enter"))
        self.code.returnPressed.connect(self.add)
        form.addRow(_("Dossier code"), self.code)
        self.agency = QLineEdit()
        self.agency.setObjectName("handoverAgency")
        form.addRow(_("Processing agency (hand-over)"), self.agency)
        self.agency_officer = QLineEdit()
        self.agency_officer.setObjectName("handoverOfficer")
        form.addRow(_("Agency officer (receives it / brings the result back)"), self.agency_officer)
        self.budget = StepBudget()
        form.addRow(_("Time for the agency's step"), self.budget)
        layout.addLayout(form)
        self.list = QListWidget()
        layout.addWidget(self.list, 1)
        row = QHBoxLayout()
        self.hand_over = QPushButton(_("Hand over the batch"))
        self.hand_over.clicked.connect(lambda: self.run(transfer=True))
        self.results_back = QPushButton(_("Receive the results back"))
        self.results_back.clicked.connect(lambda: self.run(transfer=False))
        self.print_list = QPushButton(_("Print the hand-over list…"))
        self.print_list.setObjectName("printHandoverList")
        self.print_list.setEnabled(False)
        self.print_list.clicked.connect(self.open_list)
        row.addWidget(self.hand_over)
        row.addWidget(self.results_back)
        row.addWidget(self.print_list)
        layout.addLayout(row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

    def add(self) -> None:
        code = find_code(self.code.text()) or self.code.text().strip()
        self.code.clear()
        if not code or code in self.batch:
            return
        store = self.session.ctx.store
        self.runner.read(ReadOp(lambda: desk.dossier(store, code), self._added, self._say_error))

    def _added(self, dossier: Dossier) -> None:
        self.batch[dossier.code] = dossier
        self.list.addItem(
            f"{dossier.code} — {dossier.applicant.name} — {labels.status(dossier.status)}"
        )
        self.status.setText(_("{n} dossiers in the batch.").format(n=len(self.batch)))

    def run(self, *, transfer: bool) -> None:
        if not self.batch:
            return
        ctx, actor, agency = self.session.ctx, self.session.user.username, self.agency.text()
        person, budget = self.agency_officer.text(), self.budget.value()
        seen = [(d.code, d.version) for d in self.batch.values()]

        def work() -> BatchResult:
            done: list[str] = []
            failed: list[tuple[str, str]] = []
            for code, version in seen:
                try:
                    if transfer:
                        lifecycle.transfer(
                            ctx,
                            code,
                            agency,
                            actor,
                            receiver=person,
                            step_budget=budget,
                            expected_version=version,
                        )
                    else:
                        lifecycle.resolve(ctx, code, actor, giver=person, expected_version=version)
                    done.append(code)
                except DomainError as err:
                    failed.append((code, message_for(err)))
            return BatchResult(done, failed)

        self.hand_over.setEnabled(False)
        self.results_back.setEnabled(False)
        self.transferring = transfer
        self.runner.write(WriteOp(work, self._finished, self._say_error))

    def _finished(self, result: BatchResult) -> None:
        self.hand_over.setEnabled(True)
        self.results_back.setEnabled(True)
        lines = [_("{n} dossiers done.").format(n=len(result.done))]
        lines += [f"{code}: {text}" for code, text in result.failed]
        self.status.setText("\n".join(lines))
        for code in result.done:
            self.batch.pop(code, None)
        if self.transferring and result.done:
            self.handed = list(result.done)
            self.print_list.setEnabled(self.session.slips is not None)
        self.list.clear()
        for dossier in self.batch.values():
            self.list.addItem(f"{dossier.code} — {dossier.applicant.name}")
        self.finished.emit(result)

    def open_list(self) -> PreviewDialog | None:
        """The hand-over list of the batch just handed over, to print for the agency to sign."""
        slips = self.session.slips
        if slips is None or not self.handed:
            return None
        codes, actor = " ".join(self.handed), self.session.user.username
        self.preview = PreviewDialog(slips, self.runner, codes, "handover", actor, parent=self)
        self.preview.show()
        return self.preview

    def _say_error(self, exc: BaseException) -> None:
        self.hand_over.setEnabled(True)
        self.results_back.setEnabled(True)
        self.status.setText(message_for(exc))
