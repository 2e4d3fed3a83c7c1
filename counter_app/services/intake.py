"""Intake at the counter (tiếp nhận): receive, request a supplement, or refuse — each issues the
dossier code at once, offline, and writes dossier, code state, outbox and audit in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime

from counter_app.domain.codes import issue_code
from counter_app.domain.dossier import (
    Delivery,
    Dossier,
    FeeLine,
    MissingItem,
    Party,
    ReceivedItem,
    StatusChange,
    SupplementRound,
)
from counter_app.domain.dossier_life import Representation, representation
from counter_app.domain.enums import Channel, DeliveryMethod, DossierStatus
from counter_app.domain.errors import NotFoundError, ValidationError
from counter_app.domain.ids import new_id
from counter_app.domain.procedure import Procedure
from counter_app.domain.processing_time import ProcessingTime
from counter_app.domain.text import nfc
from counter_app.services.central_changes import answer_waiting
from counter_app.services.context import ServiceContext
from counter_app.services.snapshots import record_new
from counter_app.store.tracking_book import enter_in_tracking_book
from counter_app.store.unit_of_work import Tx


@dataclass
class IntakeRequest:
    procedure_code: str
    applicant: Party
    channel: Channel = Channel.DIRECT
    submitter: Party | None = None
    items: list[ReceivedItem] = field(default_factory=list)
    sets_count: int = 1
    fees: list[FeeLine] = field(default_factory=list)
    delivery: Delivery = field(default_factory=Delivery)
    summary: str = ""
    processing_agency: str = ""
    #: The branch the officer chose where the procedure publishes several times.
    processing_override: ProcessingTime | None = None
    #: The submitter acts for the applicant under this authorisation (giấy ủy quyền).
    authorisation: Representation | None = None


def _whole(value: object, minimum: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= minimum


def _validated(req: IntakeRequest, procedure: Procedure) -> IntakeRequest:
    """Check what came from outside (the UI, a scanner, a file) before anything is written."""
    known = {doc.code for doc in procedure.documents}
    for item in req.items:
        if item.requirement_code not in known:
            raise ValidationError(
                "unknown_document_item", field="items", item=item.requirement_code
            )
        if not _whole(item.quantity, 0):
            raise ValidationError("invalid_quantity", field="items", item=item.requirement_code)
    if not _whole(req.sets_count, 1):
        raise ValidationError("invalid_quantity", field="sets_count")
    for fee in req.fees:
        if not _whole(fee.amount_vnd, 0):
            # an amount set by the provincial council must be entered, even as 0 when waived
            raise ValidationError("invalid_fee", field="fees", fee=fee.name)
    delivery = req.delivery
    if delivery.method is DeliveryMethod.POST and not nfc(delivery.postal_address):
        raise ValidationError("missing_field", field="postal_address")
    return IntakeRequest(
        procedure_code=req.procedure_code,
        applicant=req.applicant.normalised(),
        channel=req.channel,
        submitter=req.submitter.normalised() if req.submitter else None,
        items=req.items,
        sets_count=req.sets_count,
        fees=req.fees,
        delivery=delivery.normalised(),
        summary=nfc(req.summary),
        processing_agency=req.processing_agency,
        processing_override=req.processing_override,
        authorisation=req.authorisation,
    )


def _new_dossier(
    ctx: ServiceContext,
    tx: Tx,
    req: IntakeRequest,
    status: DossierStatus,
    actor: str,
    now: datetime,
    confirm_clock: bool,
    online_code: str | None = None,
) -> Dossier:
    """The new dossier, its code issued from this PC's block — or, for an online dossier the
    centre numbered (``online_code``, from the centre's own range), that code: no block used."""
    device = tx.devices.local(ctx.agency_code)  # no code, hence no intake, without a slot
    mark = ctx.store.code_mark
    marks = None
    if online_code is None:
        marks = mark.check(ctx.agency_code, device.block, device.state)  # never re-issue a code
    procedure = tx.procedures.get(req.procedure_code)
    if procedure is None:
        raise ValidationError(
            "procedure_not_found", field="procedure_code", procedure_code=req.procedure_code
        )
    req = _validated(req, procedure)
    code = online_code
    if code is None:
        issued, state = issue_code(
            ctx.agency_code,
            device.block,
            device.state,
            now,
            ctx.max_clock_jump,
            confirm_clock=confirm_clock,
        )
        code = str(issued)
        tx.devices.save_state(device.id, state)
        # durable outside the store before COMMIT: the state read here and the code being issued
        tx.before_commit.append(
            lambda: mark.record(ctx.agency_code, device.block, device.state, state, marks)
        )
    dossier = Dossier(
        id=new_id(),
        code=code,
        agency_code=ctx.agency_code,
        procedure_code=procedure.code,
        procedure_name=procedure.name,
        field_name=procedure.field,
        channel=req.channel,
        applicant=req.applicant,
        received_by=actor,
        received_at=now,
        status=status,
        device_id=device.id,
        submitter=req.submitter,
        summary=req.summary or procedure.name,
        items=req.items,
        sets_count=req.sets_count,
        fees=req.fees,
        delivery=req.delivery,
        processing_agency=req.processing_agency,
        history=[StatusChange(now, None, status, actor)],
    )
    dossier.processing = req.processing_override or procedure.processing.time_for(req.channel)
    dossier.authorisation = representation(req.submitter, req.authorisation, now)
    if status is DossierStatus.RECEIVED:
        dossier.appointment = ctx.deadlines.appoint(now, dossier.processing)
    return dossier


def receive(
    ctx: ServiceContext, req: IntakeRequest, actor: str, *, confirm_clock: bool = False
) -> Dossier:
    """Accept the dossier: code, appointment, and everything stored in one transaction.

    ``confirm_clock``: the officer confirmed that today's date is right although it lies far
    ahead of the last code issued (``clock_jump_unconfirmed`` otherwise)."""
    with ctx.store.write() as tx:
        now = ctx.clock.now()
        dossier = _new_dossier(ctx, tx, req, DossierStatus.RECEIVED, actor, now, confirm_clock)
        enter_in_tracking_book(tx.conn, dossier, now)
        record_new(tx, dossier, actor=actor, action="received", at=now)
    return dossier


def receive_online(
    ctx: ServiceContext, req: IntakeRequest, online_code: str, actor: str
) -> Dossier:
    """Accept an online dossier (hồ sơ trực tuyến) that waits for this agency under the code the
    centre gave it: the dossier is received under that code (channel online), entered in the
    tracking book, and no longer waits — one transaction. A code that is not waiting here (never
    submitted for this agency, or answered already) is refused: ``online_dossier_not_waiting``."""
    code = online_code.strip()
    with ctx.store.write() as tx:
        now = ctx.clock.now()
        if not answer_waiting(tx.conn, code, now):
            raise NotFoundError("online_dossier_not_waiting", field="online", code=code)
        online = replace(req, channel=Channel.ONLINE)
        dossier = _new_dossier(
            ctx, tx, online, DossierStatus.RECEIVED, actor, now, False, online_code=code
        )
        enter_in_tracking_book(tx.conn, dossier, now)
        record_new(tx, dossier, actor=actor, action="received", at=now)
    return dossier


def request_supplement(
    ctx: ServiceContext,
    req: IntakeRequest,
    missing: list[MissingItem],
    guidance: str,
    actor: str,
    *,
    confirm_clock: bool = False,
) -> Dossier:
    """Incomplete at the counter: list everything missing, once, in writing (Mẫu 02)."""
    if not missing:
        raise ValidationError("missing_field", field="missing")
    with ctx.store.write() as tx:
        now = ctx.clock.now()
        dossier = _new_dossier(
            ctx, tx, req, DossierStatus.SUPPLEMENT_REQUESTED, actor, now, confirm_clock
        )
        dossier.supplements.append(SupplementRound(1, now, actor, missing, nfc(guidance)))
        record_new(tx, dossier, actor=actor, action="supplement_requested", at=now)
    return dossier


def refuse(
    ctx: ServiceContext,
    req: IntakeRequest,
    reason: str,
    actor: str,
    *,
    confirm_clock: bool = False,
) -> Dossier:
    """Not eligible or wrong agency: refused with a written reason (Mẫu 03)."""
    if not nfc(reason):
        raise ValidationError("missing_field", field="reason")
    with ctx.store.write() as tx:
        now = ctx.clock.now()
        dossier = _new_dossier(ctx, tx, req, DossierStatus.REFUSED, actor, now, confirm_clock)
        dossier.refusal_reason, dossier.refused_at = nfc(reason), now
        record_new(tx, dossier, actor=actor, action="refused", at=now)
    return dossier
