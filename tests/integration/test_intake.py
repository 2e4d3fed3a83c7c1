"""Intake and life cycle against a real SQLite store on disk."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_app.composition import App
from counter_app.domain.dossier import Delivery, MissingItem, Party, ReceivedItem
from counter_app.domain.enums import ApplicantKind, DeliveryMethod, DocumentForm, DossierStatus
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.status import IllegalTransition
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from counter_app.store import schema as t
from counter_app.store.audit import verify_chain

BIRTH_REGISTRATION = "1.001193"  # same day
WORKING_DAYS_PROC = "2.000986"


def request(procedure: str = BIRTH_REGISTRATION, **kw: Any) -> intake.IntakeRequest:
    applicant = Party(
        ApplicantKind.CITIZEN,
        "Nguyễn Văn An",
        "001090123456",
        phone="0912 345 678",
        address="Số 5 Lê Lợi, Phường Ba Đình, Hà Nội",
    )
    return intake.IntakeRequest(procedure, applicant, **kw)


def counts(app: App) -> tuple[int, int, int]:
    with app.store.read() as tx:
        c = tx.conn
        return (
            c.execute(select(func.count()).select_from(t.dossiers)).scalar_one(),
            c.execute(select(func.count()).select_from(t.outbox)).scalar_one(),
            c.execute(select(func.count()).select_from(t.audit_log)).scalar_one(),
        )


def test_receive_writes_dossier_code_outbox_and_audit_together(app: App) -> None:
    dossier = intake.receive(app.services, request(), "canbo1")
    assert dossier.code == "000.00.06.H56-260302-1000"
    assert dossier.status is DossierStatus.RECEIVED
    assert dossier.applicant.phone == "0912345678"
    assert dossier.appointment is not None
    assert dossier.due_at == datetime(2026, 3, 2, 17, 0, tzinfo=VN_TZ)  # same day, before 15:00
    assert counts(app) == (1, 1, 1)
    with app.store.read() as tx:
        stored = tx.dossiers.by_code(dossier.code)
        assert stored == dossier
        assert tx.outbox.pending()[0]["event"] == "dossier.received"
        assert verify_chain(tx.conn).ok


def test_codes_follow_each_other_and_restart_each_day(app: App, clock: FixedClock) -> None:
    first = intake.receive(app.services, request(), "canbo1")
    second = intake.receive(app.services, request(), "canbo1")
    clock.advance(timedelta(days=1))
    third = intake.receive(app.services, request(), "canbo1")
    assert [first.code[-11:], second.code[-11:], third.code[-11:]] == [
        "260302-1000",
        "260302-1001",
        "260303-1000",
    ]


def test_failed_intake_leaves_nothing_behind(app: App) -> None:
    bad = request(delivery=Delivery(DeliveryMethod.POST, ""))
    with pytest.raises(ValidationError) as err:
        intake.receive(app.services, bad, "canbo1")
    assert (err.value.code, err.value.field) == ("missing_field", "postal_address")
    assert counts(app) == (0, 0, 0)
    # the sequence was not consumed either
    assert intake.receive(app.services, request(), "canbo1").code.endswith("-1000")


@pytest.mark.parametrize(
    ("party", "code", "field"),
    [
        (Party(ApplicantKind.CITIZEN, "  "), "missing_field", "name"),
        (Party(ApplicantKind.CITIZEN, "A", "12345"), "invalid_id_number", "id_number"),
        (Party(ApplicantKind.CITIZEN, "A", phone="12"), "invalid_phone", "phone"),
        (Party(ApplicantKind.CITIZEN, "A", email="x@"), "invalid_email", "email"),
    ],
)
def test_bad_applicant_is_refused_with_a_code(
    app: App, party: Party, code: str, field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        intake.receive(app.services, intake.IntakeRequest(BIRTH_REGISTRATION, party), "canbo1")
    assert (err.value.code, err.value.field) == (code, field)


def test_unknown_procedure_and_item(app: App) -> None:
    with pytest.raises(ValidationError, match="procedure_not_found"):
        intake.receive(app.services, request("9.999999"), "canbo1")
    with pytest.raises(ValidationError, match="unknown_document_item"):
        intake.receive(
            app.services,
            request(items=[ReceivedItem("TP99", "x", DocumentForm.ORIGINAL)]),
            "canbo1",
        )


def test_full_life_cycle_and_audit(app: App, clock: FixedClock) -> None:
    ctx = app.services
    code = intake.receive(ctx, request(WORKING_DAYS_PROC), "canbo1").code
    clock.advance(timedelta(hours=1))
    lifecycle.transfer(ctx, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    clock.advance(timedelta(hours=2))
    paused = lifecycle.request_supplement(
        ctx, code, [MissingItem("Tờ khai", "Thiếu chữ ký")], "", "canbo1"
    )
    assert paused.appointment is not None and paused.appointment.paused_at is not None
    clock.advance(timedelta(days=2))
    back = lifecycle.receive_supplement(ctx, code, "canbo1")
    assert back.appointment is not None and back.appointment.supplement_round == 1
    assert back.code == code and back.supplements[0].received_at == clock.now()
    lifecycle.transfer(ctx, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    lifecycle.resolve(ctx, code, "canbo1", giver="Lê Thị Hoa")
    done = lifecycle.return_result(ctx, code, "canbo1")
    assert done.status is DossierStatus.RETURNED
    assert [h.to_status for h in done.history] == [2, 4, 5, 2, 4, 9, 10]
    lifecycle.rate(ctx, code, 5, "canbo1")
    with pytest.raises(DomainError, match="rating_already_given"):
        lifecycle.rate(ctx, code, 4, "canbo1")
    with app.store.read() as tx:
        entries = tx.audit.entries_for(done.id)
        assert [e["action"] for e in entries] == [
            "received",
            "transferred",
            "supplement_requested",
            "supplement_received",
            "transferred",
            "resolved",
            "returned",
            "rated",
        ]
        assert entries[1]["before"] == {
            "status": 2,
            "processing_agency": "",
            "transfers": [],
            "history": entries[1]["before"]["history"],
            "version": 0,
        }
        assert verify_chain(tx.conn).ok


def test_illegal_transition_is_typed_and_changes_nothing(app: App) -> None:
    code = intake.receive(app.services, request(), "canbo1").code
    before = counts(app)
    with pytest.raises(IllegalTransition) as err:
        lifecycle.return_result(app.services, code, "canbo1")
    assert (err.value.from_status, err.value.to_status) == (2, 10)
    assert counts(app) == before


def test_apology_once(app: App, clock: FixedClock) -> None:
    code = intake.receive(app.services, request(WORKING_DAYS_PROC), "canbo1").code
    later = clock.now() + timedelta(days=40)
    moved = lifecycle.apologise(app.services, code, later, "Cần xác minh", "truongbp")
    assert moved.due_at == later
    with pytest.raises(DomainError, match="apology_already_given"):
        lifecycle.apologise(app.services, code, later + timedelta(days=1), "Lần nữa", "truongbp")


def test_refuse_and_supplement_at_intake_get_codes(app: App) -> None:
    refused = intake.refuse(app.services, request(), "Không thuộc thẩm quyền", "canbo1")
    assert refused.status is DossierStatus.REFUSED and refused.appointment is None
    asked = intake.request_supplement(
        app.services, request(), [MissingItem("CCCD", "Chưa nộp")], "Quầy 2", "canbo1"
    )
    assert asked.status is DossierStatus.SUPPLEMENT_REQUESTED and asked.code.endswith("-1001")
    back = lifecycle.receive_supplement(app.services, asked.code, "canbo1")
    assert back.appointment is not None and back.status is DossierStatus.RECEIVED
    assert back.appointment.supplement_round == back.supplements[0].number == 1


def test_missing_dossier(app: App) -> None:
    with pytest.raises(DomainError, match="dossier_not_found"):
        lifecycle.resolve(app.services, "000.00.06.H56-260302-0999", "canbo1", giver="Lê Thị Hoa")
