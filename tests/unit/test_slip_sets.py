"""Which official forms a dossier's slips follow (TT 01/2018/TT-VPCP vs TT 03/2025/TT-VPCP)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.errors import NotFoundError
from counter_app.domain.rules import get_rule_set, rule_set_in_force, slip_set_for_receipt
from counter_app.domain.slips import Slip, get_slip_set, slip_set_for


@pytest.mark.parametrize(
    ("received", "slip_set", "stop_form", "tracking_form"),
    [
        # TT 01/2018 (in force 08/01/2019): no stop notice; the tracking book is Mẫu 06
        (date(2024, 5, 6), "tt01-2018", None, "Mẫu 06"),
        # NĐ 118/2025 is in force from 01/07/2025 but TT 03/2025's forms only from 15/09/2025
        (date(2025, 7, 1), "tt01-2018", None, "Mẫu 06"),
        (date(2025, 9, 14), "tt01-2018", None, "Mẫu 06"),
        # TT 03/2025 Phụ lục I: 05 stop notice, 06 control sheet, 07 tracking book
        (date(2025, 9, 15), "tt03-2025", "Mẫu 05", "Mẫu 07"),
        (date(2026, 3, 2), "tt03-2025", "Mẫu 05", "Mẫu 07"),
    ],
)
def test_slip_set_by_receipt_date(
    received: date, slip_set: str, stop_form: str | None, tracking_form: str
) -> None:
    chosen = slip_set_for(received)
    assert chosen.id == slip_set
    assert chosen.form(Slip.STOP_NOTICE) == stop_form
    assert chosen.form(Slip.TRACKING_BOOK) == tracking_form
    assert chosen.form(Slip.APOLOGY) == "Mẫu 04" and chosen.form(Slip.RECEIPT) == "Mẫu 01"


def test_receipt_time_is_read_in_vietnam_time() -> None:
    # 14/09/2025 23:30 UTC is already 15/09/2025 06:30 in Vietnam; a naive time is Vietnam time
    assert slip_set_for_receipt(datetime(2025, 9, 14, 23, 30, tzinfo=UTC)).id == "tt03-2025"
    assert slip_set_for_receipt(datetime(2025, 9, 14, 23, 30)).id == "tt01-2018"


def test_rule_sets_name_their_slip_sets_with_separate_dates() -> None:
    nd118, nd61 = get_rule_set("nd118-2025"), get_rule_set("nd61-2018")
    assert nd118.slip_set == "tt03-2025" and nd61.slip_set == "tt01-2018"
    assert nd118.effective_from == date(2025, 7, 1)
    assert get_slip_set(nd118.slip_set).effective_from == date(2025, 9, 15)
    assert rule_set_in_force(date(2025, 8, 1)).id == "nd118-2025"
    with pytest.raises(NotFoundError) as err:
        get_slip_set("tt99")
    assert err.value.code == "unknown_slip_set"
