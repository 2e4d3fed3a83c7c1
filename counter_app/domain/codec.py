"""Dataclasses ⇄ JSON-ready values, through msgspec (typed by the dataclasses' own hints).

Encoding: dataclasses become dicts, enums their values, dates ``YYYY-MM-DD`` and datetimes ISO 8601
in Vietnam time (one offset everywhere, so stored times sort as text; a naive datetime is taken to
be Vietnam time), tuples lists.

Decoding is strict: a value of the wrong JSON type is refused (``"false"`` is not a bool, ``1`` is
not a string, ``true`` is not an int), as is an unknown enum value or a malformed date. Unknown keys
are ignored and missing ones take the field's default, so stored JSON survives added fields.
A failure raises :class:`CodecError` carrying the JSON path at fault; callers turn it into the
right typed error (:func:`decode` → ``ValidationError`` for input, :func:`decode_stored` →
``DamagedError`` for what was read from the store).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from counter_app.domain.errors import DamagedError, ValidationError
from counter_app.domain.vntime import as_vn

T = TypeVar("T")

_PATH_RE = re.compile(r"at `(\$[^`]*)`")


class CodecError(Exception):
    """A value does not fit its declared type; ``path`` is the JSON path at fault (``$.items[0]``)."""

    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def _vn_times(value: Any) -> Any:
    """What ``to_builtins`` leaves as is: datetimes (kept as objects) → ISO text in Vietnam time,
    tuples → lists; containers are changed in place."""
    if isinstance(value, datetime):
        return as_vn(value).isoformat()
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, _WALKED):
                value[key] = _vn_times(item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, _WALKED):
                value[index] = _vn_times(item)
    elif isinstance(value, tuple):
        return _vn_times(list(value))
    return value


_WALKED = (datetime, dict, list, tuple)


def to_jsonable(value: Any) -> Any:
    """JSON-ready builtins (dict, list, str, int, float, bool, None) for ``value``."""
    return _vn_times(msgspec.to_builtins(value, builtin_types=(datetime,)))


def _fail(exc: msgspec.MsgspecError) -> CodecError:
    found = _PATH_RE.search(str(exc))
    return CodecError(found.group(1) if found else "$")


def _convert(cls: type[T], data: Any) -> T:
    try:
        result: T = msgspec.convert(data, cls, strict=True)
    except msgspec.ValidationError as exc:
        raise _fail(exc) from exc
    return result


def decode(cls: type[T], data: Mapping[str, Any]) -> T:
    """Input from outside (a file, the UI, sync): ``ValidationError("invalid_input")`` naming the
    JSON path at fault."""
    try:
        return _convert(cls, data)
    except CodecError as exc:
        raise ValidationError("invalid_input", field=exc.path) from exc


def decode_stored(cls: type[T], data: Any, *, record: str) -> T:
    """What the store holds (already decoded JSON): ``DamagedError("stored_record_damaged")``
    naming the kind of record and the JSON path at fault (never the value: it may be personal)."""
    try:
        return _convert(cls, data)
    except CodecError as exc:
        raise DamagedError("stored_record_damaged", record=record, where=exc.path) from exc


def decode_stored_json(cls: type[T], text: str | bytes, *, record: str) -> T:
    """:func:`decode_stored` straight from the stored JSON text (one pass, no dict in between);
    text that is not JSON at all is damaged too."""
    try:
        result: T = msgspec.json.decode(text, type=cls, strict=True)
    except msgspec.MsgspecError as exc:
        raise DamagedError("stored_record_damaged", record=record, where=_fail(exc).path) from exc
    return result
