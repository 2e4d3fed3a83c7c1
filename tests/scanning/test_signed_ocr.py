"""Signing and the background text layer together: the file attached at once is signed; OCR
(which rewrites page content) is laid over the unsigned original and that copy is signed anew,
so the final file both verifies over its whole length and carries the Vietnamese text."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pypdfium2
import pytest
from cryptography import x509

from counter_app.composition import App
from counter_app.services import attachments
from scanning import facade
from scanning.facade import ScanOutcome
from scanning.ocr import OcrJob, OcrQueue, add_text_layer
from scanning.pdfa import check_pdfa
from scanning.session import ScanSession
from scanning.signing import ItemSigner, pkcs12_signer, verify_pdf
from tests.integration.test_attachments import receive
from tests.scan_pages import text_page
from tests.scanning.test_signing import NAME, _root, p12
from tests.scanning_support import require_component

pytestmark = pytest.mark.timeout(180)
__all__ = ["p12"]  # the module-scoped certificate fixture, shared with test_signing


@pytest.fixture(autouse=True)
def _tools() -> None:
    require_component("tesseract-vie")
    require_component("dejavu-font")


class Ocr(OcrQueue):
    """The real queue; ``settled`` is set once a job has finished (done or failed)."""

    def __init__(self) -> None:
        super().__init__()
        self.settled = threading.Event()

    def submit(self, job: OcrJob) -> None:
        def done(data: bytes) -> None:
            job.done(data)
            self.settled.set()

        def failed(exc: BaseException) -> None:
            job.failed(exc)
            self.settled.set()

        super().submit(OcrJob(job.pdf, job.pages, done, failed))


def _outcome(app: App, code: str, tmp_path: Path) -> ScanOutcome:
    source = tmp_path / "page.png"
    text_page(200, lines=4, noise=False).crop((0, 0, 1654, 700)).save(source)
    meta = facade.item_meta(code, "TP1", "canbo1", app.services.clock.now())
    session = ScanSession.create(tmp_path / "s")
    return facade.import_to_pdf([source], tmp_path / "o.pdf", session, meta)


def _stored(app: App, code: str) -> tuple[bytes, list[str]]:
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
        assert dossier is not None
        actions = [e["action"] for e in tx.audit.entries_for(dossier.id)]
    scan = dossier.items[0].scan
    assert scan is not None
    return (app.data_dir / scan.path).read_bytes(), actions


def _text(pdf: bytes) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_the_final_file_is_signed_after_ocr_and_verifies(
    app: App, tmp_path: Path, p12: tuple[bytes, x509.Certificate]
) -> None:
    code = receive(app)
    outcome = _outcome(app, code, tmp_path)
    signer = ItemSigner(pkcs12_signer(p12[0], "mat-khau"), NAME, [_root(p12[1])])
    ocr, failures = Ocr(), list[BaseException]()
    first = facade.attach_with_text_layer(
        app.services, code, "TP1", outcome, "canbo1", ocr, failures.append, signer
    )
    first_pdf = (app.data_dir / first.path).read_bytes()
    assert signer.verified(first_pdf)  # signed from the first moment, before OCR
    assert ocr.settled.wait(150)
    ocr.close()
    assert failures == []
    final, actions = _stored(app, code)
    assert actions[-2:] == ["scan_attached", "scan_text_layer"]
    assert final != first_pdf
    checks = verify_pdf(final, [_root(p12[1])])
    assert [(c.ok, c.trusted, c.whole_file) for c in checks] == [(True, True, True)]
    assert NAME in checks[0].signer
    assert "Hạnh phúc" in _text(final)
    assert check_pdfa(final).problems == ()
    assert attachments.check_scan_files(app.store)[1] == []


def test_ocr_laid_over_a_signed_file_would_break_its_signature(
    app: App, tmp_path: Path, p12: tuple[bytes, x509.Certificate]
) -> None:
    """Why the text layer goes on the unsigned original: over the signed file it breaks it."""
    outcome = _outcome(app, receive(app), tmp_path)
    signer = ItemSigner(pkcs12_signer(p12[0], "mat-khau"), NAME, [_root(p12[1])])
    signed = signer.sign(outcome.pdf)
    layered = add_text_layer(signed, outcome.processed)
    assert "Hạnh phúc" in _text(layered)
    assert not signer.verified(layered)


class TokenPulledOut(ItemSigner):
    """Signs once (the file attached at once), then the token is gone."""

    def sign(self, pdf: bytes) -> bytes:
        if getattr(self, "_used", False):
            raise RuntimeError("token removed")
        object.__setattr__(self, "_used", True)
        return super().sign(pdf)


def test_a_failed_signature_after_ocr_keeps_the_signed_first_file(
    app: App, tmp_path: Path, p12: tuple[bytes, x509.Certificate]
) -> None:
    code = receive(app)
    outcome = _outcome(app, code, tmp_path)
    signer = TokenPulledOut(pkcs12_signer(p12[0], "mat-khau"), NAME, [_root(p12[1])])
    ocr, failures = Ocr(), list[BaseException]()
    first: Any = facade.attach_with_text_layer(
        app.services, code, "TP1", outcome, "canbo1", ocr, failures.append, signer
    )
    assert ocr.settled.wait(150)
    ocr.close()
    assert [str(f) for f in failures] == ["token removed"]
    stored, actions = _stored(app, code)
    assert actions[-1] == "scan_attached"  # never replaced by an unsigned copy
    assert stored == (app.data_dir / first.path).read_bytes()
    assert signer.verified(stored)
