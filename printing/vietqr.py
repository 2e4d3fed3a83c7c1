"""VietQR (NAPAS 247) bank-transfer payloads: EMVCo TLV fields with a CRC-16/CCITT-FALSE.

``00`` "01" · ``01`` "12" (one-off, with amount) · ``38`` {``00`` A000000727, ``01`` {``00`` bank
BIN, ``01`` account}, ``02`` QRIBFTTA} · ``53`` "704" · ``54`` amount · ``58`` "VN" · ``62``
{``08`` purpose} · ``63`` CRC over everything up to and including "6304".
"""

from __future__ import annotations

import re
import unicodedata

from counter_app.domain.errors import ValidationError

GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
_BIN_RE = re.compile(r"^\d{6}$")
_ACCOUNT_RE = re.compile(r"^[0-9A-Za-z]{1,19}$")
PURPOSE_MAX = 25


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _ in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else (crc << 1)
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValidationError("invalid_input", field=f"vietqr.{tag}")
    return f"{tag}{len(value):02d}{value}"


def ascii_purpose(text: str) -> str:
    """Bank apps accept plain ASCII in the purpose: strip the accents, map đ → d, cut to 25."""
    folded = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in folded if not unicodedata.combining(c) and c.isascii())
    return plain[:PURPOSE_MAX]


def payload(bank_bin: str, account: str, amount_vnd: int, purpose: str) -> str:
    """The VietQR text for a one-off transfer of ``amount_vnd`` with ``purpose`` (the dossier code)."""
    if not _BIN_RE.match(bank_bin):
        raise ValidationError("invalid_input", field="printing.bank_bin")
    if not _ACCOUNT_RE.match(account):
        raise ValidationError("invalid_input", field="printing.bank_account")
    if amount_vnd <= 0:
        raise ValidationError("invalid_input", field="amount_vnd")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant = tlv("00", GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", merchant)
        + tlv("53", "704")
        + tlv("54", str(amount_vnd))
        + tlv("58", "VN")
        + tlv("62", tlv("08", ascii_purpose(purpose)))
        + "6304"
    )
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"
