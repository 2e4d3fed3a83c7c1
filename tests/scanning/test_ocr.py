"""The background Vietnamese text layer: a page with Vietnamese text becomes searchable, the
images are untouched, the file stays PDF/A, and OCR never blocks the caller."""

from __future__ import annotations

import io
import threading
from datetime import datetime

import pikepdf
import pypdfium2
import pytest

from counter_app.domain.errors import EnvironmentProblem
from scanning.ocr import OcrJob, OcrQueue, add_text_layer
from scanning.pdfa import ItemMeta, build_pdfa, check_pdfa
from scanning.pipeline import process
from scanning.profiles import SEAL_PHOTO
from tests.scan_pages import text_page
from tests.scanning_support import require_component

pytestmark = pytest.mark.timeout(120)
META = ItemMeta("000.00.06.H56-260302-0001", "TP1", "canbo1", datetime(2026, 3, 2, 9, 0))


@pytest.fixture(autouse=True)
def _tesseract() -> None:
    require_component("tesseract-vie")
    require_component("dejavu-font")


def _text(pdf: bytes) -> str:
    doc = pypdfium2.PdfDocument(pdf)
    try:
        return "".join(doc[i].get_textpage().get_text_range() for i in range(len(doc)))
    finally:
        doc.close()


def test_vietnamese_text_is_found_in_the_layer_and_images_are_untouched() -> None:
    page = process(text_page(300, lines=6, noise=False).crop((0, 0, 2480, 1300)), 300, SEAL_PHOTO)
    pdf = build_pdfa([page], META)
    assert _text(pdf).strip() == ""
    done = threading.Event()
    result: list[bytes] = []
    ocr = OcrQueue()

    def finished(out: bytes) -> None:
        result.append(out)
        done.set()

    ocr.submit(OcrJob(pdf, (page,), finished))
    assert not result  # submit returned at once: OCR is not on the caller's path
    assert done.wait(90)
    ocr.close()
    text = _text(result[0])
    assert "Độc lập - Tự do - Hạnh phúc" in text
    assert "Nguyễn Thị Hồng Nhung" in text
    assert check_pdfa(result[0]).problems == ()
    source = pikepdf.open(io.BytesIO(pdf))
    image = next(iter(source.pages[0].Resources.XObject.values())).read_raw_bytes()
    layered = pikepdf.open(io.BytesIO(result[0]))
    images = [
        obj.read_raw_bytes()
        for obj in layered.objects
        if isinstance(obj, pikepdf.Stream) and obj.get("/Subtype") == "/Image"
    ]
    assert images == [image]  # the scanned image is carried over byte for byte


def test_a_failing_ocr_reports_and_keeps_the_file() -> None:
    page = process(text_page(100, lines=2), 100)
    broken = page.__class__(b"not an image", "jpeg", page.mode, 100, 10, 10)
    pdf = build_pdfa([page], META)
    failed: list[BaseException] = []
    ocr = OcrQueue()
    ocr.submit(OcrJob(pdf, (broken,), lambda out: None, failed.append))
    ocr.close()
    assert failed and getattr(failed[0], "code", "") == "ocr_failed"
    with pytest.raises(EnvironmentProblem) as err:
        add_text_layer(pdf, [broken])
    assert err.value.code == "ocr_failed"
