"""Dataclasses ⇄ JSON-ready values, driven by the type hints (no hand-written mapping per class).

Supported: dataclasses, Enum, date, datetime (ISO 8601 with offset), str/int/bool/float, ``X | None``,
``list[X]``, ``tuple[X, ...]``, ``dict[str, X]``/``Mapping[str, X]``. Unknown keys in the input
are ignored and missing ones take the field's default, so stored JSON survives added fields.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Mapping
from datetime import date, datetime
from enum import Enum
from functools import cache
from typing import Any, TypeVar

from counter_app.domain.vntime import as_vn

T = TypeVar("T")


def to_jsonable(value: Any) -> Any:  # noqa: PLR0911 - one branch per supported shape
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, datetime):
        return as_vn(value).isoformat()  # one offset everywhere: stored times sort as text
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [to_jsonable(v) for v in value]
    if isinstance(value, Mapping):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def from_jsonable(tp: Any, data: Any) -> Any:  # noqa: PLR0911 - one branch per supported shape
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        if data is None:
            return None
        return from_jsonable(args[0], data)
    if origin in (list, tuple):
        item_tp = typing.get_args(tp)[0]
        items = [from_jsonable(item_tp, v) for v in data]
        if origin is tuple:
            return tuple(items)
        return items
    if origin in (dict, Mapping, typing.Mapping) or tp in (dict, Mapping):
        key_val = typing.get_args(tp)
        val_tp = key_val[1] if len(key_val) == 2 else Any
        return {k: from_jsonable(val_tp, v) for k, v in data.items()}
    if tp is Any:
        return data
    if isinstance(tp, type):
        return _from_class(tp, data)
    return data


def _from_class(tp: type, data: Any) -> Any:
    if dataclasses.is_dataclass(tp):
        hints = _hints(tp)
        kwargs = {
            f.name: from_jsonable(hints[f.name], data[f.name])
            for f in dataclasses.fields(tp)
            if f.name in data
        }
        return tp(**kwargs)
    if issubclass(tp, Enum):
        return tp(data)
    if tp is datetime:
        return as_vn(datetime.fromisoformat(data))
    if tp is date:
        return date.fromisoformat(data)
    if tp in (int, float, str, bool):
        return tp(data)
    return data


def decode(cls: type[T], data: Mapping[str, Any]) -> T:
    """Typed entry point: ``decode(Dossier, json.loads(text))``."""
    result: T = from_jsonable(cls, data)
    return result
