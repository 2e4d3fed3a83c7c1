"""Translations: a small gettext-style ``.po`` reader and the ``_`` function.

Source strings (UI, CLI, message templates) are English. ``resources/i18n/<lang>.po`` holds a
catalogue per language; English needs none. The ``.po`` file is read directly (no compiled
``.mo``, no external dependency). Supported syntax: ``msgctxt``/``msgid``/``msgstr`` (plus
``msgid_plural``/``msgstr[n]``, of which ``msgstr[0]`` is used), multi-line strings, C escapes,
comments; entries flagged ``#, fuzzy`` and obsolete ``#~`` entries are ignored, as gettext does.
"""

from __future__ import annotations

import logging
import re
import string
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.messages import FIELD_LABELS, MESSAGES, PARAM_ALTERNATIVES, TRANSLATED_PARAMS
from counter_app.resources import resource_path

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
SOURCE_LANGUAGE = "en"

Catalog = dict[tuple[str | None, str], str]
"""``(msgctxt or None, msgid) -> msgstr``."""

MISSING_VALUE = "…"
"""Shown in place of a template parameter the error did not carry."""


class PoSyntaxError(ValueError):
    """The ``.po`` text is malformed; the message names the line."""


@dataclass(frozen=True, slots=True)
class PoEntry:
    msgid: str
    msgstr: str
    msgctxt: str | None = None
    fuzzy: bool = False
    line: int = 0


# --------------------------------------------------------------------------- .po parsing

_KEYWORD_RE = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*)$')
_ESCAPE_RE = re.compile(r"\\(?:([0-7]{1,3})|x([0-9A-Fa-f]{1,2})|(.))")
_SIMPLE_ESCAPES = {
    "n": "\n",
    "t": "\t",
    "r": "\r",
    '"': '"',
    "\\": "\\",
    "'": "'",
    "?": "?",
    "a": "\a",
    "b": "\b",
    "f": "\f",
    "v": "\v",
}


def _unescape_match(match: re.Match[str]) -> str:
    octal, hexa, char = match.groups()
    if octal is not None:
        return chr(int(octal, 8))
    if hexa is not None:
        return chr(int(hexa, 16))
    if char not in _SIMPLE_ESCAPES:
        raise ValueError(f"unknown escape \\{char}")
    return _SIMPLE_ESCAPES[char]


def unquote(token: str, line: int = 0) -> str:
    """Decode one quoted ``.po`` string token such as ``"a \\"b\\"\\n"``."""
    token = token.strip()
    if len(token) < 2 or not (token.startswith('"') and token.endswith('"')):
        raise PoSyntaxError(f"line {line}: expected a quoted string, got {token!r}")
    body = token[1:-1]
    if re.search(r'(?<!\\)(?:\\\\)*"', body) or re.search(r"(?<!\\)(?:\\\\)*\\$", body):
        raise PoSyntaxError(f"line {line}: unescaped quote or backslash in {token!r}")
    try:
        return _ESCAPE_RE.sub(_unescape_match, body)
    except ValueError as exc:
        raise PoSyntaxError(f"line {line}: {exc}") from None


class _EntryBuilder:
    """Collects the parts of one entry while the parser walks its lines."""

    def __init__(self) -> None:
        self.parts: dict[str, list[str]] = {}
        self.last: str | None = None
        self.fuzzy = False
        self.line = 0

    def has(self, keyword: str) -> bool:
        return keyword in self.parts

    def has_msgstr(self) -> bool:
        return any(k.startswith("msgstr") for k in self.parts)

    def add(self, keyword: str, text: str, line: int) -> None:
        if keyword in self.parts:
            raise PoSyntaxError(f"line {line}: duplicate {keyword} in one entry")
        if not self.parts:
            self.line = line
        self.parts[keyword] = [text]
        self.last = keyword

    def extend(self, text: str, line: int) -> None:
        if self.last is None:
            raise PoSyntaxError(f"line {line}: string continuation outside an entry")
        self.parts[self.last].append(text)

    def build(self) -> PoEntry:
        joined = {k: "".join(v) for k, v in self.parts.items()}
        if "msgid" not in joined:
            raise PoSyntaxError(f"line {self.line}: entry without msgid")
        msgstr = joined.get("msgstr", joined.get("msgstr[0]"))
        if msgstr is None:
            raise PoSyntaxError(f"line {self.line}: msgid {joined['msgid']!r} has no msgstr")
        return PoEntry(joined["msgid"], msgstr, joined.get("msgctxt"), self.fuzzy, self.line)


def _flush(builder: _EntryBuilder) -> Iterator[PoEntry]:
    if builder.parts:
        yield builder.build()


def parse_po(text: str) -> list[PoEntry]:
    """Every entry of a ``.po`` file, in order (the header entry included, duplicates kept)."""
    entries: list[PoEntry] = []
    builder = _EntryBuilder()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        starts_entry = line.startswith(("#", "msgctxt", "msgid ")) or not line
        if starts_entry and builder.has_msgstr():
            entries.extend(_flush(builder))
            builder = _EntryBuilder()
        if not line or line.startswith("#~"):
            continue
        if line.startswith("#"):
            builder.fuzzy = builder.fuzzy or (line.startswith("#,") and "fuzzy" in line)
            continue
        if line.startswith('"'):
            builder.extend(unquote(line, number), number)
            continue
        match = _KEYWORD_RE.match(line)
        if match is None:
            raise PoSyntaxError(f"line {number}: cannot parse {raw!r}")
        builder.add(match.group(1), unquote(match.group(3), number), number)
    entries.extend(_flush(builder))
    return entries


