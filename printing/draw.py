"""Drawing primitives shared by the slip templates: a cursor that writes wrapped Vietnamese text
down the page, tables, the header with the national motto, signature blocks, and the codes
(Code 128 barcode, QR to the lookup page, VietQR). Every string is NFC-normalised and recorded
(font, text) so a test can prove that every character drawn has a glyph in its font."""

from __future__ import annotations

import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import segno
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib.colors import Color, black
from reportlab.lib.units import mm
from reportlab.lib.utils import simpleSplit
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from printing.fonts import BOLD, ITALIC, REGULAR, register_fonts, text
from printing.views import Header

MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
REPRINT = "BẢN IN LẠI"
MARK_COLOUR = Color(0.75, 0, 0)
QR_MASK = 4


class PageOverflow(Exception):
    """The content does not fit one page (raised only by a writer told ``one_page``)."""


@dataclass
class Writer:
    """A canvas and a cursor ``y`` moving down from the top margin."""

    canvas: Canvas
    width: float
    height: float
    margin: float = 10 * mm
    size: float = 8.0
    y: float = 0.0
    mark: str = ""  # the reprint mark drawn at the top of every page ("" for an original)
    drawn: list[tuple[str, str]] = field(default_factory=list)
    one_page: bool = False  # raise PageOverflow instead of starting a new page

    def __post_init__(self) -> None:
        self.y = self.height - self.margin
        self.start_page()

    @property
    def left(self) -> float:
        return self.margin

    @property
    def right(self) -> float:
        return self.width - self.margin

    @property
    def usable(self) -> float:
        return self.right - self.left

    # -- text --------------------------------------------------------------------------------
    def put(
        self,
        x: float,
        y: float,
        value: str,
        font: str = REGULAR,
        size: float = 0,
        align: str = "left",
    ) -> None:
        s = text(value)
        size = size or self.size
        self.drawn.append((font, s))
        self.canvas.setFont(font, size)
        if align == "center":
            self.canvas.drawCentredString(x, y, s)
        elif align == "right":
            self.canvas.drawRightString(x, y, s)
        else:
            self.canvas.drawString(x, y, s)

    def lines(self, value: str, width: float, font: str = REGULAR, size: float = 0) -> list[str]:
        """``value`` wrapped at spaces to ``width``; a word longer than the width (a dossier code
        in a narrow column) is cut between characters rather than running over the edge."""
        size = size or self.size
        result: list[str] = []
        for wrapped in simpleSplit(text(value), font, size, width) or [""]:
            rest = wrapped
            while stringWidth(rest, font, size) > width and len(rest) > 1:
                cut = len(rest) - 1
                while cut > 1 and stringWidth(rest[:cut], font, size) > width:
                    cut -= 1
                result.append(rest[:cut])
                rest = rest[cut:]
            result.append(rest)
        return result

    def para(
        self,
        value: str,
        font: str = REGULAR,
        size: float = 0,
        indent: float = 0,
        align: str = "left",
        after: float = 1.5,
    ) -> None:
        """Write ``value`` wrapped to the usable width, moving the cursor down."""
        size = size or self.size
        leading = size * 1.3
        for line in self.lines(value, self.usable - indent, font, size):
            self.ensure(leading)
            self.y -= leading
            x = {"center": self.left + self.usable / 2, "right": self.right}.get(
                align, self.left + indent
            )
            self.put(x, self.y, line, font, size, align)
        self.y -= after

    def labelled(self, label: str, value: str, indent: float = 0) -> None:
        """``label`` in regular weight followed by ``value`` in bold, wrapped as one paragraph."""
        size, leading = self.size, self.size * 1.3
        label_width = stringWidth(text(label), REGULAR, size)
        first_width = self.usable - indent - label_width
        head = self.lines(value, first_width, BOLD, size)
        self.ensure(leading)
        self.y -= leading
        self.put(self.left + indent, self.y, label)
        if stringWidth(head[0], BOLD, size) > first_width:  # not even one word fits: next line
            head = ["", *head]
        self.put(self.left + indent + label_width, self.y, head[0], BOLD)
        rest = " ".join(head[1:])
        if rest:
            self.para(rest, BOLD, indent=indent, after=0)
        self.y -= 0.5

    def pair(self, first: tuple[str, str], second: tuple[str, str]) -> None:
        """Two short labelled values on one line (the second starts at the middle)."""
        self.ensure(self.size * 1.3)
        self.y -= self.size * 1.3
        for (label, value), x in ((first, self.left), (second, self.left + self.usable / 2)):
            self.put(x, self.y, label)
            self.put(x + stringWidth(text(label), REGULAR, self.size), self.y, value, BOLD)
        self.y -= 0.5

    def gap(self, height: float) -> None:
        self.y -= height

    def ensure(self, height: float) -> None:
        """Start a new page when ``height`` no longer fits above the bottom margin."""
        if self.y - height < self.margin:
            if self.one_page:
                raise PageOverflow
            self.canvas.showPage()
            self.y = self.height - self.margin
            self.start_page()

    def start_page(self) -> None:
        if self.mark:
            self.canvas.setFillColor(MARK_COLOUR)
            self.put(
                self.width / 2, self.height - self.margin / 2 - 2, self.mark, BOLD, 8, "center"
            )
            self.canvas.setFillColor(black)

    # -- tables --------------------------------------------------------------------------------
    def table(
        self,
        widths: Sequence[float],
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        size: float = 0,
        centre: Sequence[int] = (),
        width: float = 0,
    ) -> None:
        """A ruled table; ``widths`` are fractions of the usable width; a row too tall for the
        page moves to the next one with the header repeated."""
        size = size or self.size - 1
        self.y -= 2
        cols = [w * (width or self.usable) for w in widths]
        first = rows[0] if rows else head
        needed = self._row_height(cols, head, size, BOLD) + self._row_height(
            cols, first, size, REGULAR
        )
        self.ensure(needed)  # never a header alone at the foot of a page
        self._row(cols, head, size, BOLD, centre=range(len(cols)))
        for row in rows:
            if self._row_height(cols, row, size, REGULAR) > self.y - self.margin:
                self.ensure(self.height)
                self._row(cols, head, size, BOLD, centre=range(len(cols)))
            self._row(cols, row, size, REGULAR, centre)
        self.y -= 3

    def _row_height(
        self, cols: Sequence[float], row: Sequence[str], size: float, font: str
    ) -> float:
        n = max(len(self.lines(cell, w - 4, font, size)) for cell, w in zip(row, cols, strict=True))
        return n * size * 1.25 + 4

    def _row(
        self,
        cols: Sequence[float],
        row: Sequence[str],
        size: float,
        font: str,
        centre: Sequence[int] | range,
    ) -> None:
        height = self._row_height(cols, row, size, font)
        top, x = self.y, self.left
        self.canvas.setLineWidth(0.5)
        for i, (cell, w) in enumerate(zip(row, cols, strict=True)):
            self.canvas.rect(x, top - height, w, height)
            cy = top - size - 1.5
            for line in self.lines(cell, w - 4, font, size):
                if i in centre:
                    self.put(x + w / 2, cy, line, font, size, "center")
                else:
                    self.put(x + 2, cy, line, font, size)
                cy -= size * 1.25
            x += w
        self.y = top - height

    # -- blocks ------------------------------------------------------------------------------
    def header(self, h: Header, form: str) -> None:
        """Agency (left) and the national motto (right), then number and place/date."""
        top = self.y
        half = self.usable * 0.42
        lx = self.left + half / 2
        rx = self.left + half + (self.usable - half) / 2
        if form:
            self.put(self.right, self.height - self.margin / 2 - 2, form, ITALIC, 7, "right")
        y = top - 9
        if h.parent_agency:
            for line in self.lines(h.parent_agency, half, REGULAR, 8):
                self.put(lx, y, line, REGULAR, 8, "center")
                y -= 9.5
        for line in self.lines(h.agency_name, half, BOLD, 8):
            self.put(lx, y, line, BOLD, 8, "center")
            y -= 9.5
        self.canvas.setLineWidth(0.5)
        self.canvas.line(lx - 18, y + 4, lx + 18, y + 4)
        ry = top - 9
        self.put(rx, ry, MOTTO_1, BOLD, 8, "center")
        self.put(rx, ry - 10.5, MOTTO_2, BOLD, 8.5, "center")
        w2 = stringWidth(MOTTO_2, BOLD, 8.5)
        self.canvas.line(rx - w2 / 2, ry - 13, rx + w2 / 2, ry - 13)
        y = min(y, ry - 13) - 12
        if h.number:
            self.put(lx, y, h.number, REGULAR, 8.5, "center")
        self.put(rx, y, h.place_date, ITALIC, 8.5, "center")
        self.y = y - 8

    def title(self, value: str, size: float = 11.5) -> None:
        self.para(value, BOLD, size, align="center", after=2)

    def signatures(
        self, left: tuple[str, str], right: tuple[str, str], note: str = "(Ký và ghi rõ họ tên)"
    ) -> None:
        """Two signature blocks: (title, name) each, with space to sign."""
        self.ensure(50)
        half = self.usable / 2
        y = self.y - 12
        for (title_text, name), cx in (
            (left, self.left + half / 2),
            (right, self.left + half * 1.5),
        ):
            if not title_text:
                continue
            self.put(cx, y, title_text, BOLD, self.size - 0.5, "center")
            self.put(cx, y - 11, note, ITALIC, self.size - 2, "center")
            if name:
                self.put(cx, y - 40, name, BOLD, self.size - 0.5, "center")
        self.y = y - 44


