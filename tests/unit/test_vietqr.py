"""VietQR payload and its CRC against published values."""

from __future__ import annotations

import pytest

from counter_app.domain.errors import ValidationError
from printing.vietqr import ascii_purpose, crc16_ccitt_false, payload

#: Published in the README of github.com/subiz/vietqr: 120.000 đ to VietinBank (BIN 970415)
#: account 0011001932418 with the note "ủng hộ lũ lụt".
PUBLISHED = (
    "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA"
    "530370454061200005802VN62170813ung ho lu lut6304C15C"
)


def test_crc_check_value() -> None:
    # the catalogue check value of CRC-16/CCITT-FALSE
    assert crc16_ccitt_false(b"123456789") == 0x29B1


def test_crc_of_the_published_example() -> None:
    body, crc = PUBLISHED[:-4], PUBLISHED[-4:]
    assert f"{crc16_ccitt_false(body.encode()):04X}" == crc


def test_payload_reproduces_the_published_example() -> None:
    assert payload("970415", "0011001932418", 120_000, "ủng hộ lũ lụt") == PUBLISHED


def test_dossier_code_as_purpose() -> None:
    text = payload("970415", "113366668888", 50_000, "000.00.06.H56-260302-0001")
    assert "62290825000.00.06.H56-260302-0001" in text
    assert text.endswith(f"{crc16_ccitt_false(text[:-4].encode()):04X}")


def test_purpose_is_plain_ascii_within_25() -> None:
    assert ascii_purpose("Đặng Thị Ánh nộp lệ phí hồ sơ") == "Dang Thi Anh nop le phi h"


@pytest.mark.parametrize(
    ("bank_bin", "account", "amount"),
    [("97041", "1", 1), ("970415", "", 1), ("970415", "12 34", 1), ("970415", "1", 0)],
)
def test_bad_bank_details(bank_bin: str, account: str, amount: int) -> None:
    with pytest.raises(ValidationError):
        payload(bank_bin, account, amount, "x")
