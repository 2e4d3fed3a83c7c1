"""Translations: Babel's catalogue (extract, completeness), gettext at run time, error messages."""

from __future__ import annotations

import argparse
import ast
import gettext
import inspect
import logging
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from counter_app import i18n
from counter_app.cli import parser as cli_parser
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.i18n import (
    MISSING_VALUE,
    STRICT_ENV,
    CatalogueMissing,
    _,
    error_message,
    get_language,
    ngettext,
    pgettext,
    set_language,
)
from counter_app.messages import FIELD_LABELS, MESSAGES
from counter_app.resources import ENV_VAR, resource_path
from counter_app.settings import SettingsError

ROOT = Path(__file__).resolve().parents[2]
# Every package shares the one catalogue; counter_app is the core, the others its outer rooms.
PACKAGES = ("counter_app", "ui", "scanning", "sync", "printing")
VI_PO = ROOT / "resources" / "i18n" / "vi.po"
MARKERS = {"_", "N_"}

Key = tuple[str | None, str]


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    set_language("vi")


MessageText = str | tuple[str, ...] | list[str]
"""A Babel message's ``id`` or ``string``: one text, or the singular and plural forms."""


def _msgid(message_id: MessageText) -> str:
    return message_id if isinstance(message_id, str) else message_id[0]


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Catalog:
    """The catalogue template, extracted from the code by Babel exactly as ``make i18n`` does."""
    pot = tmp_path_factory.mktemp("i18n") / "messages.pot"
    extract = ("-m", "babel.messages.frontend", "-q", "extract", "-F", "pyproject.toml")
    subprocess.run(
        [sys.executable, *extract, "-o", str(pot), "."],
        cwd=ROOT,
        check=True,
        timeout=120,
    )
    with pot.open("rb") as fileobj:
        return read_po(fileobj)


@pytest.fixture(scope="module")
def vi_po() -> Catalog:
    with VI_PO.open("rb") as fileobj:
        return read_po(fileobj, locale="vi")


def _keys(catalog: Catalog) -> set[Key]:
    return {(m.context, _msgid(m.id)) for m in catalog if m.id}


# --------------------------------------------------------------------------- runtime


def test_vietnamese_is_the_default_and_english_the_source() -> None:
    set_language("vi")
    assert get_language() == "vi"
    assert _("this field") == "trường này"
    set_language("en")
    assert _("this field") == "this field"
    set_language("vi-VN")
    assert get_language() == "vi"


def test_unknown_text_falls_back_to_source() -> None:
    assert _("A string nobody translated") == "A string nobody translated"
    assert pgettext("nowhere", "this field") == "this field"


def test_unsupported_language() -> None:
    with pytest.raises(ValueError, match="fr"):
        set_language("fr")


def _compile(po_text: str, target: Path) -> None:
    """Compile ``po_text`` into ``target`` with Babel, as the build and ``make i18n`` do."""
    from io import BytesIO

    catalog = read_po(BytesIO(po_text.encode("utf-8")), locale="vi")
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fileobj:
        write_mo(fileobj, catalog)


