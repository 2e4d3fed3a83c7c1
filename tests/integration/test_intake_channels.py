"""Intake uses the processing time published for the dossier's channel (real store)."""

from __future__ import annotations

from datetime import datetime

import pytest

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind, Channel
from counter_app.domain.processing_time import ProcessingTime
from counter_app.domain.vntime import VN_TZ
from counter_app.services import intake

# 1.012783 publishes "Trực tuyến 15 Ngày làm việc; Dịch vụ bưu chính 20 Ngày làm việc; Trực tiếp 5
# Ngày làm việc". Received Mon 2/3/2026 09:00 (the fixture's clock).


def request(channel: Channel, **kw: object) -> intake.IntakeRequest:
    applicant = Party(ApplicantKind.CITIZEN, "Trần Thị Bình", "001190654321", phone="0987654321")
    return intake.IntakeRequest("1.012783", applicant, channel=channel, **kw)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("channel", "days", "due"),
    [
        (Channel.DIRECT, 5, datetime(2026, 3, 9, 9, 0, tzinfo=VN_TZ)),
        (Channel.ONLINE, 15, datetime(2026, 3, 23, 9, 0, tzinfo=VN_TZ)),
        (Channel.POSTAL, 20, datetime(2026, 3, 30, 9, 0, tzinfo=VN_TZ)),
    ],
)
def test_intake_takes_the_channels_time(
    app: App, channel: Channel, days: int, due: datetime
) -> None:
    dossier = intake.receive(app.services, request(channel), "canbo1")
    assert dossier.processing == ProcessingTime.working_days(days)
    assert dossier.due_at == due
    with app.store.read() as tx:
        stored = tx.dossiers.by_code(dossier.code)
        assert stored is not None and stored.processing == ProcessingTime.working_days(days)
        procedure = tx.procedures.get("1.012783")
        assert procedure is not None and len(procedure.processing.channel_times) == 3


def test_the_officers_branch_still_wins(app: App) -> None:
    chosen = ProcessingTime.working_days(2)
    dossier = intake.receive(
        app.services, request(Channel.POSTAL, processing_override=chosen), "canbo1"
    )
    assert dossier.processing == chosen
