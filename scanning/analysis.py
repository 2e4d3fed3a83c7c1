"""Measurements on a small copy of a page (about 50–100 dpi): skew, orientation, paper edges,
blankness, colour content. Pure numpy; the full-size image is touched only to apply the result.

Orientation heuristic (Tesseract OSD costs ≈1 s a page here, too slow for the scanner's pace):
* 90° vs 0°: text lines make the profile of ink per *row* alternate strongly; if the profile
  per *column* alternates much more, the page lies on its side.
* 180° vs 0°: in Latin script, Vietnamese most of all, marks above the x-height (ascenders,
  capitals, diacritics: ấ ờ ữ ặ) far outnumber those below it (descenders g p q y). Per text line
  we compare the ink above the line's dense core with the ink below it; upside down it reverses.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

Gray = NDArray[np.uint8]
Mask = NDArray[np.bool_]


def otsu(gray: Gray) -> int:
    hist = np.bincount(gray.ravel(), minlength=256).astype(np.float64)
    total = hist.sum()
    levels = np.arange(256)
    w0 = np.cumsum(hist)
    m0 = np.cumsum(hist * levels)
    w1 = total - w0
    mean_all = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mean_all * w0 - m0 * total) ** 2 / (w0 * w1)
    between[~np.isfinite(between)] = 0
    return int(np.argmax(between))


def ink_mask(gray: Gray) -> Mask:
    """Dark marks on the paper (a fixed floor keeps a blank page blank: Otsu alone would split
    paper noise into 'ink')."""
    threshold = min(otsu(gray), 160)
    return gray < threshold


def skew_angle(ink: Mask, limit: float = 5.0) -> float:
    """The angle (degrees, counter-clockwise positive as PIL rotates) that makes text lines
    horizontal: the shear whose row histogram is the most peaked."""
    ys, xs = np.nonzero(ink)
    if ys.size < 200:
        return 0.0
    if ys.size > 60_000:
        pick = np.random.default_rng(0).choice(ys.size, 60_000, replace=False)
        ys, xs = ys[pick], xs[pick]
    height = ink.shape[0]

    def score(angle: float) -> float:
        rows = ys + xs * np.tan(np.radians(angle))
        hist = np.bincount(np.clip(rows.astype(np.int64) + height, 0, 3 * height), minlength=1)
        return float((hist.astype(np.float64) ** 2).sum())

    coarse = max(np.arange(-limit, limit + 0.01, 0.5), key=score)
    fine = max(np.arange(coarse - 0.5, coarse + 0.51, 0.1), key=score)
    return -round(float(fine), 2)


def quarter_turn_needed(ink: Mask) -> bool:
    """True when the text runs vertically (the page lies on its side): inside the block of ink,
    the gaps between lines leave whole rows empty; glyph gaps hardly ever line up across lines,
    so columns are seldom empty, unless the lines are vertical."""
    ys, xs = np.nonzero(ink)
    if ys.size < 200:
        return False
    block = ink[ys.min() : ys.max() + 1, xs.min() : xs.max() + 1]
    empty_rows = float((block.sum(axis=1) == 0).mean())
    empty_cols = float((block.sum(axis=0) == 0).mean())
    return empty_cols > empty_rows + 0.1


def upside_down(ink: Mask) -> bool:
    """True when the marks below the text lines' cores outweigh those above them."""
    rows = ink.sum(axis=1)
    on = rows > max(2, int(rows.max() * 0.05)) if rows.size else rows > 0
    above = below = 0
    start = None
    for index, flag in enumerate([*on.tolist(), False]):
        if flag and start is None:
            start = index
        elif not flag and start is not None:
            band = rows[start:index]
            if band.size >= 4:
                core = np.nonzero(band >= band.max() * 0.5)[0]
                above += int(band[: core[0]].sum())
                below += int(band[core[-1] + 1 :].sum())
            start = None
    return below > above * 1.1 and below - above > 50


def paper_box(gray: Gray) -> tuple[int, int, int, int] | None:
    """(left, top, right, bottom) of the bright paper on a dark scanner background, or None
    when the paper fills the image (or nothing looks like paper)."""
    bright = gray > 90
    rows = np.nonzero(bright.mean(axis=1) > 0.5)[0]
    cols = np.nonzero(bright.mean(axis=0) > 0.5)[0]
    if rows.size == 0 or cols.size == 0:
        return None
    box = (int(cols[0]), int(rows[0]), int(cols[-1]) + 1, int(rows[-1]) + 1)
    h, w = gray.shape
    area = (box[2] - box[0]) * (box[3] - box[1])
    if area < 0.3 * w * h or box == (0, 0, w, h):
        return None
    return box


def is_blank(ink: Mask, margin: float = 0.05, limit: float = 0.002) -> bool:
    h, w = ink.shape
    dy, dx = int(h * margin), int(w * margin)
    inner = ink[dy : h - dy, dx : w - dx]
    return bool(inner.size == 0 or inner.mean() < limit)


def colour_fraction(rgb: NDArray[np.uint8]) -> float:
    """Share of clearly coloured pixels (a red seal, a photo), not mere scanner tint."""
    mx = rgb.max(axis=2).astype(np.int16)
    mn = rgb.min(axis=2).astype(np.int16)
    return float(((mx - mn) > 60).mean())


def midtone_fraction(gray: Gray, block: int = 8) -> float:
    """Share of the page covered by solid mid-grey areas (a photo, shading) that bitonal would
    destroy. Counted per block of ``block``² pixels, so the grey edges of text do not count."""
    h, w = (gray.shape[0] // block) * block, (gray.shape[1] // block) * block
    mid = ((gray[:h, :w] > 70) & (gray[:h, :w] < 200)).astype(np.float32)
    share = mid.reshape(h // block, block, w // block, block).mean(axis=(1, 3))
    return float((share > 0.6).mean())


def grow(mask: Mask, by: int) -> Mask:
    """``mask`` dilated by ``by`` pixels (a square), with plain shifts."""
    out = mask.copy()
    for _ in range(by):
        step = out.copy()
        step[1:, :] |= out[:-1, :]
        step[:-1, :] |= out[1:, :]
        step[:, 1:] |= out[:, :-1]
        step[:, :-1] |= out[:, 1:]
        out = step
    return out


def picture_regions(
    small: Any, full_size: tuple[int, int], block: int = 8, margin: int = 1
) -> Mask:
    """Where the page holds pictures (solid mid-grey: photos, shading) or colour (a seal), as a
    full-size mask, grown by ``margin`` blocks; text elsewhere can go bitonal."""
    rgb = np.asarray(small.convert("RGB"))
    gray = np.asarray(small.convert("L"))
    h, w = (gray.shape[0] // block) * block, (gray.shape[1] // block) * block
    hb, wb = h // block, w // block
    mid = ((gray[:h, :w] > 70) & (gray[:h, :w] < 200)).reshape(hb, block, wb, block)
    chroma = rgb[:h, :w].max(axis=2).astype(np.int16) - rgb[:h, :w].min(axis=2)
    colour = (chroma > 60).reshape(hb, block, wb, block)
    blocks = (mid.mean(axis=(1, 3)) > 0.6) | (colour.mean(axis=(1, 3)) > 0.02)
    blocks = grow(blocks, margin)
    width, height = full_size
    ys = np.minimum(np.arange(height) * gray.shape[0] // height // block, hb - 1)
    xs = np.minimum(np.arange(width) * gray.shape[1] // width // block, wb - 1)
    return blocks[np.ix_(ys, xs)]
