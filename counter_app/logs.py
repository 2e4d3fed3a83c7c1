"""Logging set-up with personal data masked in everything written.

The :class:`RedactingFormatter` redacts the *whole* formatted record (message, arguments,
``extra`` fields, exception tracebacks), so a citizen's ID number, phone, e-mail, address or CCCD
QR payload never reaches a log file or the console, however it was logged.

What is masked (:func:`redact`):

* a CCCD QR payload ``<12 digits>|…|…`` — entirely;
* 12-digit citizen ID numbers and 9-digit old ID numbers — all but the last 3 digits;
* Vietnamese phone numbers (``0912345678``, ``0912 345 678``, ``0912.345.678``, ``+84 912…``,
  ``84912…``, 11-digit landlines) — all but the last 3 digits;
* e-mail addresses;
* addresses: from a marker (``số 12``, ``địa chỉ``, ``số nhà``, ``thôn``, ``xóm``, ``ấp``, ``tổ dân
  phố``, ``đường``, ``phường``, ``xã``, ``quận``, ``huyện``, ``thị xã``, ``thành phố``, ``tp.``,
  ``tỉnh``; any case, with or without diacritics) to the end of the clause: commas continue it; a
  newline, quote, ``|``, ``;``, ``)`` or a following ``key=`` field ends it.

Dossier codes (``000.00.06.H56-231027-0361``), procedure codes (``1.001193``), UUIDs, ISO
timestamps and long hexadecimal digests are left intact.
"""

from __future__ import annotations

import errno
import io
import logging
import os
import re
import sys
import unicodedata
from datetime import datetime
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Any

from counter_app.domain.codes import AGENCY_PATTERN
from counter_app.domain.masking import mask_digits
from counter_app.domain.text import search_key
from counter_app.domain.vntime import VN_TZ
from counter_app.private_files import FILE_MODE, private_dir, tighten

LOG_FILENAME = "counter-app.log"
_FILE_HANDLER = "counter_app.file"
_CONSOLE_HANDLER = "counter_app.console"
DEFAULT_FORMAT = "%(asctime)s %(levelname)-8s %(name)s: %(message)s"

ADDRESS_MASK = "[địa chỉ đã ẩn]"
EMAIL_MASK = "[email đã ẩn]"
QR_MASK = "[dữ liệu QR CCCD đã ẩn]"
NAME_MASK = "[họ tên đã ẩn]"
DATE_MASK = "[ngày đã ẩn]"

# --------------------------------------------------------------------------- patterns

_PROTECTED = "|".join(
    (
        rf"{AGENCY_PATTERN}(?:-\d{{6}}-\d{{4,8}})?",  # agency id / dossier code
        r"\d\.\d{6}(?:\.\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2})?(?!\d)",  # procedure code
        r"[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}",  # UUID
        r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?",
        r"(?<![0-9A-Za-z])[0-9a-fA-F]{32,}(?![0-9A-Za-z])",  # hex digests
    )
)
_SEP = r"[ .\-]?"
_PHONE = "|".join(
    (
        rf"(?:\+|(?<!\d))84{_SEP}\d{{2,3}}{_SEP}\d{{3}}{_SEP}\d{{3,4}}",  # +84 / 84 …
        rf"(?<!\d)0084{_SEP}\d{{2,3}}{_SEP}\d{{3}}{_SEP}\d{{3,4}}",  # 0084 912 345 678
        rf"(?<!\d)0\d{{2,3}}{_SEP}\d{{3,4}}{_SEP}\d{{3,4}}",  # 0912 345 678, 024 3825 1234
        rf"\(0\d{{1,3}}\)\s?\d{{3,4}}{_SEP}\d{{3,4}}",  # (024) 3825 1234
    )
)
_NO_DIGIT_AFTER = r"(?![\d])(?![.,]\d)"
_NO_DIGIT_BEFORE = r"(?<!\d)(?<!\d[.,])"
_ADDRESS_MARKERS = (
    "địa chỉ",
    "số nhà",
    "tổ dân phố",
    "thị xã",
    "thành phố",
    "thôn",
    "xóm",
    "ấp",
    "đường",
    "phường",
    "xã",
    "quận",
    "huyện",
    "tỉnh",
    "tp.",
    "ngõ",
    "ngách",
    "hẻm",
    "kiệt",
    "khu phố",
    "khu dân cư",
    "khóm",
)
# words that are ordinary English or Vietnamese without their accents: matched accented only
_ACCENTED_MARKERS = (r"tổ\s+\d+", "phố", "bản", "buôn", "làng")
# P. Bến Nghé, Q.1, TP.HCM, TX. Trảng Bàng, KP. 3, H. Củ Chi, X. Yên Bình: capitals only
_ABBREVIATION = r"(?-i:TP|TX|KP|P|Q|H|X|F)\.\s?(?=\w)"
_ADDRESS_STOP = r"\n\r\"'|;)“”‘’"


