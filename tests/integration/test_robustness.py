"""Wrong input, stale screens, busy or damaged files: a typed error, and nothing stored is lost."""

from __future__ import annotations

import json
import sqlite3
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from counter_app.cli import main
from counter_app.composition import App, open_app
from counter_app.domain.dossier import FeeLine, Party
from counter_app.domain.enums import ApplicantKind, DossierStatus
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.domain.status import IllegalTransition
from counter_app.ports import FixedClock
from counter_app.resources import resource_path
from counter_app.services import catalogue, intake, lifecycle, lookup
from counter_app.services.maintenance import ensure_office, verify_audit
from counter_app.store import engine as engine_module
from counter_app.store.unit_of_work import open_store, store_path
from tests.conftest import T0


def _req(**kw: Any) -> intake.IntakeRequest:
    party = Party(ApplicantKind.CITIZEN, "Vũ Thị Lan", "001190000123", phone="0987000111")
    return intake.IntakeRequest("2.000986", party, **kw)


def test_a_new_store_issues_no_code_until_its_slot_is_assigned(tmp_path: Path) -> None:
    app = open_app(tmp_path, create=True, clock=FixedClock(T0))
    try:
        ensure_office(app.services, "UBND phường")  # no slot: never assume one
        catalogue.import_catalogue(app.store, catalogue.sample_catalogue())
        with pytest.raises(DomainError, match="device_not_registered"):
            intake.receive(app.services, _req(), "canbo1")
        ensure_office(app.services, "UBND phường", device_slot=3)
        assert intake.receive(app.services, _req(), "canbo1").code.endswith("-3000")
        with pytest.raises(DomainError, match="device_already_registered"):
            ensure_office(app.services, "UBND phường", device_slot=4)
    finally:
        app.close()


def test_stale_screen_cannot_overwrite(app: App) -> None:
    dossier = intake.receive(app.services, _req(), "canbo1")
    lifecycle.transfer(
        app.services, dossier.code, "Phòng A", "canbo1", receiver="Lê Thị Hoa", expected_version=0
    )
    with pytest.raises(DomainError, match="concurrent_modification"):
        lifecycle.resolve(
            app.services, dossier.code, "canbo1", giver="Lê Thị Hoa", expected_version=0
        )
    assert (
        lifecycle.resolve(
            app.services, dossier.code, "canbo1", giver="Lê Thị Hoa", expected_version=1
        ).version
        == 2
    )


def test_multi_agency_transfer_and_no_shortcut_out_of_a_supplement(app: App) -> None:
    code = intake.receive(app.services, _req(), "canbo1").code
    lifecycle.transfer(app.services, code, "Phòng A", "canbo1", receiver="Lê Thị Hoa")
    second = lifecycle.transfer(app.services, code, "Phòng B", "canbo1", receiver="Lê Thị Hoa")
    assert [t.to_agency for t in second.transfers] == ["Phòng A", "Phòng B"]
    assert second.status is DossierStatus.PROCESSING
    from counter_app.domain.dossier import MissingItem

    lifecycle.request_supplement(app.services, code, [MissingItem("Tờ khai", "Thiếu")], "", "a")
    with pytest.raises(IllegalTransition):
        lifecycle.resume_processing(app.services, code, "canbo1")


def test_apology_and_rating_only_when_they_make_sense(app: App, clock: FixedClock) -> None:
    code = intake.receive(app.services, _req(), "canbo1").code
    with pytest.raises(DomainError, match="rating_not_allowed"):
        lifecycle.rate(app.services, code, 5, "canbo1")
    lifecycle.withdraw(app.services, code, "Xin rút", "canbo1")
    with pytest.raises(DomainError, match="apology_not_allowed"):
        lifecycle.apologise(app.services, code, clock.now() + timedelta(days=60), "Trễ", "x")


@pytest.mark.parametrize(
    ("change", "code"),
    [
        # a wrong type on purpose, as data from outside may carry
        ({"fees": [FeeLine("Lệ phí HĐND", None)]}, "invalid_fee"),  # type: ignore[arg-type]
        ({"sets_count": None}, "invalid_quantity"),
        ({"sets_count": 0}, "invalid_quantity"),
    ],
)
def test_wrong_types_from_outside_are_typed_errors(
    app: App, change: dict[str, object], code: str
) -> None:
    with pytest.raises(ValidationError, match=code):
        intake.receive(app.services, _req(**change), "canbo1")


