"""The checks `make test` runs cover every room: mypy strict over the five packages and the tests,
with no module let off."""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
ROOMS = ("counter_app", "ui", "sync", "scanning", "printing")


def _pyproject() -> dict[str, Any]:
    with (ROOT / "pyproject.toml").open("rb") as fileobj:
        return tomllib.load(fileobj)


def test_mypy_is_strict_over_every_room_and_the_tests() -> None:
    mypy = _pyproject()["tool"]["mypy"]
    assert mypy["strict"] is True
    assert set(mypy["files"]) >= {*ROOMS, "tests"}
    for override in mypy.get("overrides", []):
        assert not override.get("ignore_errors"), override
        assert override.get("ignore_missing_imports") is not True, override
        assert "disable_error_code" not in override, override


def test_every_room_is_a_package_the_wheel_ships() -> None:
    include = _pyproject()["tool"]["setuptools"]["packages"]["find"]["include"]
    for room in ROOMS:
        assert (ROOT / room / "__init__.py").is_file()
        assert room in include and f"{room}.*" in include
