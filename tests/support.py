"""Helpers shared by the tests."""

from __future__ import annotations

import os

import pytest

IN_CI = os.environ.get("CI", "").lower() == "true"


def require(available: bool, component: str) -> None:
    """Skip when a required system component is missing, except under CI=true, where it fails."""
    if available:
        return
    message = f"required component missing: {component}"
    if IN_CI:
        pytest.fail(message + " (CI=true: a missing required component is a failure)")
    pytest.skip(message)
