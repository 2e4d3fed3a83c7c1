"""Qt-free page rendering for the preview (the UI shows the images; it never imports pdfium)."""

from __future__ import annotations

import pypdfium2 as pdfium
from PIL import Image


def render_pages(pdf: bytes, dpi: int = 150) -> list[Image.Image]:
    """Every page of ``pdf`` as an RGB image at ``dpi``."""
    doc = pdfium.PdfDocument(pdf)
    try:
        images = []
        for index in range(len(doc)):
            page = doc[index]
            bitmap = page.render(scale=dpi / 72)
            images.append(bitmap.to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        doc.close()


def page_texts(pdf: bytes) -> list[str]:
    """The text of every page (pdfium's extraction), for checks and search."""
    doc = pdfium.PdfDocument(pdf)
    try:
        texts = []
        for index in range(len(doc)):
            page = doc[index]
            textpage = page.get_textpage()
            texts.append(textpage.get_text_range())
            textpage.close()
            page.close()
        return texts
    finally:
        doc.close()
