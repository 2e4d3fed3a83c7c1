"""Finding dossiers the way the counter does: code (typed, or inside a scanned receipt QR / URL),
citizen ID (typed, or the ID card's QR), phone, or the applicant's name typed without diacritics."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from counter_app.domain.codes import find_code
from counter_app.domain.dossier import DossierSummary, normalise_phone
from counter_app.domain.errors import ValidationError
from counter_app.domain.text import digits_only, nfc
from counter_app.store.unit_of_work import Store

_CARD_QR = re.compile(r"^(\d{12})\|")
_ID_NUMBER = re.compile(r"^(\d{12}|\d{9})$")
_PHONE = re.compile(r"^(\+?84|0)[\d .\-]{8,13}$")
_TAX_CODE = re.compile(r"^\d{10}(-\d{3})?$")


class QueryKind(StrEnum):
    CODE = "code"
    ID_NUMBER = "id_number"  # citizen ID, old ID, or an organisation's tax code
    PHONE = "phone"
    PHONE_OR_TAX_CODE = "phone_or_tax_code"  # 10 digits from 0: both shapes are possible
    NAME = "name"


@dataclass(frozen=True)
class ParsedQuery:
    kind: QueryKind
    value: str


def parse_query(raw: str) -> ParsedQuery:
    text = nfc(raw)
    if not text:
        raise ValidationError("missing_field", field="query")
    code = find_code(text)
    if code:
        return ParsedQuery(QueryKind.CODE, code)
    card = _CARD_QR.match(text)
    if card:
        return ParsedQuery(QueryKind.ID_NUMBER, card.group(1))
    if _ID_NUMBER.match(text):
        return ParsedQuery(QueryKind.ID_NUMBER, text)
    if _TAX_CODE.match(text):
        ambiguous = len(text) == 10 and text.startswith("0")
        return ParsedQuery(QueryKind.PHONE_OR_TAX_CODE if ambiguous else QueryKind.ID_NUMBER, text)
    if _PHONE.match(text):
        return ParsedQuery(QueryKind.PHONE, normalise_phone(text))
    if digits_only(text) == text.replace(" ", ""):
        raise ValidationError("unrecognised_number", field="query")
    return ParsedQuery(QueryKind.NAME, text)


def find(store: Store, raw_query: str, limit: int = 50) -> list[DossierSummary]:
    query = parse_query(raw_query)
    with store.read() as tx:
        repo = tx.dossiers
        if query.kind is QueryKind.CODE:
            return repo.summaries_by_code(query.value)
        if query.kind is QueryKind.ID_NUMBER:
            return repo.summaries_by_id_number(query.value, limit)
        if query.kind is QueryKind.PHONE:
            return repo.summaries_by_phone(query.value, limit)
        if query.kind is QueryKind.PHONE_OR_TAX_CODE:
            found = repo.summaries_by_phone(query.value, limit)
            return found + repo.summaries_by_id_number(query.value, limit - len(found))
        return repo.summaries_by_name_prefix(query.value, limit)
