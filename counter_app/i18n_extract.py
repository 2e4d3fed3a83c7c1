"""A Babel extraction method for ``counter_app/messages.py``.

The error templates there are msgids too, but they are dictionary values rather than ``_()``
calls, so Babel's Python extractor cannot see them. This method yields every string value of the
module-level dictionaries named in the ``dicts`` option (default ``MESSAGES FIELD_LABELS``), with
the dictionary key (the error code or field name) as the extracted comment, and then whatever the
ordinary Python extractor finds (``_``, ``N_``, ``ngettext``…) in the same file.

Registered in ``pyproject.toml`` under ``[tool.babel.extractors]``; only ``pybabel extract`` runs
it. Standard library only, so it can live in the package that ``pybabel`` imports it from.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Iterator
from typing import IO, Any

DEFAULT_DICTS = ("MESSAGES", "FIELD_LABELS")

Extracted = tuple[int, str | None, str | tuple[str, ...], list[str]]
"""``(line, function name, message or (singular, plural), comments)``, as Babel expects."""


def _string(node: ast.expr) -> str | None:
    """A literal string, or the literal argument of ``N_("…")``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Call) and node.args and getattr(node.func, "id", None) == "N_":
        return _string(node.args[0])
    return None


def _key_comment(node: ast.expr | None) -> str:
    if node is None:
        return ""
    literal = _string(node)
    return literal if literal is not None else ast.unparse(node)


def dict_values(source: str, names: Collection[str]) -> Iterator[Extracted]:
    """``(line, None, value, [key])`` for each string value of the named module-level dicts."""
    for statement in ast.parse(source).body:
        if isinstance(statement, ast.Assign):
            targets, value = statement.targets, statement.value
        elif isinstance(statement, ast.AnnAssign) and statement.value is not None:
            targets, value = [statement.target], statement.value
        else:
            continue
        named = any(isinstance(t, ast.Name) and t.id in names for t in targets)
        if not named or not isinstance(value, ast.Dict):
            continue
        for key, item in zip(value.keys, value.values, strict=True):
            text = _string(item)
            if text is not None:
                yield item.lineno, None, text, [_key_comment(key)]


def extract_messages(
    fileobj: IO[bytes],
    keywords: Any,  # Babel passes the keyword names (a keys view) and its own specs type
    comment_tags: Collection[str],
    options: Any,  # Babel's option mapping, handed on to its Python extractor unchanged
) -> Iterator[tuple[Any, ...]]:
    """The Babel extraction-method interface (see ``babel.messages.extract``)."""
    from babel.messages.extract import extract_python  # only present where pybabel runs

    source = fileobj.read()
    names = str(options.get("dicts", " ".join(DEFAULT_DICTS))).split()
    yield from dict_values(source.decode(str(options.get("encoding", "utf-8"))), names)
    fileobj.seek(0)
    yield from extract_python(fileobj, keywords, comment_tags, options)
