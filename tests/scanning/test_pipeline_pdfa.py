"""The page pipeline on generated pages, the worker thread, and the PDF/A writer."""

from __future__ import annotations

import io
import threading
import time
from datetime import datetime

import numpy as np
import pikepdf
import pytest
from PIL import Image

from scanning.model import ColorMode
from scanning.pdfa import ItemMeta, build_pdfa, check_pdfa
from scanning.pipeline import ProcessedPage, process
from scanning.profiles import COLOR_200, PLAIN_TEXT, SEAL_PHOTO, profile_for_item
from scanning.worker import PipelineWorker, process_stream
from tests.scan_pages import a4, photo_page, seal_page, text_page
from tests.scanning_support import require_component

T = datetime.fromisoformat("2026-03-02T09:00:00+07:00")


@pytest.fixture(autouse=True)
def _font() -> None:
    require_component("dejavu-font")


@pytest.fixture(scope="module")
def text200() -> Image.Image:
    return text_page(200)


def test_plain_text_becomes_bitonal_g4(text200: Image.Image) -> None:
    page = process(text200, 200, PLAIN_TEXT)
    assert (page.mode, page.encoding, page.flags) == (ColorMode.BW, "ccitt_g4", ())
    assert Image.open(io.BytesIO(page.data)).info["compression"] == "group4"
    assert len(page.data) <= 30_000


def test_a_red_seal_keeps_colour_and_a_photo_grey_within_the_profile() -> None:
    assert process(seal_page(200), 200, COLOR_200).mode is ColorMode.COLOR
    assert process(seal_page(200), 200, PLAIN_TEXT).mode is ColorMode.GRAY  # profile caps it
    assert process(photo_page(200).convert("L"), 200, PLAIN_TEXT).mode is ColorMode.GRAY


def test_mixed_pages_put_text_in_a_g4_mask_over_the_picture() -> None:
    seal = process(seal_page(200), 200, COLOR_200)
    grey = process(photo_page(200).convert("L"), 200, PLAIN_TEXT)
    for page, limit in ((seal, 250_000), (grey, 120_000)):
        assert page.mask is not None
        assert Image.open(io.BytesIO(page.mask)).info["compression"] == "group4"
        assert len(page.data) + len(page.mask) <= limit
    seen = np.asarray(seal.image().convert("RGB").reduce(4)).astype(int)
    assert ((seen[..., 0] > 150) & (seen[..., 1] < 90)).any(), "the seal keeps its colour"


def test_a_blank_page_is_flagged_not_dropped() -> None:
    results = process_stream([(text_page(200, lines=8), 200), (a4(200), 200)], PLAIN_TEXT)
    assert [r.page is not None and r.page.blank for r in results] == [False, True]


@pytest.mark.parametrize("angle", [2.0, -3.3])
def test_deskew_straightens(text200: Image.Image, angle: float) -> None:
    page = process(text200.rotate(angle, fillcolor=255), 200)
    assert abs(page.skew + angle) <= 0.3


@pytest.mark.parametrize(
    ("turn", "fix"),
    [
        (Image.Transpose.ROTATE_180, 180),
        (Image.Transpose.ROTATE_90, 270),
        (Image.Transpose.ROTATE_270, 90),
    ],
)
def test_orientation_is_restored(text200: Image.Image, turn: Image.Transpose, fix: int) -> None:
    page = process(text200.transpose(turn), 200)
    assert page.rotation == fix and page.width < page.height


def test_crop_to_paper_on_a_dark_scanner_bed(text200: Image.Image) -> None:
    bed = Image.new("L", (text200.width + 200, text200.height + 160), 15)
    bed.paste(text200, (120, 60))
    page = process(bed, 200)
    assert abs(page.width - text200.width) <= 8 and abs(page.height - text200.height) <= 8


def test_higher_scan_resolution_is_brought_to_the_profile() -> None:
    page = process(text_page(300, lines=5), 300, PLAIN_TEXT)
    assert page.dpi == 200 and abs(page.width - 1654) <= 2


def test_profiles_per_document_item() -> None:
    assert profile_for_item({"GT02": "seal_photo_300"}, "GT02") is SEAL_PHOTO
    assert profile_for_item({"GT02": "seal_photo_300"}, "GT01") is PLAIN_TEXT
    assert SEAL_PHOTO.label == "Có dấu đỏ / ảnh màu 300 dpi"


def test_pipeline_runs_while_the_next_page_is_read() -> None:
    started: list[float] = []
    release = threading.Event()

    def slow_step(image: Image.Image, dpi: int, profile: object) -> ProcessedPage:
        started.append(time.monotonic())
        release.wait(5)
        return ProcessedPage(b"", "jpeg", ColorMode.GRAY, dpi, 1, 1)

    with PipelineWorker(step=slow_step) as worker:
        worker.submit(a4(50), 50)
        time.sleep(0.05)
        assert started, "page 1 is processed before page 2 arrives"
        worker.submit(a4(50), 50)  # the 'scanner' hands the next page in meanwhile
        release.set()
        assert [r.index for r in worker.results()] == [0, 1]


def test_a_failing_page_is_reported_and_the_batch_goes_on() -> None:
    def step(image: Image.Image, dpi: int, profile: object) -> ProcessedPage:
        if image.width == 2:
            raise ValueError("bad page")
        return ProcessedPage(b"x", "jpeg", ColorMode.GRAY, dpi, image.width, 1)

    with PipelineWorker(step=step) as worker:
        for width in (1, 2, 3):
            worker.submit(Image.new("L", (width, 1)), 50)
        results = list(worker.results())
    assert [r.error is None for r in results] == [True, False, True]


def test_pdfa_item_file_keeps_order_metadata_and_embeds_bytes_unchanged(
    text200: Image.Image,
) -> None:
    pages = [process(text200, 200), process(seal_page(200), 200, COLOR_200), process(a4(200), 200)]
    meta = ItemMeta("000.00.06.H56-260302-0001", "GT01", "Trần Thị Bình", T)
    data = build_pdfa(pages, meta)
    report = check_pdfa(data)
    assert report.problems == ()
    assert (report.pages, report.dossier_code, report.item_code) == (3, meta.dossier_code, "GT01")
    pdf = pikepdf.open(io.BytesIO(data))
    first = next(iter(pdf.pages[0].Resources.XObject.values()))
    assert "/CCITTFaxDecode" in str(first.Filter)
    second = next(iter(pdf.pages[1].Resources.XObject.values()))
    assert second.read_raw_bytes() == pages[1].data  # the JPEG byte for byte: no re-encoding
    assert "Trần Thị Bình" in str(pdf.open_metadata()["dc:creator"])


def test_check_pdfa_notices_a_plain_pdf() -> None:
    import img2pdf

    out = io.BytesIO()
    a4(50).save(out, "PNG")
    raw = img2pdf.convert(out.getvalue())
    assert raw is not None
    assert "not identified as PDF/A-2b" in check_pdfa(raw).problems
