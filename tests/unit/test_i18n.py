"""Translations: the .po reader, fallback, error messages, and catalogue completeness."""

from __future__ import annotations

import ast
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app import i18n
from counter_app.domain.errors import DomainError, ValidationError
from counter_app.i18n import (
    MISSING_VALUE,
    PoSyntaxError,
    _,
    catalog_from_entries,
    error_message,
    get_language,
    parse_po,
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


@pytest.fixture(autouse=True)
def _restore_language() -> Iterator[None]:
    yield
    set_language("vi")


# --------------------------------------------------------------------------- the .po reader

SAMPLE = r"""
# translator comment
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\n"

#: somewhere.py:1
msgid "Hello"
msgstr "Xin chào"

msgid ""
"multi "
"line"
msgstr ""
"nhiều "
"dòng"

msgid "Tab\there, quote \" and backslash \\ and\nnewline"
msgstr "Tab\tđây, ngoặc \" và gạch \\ và\nxuống dòng"

msgctxt "button"
msgid "Open"
msgstr "Mở"

msgid "Open"
msgstr "Mở ra"

#, fuzzy
msgid "Fuzzy"
msgstr "Chưa chắc"

msgid "Untranslated"
msgstr ""

msgid "One file"
msgid_plural "{n} files"
msgstr[0] "{n} tệp"

#~ msgid "Obsolete"
#~ msgstr "Cũ"
"""


def test_parse_sample() -> None:
    entries = parse_po(SAMPLE)
    catalog = catalog_from_entries(entries)
    assert catalog[(None, "Hello")] == "Xin chào"
    assert catalog[(None, "multi line")] == "nhiều dòng"
    assert catalog[(None, 'Tab\there, quote " and backslash \\ and\nnewline')] == (
        'Tab\tđây, ngoặc " và gạch \\ và\nxuống dòng'
    )
    assert catalog[("button", "Open")] == "Mở"
    assert catalog[(None, "Open")] == "Mở ra"
    assert catalog[(None, "One file")] == "{n} tệp"
    for missing in ("Fuzzy", "Untranslated", "Obsolete", ""):
        assert (None, missing) not in catalog
    header = entries[0]
    assert header.msgid == "" and "charset=UTF-8" in header.msgstr
    assert next(e for e in entries if e.msgid == "Fuzzy").fuzzy


def test_octal_and_hex_escapes() -> None:
    (entry,) = parse_po('msgid "a\\101\\x42"\nmsgstr "ok"\n')
    assert entry.msgid == "aAB"


@pytest.mark.parametrize(
    "text",
    [
        'msgid "no msgstr"\n',
        'msgid "x"\nmsgstr "unterminated\n',
        'msgid "x"\nmsgstr "bad \\q escape"\n',
        'msgid "x"\nmsgstr "inner " quote"\n',
        'msgid "x"\nmsgstr "ends in \\"\n',
        '"continuation without entry"\n',
        'msgid "x"\nmsgstr "y"\ngarbage\n',
        'msgid "x"\nmsgid "y"\nmsgstr "z"\n',
    ],
)
def test_malformed_po_is_rejected_with_a_line(text: str) -> None:
    with pytest.raises(PoSyntaxError, match="line"):
        parse_po(text)


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


def test_missing_catalogue_falls_back_to_english(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path))
    assert resource_path("i18n", "vi.po") == tmp_path / "i18n" / "vi.po"
    set_language("vi")
    assert _("this field") == "this field"
    (tmp_path / "i18n").mkdir()
    (tmp_path / "i18n" / "vi.po").write_text('msgid "this field"\nmsgstr "ô này"\n', "utf-8")
    set_language("vi")
    assert _("this field") == "ô này"


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


def test_broken_translation_falls_back_to_english(monkeypatch: pytest.MonkeyPatch) -> None:
    set_language("vi")
    template = MESSAGES["invalid_phone"]
    monkeypatch.setitem(i18n._catalog(), (None, template), "Số {value không hợp lệ")
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


def marked_strings() -> set[tuple[str | None, str]]:
    """Every ``_("…")``, ``N_("…")`` and ``pgettext("ctx", "…")`` literal in the packages."""
    found: set[tuple[str | None, str]] = set()
    for _path, call in _calls():
        name = _call_name(call)
        args = [_literal(a) for a in call.args]
        if name in MARKERS and args and args[0] is not None:
            found.add((None, args[0]))
        elif name == "pgettext" and len(args) >= 2 and None not in args[:2]:
            found.add((args[0], str(args[1])))
    return found


def catalogue_strings() -> set[tuple[str | None, str]]:
    texts = {*MESSAGES.values(), *FIELD_LABELS.values()}
    return {(None, t) for t in texts} | marked_strings()


def test_scanner_finds_known_strings() -> None:
    found = marked_strings()
    assert (None, i18n.UNEXPECTED_ERROR) in found
    assert (None, "a whole number from {minimum} to {maximum}") in found  # from settings.py


def test_no_fstrings_are_marked() -> None:
    """``_(f"…")`` can never be found in the catalogue."""
    bad = [
        f"{path.relative_to(ROOT)}:{call.lineno}"
        for path, call in _calls()
        if _call_name(call) in MARKERS and call.args and isinstance(call.args[0], ast.JoinedStr)
    ]
    assert not bad


def test_vi_po_translates_everything() -> None:
    catalog = catalog_from_entries(parse_po(VI_PO.read_text(encoding="utf-8")))
    missing = sorted(t for t in catalogue_strings() if not catalog.get(t, "").strip())
    assert not missing, "untranslated in vi.po:\n" + "\n".join(map(repr, missing))


def test_vi_po_keeps_placeholders() -> None:
    catalog = catalog_from_entries(parse_po(VI_PO.read_text(encoding="utf-8")))
    for (_ctx, msgid), msgstr in catalog.items():
        source = sorted(re.findall(r"\{[^{}]*\}", msgid))
        assert sorted(re.findall(r"\{[^{}]*\}", msgstr)) == source, msgid


def test_vi_po_has_no_duplicates_and_is_nfc() -> None:
    text = VI_PO.read_text(encoding="utf-8")
    assert unicodedata.is_normalized("NFC", text)
    entries = parse_po(text)
    counts = Counter((e.msgctxt, e.msgid) for e in entries)
    assert not [key for key, n in counts.items() if n > 1]
    assert not [e.msgid for e in entries if e.fuzzy]


def test_source_strings_are_nfc() -> None:
    for _ctx, text in catalogue_strings():
        assert unicodedata.is_normalized("NFC", text), text


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
