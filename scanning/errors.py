"""Scanner troubles as typed errors with stable codes (messages live in counter_app.messages).

A fault during a batch carries ``pages_kept``: the pages already scanned stay in the session and
the batch can be continued once the cause is removed.
"""

from __future__ import annotations

from typing import Any

from counter_app.domain.errors import (
    BusyError,
    DomainError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)


class ScannerFault(EnvironmentProblem):
    """The device stands in the way (no paper, jam, cover open, unplugged, I/O error)."""

    code = "scanner_failed"
    retryable = True


class ScannerBusy(BusyError):
    code = "scanner_busy"


class ScannerMissing(NotFoundError):
    code = "scanner_not_found"


class ScanFileInvalid(ValidationError):
    code = "invalid_scan_file"


#: SANE status texts (sane_strstatus, as python-sane raises them) → our codes.
SANE_MESSAGES: dict[str, str] = {
    "Document feeder out of documents": "scanner_no_paper",
    "Document feeder jammed": "scanner_jammed",
    "Scanner cover is open": "scanner_cover_open",
    "Error during device I/O": "scanner_device_gone",
    "Device busy": "scanner_busy",
    "Access to resource has been denied": "scanner_access_denied",
    "Out of memory": "scanner_failed",
    "Invalid argument": "scanner_failed",
    "Operation not supported": "scanner_failed",
}


def fault(code: str, *, device: str, pages_kept: int = 0, **params: Any) -> DomainError:
    """The typed error for ``code``, telling how many pages were kept."""
    if code == "scanner_busy":
        return ScannerBusy(device=device, pages_kept=pages_kept, **params)
    return ScannerFault(code, device=device, pages_kept=pages_kept, **params)


def with_pages(err: DomainError, pages_kept: int) -> DomainError:
    """The same error, now saying how many pages the session holds."""
    params = {**err.params, "pages_kept": pages_kept}
    new = type(err)(err.code, field=err.field, **params)
    return new
