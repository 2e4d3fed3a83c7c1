"""A postal batch of several dossiers in one ADF stack, split by separator sheets."""

from __future__ import annotations

import pypdfium2
import pytest
from PIL import Image

from scanning.batches import parse_payload, payload, separator_pdf, split_stack
from tests.scan_pages import a4, text_page
from tests.scanning_support import require_component

DOSSIERS = [f"000.00.06.H56-260302-{n:04d}" for n in (1, 2, 3)]


@pytest.fixture(autouse=True)
def _font() -> None:
    require_component("dejavu-font")


def _scanned_separators(sheets: list[tuple[str, str, str]], dpi: int) -> list[Image.Image]:
    """The printed separator sheets as a scanner would give them back."""
    doc = pypdfium2.PdfDocument(separator_pdf(sheets))
    try:
        return [doc[i].render(scale=dpi / 72).to_pil().convert("L") for i in range(len(doc))]
    finally:
        doc.close()


def test_payload_round_trip() -> None:
    assert parse_payload(payload(DOSSIERS[0], "TP1")) == (DOSSIERS[0], "TP1")
    assert parse_payload("https://example.org") is None


def test_a_stack_of_three_dossiers_is_split_into_items() -> None:
    dpi = 150
    sheets = [
        (DOSSIERS[0], "TP1", "Tờ khai đăng ký khai sinh"),
        (DOSSIERS[0], "TP2", "Giấy chứng sinh"),
        (DOSSIERS[1], "TP1", "Tờ khai"),
        (DOSSIERS[2], "TP1", "Tờ khai"),
    ]
    seps = _scanned_separators(sheets, dpi)
    page = text_page(dpi, lines=5, noise=False)
    blank = a4(dpi)
    stack = [page, seps[0], page, page, seps[1], page, seps[2], page, blank, page, seps[3], page]
    split = split_stack(stack, dpi)
    assert split.unassigned == [0]  # before the first separator: for the clerk to place
    assert split.separators == [1, 4, 6, 10]
    assert [(g.dossier_code, g.item_code, g.pages) for g in split.groups] == [
        (DOSSIERS[0], "TP1", [2, 3]),
        (DOSSIERS[0], "TP2", [5]),
        (DOSSIERS[1], "TP1", [7, 8, 9]),  # the blank page stays, to be flagged by the pipeline
        (DOSSIERS[2], "TP1", [11]),
    ]
    assert split.dossiers() == DOSSIERS


def test_the_review_step_fixes_the_split() -> None:
    from scanning.batches import BatchSplit, ItemGroup

    split = BatchSplit([ItemGroup("A", "TP1", [1, 2, 3]), ItemGroup("B", "TP1", [5])], [0], [])
    split.move_page(0, 0, position=0)
    split.split(0, 3, "A", "TP2")
    split.assign(2, "C", "TP1")
    split.move_page(5, 1)
    assert [(g.dossier_code, g.item_code, g.pages) for g in split.groups] == [
        ("A", "TP1", [0, 1, 2]),
        ("A", "TP2", [3, 5]),
        ("C", "TP1", []),
    ]
    assert split.unassigned == []
