"""Today's figures for the supervisor's desk, counted by the core from a real store (T0 is
Monday 02/03/2026; 1.004884 takes 5 working days)."""

from __future__ import annotations

from datetime import date

from counter_app.composition import App
from counter_app.domain.dossier import MissingItem
from counter_app.domain.enums import FeeTiming
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from counter_app.services.day_figures import DayFigures, day_figures
from tests.integration.test_dossier_life import at, fee_request, request


def _received_on(app: App, clock: FixedClock, day: int, month: int) -> str:
    clock.set(at(day, 9, month=month))
    code = intake.receive(app.services, request(), "canbo1").code
    lifecycle.transfer(app.services, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    return code


def _back_and_returned(app: App, clock: FixedClock, code: str, hour: int) -> None:
    clock.set(at(2, hour))
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    lifecycle.return_result(app.services, code, "canbo1", recipient="Nguyễn Văn An")


def test_todays_figures_count_only_today(app: App, clock: FixedClock) -> None:
    late = _received_on(app, clock, 23, 2)  # due Monday 02/03 09:00
    on_time = _received_on(app, clock, 26, 2)  # due Thursday 05/03
    intake.request_supplement(  # on Thursday: not today's
        app.services, request(), [MissingItem("Tờ khai", "Chưa ký")], "", "canbo1"
    )
    clock.set(at(2, 8))
    intake.receive(app.services, fee_request(FeeTiming.BEFORE), "canbo1")  # 150.000 đ in cash
    intake.receive(app.services, request(), "canbo1")
    intake.request_supplement(
        app.services, request(), [MissingItem("Tờ khai", "Chưa ký")], "", "canbo1"
    )
    intake.refuse(app.services, request(), "Sai thẩm quyền", "canbo1")
    _back_and_returned(app, clock, late, 10)
    _back_and_returned(app, clock, on_time, 11)
    assert day_figures(app.services) == DayFigures(
        date(2026, 3, 2),
        received=2,
        returned=2,
        on_time=1,
        late=1,
        supplements=1,
        refusals=1,
        fees_collected_vnd=150_000,
    )
    assert day_figures(app.services, date(2026, 2, 26)).received == 1
    assert day_figures(app.services, date(2026, 3, 3)) == DayFigures(date(2026, 3, 3))
