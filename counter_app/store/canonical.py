"""The one canonical JSON text of the store: sorted keys, no spaces, non-ASCII kept as is.

It is both what JSON columns hold and what the audit chain hashes, so a value is encoded once per
write and that text is stored, sent (outbox) and digested (audit) as it is. Changing this function
changes every hash: stores written before must still verify (tests/integration/test_codec_strict.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

import msgspec

from counter_app.domain.vntime import as_vn

_OPTIONS: dict[str, Any] = {"ensure_ascii": False, "sort_keys": True, "separators": (",", ":")}
_ENCODER = json.JSONEncoder(**_OPTIONS)


def _vn_text(value: object) -> str:
    """What :func:`counter_app.domain.codec.to_jsonable` makes of a datetime, for the encoder."""
    if isinstance(value, datetime):
        return as_vn(value).isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


#: The same encoder, turning the datetimes ``msgspec.to_builtins`` leaves in place into their
#: Vietnam-time text as it meets them (no second walk over the value).
_OBJECT_ENCODER = json.JSONEncoder(**_OPTIONS, default=_vn_text)


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON-ready value (what ``json.dumps`` gives with those options)."""
    return _ENCODER.encode(value)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Snapshot:
    """A dossier (or any aggregate) as its canonical text, encoded once; its JSON-ready values
    (``data``) are read back from that text when asked for."""

    __slots__ = ("_data", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._data: dict[str, Any] | None = None

    @classmethod
    def of(cls, value: Any) -> Snapshot:
        """``canonical_json(to_jsonable(value))`` in one pass (the text is the same, byte for
        byte: ``tests/integration/test_codec_strict.py``)."""
        return cls(_OBJECT_ENCODER.encode(msgspec.to_builtins(value, builtin_types=(datetime,))))

    @property
    def data(self) -> dict[str, Any]:
        if self._data is None:
            self._data = json.loads(self.text)
        return self._data

    @property
    def digest(self) -> str:
        """sha256 of the canonical text: the body digest the audit chain seals."""
        return sha256_hex(self.text)
