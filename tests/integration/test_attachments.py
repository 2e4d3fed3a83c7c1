"""Digitised items attached to dossiers in the real store: file by content hash, owner-only,
atomic; the row, the outbox event and the audit entry together; doctor; audited deletion; the
national TaiLieuNop fields."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from counter_app.composition import App
from counter_app.domain.dossier import Party, ReceivedItem
from counter_app.domain.enums import ApplicantKind, DocumentForm
from counter_app.domain.errors import DomainError, EnvironmentProblem
from counter_app.services import attachments, intake
from counter_app.services.maintenance import doctor
from counter_app.store import schema as t
from counter_app.store.audit import verify_chain
from sync.national import documents

PDF = b"%PDF-1.7\n% a digitised item\n%%EOF\n"


def receive(app: App) -> str:
    applicant = Party(ApplicantKind.CITIZEN, "Lê Thị Mai", "001090123456")
    items = [
        ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL),
        ReceivedItem("TP2", "Giấy chứng sinh", DocumentForm.COPY),
    ]
    req = intake.IntakeRequest("1.001193", applicant, items=items)
    return intake.receive(app.services, req, "canbo1").code


def counts(app: App) -> tuple[int, int, int]:
    with app.store.read() as tx:
        c = tx.conn
        return tuple(  # type: ignore[return-value]
            c.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.scan_files, t.outbox, t.audit_log)
        )


def test_attach_stores_by_hash_and_publishes_with_audit(app: App) -> None:
    code = receive(app)
    before = counts(app)
    scan = attachments.attach_scan(app.services, code, "TP2", PDF, 2, "canbo1")
    assert counts(app) == (before[0] + 1, before[1] + 1, before[2] + 1)
    path = app.data_dir / scan.path
    assert path.read_bytes() == PDF
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    with app.store.read() as tx:
        assert tx.outbox.pending()[-1]["event"] == "dossier.scan_attached"
        assert verify_chain(tx.conn).ok
        dossier = tx.dossiers.by_code(code)
        procedure = tx.procedures.get("1.001193")
    assert dossier is not None
    records = {r["MaThanhPhanHoSo"]: r for r in documents(dossier, procedure)}
    tp2 = records["PLACEHOLDER-1.001193-02"]
    assert (tp2["DuocSoHoa"], tp2["DuongDanTaiTepTin"]) == ("1", scan.path)
    assert tp2["TenTepDinhKem"] == f"{code}_TP2.pdf"
    assert records["PLACEHOLDER-1.001193-01"]["DuocSoHoa"] == "0"


def test_doctor_reports_a_file_whose_hash_no_longer_matches(app: App) -> None:
    code = receive(app)
    scan = attachments.attach_scan(app.services, code, "TP1", PDF, 1, "canbo1")
    assert attachments.check_scan_files(app.store) == (1, [])
    path = app.data_dir / scan.path
    path.write_bytes(PDF.replace(b"digitised", b"tampered!"))
    _, problems = attachments.check_scan_files(app.store)
    assert [(p.item_code, p.reason) for p in problems] == [("TP1", "hash_mismatch")]
    report = doctor(app.data_dir, app.services.agency_code)
    assert any(scan.path in line for line in report.problems)
    path.unlink()
    assert [p.reason for p in attachments.check_scan_files(app.store)[1]] == ["missing"]


def test_delete_is_audited_and_keeps_the_row(app: App) -> None:
    code = receive(app)
    scan = attachments.attach_scan(app.services, code, "TP1", PDF, 1, "canbo1")
    attachments.delete_scan(app.services, code, "TP1", "canbo2")
    with app.store.read() as tx:
        row = tx.conn.execute(select(t.scan_files)).one()
        dossier = tx.dossiers.by_code(code)
        entries = tx.audit.entries_for(dossier.id if dossier else "")
    assert row.deleted_by == "canbo2" and row.deleted_at
    assert dossier is not None and dossier.items[0].scan is None
    assert entries[-1]["action"] == "scan_deleted" and entries[-1]["actor"] == "canbo2"
    assert not (app.data_dir / scan.path).exists()
    with pytest.raises(DomainError) as err:
        attachments.delete_scan(app.services, code, "TP1", "canbo2")
    assert err.value.code == "scan_not_found"


def test_unknown_item_stores_nothing_in_the_store(app: App) -> None:
    code = receive(app)
    before = counts(app)
    with pytest.raises(DomainError) as err:
        attachments.attach_scan(app.services, code, "TP9", PDF, 1, "canbo1")
    assert err.value.code == "dossier_item_not_found"
    assert counts(app) == before


def test_a_failed_write_leaves_no_half_file(app: App, monkeypatch: pytest.MonkeyPatch) -> None:
    real_replace = os.replace

    def disk_full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disk_full)
    with pytest.raises(EnvironmentProblem) as err:
        attachments.store_file(app.data_dir, PDF)
    monkeypatch.setattr(os, "replace", real_replace)
    assert err.value.code == "scan_disk_full"
    scans = app.data_dir / "scans"
    assert not [p for p in scans.rglob("*") if p.is_file()]


def test_same_content_is_one_file(tmp_path: Path) -> None:
    first = attachments.store_file(tmp_path, PDF)
    assert attachments.store_file(tmp_path, PDF) == first
    assert len([p for p in (tmp_path / "scans").rglob("*") if p.is_file()]) == 1


def test_the_text_layer_replaces_the_file_in_the_background(app: App, tmp_path: Path) -> None:
    import threading

    import pypdfium2

    from scanning import facade
    from scanning.ocr import OcrQueue
    from scanning.session import ScanSession
    from tests.scan_pages import text_page
    from tests.scanning_support import require_component

    require_component("tesseract-vie")
    require_component("dejavu-font")
    code = receive(app)
    source = tmp_path / "page.png"
    text_page(200, lines=4, noise=False).crop((0, 0, 1654, 700)).save(source)
    meta = facade.item_meta(code, "TP1", "canbo1", app.services.clock.now())
    outcome = facade.import_to_pdf(
        [source], tmp_path / "o.pdf", ScanSession.create(tmp_path / "s"), meta
    )
    finished = threading.Event()
    ocr = OcrQueue()
    original_submit = ocr.submit

    def submit(job: Any) -> None:
        def done(data: bytes) -> None:
            job.done(data)
            finished.set()

        original_submit(type(job)(job.pdf, job.pages, done, job.failed))

    ocr.submit = submit  # type: ignore[method-assign]
    first = facade.attach_with_text_layer(app.services, code, "TP1", outcome, "canbo1", ocr)
    assert finished.wait(90)
    ocr.close()
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
        assert dossier is not None
        entries = tx.audit.entries_for(dossier.id)
    scan = dossier.items[0].scan
    assert scan is not None and scan.content_hash != first.content_hash
    assert [e["action"] for e in entries[-2:]] == ["scan_attached", "scan_text_layer"]
    doc = pypdfium2.PdfDocument((app.data_dir / scan.path).read_bytes())
    try:
        assert "Hạnh phúc" in doc[0].get_textpage().get_text_range()
    finally:
        doc.close()
    assert attachments.check_scan_files(app.store)[1] == []
