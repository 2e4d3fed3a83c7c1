"""A required component that is missing skips locally but fails under CI=true."""

from __future__ import annotations

import pytest

from tests import scanning_support, support


def test_missing_component_skips_locally_and_fails_in_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(scanning_support.CHECKS, "nothing", lambda: False)
    monkeypatch.setattr(support, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception, match="required component missing: nothing"):
        scanning_support.require_component("nothing")
    monkeypatch.setattr(support, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI=true"):
        scanning_support.require_component("nothing")
