"""Errors reach the person as Vietnamese sentences, never as tracebacks or raw codes."""

from __future__ import annotations

import logging
import sys

import pytest

from counter_app.domain.errors import BusyError, NotFoundError, ValidationError
from ui.errors import field_of, install_excepthook, message_for


def test_domain_errors_in_vietnamese() -> None:
    err = ValidationError("missing_field", field="reason")
    assert field_of(err) == "reason"
    text = message_for(err)
    assert "lý do" in text.lower() and "missing_field" not in text
    busy = message_for(BusyError("store_busy"))
    assert "store_busy" not in busy
    assert "AB-1" in message_for(NotFoundError("dossier_not_found", query="AB-1"))


def test_unexpected_error_is_logged_and_shown_without_traceback(
    caplog: pytest.LogCaptureFixture,
) -> None:
    shown: list[str] = []
    previous = sys.excepthook
    install_excepthook(shown.append)
    try:
        try:
            raise ZeroDivisionError("boom")
        except ZeroDivisionError as exc:
            with caplog.at_level(logging.ERROR):
                sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert len(shown) == 1
    assert "Traceback" not in shown[0] and "ZeroDivisionError" not in shown[0]
    assert "hỗ trợ kỹ thuật" in shown[0]
    assert any(r.exc_info for r in caplog.records)  # the details went to the log
