"""Published administrative procedures (thủ tục hành chính) as the catalogue gives them."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from counter_app.domain.enums import Channel, DocumentForm
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
    #: The scan profile for this item (a key of ``SCAN_PROFILES``; "" = plain text), e.g.
    #: "seal_photo_300" for items with red seals or photos
    scan_profile: str = ""


#: The scan profiles a catalogue may name for a document item: key → the Vietnamese label the
#: officer sees (the profiles' settings live in ``scanning.profiles``; a test keeps both in step).
SCAN_PROFILES: Mapping[str, str] = {
    "plain_200": "Văn bản thường 200 dpi",
    "seal_photo_300": "Có dấu đỏ / ảnh màu 300 dpi",
    "color_200": "Có dấu đỏ / ảnh màu 200 dpi",
}


def scan_profile_key(value: str) -> str | None:
    """The profile key a catalogue entry names, by key or by its Vietnamese label (accents,
    case and spacing aside); "" for none, None when it names no known profile."""
    wanted = search_key(value.strip())
    if not wanted:
        return ""
    for key, label in SCAN_PROFILES.items():
        if wanted in (key, search_key(label)):
            return key
    return None


@dataclass(frozen=True, slots=True)
class Fee:
    name: str
    amount_vnd: int | None  # None: set by the provincial council (HĐND), entered at the counter
    note: str = ""


#: The catalogue's names for the channels of ``channel_times`` (KenhThucHien 1, 2, 3).
CHANNEL_NAMES: Mapping[str, Channel] = {
    "direct": Channel.DIRECT,
    "online": Channel.ONLINE,
    "postal": Channel.POSTAL,
}


@dataclass(frozen=True, slots=True)
class ChannelTime:
    """The processing time published for one channel, with its published wording."""

    channel: Channel
    time: ProcessingTime
    published: str = ""


@dataclass(frozen=True, slots=True)
class ProcessingRule:
    """The legal processing time and the wording it was published with (kept verbatim).

    ``by_channel`` is the published free text per channel (kept as published); ``channel_times``
    is the same as data. :meth:`time_for` gives the time for a dossier's channel: its own where
    the procedure publishes one, else ``time``.
    """

    time: ProcessingTime
    published: str = ""
    note: str = ""
    by_channel: Mapping[str, str] = field(default_factory=dict)
    channel_times: tuple[ChannelTime, ...] = ()

    def time_for(self, channel: Channel) -> ProcessingTime:
        for item in self.channel_times:
            if item.channel is channel:
                return item.time
        return self.time


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


def _time(proc: Mapping[str, Any], where: str) -> ProcessingTime:
    try:
        return ProcessingTime(
            _count(proc.get("value") or 0, f"{where}.value"), TimeUnit(proc["unit"])
        )
    except (KeyError, ValueError) as exc:
        raise ValidationError("invalid_processing_time", field=where, value=str(proc)) from exc


def _channel_times(proc: Mapping[str, Any]) -> tuple[ChannelTime, ...]:
    """``"channels": {"online": {"value": 15, "unit": "working_days", "published": "…"}, …}``."""
    channels = proc.get("channels") or {}
    if not isinstance(channels, dict):
        raise ValidationError(
            "invalid_catalogue", field="processing.channels", detail="not an object"
        )
    times = []
    for name, item in channels.items():
        where = f"processing.channels.{name}"
        if name not in CHANNEL_NAMES or not isinstance(item, dict):
            raise ValidationError("invalid_catalogue", field=where, detail="direct/online/postal")
        times.append(
            ChannelTime(
                CHANNEL_NAMES[name], _time(item, where), _text(item.get("published"), where)
            )
        )
    return tuple(sorted(times, key=lambda t: t.channel))


def _processing(proc: Any) -> ProcessingRule:
    if not isinstance(proc, dict):
        raise ValidationError("invalid_processing_time", field="processing", value=str(proc))
    time = _time(proc, "processing")
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
        _channel_times(proc),
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
        _scan_profile(doc, where),
    )


def _scan_profile(doc: Mapping[str, Any], where: str) -> str:
    named = _text(doc.get("scan_profile"), f"{where}.scan_profile")
    key = scan_profile_key(named)
    if key is None:
        raise ValidationError(
            "invalid_catalogue", field=f"{where}.scan_profile", detail=", ".join(SCAN_PROFILES)
        )
    return key


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
