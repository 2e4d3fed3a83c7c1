"""The whole life of a dossier (issue 6 §3 and the financial-obligation pause of §2), hand-worked
against the texts, through the services on a real store on disk.

Office hours are the default 07:00–11:30 and 13:30–17:00 (8 working hours a day), Mon–Fri; March
2026 has no holiday. T0 is Monday 02/03/2026 09:00. Procedure 1.004884 (đăng ký lại khai sinh)
takes 5 working days, so a receipt at T0 is due Monday 09/03/2026 09:00; 1.001612 (đăng ký hộ kinh
doanh, lệ phí 150.000 đ) takes 3 working days: due Thursday 05/03/2026 09:00.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from sqlalchemy import func, select

from counter_app.composition import App
from counter_app.domain.codec import decode, to_jsonable
from counter_app.domain.dossier import Delivery, Dossier, FeeLine, MissingItem, Party
from counter_app.domain.dossier_life import Representation, TrackingEntry
from counter_app.domain.enums import (
    ApplicantKind,
    DeliveryMethod,
    DossierStatus,
    FeeTiming,
    PaymentMethod,
)
from counter_app.domain.errors import ConflictError, DomainError, ValidationError
from counter_app.domain.status import IllegalTransition
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from counter_app.store import schema as t

FIVE_DAYS = "1.004884"
THREE_DAYS_WITH_FEE = "1.001612"
FEE = "Lệ phí đăng ký hộ kinh doanh"
S = DossierStatus


def at(day: int, hour: int, minute: int = 0, month: int = 3, year: int = 2026) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


def person(name: str = "Nguyễn Văn An", id_number: str = "001090123456") -> Party:
    return Party(ApplicantKind.CITIZEN, name, id_number, phone="0912345678", address="Số 5 Lê Lợi")


def request(procedure: str = FIVE_DAYS, **kw: object) -> intake.IntakeRequest:
    return intake.IntakeRequest(procedure, person(), **kw)  # type: ignore[arg-type]


def fee_request(timing: FeeTiming = FeeTiming.BEFORE, **kw: object) -> intake.IntakeRequest:
    method = PaymentMethod.CASH if timing is FeeTiming.BEFORE else None
    fee = FeeLine(FEE, 150_000, timing, method, "BL0001" if method else "")
    return request(THREE_DAYS_WITH_FEE, fees=[fee], **kw)


def stored(app: App, code: str) -> Dossier:
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
    assert dossier is not None
    return dossier


def received(app: App, req: intake.IntakeRequest | None = None, transfer: bool = True) -> str:
    code = intake.receive(app.services, req or request(), "canbo1").code
    if transfer:
        lifecycle.transfer(app.services, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    return code


# --- refusal after receipt (Bắc Giang 2022 Art. 16.4) ----------------------------------------


def test_refusal_after_receipt_within_the_processing_time(app: App, clock: FixedClock) -> None:
    """Art. 16.4: the refusal slip's confirmation is the return date; status 4 → 3 is allowed."""
    code = received(app)
    clock.set(at(4, 10))
    refused = lifecycle.refuse(app.services, code, "Không đủ điều kiện", "canbo1")
    assert refused.status is S.REFUSED and refused.refused_at == at(4, 10)
    assert refused.refused_after_receipt and refused.refusal_reason == "Không đủ điều kiện"
    assert [h.to_status for h in refused.history] == [2, 4, 3]
    at_intake = intake.refuse(app.services, request(), "Sai thẩm quyền", "canbo1")
    assert not at_intake.refused_after_receipt  # refused at the counter: never received


def test_refusal_after_receipt_ends_at_the_appointment(app: App, clock: FixedClock) -> None:
    """Art. 16.4 "thời hạn trả lại hồ sơ phải trong thời hạn giải quyết": due Mon 09/03 09:00;
    at 09:00 exactly still allowed, at 09:01 refused with ``refusal_after_due``."""
    late, on_the_minute = received(app), received(app, transfer=False)
    clock.set(at(9, 9, 1))
    with pytest.raises(ConflictError) as err:
        lifecycle.refuse(app.services, late, "Không đủ điều kiện", "canbo1")
    assert err.value.code == "refusal_after_due"
    assert err.value.params["due"] == "2026-03-09T09:00:00+07:00"
    assert stored(app, late).status is S.PROCESSING and stored(app, late).version == 1
    clock.set(at(9, 9, 0))
    assert lifecycle.refuse(app.services, on_the_minute, "Không đủ", "canbo1").status is S.REFUSED


