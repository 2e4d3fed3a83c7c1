"""The dossier codec (msgspec): strict decoding, and the audit chain's canonical JSON unchanged.

``tests/fixtures/legacy_store/counter.sqlite3`` was written by commit d07d2cd (the hand-written
codec, see ``make.py`` there): it must still verify, re-encode byte for byte, and accept new
entries hashed exactly as the old code hashed them.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.composition import App, open_app
from counter_app.domain.codec import decode, decode_stored, to_jsonable
from counter_app.domain.dossier import Dossier, FeeLine, Party, ReceivedItem, StatusChange
from counter_app.domain.enums import ApplicantKind, Channel, DocumentForm, DossierStatus
from counter_app.domain.errors import DamagedError, ValidationError
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import intake, lifecycle
from counter_app.settings import ensure_settings
from counter_app.store.audit import _HASHED, _material_text, stored_digest, verify_chain
from counter_app.store.canonical import Snapshot, canonical_json

LEGACY = Path(__file__).resolve().parents[1] / "fixtures" / "legacy_store" / "counter.sqlite3"
AT = datetime(2026, 3, 2, 9, 0, 0, 250_000, tzinfo=VN_TZ)


def _old_canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _old_sha256(value: Any) -> str:
    """The hash function of d07d2cd's audit log, kept here verbatim."""
    return hashlib.sha256(_old_canonical(value).encode("utf-8")).hexdigest()


def _old_entry_hash(entry: dict[str, Any]) -> str:
    material = {k: entry[k] for k in _HASHED}
    if entry.get("body_digest") is not None:
        material["body_digest"] = entry["body_digest"]
    if entry.get("outbox_id") is not None:  # sealed since schema 0006 (the audit-outbox link)
        material["outbox_id"] = entry["outbox_id"]
    return _old_sha256(material)


def _dossier() -> Dossier:
    return Dossier(
        "id-1",
        "000.00.06.H56-260302-1001",
        "000.00.06.H56",
        "1.001193",
        "Đăng ký khai sinh",
        "Hộ tịch",
        Channel.DIRECT,
        Party(ApplicantKind.CITIZEN, "Lê Thị Lan", "001090123456", phone="0912345678"),
        "canbo1",
        AT,
        DossierStatus.RECEIVED,
        items=[ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL, 1, True)],
        fees=[FeeLine("Lệ phí", 8000)],
        history=[StatusChange(AT, None, DossierStatus.RECEIVED, "canbo1")],
    )


