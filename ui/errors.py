"""Errors a person can act on: every core error as its Vietnamese sentence, never a traceback.

:func:`message_for` turns any exception into words (a :class:`DomainError` through the one
catalogue, :func:`counter_app.i18n.error_message`; anything else into a generic sentence, the
details going to the redacted log). :func:`install_excepthook` does the same for errors nobody
caught, so Qt never prints a traceback at the user.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from types import TracebackType

from counter_app.domain.errors import DomainError
from counter_app.i18n import _, error_message

log = logging.getLogger(__name__)


def message_for(exc: BaseException) -> str:
    if isinstance(exc, DomainError):
        return error_message(exc)
    log.error("unexpected error in the window", exc_info=(type(exc), exc, exc.__traceback__))
    return _(
        "Something went wrong and the action was not completed. Nothing you typed was lost; "
        "try again, and if it happens again, contact technical support."
    )


def field_of(exc: BaseException) -> str | None:
    """The form field an error is about (``err.field``), if any."""
    return exc.field if isinstance(exc, DomainError) else None


Shower = Callable[[str], None]


def install_excepthook(show: Shower) -> None:
    """Log any uncaught exception and show its Vietnamese message instead of a traceback."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        if issubclass(kind, KeyboardInterrupt):
            sys.__excepthook__(kind, exc, tb)
            return
        try:
            show(message_for(exc.with_traceback(tb)))
        except Exception:  # the display itself failed: the log still has it
            log.exception("could not show an error")

    sys.excepthook = hook