def test_missing_catalogue_falls_back_to_english_with_a_warning(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    monkeypatch.delenv(STRICT_ENV, raising=False)
    mo = tmp_path / "i18n" / "vi" / "LC_MESSAGES" / "counter_app.mo"
    assert i18n.catalog_path("vi") == mo
    with caplog.at_level(logging.WARNING, logger="counter_app.i18n"):
        set_language("vi")
    assert _("this field") == "this field"
    assert "showing English" in caplog.text and str(mo) in caplog.text
    _compile('msgid "this field"\nmsgstr "ô này"\n', mo)
    set_language("vi")
    assert _("this field") == "ô này"


def test_missing_catalogue_fails_loudly_in_strict_mode(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    monkeypatch.setenv(STRICT_ENV, "1")
    with pytest.raises(CatalogueMissing, match="make i18n"):
        set_language("vi")
    broken = tmp_path / "i18n" / "vi" / "LC_MESSAGES" / "counter_app.mo"
    broken.parent.mkdir(parents=True)
    broken.write_bytes(b"not a catalogue")
    with pytest.raises(CatalogueMissing):
        set_language("vi")


def test_plurals_follow_the_vietnamese_rule() -> None:
    """One form whatever the count (``nplurals=1; plural=0;``); English keeps two."""
    set_language("vi")
    assert i18n.translations().info()["plural-forms"] == "nplurals=1; plural=0;"
    for n in (0, 1, 2, 5):
        assert ngettext("expected %s argument", "expected %s arguments", n) == "cần %s giá trị"
    set_language("en")
    assert ngettext("expected %s argument", "expected %s arguments", 1) == "expected %s argument"
    assert ngettext("expected %s argument", "expected %s arguments", 2) == "expected %s arguments"


def test_resource_path_default_and_frozen(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    assert resource_path("i18n", "vi.po") == VI_PO
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys._MEIPASS", str(tmp_path), raising=False)
    assert resource_path("x") == tmp_path / "resources" / "x"


# --------------------------------------------------------------------------- error messages


def test_error_message_formats_params_in_both_languages() -> None:
    err = DomainError("illegal_transition", from_status="returned", to_status="received")
    set_language("en")
    text = error_message(err)
    assert "“returned”" in text and "“received”" in text
    set_language("vi")
    text = error_message(err)
    assert "returned" in text and "received" in text and "hồ sơ" in text.lower()


def test_field_comes_from_the_error_and_is_labelled() -> None:
    set_language("en")
    assert "“full name”" in error_message(ValidationError("missing_field", field="full_name"))
    assert "“sổ_hộ_khẩu”" in error_message(ValidationError("missing_field", field="sổ_hộ_khẩu"))
    set_language("vi")
    assert "“họ và tên”" in error_message(ValidationError("missing_field", field="full_name"))


def test_missing_params_do_not_crash() -> None:
    set_language("en")
    text = error_message(DomainError("invalid_phone"))  # no value
    assert text.startswith("The phone number is not valid.")
    text = error_message(DomainError("store_too_new", found=3))  # no "supported"
    assert "schema 3" in text and MISSING_VALUE in text
    assert "{" not in error_message(ValidationError())  # invalid_input without a field
    assert "this field" in error_message(ValidationError())


def test_unknown_code_is_a_generic_message() -> None:
    set_language("en")
    assert error_message(DomainError("no_such_code")).startswith("Unexpected error (no_such_code)")
    set_language("vi")
    assert error_message(DomainError("no_such_code")).startswith(
        "Lỗi không mong muốn (no_such_code)"
    )


def test_settings_error_translates_expected_with_its_numbers() -> None:
    err = SettingsError(
        "settings_invalid_value",
        key="printing.receipt_copies",
        value=99,
        expected="a whole number from {minimum} to {maximum}",
        minimum=0,
        maximum=10,
    )
    set_language("en")
    assert "expected a whole number from 0 to 10" in error_message(err)
    set_language("vi")
    text = error_message(err)
    assert "printing.receipt_copies" in text and "từ 0 đến 10" in text


def test_calendar_file_error_accepts_value_for_detail() -> None:
    set_language("en")
    err = ValidationError("invalid_calendar_file", field="days_off", value="unknown_key")
    assert "at days_off: unknown_key." in error_message(err)


class _BrokenVietnamese(gettext.NullTranslations):
    def gettext(self, message: str) -> str:
        return "Số {value không hợp lệ" if message == MESSAGES["invalid_phone"] else message


def test_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(i18n._State, "translations", _BrokenVietnamese())
    assert error_message(DomainError("invalid_phone", value="12")).startswith("The phone number")


def test_lists_are_shown_plainly() -> None:
    set_language("en")
    err = DomainError("unknown_rule_set", rule_set="x", known=["nd118-2025", "nd61-2018"])
    assert "one of: nd118-2025, nd61-2018;" in error_message(err)


def test_every_message_says_what_to_do() -> None:
    """Two sentences at least: what is wrong, then what to do."""
    for code, template in MESSAGES.items():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", code)
        assert template.count(". ") + template.count("; ") >= 1, code
        assert template.endswith("."), code


# --------------------------------------------------------------------------- completeness


def _python_files() -> Iterator[Path]:
    for package in PACKAGES:
        yield from sorted((ROOT / package).rglob("*.py"))


def _call_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Name):
        return node.func.id
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    return None


def _literal(node: ast.expr) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _calls() -> Iterator[tuple[Path, ast.Call]]:
    for path in _python_files():
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                yield path, node


def test_extraction_finds_every_kind_of_msgid(template: Catalog) -> None:
    """Babel sees ``_``/``N_`` calls in every room, ``N_plural`` pairs, and the error templates
    and field labels of messages.py (dictionary values, with the code as a comment)."""
    found = _keys(template)
    assert (None, i18n.UNEXPECTED_ERROR) in found
    assert (None, "a whole number from {minimum} to {maximum}") in found  # from settings.py
    assert (None, "New intake") in found  # ui
    assert {(None, t) for t in [*MESSAGES.values(), *FIELD_LABELS.values()]} <= found
    phone = template[MESSAGES["invalid_phone"]]
    assert phone is not None and "invalid_phone" in phone.auto_comments
    plural = template["expected %s argument"]
    assert plural is not None and plural.id == ("expected %s argument", "expected %s arguments")


def test_no_fstrings_are_marked() -> None:
    """``_(f"…")`` can never be found in the catalogue."""
    bad = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, call in _calls()
        if _call_name(call) in MARKERS and call.args and isinstance(call.args[0], ast.JoinedStr)
    ]
    assert not bad


def test_vi_po_has_every_msgid_of_the_code(template: Catalog, vi_po: Catalog) -> None:
    missing = sorted(_keys(template) - _keys(vi_po), key=str)
    assert not missing, "msgids missing from vi.po (add them, then `make i18n`):\n" + "\n".join(
        map(repr, missing)
    )


def test_vi_po_has_no_untranslated_or_fuzzy_entry(vi_po: Catalog) -> None:
    untranslated = [m.id for m in vi_po if m.id and not all(s.strip() for s in _strings(m.string))]
    assert not untranslated, f"untranslated in vi.po: {untranslated}"
    assert not [m.id for m in vi_po if m.id and m.fuzzy], "fuzzy entries in vi.po"
    assert not vi_po.fuzzy, "the vi.po header is marked fuzzy"


def _strings(value: MessageText | None) -> tuple[str, ...]:
    if value is None:
        return ("",)
    return (value,) if isinstance(value, str) else tuple(value)


def test_vi_po_keeps_placeholders(vi_po: Catalog) -> None:
    """``{name}`` placeholders match by hand; ``%``-style ones by Babel's own checkers."""
    for message in vi_po:
        if not message.id:
            continue
        source = sorted(re.findall(r"\{[^{}]*\}", _msgid(message.id)))
        for text in _strings(message.string):
            assert sorted(re.findall(r"\{[^{}]*\}", text)) == source, message.id
    problems = [(m.id, [str(e) for e in errors]) for m, errors in vi_po.check()]
    assert not problems


def test_vi_po_header_has_the_vietnamese_plural_rule(vi_po: Catalog) -> None:
    assert vi_po.plural_forms == "nplurals=1; plural=0;"
    assert vi_po.num_plurals == 1


def test_vi_po_has_no_duplicates_and_is_nfc(vi_po: Catalog) -> None:
    """Babel keeps the last of two equal entries silently: count the live ``msgid`` lines."""
    text = VI_PO.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    live = re.findall(r"^(?:msgctxt .*\n)?msgid .*$", text, re.MULTILINE)
    twice = sorted({entry for entry in live if live.count(entry) > 1})
    assert not twice, (
        "entries twice in vi.po (keep the right one, then `make i18n`):\n" + "\n".join(twice)
    )
    assert len(live) == len(list(vi_po)), "an entry appears twice in vi.po"


def test_compiled_catalogue_matches_vi_po(vi_po: Catalog) -> None:
    """The ``.mo`` read at run time is the compilation of today's vi.po (else: ``make i18n``)."""
    set_language("vi")
    translations = i18n.translations()
    for message in vi_po:
        if not message.id or message.fuzzy:
            continue
        expected = _strings(message.string)[0]
        if not isinstance(message.id, str):
            singular, plural = message.id
            assert translations.ngettext(singular, plural, 2) == expected
        elif message.context is not None:
            assert translations.pgettext(message.context, message.id) == expected
        else:
            assert translations.gettext(message.id) == expected, message.id


def test_source_strings_are_nfc(template: Catalog) -> None:
    for _ctx, text in _keys(template):
        assert unicodedata.is_normalized("NFC", text), text


# --------------------------------------------------------------------------- argparse


def test_argparse_msgids_exist_in_the_installed_argparse() -> None:
    """The msgids we translate are argparse's own, as this Python spells them."""
    source = inspect.getsource(argparse)
    for msgid in cli_parser.ARGPARSE_MSGIDS:
        assert repr(msgid) in source or f'"{msgid}"' in source, msgid
    for singular, plural in cli_parser.ARGPARSE_PLURALS:
        assert repr(singular) in source and repr(plural) in source


def test_argparse_speaks_vietnamese_through_the_catalogue(
    capsys: pytest.CaptureFixture[str],
) -> None:
    set_language("vi")
    parser = cli_parser.build_parser()
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args(["calendar", "due"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "Lỗi: thiếu các tham số bắt buộc sau: --received" in err
    assert "the following" not in err
    assert parser.format_help().startswith("cách dùng: counter-app")


def test_every_raised_code_has_a_message() -> None:
    """Each error code raised in the packages has a template (else users see a generic text)."""
    missing = sorted(_raised_codes() - MESSAGES.keys())
    assert not missing, f"codes without a message in counter_app/messages.py: {missing}"


def _raised_codes() -> set[str]:
    error_classes = {"DomainError", "ValidationError"}
    trees = [ast.parse(p.read_text(encoding="utf-8")) for p in _python_files()]
    classes = [n for t in trees for n in ast.walk(t) if isinstance(n, ast.ClassDef)]
    for _round in range(5):  # subclasses of subclasses
        error_classes |= {c.name for c in classes if {_base(b) for b in c.bases} & error_classes}
    codes: set[str] = set()
    for tree in trees:
        constants = {
            t.id: v
            for n in tree.body
            if isinstance(n, ast.Assign) and (v := _literal(n.value))
            for t in n.targets
            if isinstance(t, ast.Name)
        }
        for node in ast.walk(tree):
            codes |= _codes_in(node, error_classes, constants)
    return {c for c in codes if re.fullmatch(r"[a-z][a-z0-9_]*", c)}


def _base(node: ast.expr) -> str:
    return node.id if isinstance(node, ast.Name) else getattr(node, "attr", "")


def _codes_in(node: ast.AST, error_classes: set[str], constants: dict[str, str]) -> set[str]:
    if isinstance(node, ast.ClassDef) and node.name in error_classes:
        return {
            v
            for s in node.body
            if isinstance(s, ast.Assign) and (v := _literal(s.value))
            if any(isinstance(t, ast.Name) and t.id == "code" for t in s.targets)
        }
    if isinstance(node, ast.Call) and _call_name(node) in error_classes and node.args:
        first = node.args[0]
        value = constants.get(first.id) if isinstance(first, ast.Name) else _literal(first)
        return {value} if value else set()
    return set()