def test_non_text_applicant_fields(app: App) -> None:
    # a number where text belongs, on purpose: the typed error is what is tested
    party = Party(ApplicantKind.CITIZEN, "Lan", 123)  # type: ignore[arg-type]
    with pytest.raises(ValidationError) as err:
        intake.receive(app.services, intake.IntakeRequest("2.000986", party), "canbo1")
    assert err.value.field == "id_number"


@pytest.mark.parametrize(
    "record",
    [
        {
            "code": "1.1",
            "name": "X",
            "processing": {"unit": "working_days", "value": 3},
            "documents": [{"kind": "original"}],
        },
        {
            "code": "1.1",
            "name": "X",
            "processing": {"unit": "working_days", "value": 3},
            "documents": [{"name": "A", "kind": "original", "quantity": "hai"}],
        },
        {
            "code": "1.1",
            "name": "X",
            "processing": {"unit": "working_days", "value": 3},
            "fees": [{"name": "Lệ phí", "amount_vnd": "50.000"}],
        },
        {"code": "1.1", "name": "X", "processing": {"unit": "fortnights", "value": 3}},
        {
            "code": "1.1",
            "name": "X",
            "processing": {"unit": "working_days", "value": 3},
            "documents": "abc",
        },
    ],
)
def test_bad_catalogue_records_name_the_record(tmp_path: Path, record: dict[str, object]) -> None:
    good = json.loads(resource_path(*catalogue.SAMPLE_CATALOGUE).read_text())[:2]
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps([*good, record], ensure_ascii=False))
    with pytest.raises(ValidationError) as err:
        catalogue.read_catalogue(path)
    assert err.value.code == "invalid_catalogue" and str(err.value.field).startswith("[2]")


def test_busy_store_is_busy_not_damaged(data_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine_module, "BUSY_TIMEOUT_MS", 200)
    store = open_store(data_dir)
    holder = sqlite3.connect(store_path(data_dir), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        with pytest.raises(DomainError, match="store_busy"), store.write():
            pass
    finally:
        holder.close()
        store.close()


def test_emptied_store_file_is_damaged_not_silently_new(tmp_path: Path) -> None:
    open_store(tmp_path, create=True).close()
    for suffix in ("-wal", "-shm"):
        Path(str(store_path(tmp_path)) + suffix).unlink(missing_ok=True)
    store_path(tmp_path).write_bytes(b"")
    with pytest.raises(DomainError, match="store_damaged"):
        open_store(tmp_path)


def test_audit_hash_survives_the_json_round_trip(app: App) -> None:
    with app.store.write() as tx:
        tx.audit.append(
            at=T0,
            actor="x",
            action="test",
            dossier_id=None,
            before={"per_round": {2: "a", 10: "b"}},
            after={"at": T0},
        )
    assert verify_audit(app.store).ok


def test_backup_to_an_unwritable_place(app: App, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(DomainError, match="backup_target_unwritable"):
        app.store.backup_to(Path("/proc/not-here/backup.sqlite3"))
    assert main(["--data-dir", str(app.data_dir), "backup", "--to", "/proc/x.sqlite3"]) == 1
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and captured.err.strip()


def test_doctor_reports_bad_settings(data_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (data_dir / "settings.toml").write_text("schema_version = 1\nlanguage = 'klingon'\n")
    assert main(["--data-dir", str(data_dir), "doctor"]) == 1
    assert "language" in capsys.readouterr().out


def test_tax_code_and_phone_shapes(app: App) -> None:
    company = Party(ApplicantKind.BUSINESS, "Công ty TNHH An Phát", "0101234567-001")
    code = intake.receive(app.services, intake.IntakeRequest("2.000986", company), "canbo1").code
    assert [s.code for s in lookup.find(app.store, "0101234567-001")] == [code]
    other = Party(ApplicantKind.BUSINESS, "Công ty CP Bình Minh", "0109876543")
    code2 = intake.receive(app.services, intake.IntakeRequest("2.000986", other), "canbo1").code
    assert [s.code for s in lookup.find(app.store, "0109876543")] == [code2]
