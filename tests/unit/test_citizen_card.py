"""The citizen ID card QR string: both shapes parse; anything else is refused as a whole."""

from __future__ import annotations

from datetime import date

import pytest

from counter_app.domain.citizen_card import looks_complete, parse_card_qr
from counter_app.domain.errors import ValidationError


def test_seven_fields() -> None:
    card = parse_card_qr("001099012345|123456789|Nguyễn Thị Lan|05031990|Nữ|Hà Nội|01022021")
    assert (card.id_number, card.old_id_number, card.name) == (
        "001099012345",
        "123456789",
        "Nguyễn Thị Lan",
    )
    assert card.birth_date == date(1990, 3, 5)
    assert card.issued_on == date(2021, 2, 1)
    assert (card.gender, card.address) == ("Nữ", "Hà Nội")


def test_six_fields_and_empty_old_id() -> None:
    six = parse_card_qr("079201000111|Trần Văn Bình|17081985|Nam|Đồng Nai|15062022")
    assert six.old_id_number == "" and six.name == "Trần Văn Bình"
    seven = parse_card_qr("079201000111||Trần Văn Bình|17081985|Nam|Đồng Nai|15062022")
    assert seven == six


def test_decomposed_text_is_normalised() -> None:
    import unicodedata

    raw = unicodedata.normalize("NFD", "001099012345||Lê Thị Hà|01011990|Nữ|Huế|01012021")
    assert parse_card_qr(raw).name == unicodedata.normalize("NFC", "Lê Thị Hà")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "001099012345|Nguyen Van|1990|Nam",  # too few parts
        "00109901234|x|Tên|05031990|Nam|Hà Nội|01022021",  # 11-digit ID
        "001099012345|12|Tên|05031990|Nam|Hà Nội|01022021",  # old ID of 2 digits
        "001099012345||Tên|31021990|Nam|Hà Nội|01022021",  # 31 February
        "001099012345||Tên|05031990|Khác|Hà Nội|01022021",  # sex neither Nam nor Nữ
        "001099012345||Tên|05031990|Nam||01022021",  # no address
        "001099012345||Tên|05031990|Nam|Hà Nội|01022021|extra",  # eight parts
    ],
)
def test_malformed_is_refused(raw: str) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_card_qr(raw)
    assert caught.value.code == "invalid_card_qr"
    assert caught.value.field == "card_qr"


def test_looks_complete_only_at_the_last_date() -> None:
    full = "001099012345|123456789|Nguyễn Thị Lan|05031990|Nữ|Hà Nội|01022021"
    assert looks_complete(full)
    assert not looks_complete(full[:-1])
    assert not looks_complete("001099012345|123456789|Nguyễn Thị Lan|05031990")