def _set(path: tuple[str | int, ...], value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        target: Any = data
        for step in path[:-1]:
            target = target[step]
        target[path[-1]] = value

    return apply


#: What the old codec silently accepted (it called ``bool("false")`` → True, ``int("2")``, …).
BAD_VALUES: dict[str, tuple[Callable[[dict[str, Any]], None], str]] = {
    "bool_given_string_false": (_set(("items", 0, "present"), "false"), "$.items[0].present"),
    "bool_given_int": (_set(("items", 0, "present"), 0), "$.items[0].present"),
    "int_given_string": (_set(("sets_count",), "2"), "$.sets_count"),
    "int_given_bool": (_set(("fees", 0, "amount_vnd"), True), "$.fees[0].amount_vnd"),
    "unknown_int_enum": (_set(("status",), 99), "$.status"),
    "unknown_str_enum": (_set(("items", 0, "form"), "hologram"), "$.items[0].form"),
    "enum_given_its_name": (_set(("channel",), "DIRECT"), "$.channel"),
    "str_given_int": (_set(("applicant", "name"), 5), "$.applicant.name"),
    "malformed_datetime": (_set(("received_at",), "yesterday"), "$.received_at"),
    "malformed_date": (_set(("applicant", "birth_date"), "1990-13-01"), "$.applicant.birth_date"),
    "list_given_object": (_set(("history",), {"0": 1}), "$.history"),
    "required_missing": (lambda d: d.pop("code"), "$"),
}


@pytest.mark.parametrize("case", sorted(BAD_VALUES))
def test_decoding_is_strict_for_input_and_for_the_store(case: str) -> None:
    spoil, where = BAD_VALUES[case]
    data = to_jsonable(_dossier())
    assert decode(Dossier, data) == _dossier()  # the untouched value decodes
    spoil(data)
    with pytest.raises(ValidationError) as wrong_input:
        decode(Dossier, data)
    assert (wrong_input.value.code, wrong_input.value.field) == ("invalid_input", where)
    with pytest.raises(DamagedError) as damaged:
        decode_stored(Dossier, data, record="dossiers")
    assert damaged.value.code == "stored_record_damaged"
    assert dict(damaged.value.params) == {"record": "dossiers", "where": where}


def test_unknown_keys_are_ignored_and_missing_ones_take_their_default() -> None:
    data = to_jsonable(_dossier())
    del data["supplements"], data["rating"]
    assert decode(Dossier, {**data, "a_field_from_the_future": [1]}) == _dossier()


def test_datetimes_are_written_in_vietnam_time_whatever_their_zone() -> None:
    utc = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
    naive = datetime(2026, 3, 2, 9, 0, 0, 5)
    assert to_jsonable([utc, naive, {"x": (utc,)}]) == [
        "2026-03-02T09:00:00+07:00",
        "2026-03-02T09:00:00.000005+07:00",
        {"x": ["2026-03-02T09:00:00+07:00"]},
    ]
    data = to_jsonable(_dossier())
    assert data["received_at"] == "2026-03-02T09:00:00.250000+07:00"
    assert data["channel"] == 1 and data["items"][0]["form"] == "original"


@pytest.fixture
def legacy_app(tmp_path: Path) -> Iterator[App]:
    data_dir = tmp_path / "data"
    data_dir.mkdir()
    shutil.copy(LEGACY, data_dir / "counter.sqlite3")
    ensure_settings(data_dir / "settings.toml")  # the office it belongs to (the default agency)
    application = open_app(data_dir, clock=FixedClock(AT + timedelta(days=3)))
    try:
        yield application
    finally:
        application.close()


def _rows(app: App, sql: str) -> list[Any]:
    with app.store.read() as tx:
        return list(tx.conn.exec_driver_sql(sql))


def _check_every_entry_the_old_way(app: App) -> int:
    entries = _rows(app, "SELECT * FROM audit_log ORDER BY seq")
    for row in entries:
        entry = dict(row._mapping)
        for key in ("before", "after"):
            entry[key] = json.loads(entry[key]) if entry[key] is not None else None
        assert _old_entry_hash(entry) == entry["hash"], entry["seq"]
    return len(entries)


def test_a_store_written_by_the_old_codec_verifies_and_reencodes_byte_for_byte(
    legacy_app: App,
) -> None:
    with legacy_app.store.read() as tx:
        report = verify_chain(tx.conn)
    assert report.ok and report.entries == 11, report.problems
    bodies = _rows(legacy_app, "SELECT body FROM dossiers") + _rows(
        legacy_app, "SELECT payload FROM outbox"
    )
    assert len(bodies) == 16
    for (text,) in bodies:
        dossier = decode_stored(Dossier, json.loads(text), record="dossiers")
        # the same bytes as the old codec wrote, for every field the old model had (fields added
        # to the model since then take their defaults and are written beside them)
        again = json.loads(Snapshot.of(dossier).text)
        old_fields = canonical_json({k: again[k] for k in json.loads(text)})
        assert old_fields == text
        assert hashlib.sha256(old_fields.encode()).hexdigest() == stored_digest(json.loads(text))
    assert _check_every_entry_the_old_way(legacy_app) == 11


def test_entries_appended_now_are_hashed_as_the_old_code_hashed_them(legacy_app: App) -> None:
    (code,) = _rows(legacy_app, "SELECT code FROM dossiers WHERE status = 2 LIMIT 1")[0]
    lifecycle.resolve(legacy_app.services, code, "canbo1", giver="Lê Thị Hoa")
    who = Party(ApplicantKind.CITIZEN, 'Tạ "Văn" \\ Út', "001090123457", address="ngõ 5\n😀")
    intake.receive(legacy_app.services, intake.IntakeRequest("1.001193", who), "canbo1")
    with legacy_app.store.read() as tx:
        report = verify_chain(tx.conn)
    assert report.ok and report.entries == 13, report.problems
    assert _check_every_entry_the_old_way(legacy_app) == 13
    stored = _rows(legacy_app, "SELECT before, after FROM audit_log WHERE seq = 13")[0]
    assert stored.before == "null"  # as SQLAlchemy's JSON type wrote None before


def test_a_damaged_stored_body_is_a_typed_error_not_a_silent_true(legacy_app: App) -> None:
    (code, dossier_id) = _rows(legacy_app, "SELECT code, id FROM dossiers LIMIT 1")[0]
    legacy_app.store.engine.dispose()
    with sqlite3.connect(legacy_app.store.path) as conn:
        conn.execute(
            "UPDATE dossiers SET body = json_set(body, '$.items[0].present', 'false') WHERE id = ?",
            (dossier_id,),
        )
    with pytest.raises(DamagedError) as damaged:
        lifecycle.resolve(legacy_app.services, code, "canbo1", giver="Lê Thị Hoa")
    assert damaged.value.code == "stored_record_damaged"
    assert dict(damaged.value.params) == {"record": "dossiers", "where": "$.items[0].present"}
    with legacy_app.store.read() as tx:  # nothing was written
        assert tx.conn.exec_driver_sql("SELECT max(seq) FROM audit_log").scalar() == 11


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)


