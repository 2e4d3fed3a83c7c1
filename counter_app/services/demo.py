"""A demo office: one agency, one staff member per role, the 35 sample procedures, and about fifty
dossiers in assorted states spread over the last weeks — all made through the real use cases
(codes, appointments, audit and outbox are genuine), replayed in time order on a fixed clock."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from counter_app.domain.dossier import Delivery, FeeLine, MissingItem, Party, ReceivedItem
from counter_app.domain.dossier_life import Representation
from counter_app.domain.enums import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    FeeTiming,
    PaymentMethod,
    Role,
)
from counter_app.domain.errors import (
    ConflictError,
)
from counter_app.domain.procedure import Procedure
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.i18n import N_
from counter_app.ports import FixedClock, Progress
from counter_app.services import catalogue, intake, lifecycle
from counter_app.services.context import ServiceContext
from counter_app.services.demo_life import Steps, life_steps, postal_tracking_no
from counter_app.services.office_setup import add_staff

SEED = 20260213
#: The demo registers its PC in slot 1 (1000–1999): slot 0 would overlap the range the central
#: system numbers from itself, and a demo store never syncs.
DEMO_SLOT = 1
DOSSIERS = 52
FAMILY = (
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Hoàng",
    "Huỳnh",
    "Phan",
    "Vũ",
    "Võ",
    "Đặng",
    "Bùi",
    "Đỗ",
    "Hồ",
    "Ngô",
    "Dương",
    "Lý",
)
MIDDLE_M = ("Văn", "Đức", "Minh", "Quốc", "Hữu", "Thành")
MIDDLE_F = ("Thị", "Ngọc", "Thu", "Thanh", "Mỹ", "Kim")
GIVEN_M = (
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Đạt",
    "Hải",
    "Hùng",
    "Khánh",
    "Long",
    "Nam",
    "Phúc",
    "Quân",
    "Sơn",
    "Tâm",
    "Thắng",
    "Tuấn",
    "Việt",
)
GIVEN_F = (
    "Anh",
    "Chi",
    "Dung",
    "Giang",
    "Hà",
    "Hạnh",
    "Hoa",
    "Hương",
    "Lan",
    "Linh",
    "Mai",
    "Nga",
    "Ngân",
    "Phương",
    "Thảo",
    "Trang",
    "Yến",
)
STREETS = ("Lê Lợi", "Trần Phú", "Nguyễn Trãi", "Hai Bà Trưng", "Quang Trung", "Lý Thường Kiệt")
WARDS = ("Phường Ba Đình", "Phường Hạc Thành", "Xã Đông Tiến", "Phường Nguyệt Viên")
STAFF = (
    ("canbo1", "Lê Thị Thu Hà", Role.COUNTER_OFFICER),
    ("buudien1", "Phạm Văn Tùng", Role.POSTAL_CLERK),
    ("truongbp", "Nguyễn Minh Đức", Role.SUPERVISOR),
    ("quantri", "Trần Quốc Bảo", Role.ADMINISTRATOR),
)
#: Who takes the dossiers in at each processing agency of the demo (and brings the results back).
AGENCY_OFFICERS = {
    "Phòng Tư pháp": "Lê Thị Hoa",
    "Phòng Kinh tế": "Đỗ Văn Nam",
    "Phòng Tài chính": "Vũ Thị Mai",
    "Phòng Xây dựng": "Hoàng Văn Long",
}
#: The time some agencies are given for their step (where none is set, the appointment is used).
STEP_BUDGETS = {"Phòng Tư pháp": ProcessingTime.working_days(2)}
#: What happens to the dossiers after intake, in rotation.
SCENARIOS = (
    "received",
    "processing",
    "processing",
    "resolved",
    "returned",
    "returned",
    "supplement_at_intake",
    "supplement_later",
    "supplement_back",
    "refused",
    "financial",
    "withdrawn",
    "stopped",
    "apologised",
    "processing",
    "returned_rated",
    "postal",
    # the whole life of a dossier (issue 6 §3)
    "refused_after_receipt",
    "withdrawn_stopped",
    "two_supplements",
    "paid_after",
    "postal_return",
    "online_return",
    "representative",
    "financial_resumed",
)
#: Scenarios whose later steps need a processing time of several working days (a supplement or an
#: apology is allowed only within it, Bắc Giang 2022 Art. 16.4–16.5).
LONG_SCENARIOS = frozenset(
    {
        "supplement_later",
        "supplement_back",
        "apologised",
        "refused_after_receipt",
        "withdrawn_stopped",
        "two_supplements",
        "paid_after",
        "financial_resumed",
    }
)


@dataclass
class _Event:
    at: datetime
    action: Callable[[], object]


def _person(rng: random.Random) -> Party:
    female = rng.random() < 0.5
    name = " ".join(
        (
            rng.choice(FAMILY),
            rng.choice(MIDDLE_F if female else MIDDLE_M),
            rng.choice(GIVEN_F if female else GIVEN_M),
        )
    )
    year = rng.randint(1950, 2005)
    century = (1 if female else 0) + (2 if year >= 2000 else 0)
    id_number = f"038{century}{year % 100:02d}{rng.randint(0, 999_999):06d}"
    address = f"Số {rng.randint(1, 300)} {rng.choice(STREETS)}, {rng.choice(WARDS)}, tỉnh Thanh Hóa"
    return Party(
        ApplicantKind.CITIZEN,
        name,
        id_number,
        None,
        "Nữ" if female else "Nam",
        address,
        f"09{rng.randint(0, 99_999_999):08d}",
        "",
    )


def _request(rng: random.Random, procedure: Procedure, scenario: str) -> intake.IntakeRequest:
    applicant = _person(rng)
    items = [ReceivedItem(d.code, d.name, d.form, d.quantity) for d in procedure.documents]
    fees = [
        FeeLine(
            f.name,
            f.amount_vnd,
            FeeTiming.BEFORE,
            PaymentMethod.CASH,
            f"BL{rng.randint(1000, 9999)}",
        )
        for f in procedure.fees
        if f.amount_vnd
    ]
    if scenario == "paid_after":  # thu sau: collected before the result is returned
        fees = [FeeLine(f.name, f.amount_vnd, FeeTiming.AFTER) for f in fees] or [
            FeeLine("Phí cung cấp thông tin (demo)", 20_000, FeeTiming.AFTER)
        ]
    postal = scenario in {"postal", "postal_return"} or (
        procedure.postal_eligible and rng.random() < 0.2
    )
    delivery = Delivery(DeliveryMethod.POST, applicant.address, 25_000) if postal else Delivery()
    if scenario == "online_return":
        delivery = Delivery(DeliveryMethod.ONLINE)
    channel = Channel.POSTAL if scenario == "postal" else Channel.DIRECT
    submitter, authorisation = None, None
    if scenario == "representative":
        submitter = _person(rng)
        signed = date(2026, 1, 5)
        authorisation = Representation(f"{rng.randint(10, 999)}/2026/UQ", signed, "Con")
    return intake.IntakeRequest(
        procedure.code,
        applicant,
        channel,
        submitter=submitter,
        items=items,
        fees=fees,
        delivery=delivery,
        authorisation=authorisation,
    )


def _after_intake(
    ctx: ServiceContext, request: intake.IntakeRequest, code: str, scenario: str, at: datetime
) -> list[_Event]:
    officer, supervisor = STAFF[0][0], STAFF[2][0]
    hour = timedelta(hours=1)

    def hand_over(agency: str) -> object:
        return lifecycle.transfer(
            ctx,
            code,
            agency,
            officer,
            receiver=AGENCY_OFFICERS[agency],
            step_budget=STEP_BUDGETS.get(agency),
        )

    steps: dict[str, Steps] = {
        "processing": [(hour, lambda: hand_over("Phòng Tư pháp"))],
        "resolved": [
            (hour, lambda: hand_over("Phòng Tư pháp")),
            (
                hour * 26,
                lambda: lifecycle.resolve(
                    ctx, code, officer, giver=AGENCY_OFFICERS["Phòng Tư pháp"]
                ),
            ),
        ],
        "supplement_later": [
            (hour, lambda: hand_over("Phòng Kinh tế")),
            (
                hour * 20,
                lambda: lifecycle.request_supplement(
                    ctx,
                    code,
                    [MissingItem("Bản sao giấy tờ nhân thân", "Bản sao bị mờ, không đọc được")],
                    "Liên hệ quầy số 3",
                    officer,
                ),
            ),
        ],
        "supplement_back": [
            (hour, lambda: hand_over("Phòng Kinh tế")),
            (
                hour * 4,
                lambda: lifecycle.request_supplement(
                    ctx,
                    code,
                    [MissingItem("Tờ khai", "Thiếu chữ ký của người yêu cầu")],
                    "",
                    officer,
                ),
            ),
            (hour * 30, lambda: lifecycle.receive_supplement(ctx, code, officer)),
        ],
        "financial": [
            (hour, lambda: hand_over("Phòng Tài chính")),
            (
                hour * 8,
                lambda: lifecycle.request_financial_obligation(
                    ctx, code, "Nộp lệ phí trước bạ", officer
                ),
            ),
        ],
        "withdrawn": [
            (hour * 3, lambda: lifecycle.withdraw(ctx, code, "Công dân xin rút hồ sơ", officer))
        ],
        "stopped": [
            (hour, lambda: hand_over("Phòng Tư pháp")),
            (hour * 10, lambda: lifecycle.stop(ctx, code, "Người yêu cầu đã qua đời", supervisor)),
        ],
        "apologised": [
            (hour, lambda: hand_over("Phòng Xây dựng")),
            (
                hour * 2,
                lambda: lifecycle.apologise(
                    ctx, code, _after_due(ctx, code, days=10), "Cần xác minh thực địa", supervisor
                ),
            ),
        ],
    }
    steps.update(life_steps(ctx, code, request, STAFF[0][0], supervisor, STAFF[1][0]))
    returned = steps["resolved"] + [
        (
            hour * 50,
            lambda: lifecycle.return_result(
                ctx, code, officer, postal_tracking_no=postal_tracking_no(code)
            ),
        )
    ]
    steps["returned"] = returned
    rating = (hour * 51, lambda: lifecycle.rate(ctx, code, 5, officer))
    steps["returned_rated"] = [*returned, rating]
    steps["postal"] = steps["processing"]
    return [_Event(at + delay, action) for delay, action in steps.get(scenario, [])]


def _intake(ctx: ServiceContext, request: intake.IntakeRequest, scenario: str) -> str:
    actor = STAFF[1][0] if request.channel is Channel.POSTAL else STAFF[0][0]
    if scenario == "refused":
        return intake.refuse(ctx, request, "Thủ tục không thuộc thẩm quyền tiếp nhận", actor).code
    if scenario == "supplement_at_intake":
        missing = [MissingItem("Giấy tờ chứng minh nơi cư trú", "Chưa nộp")]
        return intake.request_supplement(ctx, request, missing, "Bổ sung tại quầy số 2", actor).code
    return intake.receive(ctx, request, actor).code


def _intake_times(ctx: ServiceContext, rng: random.Random, end: datetime, n: int) -> list[datetime]:
    """``n`` increasing receipt times during office hours over the working days before ``end``."""
    times: list[datetime] = []
    day = (end - timedelta(days=45)).date()
    cal = ctx.deadlines.calendar
    while len(times) < n:
        day = cal.next_working_day(day)
        for _ in range(rng.randint(1, 3)):
            hour = rng.choice((7, 8, 9, 10, 13, 14, 15, 16))
            times.append(
                datetime(day.year, day.month, day.day, hour, rng.randint(0, 59), tzinfo=end.tzinfo)
            )
    return sorted(t for t in times if t < end)[-n:]


def _takes_days(procedure: Procedure) -> bool:
    pt = procedure.processing.time
    return pt.unit is TimeUnit.WORKING_DAYS and pt.value >= 5


def _after_due(ctx: ServiceContext, code: str, *, days: int) -> datetime:
    """A new date ``days`` after the dossier's current appointment (an apology's date must be
    later than it, whatever the procedure's processing time and the holidays in between)."""
    with ctx.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
    assert dossier is not None and dossier.appointment is not None
    return dossier.appointment.effective_due + timedelta(days=days)


