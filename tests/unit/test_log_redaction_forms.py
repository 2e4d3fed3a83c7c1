"""Each further form of personal data, planted in real log files through the real logging set-up,
is masked: names next to ID numbers or birth dates, birth dates, phones with spaces, dots, +84 or
0084, Vietnamese address words and abbreviations. Also: ``find`` never echoes them in full."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.domain.masking import mask_query
from counter_app.logs import LOG_FILENAME, configure_logging

# (planted text, what must not survive)
FORMS: dict[str, tuple[str, list[str]]] = {
    "name_before_id": ("applicant Nguyễn Văn An 001090123456", ["Nguyễn Văn An", "001090123456"]),
    "name_after_id": ("card 001090123457 - Trần Thị Bích", ["Trần Thị Bích", "001090123457"]),
    "name_then_dob_qr_fragment": ("NGUYEN VAN AN|01011990|Nam", ["NGUYEN VAN AN", "01011990"]),
    "name_before_old_id": ("Lê Thị Hoa, 123456789", ["Lê Thị Hoa", "123456789"]),
    "dob_slashes": ("born 01/02/1990", ["01/02/1990"]),
    "dob_dashes": ("ngày sinh 1-2-1985", ["1-2-1985"]),
    "dob_dots": ("dob 31.12.2001", ["31.12.2001"]),
    "phone_spaces": ("phone 0912 345 678", ["0912 345 678", "345 678"]),
    "phone_dots": ("phone 0912.345.679", ["0912.345.679", "345.679"]),
    "phone_plus84_spaces": ("phone +84 912 345 671", ["912 345 671", "345 671"]),
    "phone_0084": ("phone 0084912345672", ["0084912345672", "912345672"]),
    "phone_plus84_compact": ("phone +84912345673", ["912345673"]),
    "ward_abbreviation": ("at P. Bến Nghé, Q.1, TP.HCM", ["Bến Nghé", "Q.1", "HCM"]),
    "town_abbreviation": ("at TX. Trảng Bàng", ["Trảng Bàng"]),
    "alley": ("lives ngõ 5 Láng Hạ", ["Láng Hạ"]),
    "lane": ("lives ngách 12/3 Chùa Bộc", ["Chùa Bộc"]),
    "small_alley": ("lives hẻm 42 Lê Văn Sỹ", ["Lê Văn Sỹ"]),
    "quarter": ("lives khu phố 3 Phú Mỹ", ["Phú Mỹ"]),
    "group": ("lives tổ 7 Yên Hòa", ["Yên Hòa"]),
    "hamlet": ("lives ấp Bình Lợi", ["Bình Lợi"]),
    "village": ("lives thôn Đông Xá", ["Đông Xá"]),
    "house_number": ("lives số nhà 18 Hàng Bạc", ["Hàng Bạc"]),
}
KEEP = ["000.00.06.H56-231027-0361", "2026-02-13T15:30:00+07:00", "1.001193"]


@pytest.fixture
def log_dir(tmp_path: Path) -> Iterator[Path]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    configure_logging(tmp_path, level="DEBUG", console_level=None)
    yield tmp_path
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


@pytest.mark.parametrize("form", sorted(FORMS))
def test_planted_form_never_reaches_the_log_file(log_dir: Path, form: str) -> None:
    planted, secrets = FORMS[form]
    log = logging.getLogger("counter_app.test")
    log.warning("dossier %s at %s (procedure %s): %s", *KEEP, planted)
    log.info(f"inline: {planted}")  # also when formatted before logging
    try:
        raise LookupError(planted)
    except LookupError:
        log.exception("lookup failed")
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = (log_dir / LOG_FILENAME).read_text(encoding="utf-8")
    assert text.count("dossier ") >= 1 and "Traceback" in text
    for secret in secrets:
        assert secret not in text, (secret, text)
    for kept in KEEP:
        assert kept in text


@pytest.mark.parametrize(
    ("typed", "shown"),
    [
        ("001090123456", "*********456"),
        ("001090123456|012345678|NGUYEN VAN A|01011990|Nam|P. Bến Nghé|15042021", "*********456|…"),
        ("0912 345 678", "*******678"),
        ("+84 912 345 678", "********678"),
        ("000.00.06.H56-231027-0361", "000.00.06.H56-231027-0361"),
        ("nguyen van a", "nguyen van a"),
    ],
)
def test_a_typed_query_is_echoed_masked(typed: str, shown: str) -> None:
    assert mask_query(typed) == shown