# -- codes ---------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def qr_runs(value: str) -> tuple[int, tuple[tuple[int, int, int], ...]]:
    """The QR symbol of ``value`` (level M, byte mode for UTF-8) as (modules per side, dark runs
    (row, first column, length)). The mask is fixed: ISO/IEC 18004 allows any of the eight, and
    scoring all eight costs ~15 ms in pure Python; the tests read every code back with zxing."""
    symbol = segno.make_qr(value, error="m", boost_error=False, mask=QR_MASK)
    runs: list[tuple[int, int, int]] = []
    for r, row in enumerate(symbol.matrix):
        c = 0
        while c < len(row):
            if row[c]:
                start = c
                while c < len(row) and row[c]:
                    c += 1
                runs.append((r, start, c - start))
            else:
                c += 1
    return len(symbol.matrix), tuple(runs)


def draw_qr(w: Writer, value: str, x: float, y: float, size: float) -> None:
    """A QR code of ``value`` in a ``size`` square (quiet zone of 2 modules inside it)."""
    n, runs = qr_runs(value)
    module = size / (n + 4)
    top = y + size - 2 * module
    path = w.canvas.beginPath()
    for r, c, length in runs:
        path.rect(x + (c + 2) * module, top - (r + 1) * module, length * module, module)
    w.canvas.drawPath(path, stroke=0, fill=1)


