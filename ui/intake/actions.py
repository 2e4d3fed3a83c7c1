"""What the intake form sends to the core: receive, request a supplement, or refuse — each one
write on the write lane; errors come back next to the field they are about, nothing typed is lost."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from counter_app.domain.citizen_card import CitizenCard
from counter_app.domain.dossier import Delivery, Dossier, Party
from counter_app.domain.dossier_life import Representation
from counter_app.domain.enums import ApplicantKind, Channel, DeliveryMethod
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.i18n import _
from counter_app.services import catalogue, desk, intake
from counter_app.services.context import ServiceContext
from ui.errors import field_of, message_for
from ui.intake.form import IntakeForm
from ui.intake.party import FIELDS, parse_day
from ui.tasks import ReadOp, TaskRunner, WriteOp


class IntakeController(QObject):
    """Emits ``done(dossier)`` once the core stored the dossier (any of the three outcomes)."""

    done = Signal(object)

    def __init__(
        self, form: IntakeForm, runner: TaskRunner, ctx: ServiceContext, actor: str
    ) -> None:
        super().__init__(form)
        self.form, self.runner, self.ctx, self.actor = form, runner, ctx, actor
        #: an online dossier being accepted under the code the centre gave it (None: a walk-in)
        self.online_code: str | None = None
        form.receive_button.clicked.connect(lambda: self._submit(self._receive))
        form.supplement_button.clicked.connect(lambda: self._submit(self._supplement))
        form.refuse_button.clicked.connect(lambda: self._submit(self._refuse))
        form.catcher.scanned.connect(self._card)
        form.catcher.failed.connect(lambda err: self._say(message_for(err), error=True))
        form.applicant.edits["id_number"].editingFinished.connect(self._known_applicant)
        store = ctx.store
        runner.read(
            ReadOp(
                lambda: catalogue.search_procedures(store, "", 10_000),
                form.set_procedures,
                self._failed,
            )
        )
        saved = form.drafts.load()
        if saved:
            form.restore(saved)
            self._say(_("The unfinished intake was restored from its draft."))

    # --------------------------------------------------------------------------- inputs

    def _card(self, card: CitizenCard) -> None:
        focus = self.form.focusWidget()
        target = self.form.applicant
        if focus is not None and self.form.submitter.isAncestorOf(focus):
            target = self.form.submitter
        target.fill_card(card)
        self._say(_("Citizen ID card read: name, ID number, birth date, sex and address filled."))

    def _known_applicant(self) -> None:
        number = self.form.applicant.edits["id_number"].text().strip()
        if len(number) not in (9, 12) or not number.isdigit():
            return
        store = self.ctx.store
        self.runner.read(ReadOp(lambda: desk.known_applicant(store, number), self._offer))

    def _offer(self, party: Party | None) -> None:
        if party is not None:
            self.form.applicant.fill_party(party)
            self._say(_("Known applicant: details filled in from an earlier dossier."))

    def _request(self) -> intake.IntakeRequest:
        f = self.form
        if f.procedure is None:
            raise ValidationError("missing_field", field="procedure_code")
        submitter, authorisation = None, None
        if f.submitter_group.isChecked():
            submitter = f.submitter.party()
            signed = parse_day(f.auth_date.text(), "authorisation.document_date")
            if signed is None:
                raise ValidationError("missing_field", field="authorisation.document_date")
            authorisation = Representation(f.auth_no.text(), signed, f.auth_relation.text())
        delivery = Delivery(DeliveryMethod(f.delivery.currentData()), f.postal_address.text())
        return intake.IntakeRequest(
            procedure_code=f.procedure.code,
            applicant=f.applicant.party(),
            channel=Channel(f.channel.currentData()),
            submitter=submitter,
            items=f.checklist.received(),
            fees=f.fees.lines(),
            delivery=delivery,
            authorisation=authorisation,
        )

    # --------------------------------------------------------------------------- actions

    def _receive(self, req: intake.IntakeRequest) -> Callable[[], Dossier]:
        ctx, actor, online = self.ctx, self.actor, self.online_code
        if online is not None:
            return lambda: intake.receive_online(ctx, req, online, actor)
        return lambda: intake.receive(ctx, req, actor)

    def accept_online(self, code: str, procedure_code: str, applicant_name: str) -> None:
        """This form receives the online dossier ``code``: its procedure and applicant filled
        in; only "receive" applies (a supplement or refusal would need a code of this PC)."""
        self.online_code = code
        f = self.form
        f.setWindowTitle(_("Accept online dossier {code}").format(code=code))
        f.supplement_button.setEnabled(False)
        f.refuse_button.setEnabled(False)
        f.choose(procedure_code)
        if applicant_name:
            f.applicant.fill_party(Party(ApplicantKind.CITIZEN, applicant_name))

    def _supplement(self, req: intake.IntakeRequest) -> Callable[[], Dossier]:
        missing = self.form.checklist.missing()
        if not missing:
            raise ValidationError("missing_field", field="missing")
        ctx, actor, guidance = self.ctx, self.actor, self.form.reason.text()
        return lambda: intake.request_supplement(ctx, req, missing, guidance, actor)

    def _refuse(self, req: intake.IntakeRequest) -> Callable[[], Dossier]:
        ctx, actor, reason = self.ctx, self.actor, self.form.reason.text()
        if not reason.strip():
            raise ValidationError("missing_field", field="reason")
        return lambda: intake.refuse(ctx, req, reason, actor)

    def _submit(self, action: Callable[[intake.IntakeRequest], Callable[[], Dossier]]) -> None:
        self._clear_errors()
        try:
            work = action(self._request())
        except DomainError as err:
            self._failed(err)
            return
        self._busy(True)
        self.runner.write(WriteOp(work, self._stored, self._failed))

    def _stored(self, dossier: Dossier) -> None:
        self._busy(False)
        self.form.drafts.clear()
        self.form._dirty = False
        self.done.emit(dossier)

    def _failed(self, exc: BaseException) -> None:
        self._busy(False)
        text, field = message_for(exc), field_of(exc) or ""
        f = self.form
        labels = {
            "procedure_code": f.procedure_error,
            "postal_address": f.postal_error,
            "reason": f.reason_error,
            "missing": f.missing_error,
            "items": f.missing_error,
        }
        labels.update({f"authorisation.{k}": v for k, v in f.auth_errors.items()})
        if field in FIELDS:
            focus = f.focusWidget()
            in_submitter = focus is not None and f.submitter.isAncestorOf(focus)
            box = f.submitter if in_submitter else f.applicant
            labels[field] = box.errors[field]
        target = labels.get(field)
        if target is not None:
            target.show_message(text)
        self._say(text, error=True)

    # --------------------------------------------------------------------------- feedback

    def _busy(self, busy: bool) -> None:
        for button in (f := self.form).receive_button, f.supplement_button, f.refuse_button:
            button.setEnabled(not busy)

    def _clear_errors(self) -> None:
        f = self.form
        f.applicant.clear_errors()
        f.submitter.clear_errors()
        for label in (f.procedure_error, f.postal_error, f.reason_error, f.missing_error):
            label.show_message("")
        for label in f.auth_errors.values():
            label.show_message("")

    def _say(self, text: str, *, error: bool = False) -> None:
        self.form.status.setProperty("error", error)
        self.form.status.setText(text)
        self.form.status.style().polish(self.form.status)
