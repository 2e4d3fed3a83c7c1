"""The page pipeline: straighten, crop, choose the colour mode, encode — one page at a time.

Order: resample to the profile's resolution → crop to the paper → orientation (quarter turns) →
deskew → blank flag → colour mode within the profile → encode once: bitonal as CCITT G4, grey
and colour as JPEG at the profile's quality (the PDF writer embeds these bytes as they are).
A blank page is *flagged* for the officer to review, never dropped.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray
from PIL import Image

from scanning import analysis
from scanning.model import ColorMode
from scanning.profiles import PLAIN_TEXT, Profile

ANALYSIS_DPI = 100
COLOUR_LIMIT = 0.002  # a red seal's ring on A4 is ≈0.3 % of the page
MIDTONE_LIMIT = 0.01


@dataclass(frozen=True)
class ProcessedPage:
    data: bytes
    encoding: str  # "ccitt_g4" (a TIFF) or "jpeg"
    mode: ColorMode
    dpi: int
    width: int
    height: int
    rotation: int = 0  # quarter turns applied, in degrees
    skew: float = 0.0
    flags: tuple[str, ...] = field(default=())
    #: Mixed pages: the text as a CCITT G4 mask (TIFF) drawn in black over ``data``, which then
    #: holds only the photo / seal regions (text removed): crisp text at a fraction of the bytes.
    mask: bytes | None = None

    @property
    def blank(self) -> bool:
        return "blank" in self.flags

    def image(self) -> Image.Image:
        """The page as seen (the mask composed over the picture): for OCR and previews."""
        picture = Image.open(io.BytesIO(self.data))
        picture.load()
        if self.mask is None:
            return picture
        text = Image.open(io.BytesIO(self.mask)).convert("L")
        black = Image.new(picture.mode, picture.size, 0)
        return Image.composite(picture, black, text)


def process(image: Image.Image, dpi: int, profile: Profile = PLAIN_TEXT) -> ProcessedPage:
    img = _to_working(image)
    if dpi > profile.dpi:
        scale = profile.dpi / dpi
        img = img.resize(
            (round(img.width * scale), round(img.height * scale)), Image.Resampling.BILINEAR
        )
        dpi = profile.dpi
    img = _crop(img, dpi)
    img, rotation = _quarter(img, dpi)
    img, skew = _deskew(img, dpi)
    img, rotation = _upright(img, dpi, rotation)
    small = _small(img, dpi)
    gray_small = np.asarray(small.convert("L"))
    ink = analysis.ink_mask(gray_small)
    flags = ("blank",) if analysis.is_blank(ink) else ()
    mode = profile.clamp(_content_mode(small, gray_small, ink))
    if mode is ColorMode.BW:
        data, encoding, mask = _encode_bw(img, dpi), "ccitt_g4", None
    else:
        data, mask = _encode_mixed(img, mode, profile.jpeg_quality, dpi)
        encoding = "jpeg"
    return ProcessedPage(
        data, encoding, mode, dpi, img.width, img.height, rotation, skew, flags, mask
    )


def _to_working(image: Image.Image) -> Image.Image:
    if image.mode in ("RGB", "L"):
        return image
    if image.mode in ("1", "P", "LA", "I;16", "I"):
        return image.convert("L") if image.mode != "P" else image.convert("RGB")
    return image.convert("RGB")


def _small(img: Image.Image, dpi: int, target: int = ANALYSIS_DPI) -> Image.Image:
    factor = max(1, round(dpi / target))
    return img.reduce(factor) if factor > 1 else img


def _crop(img: Image.Image, dpi: int) -> Image.Image:
    factor = max(1, round(dpi / 50))
    gray = np.asarray(img.convert("L").reduce(factor) if factor > 1 else img.convert("L"))
    box = analysis.paper_box(gray)
    if box is None:
        return img
    return img.crop(tuple(v * factor for v in box))  # type: ignore[arg-type]


def _quarter(img: Image.Image, dpi: int) -> tuple[Image.Image, int]:
    ink = analysis.ink_mask(np.asarray(_small(img, dpi).convert("L")))
    if analysis.quarter_turn_needed(ink):
        return img.transpose(Image.Transpose.ROTATE_90), 90
    return img, 0


def _upright(img: Image.Image, dpi: int, rotation: int) -> tuple[Image.Image, int]:
    """Half turn when the (already straightened) lines read upside down."""
    ink = analysis.ink_mask(np.asarray(_small(img, dpi).convert("L")))
    if analysis.upside_down(ink):
        return img.transpose(Image.Transpose.ROTATE_180), (rotation + 180) % 360
    return img, rotation


def _deskew(img: Image.Image, dpi: int) -> tuple[Image.Image, float]:
    ink = analysis.ink_mask(np.asarray(_small(img, dpi).convert("L")))
    angle = analysis.skew_angle(ink)
    if abs(angle) < 0.15:
        return img, 0.0
    fill = 255 if img.mode == "L" else (255, 255, 255)
    return img.rotate(angle, Image.Resampling.BILINEAR, expand=False, fillcolor=fill), angle


def _content_mode(small: Image.Image, gray: analysis.Gray, ink: analysis.Mask) -> ColorMode:
    if small.mode == "RGB" and analysis.colour_fraction(np.asarray(small)) > COLOUR_LIMIT:
        return ColorMode.COLOR
    if analysis.midtone_fraction(gray) > MIDTONE_LIMIT:
        return ColorMode.GRAY
    return ColorMode.BW


def _whiten(gray: Image.Image, paper: int) -> Image.Image:
    """Paper noise to pure white (it costs JPEG bytes and carries nothing)."""
    cut = max(paper - 25, 128)
    return gray.point([v if v < cut else 255 for v in range(256)])


def _encode_bw(img: Image.Image, dpi: int) -> bytes:
    gray = img.convert("L")
    level = analysis.otsu(np.asarray(_small(gray, dpi)))
    return _g4(np.asarray(gray) > level, dpi)


def _g4(white: NDArray[np.bool_], dpi: int) -> bytes:
    out = io.BytesIO()
    Image.fromarray(white).convert("1").save(out, "TIFF", compression="group4", dpi=(dpi, dpi))
    return out.getvalue()


def _encode_mixed(
    img: Image.Image, mode: ColorMode, quality: int, dpi: int
) -> tuple[bytes, bytes | None]:
    """Grey/colour page: text outside the picture regions goes to a G4 mask, the rest to JPEG."""
    small = _small(img, dpi)
    keep = analysis.picture_regions(small, img.size)
    gray = np.asarray(img.convert("L"))
    level = analysis.otsu(np.asarray(small.convert("L")))
    text = (gray < level) & ~keep
    paper = int(np.percentile(np.asarray(small.convert("L")), 90))
    if mode is ColorMode.GRAY:
        base = _whiten(img.convert("L"), paper)
    else:
        base = Image.merge("RGB", [_whiten(b, paper) for b in img.convert("RGB").split()])
    mask: bytes | None = None
    if text.any():
        pixels = np.array(base)
        pixels[analysis.grow(text, 2)] = 255  # glyphs and their grey rims leave the picture
        base = Image.fromarray(pixels)
        mask = _g4(~text, dpi)
    out = io.BytesIO()
    base.save(out, "JPEG", quality=quality, dpi=(dpi, dpi))
    return out.getvalue(), mask
