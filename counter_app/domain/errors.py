"""Typed errors. Services and rules raise codes, never sentences; the CLI and the UI translate."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class DomainError(Exception):
    """A rule said no.

    ``code`` is a stable snake_case identifier (e.g. ``"illegal_transition"``), ``field`` names the
    input at fault when there is one, ``params`` carries values for the message template.
    """

    code: str = "domain_error"

    def __init__(
        self,
        code: str | None = None,
        /,
        *,
        field: str | None = None,
        **params: Any,
    ) -> None:
        self.code = code or type(self).code
        self.field = field
        self.params: Mapping[str, Any] = params
        detail = ", ".join(f"{k}={v!r}" for k, v in params.items())
        super().__init__(
            f"{self.code}" + (f" [{field}]" if field else "") + (f" ({detail})" if detail else "")
        )


class ValidationError(DomainError):
    """Input that does not satisfy a rule (a missing field, a malformed value)."""

    code = "invalid_input"
