"""Vietnamese text at the boundaries: NFC everywhere, and diacritic-free search keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
_D_MAP = str.maketrans({"đ": "d", "Đ": "d"})


def nfc(text: str) -> str:
    """Normalise to NFC and fold runs of white space; strips both ends."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


def search_key(text: str) -> str:
    """The key staff type without diacritics: NFD, drop combining marks, đ→d, casefold.

    ``search_key("Nguyễn Văn Đức") == "nguyen van duc"``.
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.casefold()).strip()


def prefix_upper_bound(prefix: str) -> str:
    """The smallest string greater than every string starting with ``prefix`` (for range scans)."""
    return prefix + "\U0010ffff"


def digits_only(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())