def test_refusal_is_illegal_once_resolved(app: App) -> None:
    code = received(app)
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    with pytest.raises(IllegalTransition) as err:
        lifecycle.refuse(app.services, code, "Muộn", "canbo1")
    assert (err.value.code, err.value.params) == (
        "illegal_transition",
        {"from_status": 9, "to_status": 3},
    )


# --- withdrawal → stop (TT 03/2025/TT-VPCP Phụ lục I Mẫu 05) ---------------------------------


def test_withdrawal_then_stop_records_notice_and_refund(app: App, clock: FixedClock) -> None:
    """Status 7 → 8 with the stop notice (Mẫu 05); the lệ phí paid before is to be refunded."""
    code = received(app, fee_request())
    clock.set(at(3, 8))
    asked = lifecycle.withdraw(app.services, code, "Công dân xin rút hồ sơ", "canbo1")
    assert asked.status is S.WITHDRAWN and asked.withdrawal is not None
    assert asked.withdrawal.requested_at == at(3, 8)
    clock.set(at(3, 14))
    done = lifecycle.stop(
        app.services, code, "Dừng theo đề nghị", "truongbp", refunds={FEE: 150_000}
    )
    assert done.status is S.STOPPED and done.stop_notice is not None
    assert done.stop_notice.on_withdrawal and done.stop_notice.at == at(3, 14)
    assert [(r.fee_name, r.amount_vnd, r.recorded_at) for r in done.refunds] == [
        (FEE, 150_000, at(3, 14))
    ]
    assert [h.to_status for h in done.history] == [2, 4, 7, 8]


