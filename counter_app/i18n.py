"""Translations: the stdlib ``gettext`` over the compiled catalogue, and ``_``/``ngettext``.

Source strings (UI, CLI, message templates) are English; English needs no catalogue.
``resources/i18n/<lang>.po`` is the single source of each translation. Babel extracts the msgids
from the code and compiles the ``.po`` into ``resources/i18n/<lang>/LC_MESSAGES/counter_app.mo``
(``make i18n``; the wheel build compiles it too, see ``setup.py``); the ``.mo`` is never committed.
At run time only the standard library reads it. Vietnamese has one plural form
(``nplurals=1; plural=0;``), which ``ngettext`` takes from the catalogue's header.

A missing or unreadable compiled catalogue falls back to English with a logged warning, unless
``COUNTER_APP_I18N_STRICT`` is set (the test suite sets it): then it fails loudly.
"""

from __future__ import annotations

import gettext
import logging
import os
import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from counter_app.domain.errors import DomainError
from counter_app.messages import FIELD_LABELS, MESSAGES, PARAM_ALTERNATIVES, TRANSLATED_PARAMS
from counter_app.resources import resource_path

log = logging.getLogger(__name__)

SUPPORTED_LANGUAGES: tuple[str, ...] = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
SOURCE_LANGUAGE = "en"
DOMAIN = "counter_app"
"""The gettext domain: the compiled catalogue is ``<lang>/LC_MESSAGES/counter_app.mo``."""
STRICT_ENV = "COUNTER_APP_I18N_STRICT"

MISSING_VALUE = "…"
"""Shown in place of a template parameter the error did not carry."""


class CatalogueMissing(RuntimeError):
    """The compiled catalogue for a language is absent or unreadable (strict mode only)."""


def locale_dir() -> Path:
    return resource_path("i18n")


def catalog_path(lang: str) -> Path:
    """Where the compiled catalogue of ``lang`` is read from."""
    return locale_dir() / lang / "LC_MESSAGES" / f"{DOMAIN}.mo"


def load_translations(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of ``lang``; English (the source) needs none."""
    if lang == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    try:
        return gettext.translation(DOMAIN, localedir=locale_dir(), languages=[lang])
    except (OSError, ValueError) as exc:  # absent, unreadable, or not a valid .mo
        if os.environ.get(STRICT_ENV):
            raise CatalogueMissing(
                f"compiled catalogue {catalog_path(lang)} unusable ({exc}); run `make i18n`"
            ) from exc
        log.warning(
            "Translation catalogue %s unusable, showing English: %s", catalog_path(lang), exc
        )
        return gettext.NullTranslations()


# --------------------------------------------------------------------------- current language


class _State:
    language: str = DEFAULT_LANGUAGE
    translations: gettext.NullTranslations | None = None  # None: not loaded yet


def normalise_language(lang: str) -> str:
    """``"vi-VN"``/``"vi_VN"``/``"VI"`` → ``"vi"``; raises ``ValueError`` if unsupported."""
    code = re.split(r"[-_.]", lang.strip().lower(), maxsplit=1)[0]
    if code not in SUPPORTED_LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {SUPPORTED_LANGUAGES}")
    return code


def set_language(lang: str = DEFAULT_LANGUAGE) -> None:
    """Switch the language used by ``_`` and ``ngettext``."""
    code = normalise_language(lang)
    translations = load_translations(code)
    _State.language, _State.translations = code, translations


def get_language() -> str:
    return _State.language


def translations() -> gettext.NullTranslations:
    if _State.translations is None:
        _State.translations = load_translations(_State.language)
    return _State.translations


def _(text: str) -> str:
    """The translation of ``text`` in the current language, or ``text`` itself."""
    return translations().gettext(text)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` (Vietnamese has a single form)."""
    return translations().ngettext(singular, plural, n)


def pgettext(context: str, text: str) -> str:
    """Like ``_`` for an entry with ``msgctxt context``."""
    return translations().pgettext(context, text)


def N_(text: str) -> str:  # noqa: N802 - the gettext convention
    """Mark ``text`` for the catalogue without translating it now (it is translated later)."""
    return text


def N_plural(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - like N_
    """Mark a singular/plural pair for the catalogue; translate it later with ``ngettext``."""
    return singular, plural


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
