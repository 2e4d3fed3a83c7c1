"""Hand-overs (bàn giao) through the services on a real store: every hand-over records giver,
receiver and time, and is judged early / on time / late against the time budget of the step it
closes (the budget set at the previous hand-over, else the appointment).

T0 is Monday 02/03/2026 09:00 (office hours 07:00–11:30, 13:30–17:00); 1.004884 takes 5 working
days, so a receipt at T0 is due Monday 09/03/2026 09:00.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from counter_app.composition import App
from counter_app.domain.deadlines import Timeliness
from counter_app.domain.errors import ValidationError
from counter_app.domain.processing_time import ProcessingTime
from counter_app.domain.slip_kinds import SlipKind
from counter_app.i18n import error_message, set_language
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from tests.integration.test_dossier_life import at, request, stored
from tests.integration.test_slips import issue
from tests.slips_support import pdftotext

AGENCY = "Phòng Tư pháp"


def _received(app: App) -> str:
    return intake.receive(app.services, request(), "canbo1").code


def test_hand_over_records_giver_receiver_time_and_the_result(app: App, clock: FixedClock) -> None:
    code = _received(app)
    clock.set(at(2, 10))
    lifecycle.transfer(app.services, code, AGENCY, "canbo1", receiver="  Lê Thị Hoa ")
    (t,) = stored(app, code).transfers
    assert (t.at, t.to_agency, t.by, t.receiver) == (at(2, 10), AGENCY, "canbo1", "Lê Thị Hoa")
    assert (t.step_due, t.result) == (None, Timeliness.EARLY)  # no budget: the appointment
    clock.set(at(9, 9, 0))  # the appointment's minute
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    (back,) = stored(app, code).results_back
    assert (back.at, back.from_agency, back.giver, back.by) == (
        at(9, 9),
        AGENCY,
        "Lê Thị Hoa",
        "canbo1",
    )
    assert back.result is Timeliness.ON_TIME


@pytest.mark.parametrize(
    ("back_at", "expected"),
    [
        ((2, 16, 59), Timeliness.EARLY),  # by the end of the working day before the step's end
        ((3, 10, 0), Timeliness.ON_TIME),  # the budget ends Tuesday 03/03 10:00
        ((3, 10, 1), Timeliness.LATE),  # late for the step, though days before the appointment
    ],
)
def test_results_back_are_judged_against_the_step_budget(
    app: App, clock: FixedClock, back_at: tuple[int, int, int], expected: Timeliness
) -> None:
    code = _received(app)
    clock.set(at(2, 10))
    one_day = ProcessingTime.working_days(1)
    lifecycle.transfer(
        app.services, code, AGENCY, "canbo1", receiver="Lê Thị Hoa", step_budget=one_day
    )
    assert stored(app, code).transfers[0].step_due == at(3, 10)
    clock.set(at(*back_at))
    lifecycle.resolve(app.services, code, "canbo1", giver="Lê Thị Hoa")
    assert stored(app, code).results_back[0].result is expected


def test_a_second_agency_is_judged_against_the_first_ones_budget(
    app: App, clock: FixedClock
) -> None:
    code = _received(app)
    clock.set(at(2, 10))
    two_hours = ProcessingTime.working_hours(2)
    lifecycle.transfer(
        app.services, code, AGENCY, "canbo1", receiver="Lê Thị Hoa", step_budget=two_hours
    )
    clock.set(at(2, 14, 1))  # 10:00 + 2 working hours = 14:00 (the lunch break does not count)
    lifecycle.transfer(app.services, code, "Chi cục Thuế", "canbo1", receiver="Phan Văn Thuế")
    first, second = stored(app, code).transfers
    assert first.step_due == at(2, 14)
    assert (second.receiver, second.result) == ("Phan Văn Thuế", Timeliness.LATE)


def test_a_hand_over_without_its_receiver_is_refused_and_nothing_changes(app: App) -> None:
    code = _received(app)
    with pytest.raises(ValidationError) as err:
        lifecycle.transfer(app.services, code, AGENCY, "canbo1", receiver="  ")
    assert (err.value.code, err.value.field) == ("missing_field", "receiver")
    set_language("vi")
    assert "người nhận hồ sơ tại cơ quan giải quyết" in error_message(err.value)
    lifecycle.transfer(app.services, code, AGENCY, "canbo1", receiver="Lê Thị Hoa")
    with pytest.raises(ValidationError) as back:
        lifecycle.resolve(app.services, code, "canbo1", giver="")
    assert (back.value.code, back.value.field) == ("missing_field", "giver")
    kept = stored(app, code)
    assert kept.version == 1 and not kept.results_back and len(kept.transfers) == 1


def test_a_zero_step_budget_is_refused(app: App) -> None:
    code = _received(app)
    with pytest.raises(ValidationError) as err:
        lifecycle.transfer(
            app.services,
            code,
            AGENCY,
            "canbo1",
            receiver="Lê Thị Hoa",
            step_budget=ProcessingTime.working_days(0),
        )
    assert (err.value.code, err.value.field) == ("invalid_processing_time", "step_budget")
    assert stored(app, code).version == 0


def test_the_control_sheet_names_giver_and_receiver_with_the_result(
    app: App, clock: FixedClock, tmp_path: Path
) -> None:
    code = _received(app)
    clock.set(at(2, 10))
    lifecycle.transfer(
        app.services,
        code,
        AGENCY,
        "canbo1",
        receiver="Lê Thị Hoa",
        step_budget=ProcessingTime.working_days(1),
    )
    clock.set(at(4, 9))
    lifecycle.resolve(app.services, code, "canbo1", giver="Đỗ Văn Nam")
    text = " ".join(pdftotext(issue(app, SlipKind.CONTROL, code).pdf, tmp_path).split())
    assert "Lê Thị Hoa (Phòng Tư pháp)" in text
    assert "Đỗ Văn Nam (Phòng Tư pháp)" in text
    assert "Quá hạn" in text  # the result came back after the one day the agency was given
