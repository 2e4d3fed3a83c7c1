"""One dossier: what it is (history, appointment, warning, documents, payments) and the life-cycle
actions the core offers. Every action sends the version shown; on a conflict the dossier is
reloaded and the window says so, keeping everything typed in the action fields."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, time
from typing import Any

from PySide6.QtCore import QDate, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.dossier import Dossier
from counter_app.domain.enums import DeliveryMethod, PaymentMethod, Role
from counter_app.domain.errors import DomainError
from counter_app.domain.vntime import VN_TZ
from counter_app.i18n import _
from counter_app.services import desk, lifecycle
from ui import labels
from ui.dossier.details import render, warning_text
from ui.dossier.step_budget import StepBudget
from ui.errors import message_for
from ui.printing.preview_dialog import PreviewDialog, slip_name
from ui.scanning.scan_dialog import ScanDialog
from ui.session import Session
from ui.signing.file_signatures import FileSignatures
from ui.tasks import ReadOp, TaskRunner, WriteOp

CONFLICT = "concurrent_modification"


class DossierView(QWidget):
    message = Signal(str)
    loaded = Signal(object)  # Dossier, after every (re)load or action

    def __init__(self, session: Session, runner: TaskRunner, code: str) -> None:
        super().__init__()
        self.session, self.runner, self.code = session, runner, code
        self.dossier: Dossier | None = None
        self.preview: PreviewDialog | None = None
        self.scan_dialog: ScanDialog | None = None
        self.setWindowTitle(_("Dossier {code}").format(code=code))
        self.resize(960, 900)
        layout = QVBoxLayout(self)
        self.details = QTextBrowser()
        self.details.setMinimumHeight(360)
        layout.addWidget(self.details, 1)
        scanner = session.scanner
        self.signatures = FileSignatures(runner, scanner.signing if scanner else None)
        layout.addWidget(self.signatures)
        layout.addWidget(self._inputs())
        layout.addLayout(self._buttons())
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        self.reload()

    # --------------------------------------------------------------------------- layout

    def _inputs(self) -> QGroupBox:
        group = QGroupBox(_("Details of the action"))
        form = QFormLayout(group)
        self.note = QLineEdit()
        self.note.setObjectName("note")
        form.addRow(_("Reason / note"), self.note)
        self.recipient = QLineEdit()
        form.addRow(_("Result handed to (name, ID checked)"), self.recipient)
        self.return_method = QComboBox()
        for method, text in labels.DELIVERY.items():
            self.return_method.addItem(_(text), method)
        form.addRow(_("Returned"), self.return_method)
        self.tracking_no = QLineEdit()
        form.addRow(_("Postal tracking no."), self.tracking_no)
        self.fee_method = QComboBox()
        for payment, text in labels.PAYMENT.items():
            self.fee_method.addItem(_(text), payment)
        self.fee_receipt = QLineEdit()
        form.addRow(_("Fee collected on return: paid by"), self.fee_method)
        form.addRow(_("Receipt no."), self.fee_receipt)
        self.agency = QLineEdit()
        form.addRow(_("Processing agency (hand-over)"), self.agency)
        self.agency_officer = QLineEdit()
        self.agency_officer.setObjectName("agencyOfficer")
        form.addRow(_("Agency officer (receives it / brings the result back)"), self.agency_officer)
        self.step_budget = StepBudget()
        form.addRow(_("Time for the agency's step"), self.step_budget)
        self.rating = QSpinBox()
        self.rating.setRange(1, 5)
        self.rating.setValue(5)
        form.addRow(_("Satisfaction (1–5)"), self.rating)
        self.new_date = QDateEdit()
        self.new_date.setDisplayFormat("dd/MM/yyyy")
        self.new_date.setCalendarPopup(True)
        self.new_date.setDate(QDate.currentDate().addDays(3))
        form.addRow(_("New appointment (apology)"), self.new_date)
        return group

    def _buttons(self) -> QGridLayout:
        grid = QGridLayout()
        actions: list[tuple[str, str, Callable[[Dossier], Callable[[], Dossier]]]] = [
            ("supplement_received", _("Supplement received"), self._supplement_received),
            ("transfer", _("Hand over to agency"), self._transfer),
            ("resolve", _("Result received back"), self._resolve),
            ("collect_fee", _("Collect fee"), self._collect_fee),
            ("return", _("Return the result"), self._return),
            ("refuse", _("Refuse"), self._refuse),
            ("withdraw", _("Withdrawal requested"), self._withdraw),
            ("stop", _("Stop processing"), self._stop),
            ("obligation", _("Financial obligation"), self._obligation),
            ("resume", _("Resume processing"), self._resume),
            ("rate", _("Record rating"), self._rate),
            ("apologise", _("Apology with new date"), self._apologise),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, build) in enumerate(actions):
            button = QPushButton(text)
            button.setObjectName(f"action_{key}")
            button.clicked.connect(lambda _checked=False, b=build: self._act(b))
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[key] = button
        grid.addLayout(self._print_row(), len(actions) // 4 + 1, 0, 1, 4)
        self.scan_button = QPushButton(_("Scan documents (F11)"))
        self.scan_button.setObjectName("scan_documents")
        QShortcut(QKeySequence("F11"), self, self.scan_button.click)
        self.scan_button.setEnabled(self.session.scanner is not None)
        if self.session.scanner is None:
            self.scan_button.setToolTip(_("No scanning module is installed on this computer."))
        self.scan_button.clicked.connect(self.open_scan)
        grid.addWidget(self.scan_button, len(actions) // 4 + 2, 0)
        return grid

    def _print_row(self) -> QHBoxLayout:
        """The slip chooser (only the slips the dossier's state allows), Print (F12) and
        Reprint (supervisors; the core checks it again)."""
        row = QHBoxLayout()
        slips = self.session.slips
        self.slip_kind = QComboBox()
        self.slip_kind.setObjectName("slipKind")
        row.addWidget(QLabel(_("Slip")))
        row.addWidget(self.slip_kind, 1)
        self.print_button = QPushButton(_("Print… (F12)"))
        self.print_button.setObjectName("printSlip")
        self.print_button.clicked.connect(self.print_slip)
        self.reprint_button = QPushButton(_("Reprint…"))
        self.reprint_button.setObjectName("reprint")
        self.reprint_button.clicked.connect(self.reprint)
        if slips is None:
            tip = _("Printing arrives with the printing module.")
        elif not self.is_supervisor:
            tip = _("Only a supervisor may reprint a slip.")
        else:
            tip = ""
        self.reprint_button.setToolTip(tip)
        row.addWidget(self.print_button)
        row.addWidget(self.reprint_button)
        shortcut = QShortcut(QKeySequence("F12"), self)
        shortcut.activated.connect(self.print_slip)
        self._enable_printing()
        return row

    @property
    def is_supervisor(self) -> bool:
        return self.session.user.role is Role.SUPERVISOR

    def _enable_printing(self) -> None:
        ready = self.session.slips is not None and self.slip_kind.count() > 0
        self.print_button.setEnabled(ready)
        self.reprint_button.setEnabled(ready and self.is_supervisor)

    # --------------------------------------------------------------------------- loading

    def reload(self) -> None:
        store, code = self.session.ctx.store, self.code
        self.runner.read(ReadOp(lambda: desk.dossier(store, code), self._show, self._failed))

    def _show(self, dossier: Dossier) -> None:
        self.dossier = dossier
        ctx = self.session.ctx
        warning = warning_text(dossier, ctx.deadlines, ctx.clock.now())
        self.details.setHtml(render(dossier, warning))
        self._fill_slips(dossier)
        self.signatures.show_for(dossier)
        self.loaded.emit(dossier)

    def _fill_slips(self, dossier: Dossier) -> None:
        chosen = self.slip_kind.currentData()
        self.slip_kind.clear()
        kinds = self.session.slips.applicable(dossier) if self.session.slips else []
        for kind in kinds:
            self.slip_kind.addItem(slip_name(kind), kind)
        index = self.slip_kind.findData(chosen)
        self.slip_kind.setCurrentIndex(max(index, 0))
        self._enable_printing()

    def print_slip(self) -> PreviewDialog | None:
        """The preview of the chosen slip (F12); printing and saving start from there."""
        return self.open_preview(reprint=False, reason="")

    def reprint(self) -> PreviewDialog | None:
        """A supervisor reprints the chosen slip, giving the reason (kept in the audit trail)."""
        if not self.is_supervisor:
            self._say(_("Only a supervisor may reprint a slip."), error=True)
            return None
        reason = self.ask_reason()
        if reason is None:
            return None
        if not reason.strip():
            self._say(_("Give the reason for the reprint."), error=True)
            return None
        return self.open_preview(reprint=True, reason=reason)

    def ask_reason(self) -> str | None:
        """The reprint's reason, or None when cancelled."""
        text, ok = QInputDialog.getText(self, _("Reprint"), _("Why is this slip printed again?"))
        return text if ok else None

    def open_preview(self, *, reprint: bool, reason: str) -> PreviewDialog | None:
        slips, kind = self.session.slips, self.slip_kind.currentData()
        if slips is None or self.dossier is None or not isinstance(kind, str):
            return None
        dialog = PreviewDialog(
            slips,
            self.runner,
            self.dossier.code,
            kind,
            self.session.user.username,
            reprint=reprint,
            reason=reason,
            parent=self,
        )
        dialog.issued.connect(self._slip_issued)
        self.preview = dialog
        dialog.show()
        return dialog

    def _slip_issued(self, text: str) -> None:
        self._say(text)
        self.message.emit(text)

    def open_scan(self) -> ScanDialog | None:
        """The scan dialog for this dossier's document items (the dossier reloads on save)."""
        scanner, dossier = self.session.scanner, self.dossier
        if scanner is None or dossier is None:
            return None
        dialog = ScanDialog(self.session, self.runner, scanner, dossier)
        dialog.saved.connect(lambda _result: self.reload())
        self.scan_dialog = dialog
        dialog.show()
        return dialog

    # --------------------------------------------------------------------------- actions

    def _act(self, build: Callable[[Dossier], Callable[[], Dossier]]) -> None:
        if self.dossier is None:
            return
        self._say("")
        self._enable(False)
        self.runner.write(WriteOp(build(self.dossier), self._done, self._failed))

    def _done(self, dossier: Dossier) -> None:
        self._enable(True)
        self._show(dossier)
        text = _("Dossier {code}: {status}.").format(
            code=dossier.code, status=labels.status(dossier.status)
        )
        self._say(text)
        self.message.emit(text)

    def _failed(self, exc: BaseException) -> None:
        self._enable(True)
        if isinstance(exc, DomainError) and exc.code == CONFLICT:
            self.reload()  # the action fields keep what was typed
            self._say(
                _(
                    "This dossier was changed elsewhere in the meantime. It has been reloaded; "
                    "check it and repeat the action — what you typed is kept."
                ),
                error=True,
            )
            return
        self._say(message_for(exc), error=True)

    def _enable(self, enabled: bool) -> None:
        for button in self.buttons.values():
            button.setEnabled(enabled)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("error", error)
        self.status.setText(text)
        self.status.style().polish(self.status)

    # each builder reads the fields now (GUI thread) and returns the work for the write lane

    def _common(self, d: Dossier) -> dict[str, Any]:
        return {"expected_version": d.version}

    def _supplement_received(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        return lambda: lifecycle.receive_supplement(ctx, d.code, actor, **kw)

    def _transfer(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        agency, receiver = self.agency.text(), self.agency_officer.text()
        budget = self.step_budget.value()
        return lambda: lifecycle.transfer(
            ctx, d.code, agency, actor, receiver=receiver, step_budget=budget, **kw
        )

    def _resolve(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        giver = self.agency_officer.text()
        return lambda: lifecycle.resolve(ctx, d.code, actor, giver=giver, **kw)

    def _return(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        method = DeliveryMethod(self.return_method.currentData())
        recipient, tracking, note = self.recipient.text(), self.tracking_no.text(), self.note.text()
        return lambda: lifecycle.return_result(
            ctx,
            d.code,
            actor,
            note,
            method=method,
            recipient=recipient,
            postal_tracking_no=tracking,
            **kw,
        )

    def _collect_fee(self, d: Dossier) -> Callable[[], Dossier]:
        """The first fee still due (collected after), with the method and receipt typed."""
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        due = d.outstanding_fees
        name = due[0].name if due else ""
        method = PaymentMethod(self.fee_method.currentData())
        receipt = self.fee_receipt.text()
        return lambda: lifecycle.collect_fee(ctx, d.code, name, method, receipt, actor, **kw)

    def _refuse(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        reason = self.note.text()
        return lambda: lifecycle.refuse(ctx, d.code, reason, actor, **kw)

    def _withdraw(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        reason = self.note.text()
        return lambda: lifecycle.withdraw(ctx, d.code, reason, actor, **kw)

    def _stop(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        reason = self.note.text()
        return lambda: lifecycle.stop(ctx, d.code, reason, actor, **kw)

    def _obligation(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        note = self.note.text()
        return lambda: lifecycle.request_financial_obligation(ctx, d.code, note, actor, **kw)

    def _resume(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        return lambda: lifecycle.resume_processing(ctx, d.code, actor, **kw)

    def _rate(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        score = self.rating.value()
        return lambda: lifecycle.rate(ctx, d.code, score, actor, **kw)

    def _apologise(self, d: Dossier) -> Callable[[], Dossier]:
        ctx, actor, kw = self.session.ctx, self.session.user.username, self._common(d)
        reason = self.note.text()
        day = self.new_date.date().toPython()
        due = datetime.combine(day, time(16, 30), VN_TZ)  # type: ignore[arg-type]
        return lambda: lifecycle.apologise(ctx, d.code, due, reason, actor, **kw)
