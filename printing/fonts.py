"""The fonts every slip is drawn with: DejaVu Serif (regular, bold, italic), shipped in
``resources/fonts/`` with its licence (Bitstream Vera licence + public-domain DejaVu changes), full
Vietnamese coverage. Nothing is drawn with reportlab's built-in fonts, which lack Vietnamese."""

from __future__ import annotations

import unicodedata
from functools import cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from counter_app.domain.errors import EnvironmentProblem
from counter_app.resources import resource_path

REGULAR, BOLD, ITALIC = "SlipSerif", "SlipSerif-Bold", "SlipSerif-Italic"
FONT_FILES: dict[str, str] = {
    REGULAR: "DejaVuSerif.ttf",
    BOLD: "DejaVuSerif-Bold.ttf",
    ITALIC: "DejaVuSerif-Italic.ttf",
}


def fonts_dir() -> Path:
    return resource_path("fonts")


@cache
def _register(folder: str) -> None:
    for name, file_name in FONT_FILES.items():
        path = Path(folder) / file_name
        if not path.is_file():
            raise EnvironmentProblem("font_missing", path=str(path))
        try:
            pdfmetrics.registerFont(TTFont(name, str(path)))
        except (TTFError, OSError) as exc:
            raise EnvironmentProblem("font_missing", path=str(path)) from exc
    pdfmetrics.registerFontFamily(REGULAR, normal=REGULAR, bold=BOLD, italic=ITALIC)


def register_fonts(folder: Path | None = None) -> None:
    """Register the slip fonts once; ``font_missing`` when a file is absent or unreadable."""
    _register(str(folder or fonts_dir()))


def text(value: str) -> str:
    """Every string is NFC before it is drawn (decomposed accents render misplaced)."""
    return unicodedata.normalize("NFC", value)


def covers(font_name: str, value: str) -> list[str]:
    """The characters of ``value`` that the font has no glyph for (empty: all drawable)."""
    font = pdfmetrics.getFont(font_name)
    if not isinstance(font, TTFont):
        return sorted(set(value))
    cmap: dict[int, int] = font.face.charToGlyph
    return sorted({ch for ch in value if not ch.isspace() and ord(ch) not in cmap})
