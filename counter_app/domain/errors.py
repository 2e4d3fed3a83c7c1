"""Typed errors. Services and rules raise codes, never sentences; the CLI and the UI translate.

The class says what kind of trouble it is, so callers choose behaviour by type, never by the text
of the code: wrong input (exit 2 in the CLI, a note next to the field in the UI), something not
found (also the user's input), a conflict with what is stored, a busy store (retry), a damaged store,
and trouble in the environment (disk full, read-only folder, permissions).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A rule said no.

    ``code`` is a stable snake_case identifier (e.g. ``"illegal_transition"``), ``field`` names the
    input at fault when there is one, ``params`` carries values for the message template.
    """

    code: str = "domain_error"
    #: True when the same call may succeed if simply tried again later.
    retryable: bool = False

    def __init__(
        self,
        code: str | None = None,
        /,
        *,
        field: str | None = None,
        **params: Any,
    ) -> None:
        self.code = str(code or type(self).code)
        self.field = field
        self.params: Mapping[str, Any] = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(
            f"{self.code}" + (f" [{field}]" if field else "") + (f" ({detail})" if detail else "")
        )


class ValidationError(DomainError):
    """Input that does not satisfy a rule (a missing field, a malformed value)."""

    code = "invalid_input"


class NotFoundError(DomainError):
    """What the user named does not exist (a dossier code, a procedure, a file)."""

    code = "not_found"


class ConflictError(DomainError):
    """The request contradicts what is stored (changed elsewhere, already done, illegal move)."""

    code = "conflict"


class BusyError(DomainError):
    """The store or a device is busy; the same call may succeed later."""

    code = "busy"
    retryable = True


class DamagedError(DomainError):
    """Stored data is damaged or not what it claims to be."""

    code = "damaged"


class EnvironmentProblem(DomainError):
    """The machine stands in the way: disk full, read-only folder, permission denied, bad path."""

    code = "environment"


class Cancelled(DomainError):
    """The user cancelled long work; nothing half-done was kept."""

    code = "cancelled"
