"""Logging: personal data never reaches the log file or the console; rotation works."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.logs import (
    ADDRESS_MASK,
    EMAIL_MASK,
    LOG_FILENAME,
    QR_MASK,
    RedactingFormatter,
    configure_logging,
    redact,
)

CITIZEN_ID = "001099012345"
OLD_ID = "123456789"
PHONES = ["0912345678", "0913 456 789", "0914.567.890", "+84 915 678 901", "84916789012"]
EMAIL = "nguyen.van.an@example.com.vn"
ADDRESS = "Số 12 đường Lê Lợi, phường Điện Biên, quận Ba Đình, thành phố Hà Nội"
QR = f"{CITIZEN_ID}|{OLD_ID}|Nguyễn Văn An|01011990|Nam|Thôn Đông, xã Yên Bình, tỉnh Thanh Hóa|01012021"
SECRETS = [CITIZEN_ID, OLD_ID, *PHONES, EMAIL, ADDRESS, QR]
# Every run of digits (and the words of the address) that must not survive, separators removed.
DIGIT_RUNS = [CITIZEN_ID, OLD_ID] + [re.sub(r"\D", "", p) for p in PHONES]
ADDRESS_WORDS = ["Lê Lợi", "Điện Biên", "Ba Đình", "Hà Nội", "Yên Bình", "Nguyễn Văn An"]

DOSSIER = "000.00.06.H56-231027-0361"
UUID = "123e4567-e89b-12d3-a456-426614174000"
TIMESTAMP = "2026-02-13T15:30:00+07:00"
PROCEDURE = "1.001193"
KEEP = [DOSSIER, UUID, TIMESTAMP, PROCEDURE]


@pytest.fixture
def clean_root() -> Iterator[None]:
    root = logging.getLogger()
    before, level = list(root.handlers), root.level
    yield
    for handler in list(root.handlers):
        if handler not in before:
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def _log_everything(log: logging.Logger) -> None:
    log.warning("receipt for citizen %s (old ID %s), dossier %s", CITIZEN_ID, OLD_ID, DOSSIER)
    for phone in PHONES:
        log.warning(f"contact phone {phone} for dossier {DOSSIER} at {TIMESTAMP}")
    log.warning("mail to %s, request %s", EMAIL, UUID)
    log.warning("applicant lives at %r; procedure %s", ADDRESS, PROCEDURE)
    log.warning("scanned QR %s", QR)
    log.warning("dossier %s received", DOSSIER, extra={"citizen": CITIZEN_ID, "mail": EMAIL})
    log.warning("address without quotes: %s\nnext line keeps %s", ADDRESS, UUID)
    try:
        raise ValueError(f"no dossier for ID {CITIZEN_ID} / phone {PHONES[1]} at {ADDRESS}")
    except ValueError:
        log.exception("lookup failed for %s", DOSSIER)


def _all_logs(log_dir: Path) -> str:
    return "\n".join(
        p.read_text(encoding="utf-8") for p in sorted(log_dir.glob(LOG_FILENAME + "*"))
    )


def _assert_clean(text: str) -> None:
    for secret in SECRETS + DIGIT_RUNS + ADDRESS_WORDS:
        assert secret not in text, secret
    assert "*********345" in text  # the last 3 digits are kept for the officer to cross-check


def test_nothing_personal_reaches_file_or_console(
    tmp_path: Path, clean_root: None, capsys: pytest.CaptureFixture[str]
) -> None:
    configure_logging(tmp_path, level="DEBUG")
    _log_everything(logging.getLogger("counter_app.test"))
    for handler in logging.getLogger().handlers:
        handler.flush()
    text = _all_logs(tmp_path)
    stderr = capsys.readouterr().err
    for output in (text, stderr):
        _assert_clean(output)
        for kept in KEEP:
            assert kept in output, kept
        assert ADDRESS_MASK in output and EMAIL_MASK in output and QR_MASK in output
        assert "Traceback" in output and "ValueError" in output
        assert "citizen=" in output  # extra fields are written, redacted


def test_configure_twice_adds_no_duplicate_handlers(tmp_path: Path, clean_root: None) -> None:
    configure_logging(tmp_path)
    count = len(logging.getLogger().handlers)
    configure_logging(tmp_path, level="WARNING")
    assert len(logging.getLogger().handlers) == count
    logging.getLogger("x").warning("once")
    logging.getLogger("x").info("filtered out")
    text = (tmp_path / LOG_FILENAME).read_text(encoding="utf-8")
    assert text.count("once") == 1 and "filtered out" not in text


def test_rotation(tmp_path: Path, clean_root: None) -> None:
    configure_logging(tmp_path, max_bytes=2_000, backup_count=3)
    log = logging.getLogger("counter_app.rotation")
    for i in range(200):
        log.info("line %d for dossier %s phone %s", i, DOSSIER, PHONES[0])
    files = sorted(tmp_path.glob(LOG_FILENAME + "*"))
    assert len(files) == 4  # the live file and 3 backups
    assert all(f.stat().st_size <= 2_000 for f in files)
    _text = _all_logs(tmp_path)
    assert "line 199" in _text and PHONES[0] not in _text


def test_invalid_level(tmp_path: Path, clean_root: None) -> None:
    with pytest.raises(ValueError, match="level"):
        configure_logging(tmp_path, level="LOUD")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id 001099012345.", "id *********345."),
        ("cmnd:123456789", "cmnd:******789"),
        ("tel 0912-345-678 ok", "tel *******678 ok"),
        ("tel (024) 3825 1234", "tel ********234"),
        ("tel +84912345678", "tel ********678"),
        ("a@b.vn", EMAIL_MASK),
        ("dia chi: so nha 5, thon Dong; con lai", f"{ADDRESS_MASK}; con lai"),
        ("Ấp Bình An, Xã Tân Phú) rest", f"{ADDRESS_MASK}) rest"),
        ("ĐỊA CHỈ TỔ DÂN PHỐ 3 | next", f"{ADDRESS_MASK}| next"),
        ("at TP. Hồ Chí Minh key=1", f"at {ADDRESS_MASK} key=1"),
        ("phường 5 dossier=000.00.06.H56-231027-0361", f"{ADDRESS_MASK} dossier={DOSSIER}"),
    ],
)
def test_redact_examples(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        DOSSIER,
        UUID,
        "123e4567-e89b-12d3-a456-426614174999",
        TIMESTAMP,
        "2026-02-13 15:30:00,123",
        PROCEDURE,
        "2.000815.000.00.00.H55",
        "sha256 " + "0123456789abcdef" * 4,
        "took 12 ms, 3 dossiers, seq 0361",
    ],
)
def test_redact_keeps_identifiers(text: str) -> None:
    assert redact(text) == text


def test_unformattable_record_is_still_redacted() -> None:
    record = logging.LogRecord("x", logging.ERROR, __file__, 1, "bad %d %s", (CITIZEN_ID,), None)
    text = RedactingFormatter().format(record)
    assert CITIZEN_ID not in text and "unformattable" in text
