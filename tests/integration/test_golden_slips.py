"""Layout regressions: each slip's first page against its golden PNG in docs/slips/ (made with
``python -m tests.golden_slips`` and looked at). Tolerance: a few anti-aliasing differences are
fine; a moved block or a missing line is not."""

from __future__ import annotations

import pytest
from PIL import Image, ImageChops

from tests.golden_slips import GOLDEN_DIR, render_all
from tests.slips_support import make_demo

#: share of pixels allowed to differ by more than a quarter of the grey range
MAX_CHANGED = 0.002


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Image.Image]:
    data = tmp_path_factory.mktemp("golden") / "data"
    code = make_demo(data)
    return render_all(data, code)


def changed_share(a: Image.Image, b: Image.Image) -> float:
    diff = ImageChops.difference(a.convert("L"), b.convert("L"))
    histogram = diff.histogram()
    return sum(histogram[64:]) / (a.width * a.height)


NAMES = sorted(p.stem for p in GOLDEN_DIR.glob("*.png"))


def test_every_slip_has_a_golden_image() -> None:
    assert set(NAMES) == {
        "receipt",
        "receipt-thermal",
        "supplement",
        "refusal",
        "apology",
        "stop",
        "control",
        "book",
        "handover",
        "guidance",
    }


@pytest.mark.parametrize("name", NAMES)
def test_slip_matches_its_golden_image(rendered: dict[str, Image.Image], name: str) -> None:
    golden = Image.open(GOLDEN_DIR / f"{name}.png")
    fresh = rendered[name]
    assert fresh.size == golden.size, "page size changed"
    share = changed_share(fresh, golden)
    assert share <= MAX_CHANGED, f"{name}: {share:.2%} of the pixels changed"


def test_the_comparison_catches_a_moved_line(rendered: dict[str, Image.Image]) -> None:
    golden = Image.open(GOLDEN_DIR / "receipt.png").convert("L")
    shifted = ImageChops.offset(golden, 0, 3)  # everything 3 px (1 mm) lower
    assert changed_share(shifted, golden) > MAX_CHANGED