def catalog_from_entries(entries: list[PoEntry]) -> Catalog:
    """Usable translations only: no header, no fuzzy or empty ``msgstr``; the first one wins."""
    catalog: Catalog = {}
    for entry in entries:
        if entry.fuzzy or not entry.msgstr or (entry.msgid == "" and entry.msgctxt is None):
            continue
        catalog.setdefault((entry.msgctxt, entry.msgid), entry.msgstr)
    return catalog


def load_catalog(path: Path) -> Catalog:
    return catalog_from_entries(parse_po(path.read_text(encoding="utf-8")))


def catalog_path(lang: str) -> Path:
    return resource_path("i18n", f"{lang}.po")


# --------------------------------------------------------------------------- current language


class _State:
    language: str = DEFAULT_LANGUAGE
    catalog: Catalog | None = None  # None: not loaded yet


def normalise_language(lang: str) -> str:
    """``"vi-VN"``/``"vi_VN"``/``"VI"`` → ``"vi"``; raises ``ValueError`` if unsupported."""
    code = re.split(r"[-_.]", lang.strip().lower(), maxsplit=1)[0]
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    return code


def _read_catalog(lang: str) -> Catalog:
    if lang == SOURCE_LANGUAGE:
        return {}
    path = catalog_path(lang)
    try:
        return load_catalog(path)
    except (OSError, UnicodeDecodeError, PoSyntaxError) as exc:
        log.warning("Translation catalogue %s unusable, showing English: %s", path, exc)
        return {}


def set_language(lang: str = DEFAULT_LANGUAGE) -> None:
    """Switch the language used by ``_`` (re-reading its catalogue from disk)."""
    code = normalise_language(lang)
    catalog = _read_catalog(code)
    _State.language, _State.catalog = code, catalog


def get_language() -> str:
    return _State.language


def _catalog() -> Catalog:
    if _State.catalog is None:
        _State.catalog = _read_catalog(_State.language)
    return _State.catalog


def _(text: str) -> str:
    """The translation of ``text`` in the current language, or ``text`` itself."""
    return _catalog().get((None, text), text)


def pgettext(context: str, text: str) -> str:
    """Like ``_`` for an entry with ``msgctxt context``."""
    return _catalog().get((context, text), text)


def N_(text: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``text`` for the catalogue without translating it now (it is translated later)."""
    return text


# --------------------------------------------------------------------------- error messages

UNEXPECTED_ERROR = N_(
    "Unexpected error ({code}). Try again; if it happens again, contact technical support."
)
_FIELD_FALLBACK = N_("this field")


_ABSENT = "\ue000"  # stands in for a missing parameter while formatting
# A quoted or bracketed placeholder whose value is missing is dropped with its quotes/brackets;
# any other missing one is shown as MISSING_VALUE.
_ABSENT_GROUP_RE = re.compile(r"\s?(?:“\ue000”|\"\ue000\"|\(\ue000\))")


class _Params(dict[str, Any]):
    """Template values; a missing one becomes a marker instead of a KeyError."""

    def __missing__(self, key: str) -> str:
        return _(_FIELD_FALLBACK) if key == "field" else _ABSENT


def _plain(value: Any) -> Any:
    if isinstance(value, list | tuple | set | frozenset):
        items = sorted(value, key=str) if isinstance(value, set | frozenset) else value
        return ", ".join(str(v) for v in items)
    return value


def _display(name: str, value: Any, raw: Mapping[str, Any]) -> Any:
    if value is None:
        return _(_FIELD_FALLBACK) if name == "field" else _ABSENT
    if name == "field" and isinstance(value, str) and value in FIELD_LABELS:
        return _(FIELD_LABELS[value])
    if name in TRANSLATED_PARAMS and isinstance(value, str):
        # Such a value may itself hold placeholders ("a whole number from {minimum} to ...").
        return format_template(_(value), {k: _plain(v) for k, v in raw.items()}) or _(value)
    return _plain(value)


def _template_values(err: DomainError) -> _Params:
    raw: dict[str, Any] = dict(err.params)
    if raw.get("field") is None and err.field is not None:
        raw["field"] = err.field
    for name, alternatives in PARAM_ALTERNATIVES.items():
        if raw.get(name) is None:
            raw[name] = next((raw[a] for a in alternatives if raw.get(a) is not None), None)
    return _Params({name: _display(name, value, raw) for name, value in raw.items()})


def format_template(template: str, values: Mapping[str, Any]) -> str | None:
    """``template`` filled from ``values``; a missing value is dropped with the quotes or
    brackets around it, or shown as ``…``. ``None`` if the template itself is malformed."""
    params = values if isinstance(values, _Params) else _Params(values)
    try:
        text = string.Formatter().vformat(template, (), params)
    except (ValueError, IndexError, KeyError, AttributeError, TypeError):
        return None
    return _ABSENT_GROUP_RE.sub("", text).replace(_ABSENT, MISSING_VALUE)


def error_message(err: DomainError) -> str:
    """The user-facing sentence for ``err`` in the current language."""
    template = MESSAGES.get(err.code)
    if template is None:
        template, values = UNEXPECTED_ERROR, _Params(code=err.code)
    else:
        values = _template_values(err)
    translated = format_template(_(template), values)
    if translated is not None:
        return translated
    # A broken translation: fall back to the English template, then to the bare text.
    return format_template(template, values) or template
