"""The one canonical JSON text of the store: sorted keys, no spaces, non-ASCII kept as is.

It is both what JSON columns hold and what the audit chain hashes, so a value is encoded once per
write and that text is stored, sent (outbox) and digested (audit) as it is. Changing this function
changes every hash: stores written before must still verify (tests/integration/test_codec_strict.py).
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from counter_app.domain.codec import to_jsonable

_ENCODER = json.JSONEncoder(ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def canonical_json(value: Any) -> str:
    """The canonical text of a JSON-ready value (what ``json.dumps`` gives with those options)."""
    return _ENCODER.encode(value)


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A dossier (or any aggregate) as JSON-ready values and its canonical text, encoded once."""

    data: dict[str, Any]
    text: str

    @classmethod
    def of(cls, value: Any) -> Snapshot:
        data: dict[str, Any] = to_jsonable(value)
        return cls(data, canonical_json(data))

    @property
    def digest(self) -> str:
        """sha256 of the canonical text: the body digest the audit chain seals."""
        return sha256_hex(self.text)