def _marker_pattern(marker: str) -> str:
    variants = sorted({marker, search_key(marker)}, key=len, reverse=True)
    body = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in variants)
    tail = "" if marker.endswith(".") else r"(?!\w)"
    return f"(?:{body}){tail}"


_HOUSE_NUMBER = r"số\s+\d+[\w/]*"  # "Số 12", "số 12/3A" (accented only: "so 5" is English)
_MARKERS = "|".join(
    [
        _HOUSE_NUMBER,
        _ABBREVIATION,
        *(f"{m}(?!\\w)" for m in _ACCENTED_MARKERS),
        *(_marker_pattern(m) for m in _ADDRESS_MARKERS),
    ]
)
_ADDRESS = rf"(?<!\w)(?:{_MARKERS})(?:(?!\s+[A-Za-z_][\w.]*=)[^{_ADDRESS_STOP}])*"

# A date of birth: 01011990 (as on the card's QR), 01/01/1990, 1-1-1990, 01.01.1990.
_DOB = "|".join(
    (
        r"(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])(?:19|20)\d{2}",
        r"(?:0?[1-9]|[12]\d|3[01])[/.\-](?:0?[1-9]|1[0-2])[/.\-](?:19|20)\d{2}",
    )
)
# A person's name (2 to 6 capitalised words: "Nguyễn Văn A", "NGUYEN VAN A") counts as personal
# when an ID number or a birth date stands right next to it.
_UPPER = "".join(
    c
    for c in map(chr, range(0x41, 0x1F00))
    if c.isalpha() and c.isupper() and unicodedata.name(c, "").startswith("LATIN")
)
_NAME_WORD = rf"(?-i:[{_UPPER}])[^\W\d_]*"
_NAME = rf"{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{1,5}}"
_NEXT_TO = r"[ \t]*[|,:;\-–]?[ \t]*"
_PERSON_NUMBER = rf"(?:\d{{12}}|\d{{9}}|{_DOB}){_NO_DIGIT_AFTER}"

_REDACT_RE = re.compile(
    "|".join(
        (
            rf"(?P<keep>{_PROTECTED})",
            r"(?P<qr>(?<!\d)\d{12}(?:\|[^|\n\r\"']*){2,})",
            r"(?P<email>[\w.+\-]+@[\w\-]+(?:\.[\w\-]+)+)",
            rf"(?P<name>{_NAME})(?={_NEXT_TO}{_PERSON_NUMBER})",
            rf"(?P<idname>{_NO_DIGIT_BEFORE}\d{{12}}{_NO_DIGIT_AFTER}{_NEXT_TO}{_NAME})",
            rf"(?P<id12>{_NO_DIGIT_BEFORE}\d{{12}}{_NO_DIGIT_AFTER})",
            rf"(?P<dob>{_NO_DIGIT_BEFORE}(?:{_DOB}){_NO_DIGIT_AFTER})",
            rf"(?P<phone>(?:{_PHONE}){_NO_DIGIT_AFTER})",
            rf"(?P<id9>{_NO_DIGIT_BEFORE}\d{{9}}{_NO_DIGIT_AFTER})",
            rf"(?P<address>{_ADDRESS})",
        )
    ),
    re.IGNORECASE,
)


_FIXED_MASKS = {
    "qr": QR_MASK,
    "email": EMAIL_MASK,
    "address": ADDRESS_MASK,
    "name": NAME_MASK,
    "dob": DATE_MASK,
}


def _replace(match: re.Match[str]) -> str:
    kind = match.lastgroup
    if kind == "keep":
        return match.group(0)
    if kind in _FIXED_MASKS:
        return _FIXED_MASKS[kind]
    if kind == "idname":  # an ID number, then the name next to it
        return mask_digits(match.group(0)[:12]) + " " + NAME_MASK
    return mask_digits(match.group(0))


def redact(text: str) -> str:
    """``text`` with personal data masked (see the module docstring for what is)."""
    return _REDACT_RE.sub(_replace, unicodedata.normalize("NFC", text))


# --------------------------------------------------------------------------- formatter

_STANDARD_ATTRS = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys()
    | {"message", "asctime", "taskName"}
)