def test_withdrawal_may_end_in_a_refusal_but_never_back_in_processing(app: App) -> None:
    first, second = received(app), received(app)
    for code in (first, second):
        lifecycle.withdraw(app.services, code, "Xin rút", "canbo1")
    with pytest.raises(IllegalTransition) as err:
        lifecycle.transfer(app.services, first, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    assert err.value.params == {"from_status": 7, "to_status": 4}
    assert lifecycle.refuse(app.services, second, "Rút hồ sơ", "canbo1").status is S.REFUSED


def test_refunds_cannot_exceed_what_was_paid(app: App) -> None:
    paid, unpaid = received(app, fee_request()), received(app, fee_request(FeeTiming.AFTER))
    with pytest.raises(ValidationError) as too_much:
        lifecycle.stop(app.services, paid, "Dừng", "truongbp", refunds={FEE: 150_001})
    assert (too_much.value.code, too_much.value.field) == ("invalid_refund", "refunds")
    with pytest.raises(ConflictError) as never_paid:
        lifecycle.stop(app.services, unpaid, "Dừng", "truongbp", refunds={FEE: 1})
    assert never_paid.value.code == "fee_not_paid"
    with pytest.raises(ValidationError) as unknown:
        lifecycle.stop(app.services, paid, "Dừng", "truongbp", refunds={"Phí khác": 1})
    assert unknown.value.code == "unknown_fee"
    assert stored(app, paid).status is S.PROCESSING  # nothing half-done


# --- supplements (Bắc Giang 2022 Art. 16.5.a–b; QĐ 766/QĐ-TTg) -------------------------------


def test_two_supplement_rounds_keep_their_dates_and_flag_the_dossier(
    app: App, clock: FixedClock
) -> None:
    """Round 1: asked Tue 03/03 10:00 (old due Mon 09/03 09:00), back Thu 05/03 14:00, the clock
    restarts from zero: 5 working days → Thu 12/03 14:00. Round 2: asked Fri 06/03 09:00, back Mon
    09/03 10:00 → Mon 16/03 10:00. Two requests count as late (QĐ 766)."""
    code = received(app)
    missing = [MissingItem("Tờ khai", "Thiếu chữ ký")]
    for asked, back in ((at(3, 10), at(5, 14)), (at(6, 9), at(9, 10))):
        clock.set(asked)
        lifecycle.request_supplement(app.services, code, missing, "", "canbo1")
        clock.set(back)
        lifecycle.receive_supplement(app.services, code, "buudien1")
    d = stored(app, code)
    rounds = [
        (r.number, r.requested_at, r.received_at, r.received_by, r.old_due, r.new_due)
        for r in d.supplements
    ]
    assert rounds == [
        (1, at(3, 10), at(5, 14), "buudien1", at(9, 9), at(12, 14)),
        (2, at(6, 9), at(9, 10), "buudien1", at(12, 14), at(16, 10)),
    ]
    assert d.supplement_requests == 2 and d.counts_late_for_supplements
    assert d.appointment is not None and d.appointment.supplement_round == 2


def test_supplement_only_within_the_processing_time(app: App, clock: FixedClock) -> None:
    """Art. 16.5.a: "chỉ có thể thực hiện trong thời hạn giải quyết hồ sơ"."""
    code = received(app)
    clock.set(at(9, 9, 1))
    with pytest.raises(ConflictError) as err:
        lifecycle.request_supplement(app.services, code, [MissingItem("Tờ khai", "x")], "", "cb")
    assert err.value.code == "supplement_after_due"
    assert stored(app, code).supplements == []


def test_supplement_while_a_financial_obligation_is_open(app: App, clock: FixedClock) -> None:
    """Issue 6 §3: 6 → 5 is allowed; the obligation's pause ends when the supplement pause begins.
    Paused Tue 03/03 09:00, supplement asked Wed 04/03 09:00 — after the due date had it run, but
    the clock stood still, so it is within the processing time."""
    code = received(app)
    clock.set(at(3, 9))
    lifecycle.request_financial_obligation(app.services, code, "Nộp thuế", "canbo1")
    clock.set(at(10, 9))  # past the unpaused due date (09/03 09:00)
    d = lifecycle.request_supplement(app.services, code, [MissingItem("Tờ khai", "x")], "", "cb")
    assert d.status is S.SUPPLEMENT_REQUESTED
    assert d.pauses[0].ended_at == at(10, 9) and d.pauses[0].paused_minutes == 5 * 480
    assert d.appointment is not None and d.appointment.paused_at == at(10, 9)


# --- financial obligation pauses the clock (issue 6 §2; Bắc Giang 2022 Art. 16.5) -----------


def test_financial_obligation_pause_keeps_the_time_that_was_left(
    app: App, clock: FixedClock
) -> None:
    """Due Mon 09/03 09:00. Paused Tue 03/03 09:00 (4 working days = 1920 min left), resumed Thu
    05/03 09:00 (960 working minutes paused) → due Wed 11/03 09:00, still 1920 min from resumption."""
    code = received(app)
    clock.set(at(3, 9))
    paused = lifecycle.request_financial_obligation(app.services, code, "Nộp thuế", "canbo1")
    assert paused.open_pause is not None and paused.open_pause.remaining_minutes == 1920
    clock.set(at(5, 9))
    d = lifecycle.resume_processing(app.services, code, "canbo1")
    (pause,) = d.pauses
    assert (pause.started_at, pause.ended_at, pause.paused_minutes) == (at(3, 9), at(5, 9), 960)
    assert (pause.due_before, pause.due_after) == (at(9, 9), at(11, 9))
    assert d.legal_due == at(11, 9) and d.due_at == at(11, 9)
    assert app.services.deadlines.working_minutes_between(at(5, 9), at(11, 9)) == 1920


def test_pause_over_a_weekend_and_a_lunch_break(app: App, clock: FixedClock) -> None:
    """Paused Fri 06/03 15:00 (left: Fri 15–17 + Mon 07–09 = 240 min), resumed Mon 09/03 10:00
    (paused: 120 + 180 = 300 min) → due Mon 09/03 16:00 (09:00–11:30, 13:30–16:00)."""
    code = received(app)
    clock.set(at(6, 15))
    lifecycle.request_financial_obligation(app.services, code, "Nộp thuế", "canbo1")
    clock.set(at(9, 10))
    d = lifecycle.resolve(
        app.services, code, "canbo1", giver="Lê Thị Hoa"
    )  # 6 → 9 also ends the pause
    assert d.pauses[0].remaining_minutes == 240 and d.pauses[0].paused_minutes == 300
    assert d.legal_due == at(9, 16)


def test_a_pause_begun_after_the_appointment_does_not_excuse_lateness(
    app: App, clock: FixedClock
) -> None:
    code = received(app)
    clock.set(at(10, 9))
    lifecycle.request_financial_obligation(app.services, code, "Nộp thuế", "canbo1")
    clock.set(at(12, 9))
    d = lifecycle.resume_processing(app.services, code, "canbo1")
    assert d.pauses[0].paused_minutes == 0 and d.legal_due == at(9, 9)


# --- apology and new date (TT 03/2025 Mẫu 04; domain: the new date may be set once) ----------


def test_apology_keeps_the_original_appointment(app: App, clock: FixedClock) -> None:
    """The receipt's appointment stays the one lateness is judged against (NgayHenTra)."""
    code = received(app)
    clock.set(at(6, 10))
    d = lifecycle.apologise(app.services, code, at(13, 9), "Cần xác minh", "truongbp")
    assert d.legal_due == at(9, 9) and d.due_at == at(13, 9) and d.apologised_at == at(6, 10)
    assert app.services.deadlines.classify(d.legal_due, at(12, 9)).value == "late"
    with pytest.raises(DomainError) as again:
        lifecycle.apologise(app.services, code, at(16, 9), "Lần nữa", "truongbp")
    assert again.value.code == "apology_already_given"


def test_apology_only_before_the_appointment(app: App, clock: FixedClock) -> None:
    code = received(app)
    clock.set(at(9, 9))
    with pytest.raises(ConflictError) as err:
        lifecycle.apologise(app.services, code, at(13, 9), "Muộn", "truongbp")
    assert err.value.code == "apology_after_due"
    assert stored(app, code).apologised_at is None


def test_apology_while_the_clock_stands_still(app: App, clock: FixedClock) -> None:
    """Paused Fri 06/03 09:00 (before the due Mon 09/03 09:00): on Tue 10/03 the clock still
    reads Fri 06/03 09:00, so an apology is still in time; paused after the due, it is not."""
    in_time, late = received(app), received(app)
    clock.set(at(6, 9))
    lifecycle.request_financial_obligation(app.services, in_time, "Nộp thuế", "canbo1")
    clock.set(at(9, 10))
    lifecycle.request_financial_obligation(app.services, late, "Nộp thuế", "canbo1")
    clock.set(at(10, 9))
    d = lifecycle.apologise(app.services, in_time, at(20, 9), "Chờ nghĩa vụ tài chính", "truongbp")
    assert d.due_at == at(20, 9) and d.legal_due == at(9, 9)
    with pytest.raises(ConflictError) as err:
        lifecycle.apologise(app.services, late, at(20, 9), "Muộn", "truongbp")
    assert err.value.code == "apology_after_due"


# --- fees collected after; postal and online return ------------------------------------------


def test_fee_collected_after_must_be_paid_before_the_result_is_returned(
    app: App, clock: FixedClock
) -> None:
    """Domain "Returning the result": collect remaining fees at the counter (thu sau)."""
    code = received(app, fee_request(FeeTiming.AFTER))
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    with pytest.raises(ConflictError) as err:
        lifecycle.return_result(app.services, code, "canbo1")
    assert (err.value.code, err.value.params["fees"]) == ("fee_unpaid", FEE)
    assert stored(app, code).status is S.RESOLVED
    clock.set(at(4, 10))
    paid = lifecycle.collect_fee(app.services, code, FEE, PaymentMethod.CASH, "BL0099", "cb")
    assert paid.fees[0].paid_at == at(4, 10) and paid.fees[0].receipt_no == "BL0099"
    with pytest.raises(ConflictError) as twice:
        lifecycle.collect_fee(app.services, code, FEE, PaymentMethod.CASH, "BL0100", "cb")
    assert twice.value.code == "fee_already_paid"
    assert lifecycle.return_result(app.services, code, "canbo1").status is S.RETURNED


def test_postal_return_records_the_hand_over_and_tracking_number(
    app: App, clock: FixedClock
) -> None:
    """QĐ 45/2016/QĐ-TTg (cited by the seeds): the result goes by public post; postage stored."""
    code = received(app, request(delivery=Delivery(DeliveryMethod.POST, "Số 5 Lê Lợi", 25_000)))
    assert stored(app, code).delivery.postage_vnd == 25_000
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    with pytest.raises(ValidationError) as err:
        lifecycle.return_result(app.services, code, "buudien1")
    assert (err.value.code, err.value.field) == ("missing_field", "postal_tracking_no")
    clock.set(at(5, 10))
    d = lifecycle.return_result(
        app.services, code, "buudien1", postal_operator="VNPost", postal_tracking_no="EB1VN"
    )
    assert d.result_return is not None
    r = d.result_return
    assert (r.method, r.postal_tracking_no, r.handed_to_post_at) == (
        DeliveryMethod.POST,
        "EB1VN",
        at(5, 10),
    )


def test_online_return_is_recorded_as_online(app: App) -> None:
    code = received(app, request(delivery=Delivery(DeliveryMethod.ONLINE)))
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    d = lifecycle.return_result(app.services, code, "canbo1", online_reference="KQ-1")
    assert d.result_return is not None and d.result_return.method is DeliveryMethod.ONLINE


def test_negative_postage_is_refused(app: App) -> None:
    bad = request(delivery=Delivery(DeliveryMethod.POST, "Số 5 Lê Lợi", -1))
    with pytest.raises(ValidationError) as err:
        intake.receive(app.services, bad, "canbo1")
    assert (err.value.code, err.value.field) == ("invalid_postage", "postage_vnd")


# --- authorised representative (Nghị định 61/2018 Art. 17.1, cited by Bắc Giang Art. 15.1.b) ---


def test_authorised_representative_is_stored(app: App) -> None:
    auth = Representation("12/2026/UQ", date(2026, 2, 20), "Con", "UBND phường Ba Đình")
    req = request(submitter=person("Trần Thị Hoa", "001190654321"), authorisation=auth)
    d = stored(app, received(app, req, transfer=False))
    assert d.authorisation == auth and d.submitter is not None
    assert d.submitter.name == "Trần Thị Hoa"


@pytest.mark.parametrize(
    ("auth", "submitter", "code", "field"),
    [
        (Representation("12/UQ", date(2026, 3, 3), "Con"), True, "invalid_authorisation",
         "authorisation.document_date"),  # dated tomorrow
        (Representation("", date(2026, 2, 1), "Con"), True, "invalid_authorisation",
         "authorisation.document_no"),
        (Representation("12/UQ", date(2026, 2, 1), " "), True, "missing_field",
         "authorisation.relationship"),
        (Representation("12/UQ", date(2026, 2, 1), "Con"), False, "missing_field", "submitter"),
    ],
)  # fmt: skip
def test_bad_authorisation_is_refused(
    app: App, auth: Representation, submitter: bool, code: str, field: str
) -> None:
    req = request(submitter=person("Trần Thị Hoa") if submitter else None, authorisation=auth)
    with pytest.raises(ValidationError) as err:
        intake.receive(app.services, req, "canbo1")
    assert (err.value.code, err.value.field) == (code, field)


# --- tracking book (TT 03/2025 Mẫu 07: "Vào Sổ theo dõi hồ sơ, Quyển số … Số thứ tự …") ------


def tracking_numbers(app: App, year: int = 2026) -> list[int]:
    with app.store.read() as tx:
        rows = tx.conn.execute(
            select(t.tracking_book_entries.c.number)
            .where(t.tracking_book_entries.c.year == year)
            .order_by(t.tracking_book_entries.c.number)
        )
        return [r.number for r in rows]


def test_tracking_book_numbers_are_continuous_and_per_year(app: App, clock: FixedClock) -> None:
    """Only received dossiers enter the book; one asked to supplement at intake enters it when
    the supplement makes it received; a new year starts again at 1."""
    first = intake.receive(app.services, request(), "canbo1")
    intake.refuse(app.services, request(), "Sai thẩm quyền", "canbo1")
    asked = intake.request_supplement(
        app.services, request(), [MissingItem("CCCD", "Chưa nộp")], "", "canbo1"
    )
    second = intake.receive(app.services, request(), "canbo1")
    back = lifecycle.receive_supplement(app.services, asked.code, "canbo1")
    assert [first.tracking, second.tracking, back.tracking] == [
        TrackingEntry(2026, 1, 1),
        TrackingEntry(2026, 1, 2),
        TrackingEntry(2026, 1, 3),
    ]
    clock.set(at(4, 9, month=1, year=2027))  # Mon 04/01/2027
    assert intake.receive(
        app.services, request(), "canbo1", confirm_clock=True
    ).tracking == TrackingEntry(2027, 1, 1)
    assert tracking_numbers(app) == [1, 2, 3]


def test_a_rolled_back_counter_never_repeats_a_number(app: App) -> None:
    """The guard: the unique (agency, year, number). A counter set back (an old backup restored
    over part of the store, an edit) makes the receipt fail; nothing is written."""
    intake.receive(app.services, request(), "canbo1")
    intake.receive(app.services, request(), "canbo1")
    with app.store.write() as tx:
        tx.conn.execute(t.tracking_book_counters.update().values(last_number=1))
    with pytest.raises(ConflictError) as err:
        intake.receive(app.services, request(), "canbo1")
    assert (err.value.code, err.value.params["number"]) == ("tracking_number_taken", 2)
    assert tracking_numbers(app) == [1, 2]
    with app.store.read() as tx:
        assert tx.conn.execute(select(func.count()).select_from(t.dossiers)).scalar_one() == 2


# --- old stores stay readable -----------------------------------------------------------------


def test_a_body_written_before_these_fields_decodes_with_defaults(app: App) -> None:
    body = to_jsonable(stored(app, received(app)))
    for key in ("tracking", "authorisation", "pauses", "withdrawal", "stop_notice", "refunds",
                "result_return", "apologised_at"):  # fmt: skip
        body.pop(key)
    for round_ in body["supplements"]:
        round_.pop("received_by", None)
    old = decode(Dossier, body)
    assert old.tracking is None and old.pauses == [] and old.refunds == []
    assert old.result_return is None and old.open_pause is None
