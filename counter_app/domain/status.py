"""The dossier state machine over the national status codes (TrangThaiHoSo 1–10)."""

from __future__ import annotations

from collections.abc import Mapping

from counter_app.domain.enums import DossierStatus as S
from counter_app.domain.errors import (
    ConflictError,
)

TRANSITIONS: Mapping[S, frozenset[S]] = {
    S.NEW: frozenset({S.RECEIVED, S.REFUSED, S.SUPPLEMENT_REQUESTED, S.WITHDRAWN}),
    # A received dossier may still be refused (returned as not eligible) within its processing
    # time (Bắc Giang 2022 Art. 16.4): 2 → 3 and 4 → 3.
    S.RECEIVED: frozenset(
        {
            S.PROCESSING,
            S.SUPPLEMENT_REQUESTED,
            S.FINANCIAL_OBLIGATION,
            S.WITHDRAWN,
            S.STOPPED,
            S.RESOLVED,
            S.REFUSED,
        }
    ),
    S.PROCESSING: frozenset(
        {
            S.SUPPLEMENT_REQUESTED,
            S.FINANCIAL_OBLIGATION,
            S.WITHDRAWN,
            S.STOPPED,
            S.RESOLVED,
            S.REFUSED,
        }
    ),
    # A supplement comes back (received again, same code, the clock restarted), or never does;
    # there is no way back to processing that skips the new receipt.
    S.SUPPLEMENT_REQUESTED: frozenset({S.RECEIVED, S.REFUSED, S.WITHDRAWN, S.STOPPED}),
    # A supplement may be requested while a financial obligation is open.
    S.FINANCIAL_OBLIGATION: frozenset(
        {S.PROCESSING, S.RESOLVED, S.WITHDRAWN, S.STOPPED, S.SUPPLEMENT_REQUESTED}
    ),
    S.RESOLVED: frozenset({S.RETURNED}),
    S.REFUSED: frozenset(),
    # The applicant asked to withdraw: the office stops processing (notice, TT 03/2025 Mẫu 05)
    # or refuses the dossier.
    S.WITHDRAWN: frozenset({S.STOPPED, S.REFUSED}),
    S.STOPPED: frozenset(),
    S.RETURNED: frozenset(),
}

#: Statuses a dossier may be created in by an intake decision at the counter.
INTAKE_STATUSES = frozenset({S.NEW, S.RECEIVED, S.SUPPLEMENT_REQUESTED, S.REFUSED})

TERMINAL = frozenset(s for s, nxt in TRANSITIONS.items() if not nxt)


class IllegalTransition(ConflictError):
    code = "illegal_transition"

    def __init__(self, from_status: S, to_status: S) -> None:
        super().__init__(from_status=int(from_status), to_status=int(to_status))
        self.from_status = from_status
        self.to_status = to_status


def check_transition(from_status: S, to_status: S) -> None:
    """Raise :class:`IllegalTransition` unless ``from_status → to_status`` is allowed."""
    if to_status not in TRANSITIONS[from_status]:
        raise IllegalTransition(from_status, to_status)


def is_open(status: S) -> bool:
    """Still in the office's hands (counts for deadlines and warnings)."""
    return status in {S.RECEIVED, S.PROCESSING, S.FINANCIAL_OBLIGATION}
