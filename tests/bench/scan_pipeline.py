"""Scanning pipeline benchmark on generated A4 pages (Vietnamese text, a red seal, a photo).

Run ``python -m tests.bench.scan_pipeline --json [--pages N] [--no-ocrmypdf]``. For 200 and 300 dpi:

* **ours**: the pages as a scanner delivers them (grey scans for text and grey pages, colour
  scans for the seal and photo pages) go through the whole pipeline (crop, orientation, deskew,
  blank flag, colour choice, encoding) on the worker thread and into one PDF/A-2b file;
  ``pages_per_min_gray200`` is a stream of N grey pages (text and text-with-photo alternating)
  from the first page in to the PDF written. ``kb_per_page_<kind><dpi>`` is the size of a
  one-page PDF/A of that kind (bw: the plain text page; gray: the text-with-photo page scanned in
  grey; color: the seal page and the photo page, averaged).
* **img2pdf**: the same scanner pages embedded losslessly (PNG/Flate), same figures.
* **ocrmypdf**: ``ocrmypdf -O1 -l vie --output-type pdfa --jobs 1`` on the img2pdf files (this
  adds the OCR layer and PDF/A conversion: slower by nature); skipped with ``--no-ocrmypdf``
  (the JSON then says so under ``ocrmypdf_skipped``).
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

import img2pdf
from PIL import Image

from counter_app.domain.vntime import VN_TZ
from scanning.pdfa import ItemMeta, build_pdfa
from scanning.profiles import COLOR_200, PLAIN_TEXT, SEAL_PHOTO, Profile
from scanning.worker import process_stream
from tests.scan_pages import photo_page, seal_page, text_page

META = ItemMeta("000.00.06.H56-260302-0001", "TP1", "bench", datetime(2026, 3, 2, 9, tzinfo=VN_TZ))
KINDS = ("bw", "gray", "color")


def scanner_pages(dpi: int) -> dict[str, list[Image.Image]]:
    return {
        "bw": [text_page(dpi)],
        "gray": [photo_page(dpi).convert("L")],
        "color": [seal_page(dpi), photo_page(dpi)],
    }


def profile(kind: str, dpi: int) -> Profile:
    if kind == "color":
        return SEAL_PHOTO if dpi >= 300 else COLOR_200
    return PLAIN_TEXT if dpi <= 200 else Profile("plain_300", "", 300, *PLAIN_TEXT_MODES)


PLAIN_TEXT_MODES = (PLAIN_TEXT.scan_mode, PLAIN_TEXT.lowest, PLAIN_TEXT.highest)


def ours_pdf(images: Sequence[Image.Image], dpi: int, prof: Profile) -> bytes:
    results = process_stream([(img, dpi) for img in images], prof)
    return build_pdfa([r.page for r in results if r.page is not None], META)


def img2pdf_pdf(images: Sequence[Image.Image], dpi: int) -> bytes:
    blobs = []
    for img in images:
        out = io.BytesIO()
        img.save(out, "PNG", dpi=(dpi, dpi))
        blobs.append(out.getvalue())
    layout = img2pdf.get_fixed_dpi_layout_fun((dpi, dpi))
    data = img2pdf.convert(blobs, layout_fun=layout)
    assert data is not None
    return data


def ocrmypdf_pdf(source: bytes) -> bytes:
    with tempfile.TemporaryDirectory() as tmp:
        src, dst = Path(tmp) / "in.pdf", Path(tmp) / "out.pdf"
        src.write_bytes(source)
        env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
        cmd = [sys.executable, "-m", "ocrmypdf", "-O1", "-l", "vie", "--jobs", "1"]
        cmd += ["--output-type", "pdfa", "-q", str(src), str(dst)]
        subprocess.run(cmd, check=True, env=env, capture_output=True, timeout=900)
        return dst.read_bytes()


def kb(data: bytes, pages: int) -> float:
    return round(len(data) / 1024 / pages, 1)


def timed(make: Callable[[], bytes]) -> tuple[bytes, float]:
    start = time.perf_counter()
    data = make()
    return data, time.perf_counter() - start


def gray_stream(n: int) -> list[Image.Image]:
    text, mixed = text_page(200), photo_page(200).convert("L")
    return [text if i % 2 == 0 else mixed for i in range(n)]


def run(pages: int, with_ocrmypdf: bool, dpis: Sequence[int] = (200, 300)) -> dict[str, object]:
    out: dict[str, object] = {"pages_in_stream": pages, "cpu_count": os.cpu_count()}
    stream = gray_stream(pages)
    _, secs = timed(lambda: ours_pdf(stream, 200, PLAIN_TEXT))
    out["pages_per_min_gray200"] = round(pages / secs * 60, 1)
    _, secs = timed(lambda: img2pdf_pdf(stream, 200))
    out["img2pdf_pages_per_min_gray200"] = round(pages / secs * 60, 1)
    sources: dict[str, bytes] = {}
    for dpi in dpis:
        for kind, images in scanner_pages(dpi).items():
            out[f"kb_per_page_{kind}{dpi}"] = kb(
                ours_pdf(images, dpi, profile(kind, dpi)), len(images)
            )
            sources[f"{kind}{dpi}"] = img2pdf_pdf(images, dpi)
            out[f"img2pdf_kb_per_page_{kind}{dpi}"] = kb(sources[f"{kind}{dpi}"], len(images))
    if not with_ocrmypdf or shutil.which("tesseract") is None:
        out["ocrmypdf_skipped"] = "not run (--no-ocrmypdf or no tesseract)"
        return out
    few = gray_stream(min(pages, 4))
    _, secs = timed(lambda: ocrmypdf_pdf(img2pdf_pdf(few, 200)))
    out["ocrmypdf_pages_per_min_gray200"] = round(len(few) / secs * 60, 1)
    for name, source in sources.items():
        count = 2 if name.startswith("color") else 1
        out[f"ocrmypdf_kb_per_page_{name}"] = kb(ocrmypdf_pdf(source), count)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else "")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--pages", type=int, default=20)
    parser.add_argument("--no-ocrmypdf", action="store_true")
    parser.add_argument("--dpi", type=int, action="append", help="only these (default 200, 300)")
    args = parser.parse_args(argv)
    result = run(args.pages, not args.no_ocrmypdf, args.dpi or (200, 300))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:40} {value}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
