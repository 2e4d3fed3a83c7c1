"""Published administrative procedures (thủ tục hành chính) as the catalogue gives them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.enums import DocumentForm
from counter_app.domain.errors import ValidationError
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.text import nfc, search_key


@dataclass(frozen=True, slots=True)
class DocumentRequirement:
    """One document item (thành phần hồ sơ) of a procedure."""

    code: str  # local key, stable within the procedure (TP1, TP2…); printed on slips
    name: str
    form: DocumentForm
    quantity: int = 1
    note: str = ""
    #: MaThanhPhanHoSo: the item's code in the national catalogue, sent to the portal ("" unknown)
    national_code: str = ""


@dataclass(frozen=True, slots=True)
class Fee:
    name: str
    amount_vnd: int | None  # None: set by the provincial council (HĐND), entered at the counter
    note: str = ""


@dataclass(frozen=True, slots=True)
class ProcessingRule:
    """The legal processing time and the wording it was published with (kept verbatim)."""

    time: ProcessingTime
    published: str = ""
    note: str = ""
    by_channel: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Procedure:
    code: str  # national code, e.g. 1.001193
    name: str
    field: str
    level: str
    processing: ProcessingRule
    fees: tuple[Fee, ...] = ()
    documents: tuple[DocumentRequirement, ...] = ()
    postal_eligible: bool = False
    online_level: str | None = None
    sources: tuple[str, ...] = ()
    #: MaLinhVuc: the field's code in the national catalogue ("" when the catalogue lacks it)
    field_code: str = ""

    @property
    def name_key(self) -> str:
        return search_key(self.name)


def _require(record: Mapping[str, Any], key: str) -> Any:
    if key not in record or record[key] in (None, ""):
        raise ValidationError("missing_field", field=key)
    return record[key]


def _text(value: Any, field: str) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError("invalid_catalogue", field=field, detail="not text")
    return nfc(value)


def _count(value: Any, field: str, minimum: int = 0) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ValidationError("invalid_catalogue", field=field, detail="not a whole number")
    return value


def _list(record: Mapping[str, Any], key: str) -> list[Mapping[str, Any]]:
    items = record.get(key) or []
    if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
        raise ValidationError("invalid_catalogue", field=key, detail="not a list of objects")
    return items


def _processing(proc: Any) -> ProcessingRule:
    if not isinstance(proc, dict):
        raise ValidationError("invalid_processing_time", field="processing", value=str(proc))
    try:
        time = ProcessingTime(
            _count(proc.get("value") or 0, "processing.value"), TimeUnit(proc["unit"])
        )
    except (KeyError, ValueError) as exc:
        raise ValidationError(
            "invalid_processing_time", field="processing", value=str(proc)
        ) from exc
    by_channel = proc.get("by_channel") or {}
    if not isinstance(by_channel, dict):
        raise ValidationError(
            "invalid_catalogue", field="processing.by_channel", detail="not an object"
        )
    return ProcessingRule(
        time,
        _text(proc.get("published"), "processing.published"),
        _text(proc.get("note"), "processing.note"),
        {str(k): str(v) for k, v in by_channel.items()},
    )


def _document(index: int, doc: Mapping[str, Any]) -> DocumentRequirement:
    where = f"documents[{index - 1}]"
    try:
        form = DocumentForm(doc.get("kind", "original"))
    except ValueError as exc:
        raise ValidationError(
            "invalid_catalogue", field=f"{where}.kind", detail=str(doc.get("kind"))
        ) from exc
    name = _text(doc.get("name"), f"{where}.name")
    if not name:
        raise ValidationError("missing_field", field=f"{where}.name")
    return DocumentRequirement(
        f"TP{index}",
        name,
        form,
        _count(doc.get("quantity", 1), f"{where}.quantity"),
        _text(doc.get("note"), f"{where}.note"),
        _text(doc.get("national_code"), f"{where}.national_code").strip(),
    )


def _fee(index: int, fee: Mapping[str, Any]) -> Fee:
    where = f"fees[{index}]"
    amount = fee.get("amount_vnd")
    return Fee(
        _text(fee.get("name"), f"{where}.name"),
        None if amount is None else _count(amount, f"{where}.amount_vnd"),
        _text(fee.get("note"), f"{where}.note"),
    )


def procedure_from_record(record: Mapping[str, Any]) -> Procedure:
    """Build a :class:`Procedure` from the catalogue's JSON shape (resources/data), checking
    every field's type: a catalogue is outside input."""
    return Procedure(
        code=_text(_require(record, "code"), "code"),
        name=_text(_require(record, "name"), "name"),
        field=_text(record.get("field"), "field"),
        level=_text(record.get("level"), "level"),
        processing=_processing(_require(record, "processing")),
        fees=tuple(_fee(i, f) for i, f in enumerate(_list(record, "fees"))),
        documents=tuple(_document(i, d) for i, d in enumerate(_list(record, "documents"), start=1)),
        postal_eligible=bool(record.get("postal", False)),
        online_level=record.get("online_level")
        if isinstance(record.get("online_level"), str)
        else None,
        sources=tuple(str(s) for s in record.get("sources") or []),
        field_code=_text(record.get("field_code"), "field_code").strip(),
    )