DEMO_MESSAGE = N_("Loading the demo office")


def load_demo(real: ServiceContext, progress: Progress | None = None) -> dict[str, int]:
    """Steps: the catalogue and staff, then one per dossier taken in; ``progress.check()`` runs
    between every two events, so a cancel stops at the next one (``Cancelled``)."""
    if progress is not None:
        progress.check()
    with real.store.read() as tx:
        if tx.dossiers.count():
            raise ConflictError("demo_already_loaded")
    procedures = catalogue.sample_catalogue()
    catalogue.import_catalogue(real.store, procedures)
    with real.store.read() as tx:
        known = {m.username for m in tx.staff.all()}
    for username, name, role in STAFF:
        if username not in known:
            add_staff(real.store, real.agency_code, username, name, role)
    rng = random.Random(SEED)
    now = real.clock.now().replace(second=0, microsecond=0) - timedelta(minutes=1)
    clock = FixedClock(now)
    ctx = ServiceContext(real.store, clock, real.deadlines, real.agency_code)
    long = [p for p in procedures if _takes_days(p)]
    events = []
    for i, moment in enumerate(_intake_times(ctx, rng, now, DOSSIERS)):
        scenario = SCENARIOS[i % len(SCENARIOS)]
        chosen = rng.choice(long if scenario in LONG_SCENARIOS else procedures)
        events.append(_Event(moment, _make_intake(ctx, rng, chosen, scenario)))
    if progress is not None:
        progress.start(1 + len(events), DEMO_MESSAGE)
        progress.advance()  # the catalogue and the staff
    pending = sorted(events, key=lambda e: e.at)
    while pending:
        if progress is not None:
            progress.check()
        event = pending.pop(0)
        clock.set(event.at)
        produced = event.action()
        if isinstance(produced, list):  # an intake: one step
            if progress is not None:
                progress.advance()
            pending = sorted(pending + [e for e in produced if e.at < now], key=lambda e: e.at)
    return {"procedures": len(procedures), "dossiers": DOSSIERS, "staff": len(STAFF)}


def _make_intake(
    ctx: ServiceContext, rng: random.Random, procedure: Procedure, scenario: str
) -> Callable[[], list[_Event]]:
    request = _request(rng, procedure, scenario)

    def run() -> list[_Event]:
        code = _intake(ctx, request, scenario)
        return _after_intake(ctx, request, code, scenario, ctx.clock.now())

    return run
