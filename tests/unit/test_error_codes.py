"""Typed error codes: every code raised is an ``ErrorCode`` with a message; exit status by type."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from counter_app.cli import exit_code
from counter_app.domain.codes import ClockWentBackwards, DailySequenceExhausted
from counter_app.domain.enums import DossierStatus
from counter_app.domain.error_codes import ErrorCode
from counter_app.domain.errors import (
    BusyError,
    Cancelled,
    ConflictError,
    DamagedError,
    DomainError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.domain.status import IllegalTransition
from counter_app.messages import MESSAGES
from counter_app.settings import SettingsError
from counter_app.store.repositories import ConcurrentModification
from counter_app.store.sqlite_errors import _ERRNO_CODES, _PLAIN

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("counter_app", "ui", "sync", "scanning", "printing")
BASES = {"DomainError", "ValidationError", "NotFoundError", "ConflictError", "BusyError"}
BASES |= {"DamagedError", "EnvironmentProblem", "Cancelled"}


def _trees() -> list[ast.Module]:
    files = [f for pkg in PACKAGES if (ROOT / pkg).is_dir() for f in (ROOT / pkg).rglob("*.py")]
    return [ast.parse(f.read_text(encoding="utf-8")) for f in sorted(files)]


def _error_classes(trees: list[ast.Module]) -> set[str]:
    names = set(BASES)
    classes = [n for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)]
    for _round in range(5):  # subclasses of subclasses
        names |= {c.name for c in classes if {_name(b) for b in c.bases} & names}
    return names


def _name(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def _code_of(node: ast.expr, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    if isinstance(node, ast.Attribute) and _name(node.value) == "ErrorCode":
        return ErrorCode[node.attr].value
    return None


def _raised_codes() -> set[str]:
    """Every code given to an error class (first argument, or a class's ``code = "…"``)."""
    trees = _trees()
    classes = _error_classes(trees)
    codes: set[str] = set()
    for tree in trees:
        constants = {
            t.id: n.value.value
            for n in tree.body
            if isinstance(n, ast.Assign) and isinstance(n.value, ast.Constant)
            if isinstance(n.value.value, str)
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and _name(node.func) in classes and node.args:
                code = _code_of(node.args[0], constants)
                codes |= {code} if code else set()
            elif isinstance(node, ast.ClassDef) and node.name in classes:
                for stmt in node.body:
                    if isinstance(stmt, ast.Assign) and any(
                        _name(t) == "code" for t in stmt.targets
                    ):
                        code = _code_of(stmt.value, constants)
                        codes |= {code} if code else set()
    return {c for c in codes if re.fullmatch(r"[a-z][a-z0-9_]*", c)}


def test_the_scanner_sees_raises() -> None:
    found = _raised_codes()
    assert {"store_path_is_folder", "illegal_transition", "settings_missing"} <= found
    assert {"concurrent_modification", "clock_went_backwards"} <= found  # class attributes


def test_every_raised_code_is_an_error_code() -> None:
    unknown = sorted(_raised_codes() - {c.value for c in ErrorCode})
    assert not unknown, f"raised but not in ErrorCode: {unknown}"


def test_every_error_code_has_a_message() -> None:
    missing = sorted(c.value for c in ErrorCode if c.value not in MESSAGES)
    assert not missing, f"ErrorCode members without a message: {missing}"


def test_every_class_default_code_is_an_error_code() -> None:
    classes = [DomainError, ValidationError, NotFoundError, ConflictError, BusyError]
    classes += [DamagedError, EnvironmentProblem, Cancelled, SettingsError]
    for cls in classes:
        assert cls.code in set(ErrorCode), cls


def test_a_member_is_its_string() -> None:
    err = NotFoundError(ErrorCode.DOSSIER_NOT_FOUND, query="x")
    assert err.code == "dossier_not_found" and isinstance(err.code, str)


@pytest.mark.parametrize(
    ("err", "status"),
    [
        (ValidationError("invalid_phone"), 2),
        (SettingsError("settings_missing"), 2),
        (NotFoundError("dossier_not_found"), 2),
        (NotFoundError("calendar_file_not_found"), 2),
        (ConflictError("illegal_transition"), 1),
        (BusyError("store_busy"), 1),
        (DamagedError("store_damaged"), 1),
        (EnvironmentProblem("store_disk_full"), 1),
        (Cancelled(), 130),
        # chosen by type: a wrong-input-looking code on a conflict still exits 1, and a code
        # that does not start with invalid_/missing_ on a ValidationError exits 2
        (ConflictError("invalid_looking_code"), 1),
        (ValidationError("unrecognised_number"), 2),
    ],
)
def test_exit_status_is_chosen_by_type(err: DomainError, status: int) -> None:
    assert exit_code(err) == status


def test_existing_raises_have_the_right_type() -> None:
    assert isinstance(ConcurrentModification(dossier_code="x"), ConflictError)
    received, returned = DossierStatus(2), DossierStatus(10)
    assert isinstance(IllegalTransition(received, returned), ConflictError)
    assert isinstance(ClockWentBackwards(), ConflictError)
    assert isinstance(DailySequenceExhausted(), ConflictError)
    assert isinstance(SettingsError(), ValidationError)


def _environment_codes() -> set[str]:
    codes = {name for kind, name in _PLAIN.values() if kind is EnvironmentProblem}
    return codes | set(_ERRNO_CODES.values()) | {"store_cannot_open", "data_dir_unusable"}


def test_table_driven_codes_are_error_codes() -> None:
    """SQLite and errno codes are raised through tables the scanner cannot follow."""
    table_codes = {name for _kind, name in _PLAIN.values()} | set(_ERRNO_CODES.values())
    assert table_codes <= {c.value for c in ErrorCode}


def test_environment_advice_never_says_restore() -> None:
    """Disk full, read-only, permissions, a folder: the data is intact; restoring a backup
    would lose every dossier since it, so the advice may only say not to."""
    for code in sorted(_environment_codes()):
        text = MESSAGES[code].lower()
        mentions = [m.start() for m in re.finditer("restor", text)]
        for at in mentions:
            assert text[max(0, at - 7) : at] == "do not ", (code, MESSAGES[code])
        assert "damaged" not in text, code
