"""The veraPDF-style PDF/A-2b rules: our files (plain, and signed) pass; each rule finds a
violation planted in a good file."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

import pikepdf
import pytest

from scanning.pdfa import ItemMeta, build_pdfa, check_pdfa
from scanning.pipeline import process
from tests.scan_pages import text_page

META = ItemMeta("000.00.06.H56-260302-0001", "TP1", "canbo1", datetime(2026, 3, 2, 9, 0))


@pytest.fixture(scope="module")
def good() -> bytes:
    return build_pdfa([process(text_page(100, lines=3), 100)], META)


def _planted(good: bytes, plant: Callable[[pikepdf.Pdf], None]) -> bytes:
    pdf = pikepdf.open(io.BytesIO(good))
    plant(pdf)
    out = io.BytesIO()
    pdf.save(out)
    return out.getvalue()


def _image(pdf: pikepdf.Pdf) -> pikepdf.Stream:
    stream = next(iter(pdf.pages[0].get_images().values()))
    assert isinstance(stream, pikepdf.Stream)
    return stream


def _font(pdf: pikepdf.Pdf) -> None:
    descriptor = pdf.make_indirect(
        pikepdf.Dictionary(Type=pikepdf.Name.FontDescriptor, FontName=pikepdf.Name.Arial)
    )
    font = pikepdf.Dictionary(
        Type=pikepdf.Name.Font,
        Subtype=pikepdf.Name.TrueType,
        BaseFont=pikepdf.Name.Arial,
        FontDescriptor=descriptor,
    )
    pdf.pages[0].Resources.Font = pikepdf.Dictionary(F1=font)


def _annotation(flags: int) -> Callable[[pikepdf.Pdf], None]:
    def plant(pdf: pikepdf.Pdf) -> None:
        annot = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Text, Rect=[0, 0, 10, 10], F=flags
        )
        pdf.pages[0].Annots = pdf.make_indirect(pikepdf.Array([pdf.make_indirect(annot)]))

    return plant


def _javascript(pdf: pikepdf.Pdf) -> None:
    action = pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert(1)"))
    pdf.Root.OpenAction = pdf.make_indirect(action)


def _info_title(pdf: pikepdf.Pdf) -> None:
    pdf.docinfo["/Title"] = "khác"


def _interpolate(pdf: pikepdf.Pdf) -> None:
    _image(pdf).Interpolate = True


def _need_appearances(pdf: pikepdf.Pdf) -> None:
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=[], NeedAppearances=True)


def _external(pdf: pikepdf.Pdf) -> None:
    _image(pdf).F = pikepdf.String("outside.jpg")


def test_our_file_passes_every_rule(good: bytes) -> None:
    assert check_pdfa(good).problems == ()


@pytest.mark.parametrize(
    ("plant", "found"),
    [
        (_font, "6.2.11.4 font /Arial is not embedded"),
        (_annotation(0), "6.3.2 annotation on page 1 is not printable or is hidden"),
        (_annotation(4 | 2), "6.3.2 annotation on page 1 is not printable or is hidden"),
        (_javascript, "6.6.1 action /JavaScript"),
        (_info_title, "6.6.2.3 /Title differs from XMP dc:title"),
        (_interpolate, "6.2.8 an image asks for interpolation"),
        (_need_appearances, "6.4.1 the form asks the reader to draw appearances"),
        (_external, "6.1.7 a stream refers to an external file"),
    ],
)
def test_each_rule_finds_its_violation(
    good: bytes, plant: Callable[[pikepdf.Pdf], None], found: str
) -> None:
    assert found in check_pdfa(_planted(good, plant)).problems


def test_a_header_without_the_binary_comment_is_found(good: bytes) -> None:
    first, _, rest = good.partition(b"\n")
    _, _, body = rest.partition(b"\n")
    assert (
        "6.1.2 no binary comment after the header"
        in check_pdfa(first + b"\n%plain\n" + body).problems
    )
