"""The national payload of EVERY demo dossier, and of dossiers moved through the real use cases,
validates against the committed schemas (resources/schemas, draft 2020-12, format checking on).

The demo is loaded into a real store (migrations, real services) in a temp dir."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from counter_app.composition import App, open_app
from counter_app.domain.dossier import Dossier, FeeLine, MissingItem, Party, ReceivedItem
from counter_app.domain.enums import ApplicantKind, Channel, FeeTiming, PaymentMethod
from counter_app.domain.procedure import Procedure
from counter_app.domain.processing_time import TimeUnit
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.resources import resource_path
from counter_app.services import demo, intake, lifecycle
from counter_app.store.unit_of_work import STORE_FILE
from sync.national import dossier_record, progress_records

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def _validator(name: str) -> Draft202012Validator:
    schema = json.loads(resource_path("schemas", f"{name}.schema.json").read_text("utf-8"))
    return Draft202012Validator(schema, format_checker=FormatChecker())


DOSSIER_SCHEMA = _validator("national-dossier")
PROGRESS_SCHEMA = _validator("national-progress")

Payload = tuple[Dossier, dict[str, Any], list[dict[str, Any]]]


def _payloads(app: App) -> list[Payload]:
    with sqlite3.connect(app.data_dir / STORE_FILE) as conn:
        ids = [row[0] for row in conn.execute("SELECT id FROM dossiers ORDER BY code")]
    out: list[Payload] = []
    with app.store.read() as tx:
        agency = tx.agencies.get(app.services.agency_code)
        for dossier_id in ids:
            dossier = tx.dossiers.get(dossier_id)
            assert dossier is not None
            procedure = tx.procedures.get(dossier.procedure_code)
            record = dossier_record(dossier, procedure, agency.name if agency else "")
            out.append((dossier, record, progress_records(dossier)))
    return out


@pytest.fixture(scope="module")
def demo_payloads(template_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Payload]:
    data_dir = tmp_path_factory.mktemp("national") / "data"
    shutil.copytree(template_dir, data_dir)
    app = open_app(data_dir, clock=FixedClock(NOW))
    try:
        demo.load_demo(app.services)
        return _payloads(app)
    finally:
        app.close()


def test_every_demo_dossier_validates(demo_payloads: list[Payload]) -> None:
    assert len(demo_payloads) > 40  # every dossier in the store (the demo made 45 at NOW)
    problems = [
        f"{record['MaHoSo']}: {'/'.join(map(str, e.absolute_path))}: {e.message}"
        for _, record, progress in demo_payloads
        for validator, payloads in ((DOSSIER_SCHEMA, [record]), (PROGRESS_SCHEMA, progress))
        for payload in payloads
        for e in validator.iter_errors(payload)
    ]
    assert problems == []


def test_the_demo_exercises_the_lists(demo_payloads: list[Payload]) -> None:
    """The schema test means something only if the demo fills the lists it checks."""
    records = [r for _, r, _ in demo_payloads]
    statuses = Counter(str(r["TrangThaiHoSo"]) for r in records)
    assert {"2", "3", "4", "5", "9", "10"} <= set(statuses)
    assert any(r["DanhSachLePhi"] for r in records)
    assert any(r["DanhSachHoSoBoSung"] for r in records)
    assert any(r["TaiLieuNop"] for r in records)
    assert any(r["HinhThuc"] == "1" for r in records)


def test_demo_refused_at_intake_sends_no_receipt(demo_payloads: list[Payload]) -> None:
    refused = [r for d, r, _ in demo_payloads if len(d.history) == 1 and r["TrangThaiHoSo"] == "3"]
    assert refused
    for record in refused:
        assert (record["NgayTiepNhan"], record["NgayHenTra"], record["DanhSachLePhi"]) == (
            "",
            "",
            [],
        )
        assert record["NgayTuChoi"] == record["NgayNopHoSo"] != ""


def test_demo_item_codes_are_the_catalogues_not_positions(demo_payloads: list[Payload]) -> None:
    codes = {d["MaThanhPhanHoSo"] for _, r, _ in demo_payloads for d in r["TaiLieuNop"]}
    assert codes and all(str(c).startswith("PLACEHOLDER-") for c in codes)


# --- through the real use cases, on a real store ----------------------------------------------


@pytest.fixture
def counter(app: App, clock: FixedClock) -> Iterator[tuple[App, FixedClock]]:
    yield app, clock


def _request(procedure: Procedure) -> intake.IntakeRequest:
    applicant = Party(ApplicantKind.CITIZEN, "Lê Thị Lan", "038190012345", phone="0912345678")
    items = [ReceivedItem(d.code, d.name, d.form, d.quantity) for d in procedure.documents]
    fee = FeeLine("Lệ phí", 50_000, FeeTiming.BEFORE, PaymentMethod.CASH, "BL0001")
    return intake.IntakeRequest(procedure.code, applicant, Channel.DIRECT, items=items, fees=[fee])


def test_a_supplement_round_through_the_services(counter: tuple[App, FixedClock]) -> None:
    """Received Mon 09:00, supplement asked Tue 10:00, supplement back Thu 14:30: the exchange says
    the request on Tuesday and the receipt on Thursday, in that order, never swapped."""
    app, clock = counter
    ctx = app.services
    with app.store.read() as tx:
        procedure = next(  # a supplement is allowed only within the processing time
            p
            for p in tx.procedures.search("")
            if p.processing.time.unit is TimeUnit.WORKING_DAYS and p.processing.time.value >= 5
        )
    code = intake.receive(ctx, _request(procedure), "canbo1").code
    clock.set(datetime(2026, 3, 3, 10, 0, tzinfo=VN_TZ))
    lifecycle.transfer(ctx, code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    missing = [MissingItem("Tờ khai", "Thiếu chữ ký")]
    lifecycle.request_supplement(ctx, code, missing, "Quầy 2", "canbo1")
    clock.set(datetime(2026, 3, 5, 14, 30, tzinfo=VN_TZ))
    lifecycle.receive_supplement(ctx, code, "buudien1")
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
        assert dossier is not None
        record = dossier_record(dossier, tx.procedures.get(dossier.procedure_code))
    DOSSIER_SCHEMA.validate(record)
    [sent] = record["DanhSachHoSoBoSung"]
    assert (sent["NgayBoSung"], sent["NgayTiepNhanBoSung"]) == ("20260303100000", "20260305143000")
    assert sent["NguoiTiepNhanBoSung"] == "buudien1"
    assert sent["NgayHenTraTruoc"] != "" and sent["NgayHenTraMoi"] > sent["NgayHenTraTruoc"]
    assert record["NgayTiepNhan"] == "20260302090000"  # the first receipt stays
    assert record["DanhSachLePhi"][0]["Gia"] == "50000"


def test_an_apology_does_not_move_ngay_hen_tra(counter: tuple[App, FixedClock]) -> None:
    app, clock = counter
    ctx = app.services
    with app.store.read() as tx:
        procedure = tx.procedures.search("")[0]
    received = intake.receive(ctx, _request(procedure), "canbo1")
    assert received.appointment is not None
    promised = received.appointment.due
    clock.set(NOW + timedelta(hours=2))
    lifecycle.transfer(ctx, received.code, "Phòng Tư pháp", "canbo1", receiver="Lê Thị Hoa")
    lifecycle.apologise(ctx, received.code, promised + timedelta(days=20), "Xác minh", "truongbp")
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(received.code)
        assert dossier is not None and dossier.due_at != promised  # the new date is kept …
        record = dossier_record(dossier)
    assert record["NgayHenTra"] == promised.strftime("%Y%m%d%H%M%S")  # … but not sent as NgayHenTra
    DOSSIER_SCHEMA.validate(record)
