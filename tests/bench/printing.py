"""Printing benchmark: one A5 receipt (both copies, lookup QR, Code 128, VietQR) from the stored
dossier to PDF bytes, against a bare reportlab page with the same text and one QR.

``python -m tests.bench.printing --json [--runs N] [--receipts M]``:

* ``receipt_ms_median``: read the dossier, procedure, agency and staff from the store, build the
  view, draw the PDF (the QR cache is cleared before each receipt, so every receipt encodes its
  own codes); the demo's bank-transfer dossier, ``--runs`` times.
* ``receipt_archival_ms_median``: the same plus the archival step (XMP, OutputIntent via pikepdf).
* ``receipts_1000_s``: ``--receipts`` (default 1000) receipts over all demo dossiers with an
  appointment, one after another, store reads included.
* ``*_cpu_ms_median``: the same medians in process CPU time (the machine may be shared).
* ``raw_reportlab_ms_median``: a bare canvas with the same fonts drawing every string the receipt
  draws (one page) plus one QR of the lookup URL (encoded each time), in the same run.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path
from typing import Any

import segno
from reportlab.lib.pagesizes import A5
from reportlab.pdfgen.canvas import Canvas

from counter_app.composition import App, open_app
from counter_app.domain.slip_kinds import SlipKind, SlipSource
from counter_app.ports import FixedClock
from printing import draw
from printing.archive import archival
from printing.fonts import REGULAR, register_fonts
from printing.render import render_pdf
from printing.slip_data import build_view
from tests.slips_support import NOW, make_demo


def _source(app: App, code: str, now: datetime) -> SlipSource:
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
        assert dossier is not None
        agency = tx.agencies.get(app.settings.office.agency_code)
        assert agency is not None
        names = {m.username: m.full_name for m in tx.staff.all()}
        procedure = tx.procedures.get(dossier.procedure_code)
    return SlipSource(
        SlipKind.RECEIPT, now, agency, 0, dossier, procedure, names, book_entries={code: 1}
    )


def receipt_pdf(app: App, code: str) -> bytes:
    draw.qr_runs.cache_clear()
    view = build_view(_source(app, code, NOW), app.settings)
    return render_pdf(SlipKind.RECEIPT, view)


def raw_page(strings: list[tuple[str, str]], url: str) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer, pagesize=A5, pageCompression=1, invariant=1)
    canvas.setFont(REGULAR, 8)
    y = 580.0
    for font, text in strings:
        canvas.setFont(font, 8)
        canvas.drawString(20, y, text)
        y = y - 9 if y > 40 else 580.0
    symbol = segno.make_qr(url, error="m", boost_error=False, mask=draw.QR_MASK)
    path = canvas.beginPath()
    for r, row in enumerate(symbol.matrix):
        for c, dark in enumerate(row):
            if dark:
                path.rect(300 + c * 1.5, 500 - r * 1.5, 1.5, 1.5)
    canvas.drawPath(path, stroke=0, fill=1)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _median_ms(fn: Any, runs: int, clock: Any = time.perf_counter) -> float:
    times = []
    for _ in range(runs):
        start = clock()
        fn()
        times.append((clock() - start) * 1000)
    return float(statistics.median(times))


def measure(runs: int, receipts: int) -> dict[str, float | int]:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        code = make_demo(data)
        register_fonts()
        app = open_app(data, clock=FixedClock(NOW))
        try:
            with app.store.read() as tx:
                codes = [s.code for s in tx.dossiers.open_summaries(list(range(1, 11)), 1000)]  # type: ignore[arg-type]
                usable = [c for c in codes if (d := tx.dossiers.by_code(c)) and d.appointment]
            receipt_pdf(app, code)  # warm up: fonts parsed, modules imported
            receipt = _median_ms(lambda: receipt_pdf(app, code), runs)
            receipt_cpu = _median_ms(lambda: receipt_pdf(app, code), runs, time.process_time)
            archived = _median_ms(lambda: archival(receipt_pdf(app, code), "x", NOW, code), runs)
            drawn: list[tuple[str, str]] = []
            render_pdf(
                SlipKind.RECEIPT, build_view(_source(app, code, NOW), app.settings), drawn=drawn
            )
            url = app.settings.lookup.receipt_url.replace("{code}", code)
            raw = _median_ms(lambda: raw_page(drawn, url), runs)
            raw_cpu = _median_ms(lambda: raw_page(drawn, url), runs, time.process_time)
            start = time.perf_counter()
            for i in range(receipts):
                receipt_pdf(app, usable[i % len(usable)])
            batch = time.perf_counter() - start
        finally:
            app.close()
    return {
        "receipt_ms_median": round(receipt, 2),
        "receipt_cpu_ms_median": round(receipt_cpu, 2),
        "receipt_archival_ms_median": round(archived, 2),
        "receipts_1000_s": round(batch * 1000 / receipts, 2),
        "receipts_measured": receipts,
        "raw_reportlab_ms_median": round(raw, 2),
        "raw_reportlab_cpu_ms_median": round(raw_cpu, 2),
        "receipt_vs_raw_ratio": round(receipt / raw, 2),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--runs", type=int, default=100)
    parser.add_argument("--receipts", type=int, default=1000)
    args = parser.parse_args(argv)
    result = measure(args.runs, args.receipts)
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
    else:
        for key, value in result.items():
            sys.stdout.write(f"{key:32} {value}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