@given(
    before=st.none() | st.dictionaries(st.text(), json_values, max_size=4),
    after=st.dictionaries(st.text(), json_values, max_size=4),
    actor=st.text(),
    digest=st.none() | st.text(min_size=1),
)
def test_the_spliced_hash_material_is_the_old_canonical_json(
    before: dict[str, Any] | None, after: dict[str, Any], actor: str, digest: str | None
) -> None:
    entry = {
        "seq": 7,
        "at": "2026-03-02T09:00:00+07:00",
        "actor": actor,
        "action": "received",
        "dossier_id": None,
        "before": before,
        "after": after,
        "prev_hash": "0" * 64,
        "body_digest": digest,
    }
    texts = {k: _old_canonical(entry[k]) for k in ("before", "after")}
    material = {k: v for k, v in entry.items() if k != "body_digest" or v is not None}
    assert _material_text(entry, texts) == _old_canonical(material)


def _zone(offset: timedelta) -> tzinfo:
    return timezone(offset)


zones = st.timedeltas(min_value=timedelta(hours=-23), max_value=timedelta(hours=23)).map(_zone)
moments = st.one_of(
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31)),  # naive
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 12, 31), timezones=zones),
)
snapshot_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**70), 2**70) | st.text() | moments,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.tuples(inner, inner)
        | st.dictionaries(st.text(), inner, max_size=4)
    ),
    max_leaves=12,
)


@given(value=st.dictionaries(st.text(), snapshot_values, max_size=5))
def test_a_snapshot_is_the_canonical_json_of_the_codec_values(value: dict[str, Any]) -> None:
    """``Snapshot.of`` encodes in one pass: its text is exactly the old canonical JSON of what
    ``to_jsonable`` makes of the value (datetimes of any zone, naive ones, tuples, any text)."""
    snapshot = Snapshot.of(value)
    assert snapshot.text == _old_canonical(to_jsonable(value))
    assert snapshot.data == to_jsonable(value)


@given(name=st.text(min_size=1), address=st.text(), at=moments)
def test_a_dossier_snapshot_is_the_canonical_json_of_its_codec_values(
    name: str, address: str, at: datetime
) -> None:
    dossier = _dossier()
    dossier.applicant.name, dossier.applicant.address = name, address
    dossier.received_at = at
    dossier.history[0].at = at
    text = Snapshot.of(dossier).text
    assert text == _old_canonical(to_jsonable(dossier))
    assert decode_stored(Dossier, json.loads(text), record="dossiers").applicant.name == name