class RedactingFormatter(logging.Formatter):
    """Formats as usual (plus any ``extra`` fields), then redacts the whole text."""

    def __init__(self, fmt: str = DEFAULT_FORMAT, datefmt: str | None = None) -> None:
        super().__init__(fmt, datefmt)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        if datefmt:
            return super().formatTime(record, datefmt)
        moment = datetime.fromtimestamp(record.created, VN_TZ)
        return moment.isoformat(timespec="milliseconds")

    def format(self, record: logging.LogRecord) -> str:
        try:
            text = super().format(record)
        except Exception as exc:  # a bad %-format must not leak the raw arguments unredacted
            text = f"{record.msg!s} {record.args!r} (unformattable log record: {exc!r})"
        extras = _extras(record)
        if extras:
            first, newline, rest = text.partition("\n")
            text = f"{first} {{{extras}}}{newline}{rest}"
        return redact(text)


def _extras(record: logging.LogRecord) -> str:
    fields: dict[str, Any] = {
        k: v for k, v in vars(record).items() if k not in _STANDARD_ATTRS and not k.startswith("_")
    }
    return ", ".join(f"{key}={value!r}" for key, value in sorted(fields.items()))


# --------------------------------------------------------------------------- configuration


def _level_number(level: str | int) -> int:
    number = logging.getLevelName(level.upper()) if isinstance(level, str) else level
    if not isinstance(number, int):
        raise ValueError(f"unknown log level {level!r}")
    return number


class _PrivateRotatingFileHandler(RotatingFileHandler):
    """Log files (the live one and each one rotation starts) are their owner's only."""

    def _open(self) -> io.TextIOWrapper:
        path = Path(self.baseFilename)
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, FILE_MODE)
        tighten(path)
        return open(fd, "a", encoding=self.encoding, errors=self.errors)


def _remove_our_handlers(root: logging.Logger) -> None:
    for handler in list(root.handlers):
        if handler.get_name() in (_FILE_HANDLER, _CONSOLE_HANDLER):
            root.removeHandler(handler)
            handler.close()


def configure_logging(
    log_dir: Path,
    level: str | int = "INFO",
    max_bytes: int = 1_000_000,
    backup_count: int = 5,
    console_level: str | int | None = "WARNING",
) -> Path | None:
    """Log to ``log_dir/counter-app.log`` (rotating, UTF-8) at ``level`` and to stderr at
    ``console_level`` and above (``None``: no console output, as the CLI wants: it speaks to the
    user itself), both redacted. Calling it again replaces the earlier set-up (no duplicated
    handlers). Returns the log file's path, or ``None`` when the log file cannot be opened
    (read-only folder, ``logs`` is a file…): the application then runs without a log file, and
    :func:`log_unavailable` tells why, so the caller can warn the user once."""
    number = _level_number(level)
    path = log_dir / LOG_FILENAME
    root = logging.getLogger()
    _remove_our_handlers(root)
    logging.raiseExceptions = False  # a failing log write must never print a traceback
    handlers: list[logging.Handler] = []
    file_handler = _file_handler(path, max_bytes, backup_count)
    if file_handler is not None:
        file_handler.setLevel(number)
        handlers.append(file_handler)
    if console_level is not None:
        console = logging.StreamHandler(sys.stderr)
        console.set_name(_CONSOLE_HANDLER)
        console.setLevel(_level_number(console_level))
        handlers.append(console)
    for handler in handlers:
        handler.setFormatter(RedactingFormatter())
        root.addHandler(handler)
    root.setLevel(min((h.level for h in handlers), default=number))
    logging.captureWarnings(True)
    return path if file_handler is not None else None


class _LogState:
    unavailable: str | None = None


def log_unavailable() -> str | None:
    """Why the last :func:`configure_logging` could not open its log file (``None``: it could)."""
    return _LogState.unavailable


def _file_handler(path: Path, max_bytes: int, backup_count: int) -> logging.Handler | None:
    try:
        private_dir(path.parent)
        if path.exists() and not path.is_file():  # opening a pipe to append would block
            raise IsADirectoryError(errno.EINVAL, "not a regular file", str(path))
        handler = _PrivateRotatingFileHandler(
            path, maxBytes=max_bytes, backupCount=backup_count, encoding="utf-8"
        )
    except OSError as exc:
        _LogState.unavailable = f"{path}: {exc.strerror or exc}"
        return None
    _LogState.unavailable = None
    handler.set_name(_FILE_HANDLER)
    return handler
