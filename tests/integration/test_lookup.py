"""Finding dossiers by code, QR, ID number, phone and name without diacritics."""

from __future__ import annotations

import pytest

from counter_app.composition import App
from counter_app.domain.dossier import Party
from counter_app.domain.enums import ApplicantKind
from counter_app.domain.errors import ValidationError
from counter_app.services import intake, lookup
from counter_app.services.lookup import QueryKind, parse_query


def _receive(app: App, name: str, id_number: str, phone: str) -> str:
    party = Party(ApplicantKind.CITIZEN, name, id_number, phone=phone)
    return intake.receive(app.services, intake.IntakeRequest("1.001193", party), "canbo1").code


@pytest.mark.parametrize(
    ("raw", "kind", "value"),
    [
        ("000.00.06.h56-260302-0001", QueryKind.CODE, "000.00.06.H56-260302-0001"),
        (
            "https://dichvucong.example.vn/tra-cuu?ma=000.00.06.H56-260302-0001",
            QueryKind.CODE,
            "000.00.06.H56-260302-0001",
        ),
        (
            "001090123456|012345678|NGUYEN VAN A|01011990|Nam|Phường Bến Nghé|15042021",
            QueryKind.ID_NUMBER,
            "001090123456",
        ),
        ("001090123456", QueryKind.ID_NUMBER, "001090123456"),
        ("+84 912.345.678", QueryKind.PHONE, "0912345678"),
        ("nguyen van", QueryKind.NAME, "nguyen van"),
    ],
)
def test_parse_query(raw: str, kind: QueryKind, value: str) -> None:
    assert parse_query(raw) == lookup.ParsedQuery(kind, value)


@pytest.mark.parametrize("raw", ["", "   ", "12345"])
def test_bad_queries(raw: str) -> None:
    with pytest.raises(ValidationError):
        parse_query(raw)


def test_find_every_way(app: App) -> None:
    code = _receive(app, "Đặng Thị Hương", "038190000001", "0987654321")
    _receive(app, "Đỗ Văn Nam", "038090000002", "0911111111")
    assert [s.code for s in lookup.find(app.store, code)] == [code]
    assert [s.applicant_name for s in lookup.find(app.store, "dang thi")] == ["Đặng Thị Hương"]
    assert [s.applicant_name for s in lookup.find(app.store, "ĐẶNG THỊ HƯƠNG")] == [
        "Đặng Thị Hương"
    ]
    assert [s.code for s in lookup.find(app.store, "038190000001")] == [code]
    assert [s.code for s in lookup.find(app.store, "+84987654321")] == [code]
    assert lookup.find(app.store, "do van") and not lookup.find(app.store, "doan")