def draw_barcode(
    w: Writer, value: str, x: float, y: float, height: float = 10 * mm, module: float = 0.9
) -> float:
    """A Code 128 barcode of ``value`` with its bottom-left at (x, y); returns its width."""
    code = Code128(value, barHeight=height, barWidth=module, humanReadable=False, quiet=True)
    code.drawOn(w.canvas, x, y)
    return float(code.width)


def codes_block(w: Writer, code: str, url: str, qr_size: float = 18 * mm, note: str = "") -> None:
    """Dossier code as text, Code 128 barcode (left) and QR to the lookup page (right)."""
    w.ensure(qr_size + 6)
    top = w.y
    bar_h = 7 * mm
    draw_qr(w, url, w.right - qr_size, top - qr_size, qr_size)
    draw_barcode(w, code, w.left - 2, top - bar_h - 2, bar_h)
    w.put(w.left, top - bar_h - 13, "Mã hồ sơ: ", REGULAR, 9.5)
    w.put(w.left + stringWidth("Mã hồ sơ: ", REGULAR, 9.5), top - bar_h - 13, code, BOLD, 10.5)
    w.put(w.left, top - bar_h - 23, note or "Tra cứu hồ sơ: quét mã QR bên phải", ITALIC, 7.5)
    w.y = top - qr_size - 2


def new_canvas(buffer: io.BytesIO, pagesize: tuple[float, float], title: str) -> Canvas:
    register_fonts()
    # initialFontName: else reportlab adds an unused, non-embedded Helvetica to every page
    options: dict[str, Any] = {"pageCompression": 1, "invariant": 1, "initialFontName": REGULAR}
    canvas = Canvas(buffer, pagesize=pagesize, **options)
    canvas.setTitle(text(title))
    canvas.setAuthor("counter-app")
    canvas.setSubject(text(title))
    return canvas
