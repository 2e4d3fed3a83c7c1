"""Published administrative procedures (thủ tục hành chính) as the catalogue gives them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.errors import ValidationError
from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.domain.text import nfc, search_key


@dataclass(frozen=True, slots=True)
class DocumentRequirement:
    """One document item (thành phần hồ sơ) of a procedure."""

    code: str  # MaThanhPhanHoSo, stable within the procedure
    name: str
    form: str  # original | certified_copy | copy | present_only
    quantity: int = 1
    note: str = ""


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

    @property
    def name_key(self) -> str:
        return search_key(self.name)


def _require(record: Mapping[str, Any], key: str) -> Any:
    if key not in record or record[key] in (None, ""):
        raise ValidationError("missing_field", field=key)
    return record[key]


def procedure_from_record(record: Mapping[str, Any]) -> Procedure:
    """Build a :class:`Procedure` from the catalogue's JSON shape (resources/data)."""
    proc = _require(record, "processing")
    try:
        unit = TimeUnit(proc["unit"])
        time = ProcessingTime(int(proc.get("value") or 0), unit)
    except (KeyError, ValueError, TypeError) as exc:
        raise ValidationError(
            "invalid_processing_time", field="processing", value=str(proc)
        ) from exc
    documents = tuple(
        DocumentRequirement(
            code=f"TP{i}",
            name=nfc(doc["name"]),
            form=str(doc.get("kind", "original")),
            quantity=int(doc.get("quantity", 1)),
            note=nfc(doc.get("note", "") or ""),
        )
        for i, doc in enumerate(record.get("documents", []), start=1)
    )
    fees = tuple(
        Fee(nfc(f["name"]), f.get("amount_vnd"), nfc(f.get("note", "") or ""))
        for f in record.get("fees", [])
    )
    return Procedure(
        code=str(_require(record, "code")),
        name=nfc(str(_require(record, "name"))),
        field=nfc(str(record.get("field", ""))),
        level=str(record.get("level", "")),
        processing=ProcessingRule(
            time=time,
            published=nfc(proc.get("published", "") or ""),
            note=nfc(proc.get("note", "") or ""),
            by_channel=dict(proc.get("by_channel") or {}),
        ),
        fees=fees,
        documents=documents,
        postal_eligible=bool(record.get("postal", False)),
        online_level=record.get("online_level"),
        sources=tuple(record.get("sources", [])),
    )
