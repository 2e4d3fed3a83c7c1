"""Postal batches: one ADF stack holding several dossiers, split into items by separator sheets.

A separator sheet is an A4 page printed by the app, carrying a QR code with the dossier code and
the item code (``CASEP1|<dossier code>|<item code>``) and the same in large text for the clerk.
Reading the stack: every page with a separator QR starts a new item; the separator pages are
recognised and left out of the items; pages before the first separator are *unassigned*. The
result is a plain structure the review screen edits (move a page, split, assign) before filing.
"""

from __future__ import annotations

import io
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import qrcode
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas

from counter_app.domain.errors import ValidationError

PREFIX = "CASEP1"
FONT_NAME = "CounterSans"
FONTS = (
    Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    Path("/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf"),
    Path("C:/Windows/Fonts/arial.ttf"),
)


def payload(dossier_code: str, item_code: str) -> str:
    if "|" in dossier_code + item_code:
        raise ValidationError("invalid_input", field="code", value=dossier_code)
    return f"{PREFIX}|{dossier_code}|{item_code}"


def parse_payload(text: str) -> tuple[str, str] | None:
    parts = text.split("|")
    if len(parts) == 3 and parts[0] == PREFIX and parts[1]:
        return parts[1], parts[2]
    return None


def _font() -> str:
    if FONT_NAME not in pdfmetrics.getRegisteredFontNames():
        path = next((p for p in FONTS if p.is_file()), None)
        if path is None:
            raise ValidationError("signing_font_missing")
        pdfmetrics.registerFont(TTFont(FONT_NAME, str(path)))
    return FONT_NAME


def separator_pdf(sheets: Sequence[tuple[str, str, str]]) -> bytes:
    """Separator sheets, one A4 page per (dossier code, item code, item name)."""
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4)
    font = _font()
    width, height = A4
    for dossier_code, item_code, item_name in sheets:
        qr = qrcode.QRCode(error_correction=qrcode.constants.ERROR_CORRECT_M, border=2)
        qr.add_data(payload(dossier_code, item_code))
        png = io.BytesIO()
        qr.make_image(fill_color="black", back_color="white").save(png)
        png.seek(0)
        size = 70 * mm
        pdf.drawImage(ImageReader(png), (width - size) / 2, height - 40 * mm - size, size, size)
        pdf.setFont(font, 20)
        nfc = unicodedata.normalize
        pdf.drawCentredString(width / 2, height - 130 * mm, nfc("NFC", "TỜ PHÂN CÁCH HỒ SƠ"))
        pdf.setFont(font, 16)
        pdf.drawCentredString(width / 2, height - 145 * mm, dossier_code)
        pdf.drawCentredString(
            width / 2, height - 157 * mm, nfc("NFC", f"{item_code} – {item_name}")
        )
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def read_separator(image: Image.Image, dpi: int) -> tuple[str, str] | None:
    """(dossier code, item code) if the page is a separator sheet (read at ≈100 dpi)."""
    import zxingcpp

    factor = max(1, round(dpi / 100))
    small = image.convert("L").reduce(factor) if factor > 1 else image.convert("L")
    for result in zxingcpp.read_barcodes(
        small, formats=zxingcpp.BarcodeFormats(zxingcpp.BarcodeFormat.QRCode)
    ):
        found = parse_payload(result.text)
        if found is not None:
            return found
    return None


@dataclass
class ItemGroup:
    dossier_code: str
    item_code: str
    pages: list[int] = field(default_factory=list)  # indexes into the scanned stack


@dataclass
class BatchSplit:
    groups: list[ItemGroup]
    unassigned: list[int]
    separators: list[int]  # pages recognised as separator sheets (not filed)

    def dossiers(self) -> list[str]:
        seen: list[str] = []
        for group in self.groups:
            if group.dossier_code not in seen:
                seen.append(group.dossier_code)
        return seen

    # --- the review step's edits ----------------------------------------------------------
    def move_page(self, page: int, to_group: int, position: int | None = None) -> None:
        self._take(page)
        target = self.groups[to_group].pages
        target.insert(len(target) if position is None else position, page)

    def split(self, group: int, at_page: int, dossier_code: str, item_code: str) -> None:
        """Pages from ``at_page`` on (within the group) become a new item right after it."""
        pages = self.groups[group].pages
        cut = pages.index(at_page)
        self.groups[group].pages = pages[:cut]
        self.groups.insert(group + 1, ItemGroup(dossier_code, item_code, pages[cut:]))

    def assign(self, group: int, dossier_code: str, item_code: str) -> None:
        self.groups[group].dossier_code = dossier_code
        self.groups[group].item_code = item_code

    def _take(self, page: int) -> None:
        if page in self.unassigned:
            self.unassigned.remove(page)
            return
        for group in self.groups:
            if page in group.pages:
                group.pages.remove(page)
                return
        raise ValidationError("invalid_input", field="page", value=str(page))


def split_stack(images: Sequence[Image.Image], dpi: int) -> BatchSplit:
    split = BatchSplit([], [], [])
    for index, image in enumerate(images):
        found = read_separator(image, dpi)
        if found is not None:
            split.separators.append(index)
            split.groups.append(ItemGroup(*found))
        elif split.groups:
            split.groups[-1].pages.append(index)
        else:
            split.unassigned.append(index)
    return split
