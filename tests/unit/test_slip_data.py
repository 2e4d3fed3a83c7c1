"""The seam between dossiers and templates: Vietnamese formatting and the slip set in force."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from counter_app.domain.dossier import Dossier, Party
from counter_app.domain.enums import ApplicantKind, Channel, DossierStatus
from counter_app.domain.office import Agency
from counter_app.domain.slip_kinds import SlipKind, SlipSource
from counter_app.domain.vntime import VN_TZ
from printing import formatting as fmt
from printing.slip_data import form_label


def dossier(received: datetime) -> Dossier:
    return Dossier(
        "id",
        "000.00.06.H56-250914-0001",
        "000.00.06.H56",
        "1.000001",
        "Thủ tục",
        "Lĩnh vực",
        Channel.DIRECT,
        Party(ApplicantKind.CITIZEN, "Nguyễn Văn A"),
        "canbo1",
        received,
        DossierStatus.RECEIVED,
    )


@pytest.mark.parametrize(
    ("received", "kind", "label"),
    [
        (datetime(2025, 9, 14, 16, 0, tzinfo=VN_TZ), SlipKind.CONTROL, "Mẫu số 05"),
        (datetime(2025, 9, 14, 16, 0, tzinfo=VN_TZ), SlipKind.STOP, ""),
        (datetime(2025, 9, 15, 7, 0, tzinfo=VN_TZ), SlipKind.CONTROL, "Mẫu số 06"),
        (datetime(2025, 9, 15, 7, 0, tzinfo=VN_TZ), SlipKind.STOP, "Mẫu số 05"),
    ],
)
def test_the_slip_set_follows_the_receipt_date(
    received: datetime, kind: SlipKind, label: str
) -> None:
    src = SlipSource(kind, received, Agency("000.00.06.H56", "X"), dossier=dossier(received))
    assert form_label(src) == label


def test_tracking_book_numbering_follows_the_period() -> None:
    agency = Agency("000.00.06.H56", "X")
    now = datetime(2026, 1, 1, tzinfo=VN_TZ)
    old = SlipSource(SlipKind.BOOK, now, agency, period=(date(2025, 1, 1), date(2025, 6, 30)))
    new = SlipSource(SlipKind.BOOK, now, agency, period=(date(2025, 10, 1), date(2025, 12, 31)))
    assert (form_label(old), form_label(new)) == ("Mẫu số 06", "Mẫu số 07")


def test_vietnamese_formats() -> None:
    moment = datetime(2026, 3, 2, 2, 5, tzinfo=VN_TZ)
    assert fmt.moment(moment) == "02 giờ 05 phút, ngày 02/03/2026"
    assert fmt.moment(datetime(2026, 3, 1, 19, 5, tzinfo=UTC)) == (
        "02 giờ 05 phút, ngày 02/03/2026"  # shown in Vietnam time
    )
    assert fmt.day(date(2026, 1, 9)) == "09/01/2026"
    assert fmt.money(1_500_000) == "1.500.000 đ"
    assert fmt.money(0) == "0 đ"
    assert fmt.place_date("Thanh Hóa", moment) == "Thanh Hóa, ngày 02 tháng 03 năm 2026"
