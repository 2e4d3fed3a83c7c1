"""Golden images of every slip (first page, rendered with pypdfium2 at 72 dpi) for the demo office.

``python -m tests.golden_slips`` rewrites ``docs/slips/*.png`` after an intended layout change;
``tests/integration/test_golden_slips.py`` compares fresh renderings with them.
"""

from __future__ import annotations

import sys
import tempfile
from datetime import date
from pathlib import Path

from PIL import Image

from counter_app.composition import open_app, slip_printing
from counter_app.domain.dossier import Dossier
from counter_app.domain.slip_kinds import DOSSIER_SLIPS, SlipKind
from counter_app.ports import FixedClock
from counter_app.services import slips
from printing.preview import render_pages
from tests.slips_support import NOW, dossier_for, make_demo

GOLDEN_DIR = Path(__file__).resolve().parent.parent / "docs" / "slips"
DPI = 72


def _any(_dossier: Dossier) -> bool:
    return True


def _returned(dossier: Dossier) -> bool:
    return dossier.returned_at is not None


def render_all(data_dir: Path, bank_code: str) -> dict[str, Image.Image]:
    """name → first page of each slip, issued through the real service on the demo store."""
    app = open_app(data_dir, clock=FixedClock(NOW))
    try:
        renderer, _ = slip_printing(app.settings)
        images: dict[str, Image.Image] = {}
        for kind in SlipKind:
            code = ""
            if kind in DOSSIER_SLIPS:
                code = (
                    bank_code
                    if kind is SlipKind.RECEIPT
                    else dossier_for(
                        app.store,
                        kind,
                        _returned if kind is SlipKind.CONTROL else _any,
                    ).code
                )
            request = slips.PrintRequest(
                kind,
                "canbo1",
                dossier_code=code,
                procedure_code="2.001035",
                period=(date(2026, 2, 1), date(2026, 2, 28)),
            )
            pdf = slips.issue(app.services, renderer, request).pdf
            images[kind.value] = render_pages(pdf, DPI)[0]
            if kind is SlipKind.RECEIPT:
                thermal = slips.PrintRequest(kind, "canbo1", dossier_code=code, thermal=True)
                images["receipt-thermal"] = render_pages(
                    slips.issue(app.services, renderer, thermal).pdf, DPI
                )[0]
        return images
    finally:
        app.close()


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        code = make_demo(data)
        GOLDEN_DIR.mkdir(parents=True, exist_ok=True)
        for name, image in render_all(data, code).items():
            image.convert("L").save(GOLDEN_DIR / f"{name}.png", optimize=True)
            sys.stdout.write(f"{GOLDEN_DIR / name}.png\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
