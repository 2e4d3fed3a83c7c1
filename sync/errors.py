"""The engine's typed errors (codes in ``counter_app/domain/error_codes.py``).

A refusal (:data:`REFUSALS`) means sync cannot go on until someone changes something (the clock,
the registration, the server address); the CLI exits 3 for them. Trouble on the link
(:class:`CentralUnreachable`, :class:`CentralUnavailable`) is retried on its own.
"""

from __future__ import annotations

from typing import Any

from counter_app.domain.errors import ConflictError, EnvironmentProblem, ValidationError
from sync.protocol import Problem

#: Codes that stop sync until a person acts (exit 3 in the CLI; state REFUSED in the window).
REFUSALS = frozenset(
    {
        "store_not_real",
        "sync_not_registered",
        "central_clock_skew",
        "central_agency_mismatch",
        "central_device_unknown",
        "device_secret_missing",
        "central_chain_diverged",
    }
)


class CentralUnreachable(EnvironmentProblem):
    """No answer (connection refused or reset, timeout, DNS): retried with backoff."""

    code = "central_unreachable"
    retryable = True


class CentralUnavailable(EnvironmentProblem):
    """5xx or 429: retried, after ``retry_after`` seconds when the centre said so."""

    code = "central_unavailable"
    retryable = True

    def __init__(self, *, retry_after: float | None = None, **params: Any) -> None:
        super().__init__(**params)
        self.retry_after = retry_after


class CentralReplyInvalid(EnvironmentProblem):
    """A reply that does not match the contract (outside input: never trusted)."""

    code = "central_reply_invalid"
    retryable = True


class CentralReferenceInvalid(CentralReplyInvalid):
    """A reference data page with an item the app cannot use: nothing of the page is applied."""

    code = "central_reference_invalid"


class CentralRejected(ConflictError):
    """A 4xx Problem the engine has no better name for; ``problem`` is the centre's answer."""

    code = "central_refused"

    def __init__(self, problem: Problem, **params: Any) -> None:
        super().__init__(server_code=problem.code, status=problem.status, **params)
        self.problem = problem


class SignInRefused(ValidationError):
    code = "central_sign_in_refused"


class DeviceUnknown(ConflictError):
    code = "central_device_unknown"


class ClockSkew(ConflictError):
    code = "central_clock_skew"


class AgencyMismatch(ConflictError):
    code = "central_agency_mismatch"


class ChainDiverged(ConflictError):
    """The centre refused the push: this store's audit chain is not the one it acknowledged."""

    code = "central_chain_diverged"
