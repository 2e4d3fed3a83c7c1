"""A procedure's document item names its scan profile in the catalogue; the scan dialog (see
tests/gui/test_scan_resume.py) and ``counter-app scan --dossier --item`` use it by default."""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from counter_app.domain.dossier import Party, ReceivedItem
from counter_app.domain.enums import ApplicantKind, DocumentForm
from counter_app.domain.errors import ValidationError
from counter_app.domain.procedure import SCAN_PROFILES, procedure_from_record
from counter_app.resources import resource_path
from counter_app.services import attachments, intake
from counter_app.services.catalogue import SAMPLE_CATALOGUE, read_catalogue
from scanning.profiles import PROFILES
from tests.scan_pages import seal_page

pytestmark = pytest.mark.timeout(120)
SEAL_LABEL = "Có dấu đỏ / ảnh màu 300 dpi"


def _record(**doc: Any) -> dict[str, Any]:
    records = json.loads(resource_path(*SAMPLE_CATALOGUE).read_text(encoding="utf-8"))
    record: dict[str, Any] = copy.deepcopy(records[0])
    record["documents"][1].update(doc)
    return record


def test_profiles_in_the_domain_and_in_scanning_are_the_same() -> None:
    assert {k: p.label for k, p in PROFILES.items()} == dict(SCAN_PROFILES)


@pytest.mark.parametrize(
    "named",
    ["seal_photo_300", SEAL_LABEL, "co dau do / anh mau 300 DPI", "  Có dấu đỏ / ảnh màu 300 dpi "],
)
def test_the_catalogue_names_a_profile_by_key_or_by_its_label(named: str) -> None:
    procedure = procedure_from_record(_record(scan_profile=named))
    assert [d.scan_profile for d in procedure.documents[:3]] == ["", "seal_photo_300", ""]


def test_an_unknown_profile_is_refused_naming_the_item(tmp_path: Path) -> None:
    path = tmp_path / "catalogue.json"
    path.write_text(json.dumps([_record(scan_profile="600 dpi")]), encoding="utf-8")
    with pytest.raises(ValidationError) as err:
        read_catalogue(path)
    assert err.value.code == "invalid_catalogue"
    assert err.value.field == "[0].documents[1].scan_profile"
    with pytest.raises(ValidationError):
        procedure_from_record(_record(scan_profile=300))  # not text


def _dossier_with_a_sealed_item(app: Any) -> str:
    procedure = procedure_from_record(_record(scan_profile=SEAL_LABEL))
    with app.store.write() as tx:
        tx.procedures.upsert(procedure)
    applicant = Party(ApplicantKind.CITIZEN, "Lê Thị Mai", "001090123456")
    items = [
        ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL),
        ReceivedItem("TP2", "Giấy chứng sinh", DocumentForm.ORIGINAL),
    ]
    req = intake.IntakeRequest(procedure.code, applicant, items=items)
    code = intake.receive(app.services, req, "canbo1").code
    assert attachments.item_scan_profile(app.services, code, "TP2") == "seal_photo_300"
    assert attachments.item_scan_profile(app.services, code, "TP1") == ""
    return code


def _colour_spaces(pdf: Path) -> set[str]:
    with pikepdf.open(pdf) as doc:
        return {
            str(image.get("/ColorSpace", "mask"))
            for page in doc.pages
            for image in page.get_images().values()
        }


def _scan(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "scan", *args],
        capture_output=True,
        text=True,
        timeout=100,
        env=env,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


def test_the_cli_scans_an_item_with_its_profile_by_default(app: Any, tmp_path: Path) -> None:
    code = _dossier_with_a_sealed_item(app)
    page = tmp_path / "seal.png"
    seal_page(200).save(page, dpi=(200, 200))
    base = ["--import", str(page), "--dossier", code, "--officer", "canbo1"]
    sealed, plain, forced = tmp_path / "tp2.pdf", tmp_path / "tp1.pdf", tmp_path / "gray.pdf"
    done = _scan(app.data_dir, *base, "--item", "TP2", "--out", str(sealed))
    assert done.returncode == 0, done.stderr
    assert "/DeviceRGB" in _colour_spaces(sealed)  # the red seal stays red
    done = _scan(app.data_dir, *base, "--item", "TP1", "--out", str(plain))
    assert done.returncode == 0, done.stderr
    assert "/DeviceRGB" not in _colour_spaces(plain)  # plain text: no colour kept
    done = _scan(app.data_dir, *base, "--item", "TP2", "--mode", "gray", "--out", str(forced))
    assert done.returncode == 0, done.stderr
    assert "/DeviceRGB" not in _colour_spaces(forced)  # the officer's --mode wins
