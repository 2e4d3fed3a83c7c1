"""Masking personal numbers before text is shown back or logged.

One helper for messages that echo what the user typed (``find``'s "not found") and for the log
redactor: a citizen ID, old ID, tax code or phone keeps only its last 3 digits
(``001090123456`` → ``*********456``), enough for an officer to cross-check it against the card
in front of them; a citizen-ID card's QR keeps only its masked ID number.
"""

from __future__ import annotations

import re

from counter_app.domain.codes import CODE_PATTERN

KEEP_DIGITS = 3
#: What stands for the rest of a card QR (name, birth date, sex, address, issue date).
QR_REST = "|…"

_CARD_QR = re.compile(r"^\s*(\d{12})\|")
_ECHO_RE = re.compile(
    rf"(?P<code>{CODE_PATTERN})|(?P<number>\+?\d(?:[ .\-]?\d){{7,}})", re.IGNORECASE
)


def mask_digits(text: str, keep: int = KEEP_DIGITS) -> str:
    """The digits of ``text`` with all but the last ``keep`` replaced by ``*``."""
    digits = re.sub(r"\D", "", text)
    hidden = max(len(digits) - keep, 0)
    return "*" * hidden + digits[hidden:]


def _echo(match: re.Match[str]) -> str:
    return match.group(0) if match.lastgroup == "code" else mask_digits(match.group(0))


def mask_query(text: str) -> str:
    """``text`` as typed into a search box, safe to print back: numbers of 8 digits or more
    (ID numbers, phones, tax codes, dates of birth) masked, a card QR cut to its masked ID;
    dossier codes and words are kept."""
    card = _CARD_QR.match(text)
    if card:
        return mask_digits(card.group(1)) + QR_REST
    return _ECHO_RE.sub(_echo, text)
