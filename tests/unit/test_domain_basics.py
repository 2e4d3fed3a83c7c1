"""Codes, status machine, search keys, ids and the JSON codec."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from counter_app.domain.codec import decode, to_jsonable
from counter_app.domain.codes import (
    ClockJumpUnconfirmed,
    ClockWentBackwards,
    DailySequenceExhausted,
    DossierCode,
    IssuerState,
    SequenceBlock,
    issue_code,
)
from counter_app.domain.dossier import Dossier, Party, StatusChange
from counter_app.domain.enums import ApplicantKind, Channel, DossierStatus
from counter_app.domain.errors import ValidationError
from counter_app.domain.ids import uuid7
from counter_app.domain.rules import DEFAULT_RULE_SET, get_rule_set
from counter_app.domain.status import TRANSITIONS, IllegalTransition, check_transition
from counter_app.domain.text import nfc, search_key
from counter_app.domain.vntime import VN_TZ

AGENCY = "000.00.06.H56"


def test_code_format_matches_the_real_receipt() -> None:
    code = DossierCode(AGENCY, date(2023, 10, 27), 361)
    assert str(code) == "000.00.06.H56-231027-0361"
    assert DossierCode.parse("000.00.06.h56-231027-0361 ") == code


@pytest.mark.parametrize(
    "bad", ["", "000.00.06.H56-231327-0001", "H56-231027-0001", "000.00.06.H56-231027-01"]
)
def test_bad_codes(bad: str) -> None:
    with pytest.raises(ValidationError):
        DossierCode.parse(bad)


def test_slots_are_disjoint_and_never_reach_into_the_reserved_range() -> None:
    blocks = [SequenceBlock.for_slot(k) for k in range(1, 10)]
    assert blocks[0] == SequenceBlock(1000, 1999) and blocks[8] == SequenceBlock(9000, 9999)
    assert not any(a.overlaps(b) for i, a in enumerate(blocks) for b in blocks[i + 1 :])
    assert all(b.first > get_rule_set(DEFAULT_RULE_SET).reserved_sequence_last for b in blocks)
    with pytest.raises(ValidationError) as reserved:
        SequenceBlock.for_slot(0)
    assert reserved.value.code == "device_slot_reserved"
    with pytest.raises(ValidationError):
        SequenceBlock.for_slot(10)
    # the reserved range is a setting of the rule set: a centre reserving 0001–1999 refuses slot 1
    with pytest.raises(ValidationError):
        SequenceBlock.for_slot(1, reserved_last=1999)
    assert SequenceBlock.for_slot(2, reserved_last=1999) == SequenceBlock(2000, 2999)


def test_a_clock_far_ahead_of_the_last_code_needs_confirmation() -> None:
    block = SequenceBlock(1000, 1999)
    t = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    _, state = issue_code(AGENCY, block, IssuerState(), t)
    later = t + timedelta(days=15)
    with pytest.raises(ClockJumpUnconfirmed):
        issue_code(AGENCY, block, state, later)
    code, _ = issue_code(AGENCY, block, state, later, confirm_clock=True)
    assert code.seq == 1000
    issue_code(AGENCY, block, state, t + timedelta(days=10))  # a Tết break needs no confirmation
    with pytest.raises(ClockWentBackwards):  # backwards is never confirmable
        issue_code(AGENCY, block, state, t - timedelta(minutes=1), confirm_clock=True)


def test_issue_code_sequence_clock_and_exhaustion() -> None:
    block = SequenceBlock(5, 6)
    t = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    c1, s1 = issue_code(AGENCY, block, IssuerState(), t)
    c2, s2 = issue_code(AGENCY, block, s1, t)
    assert (c1.seq, c2.seq) == (5, 6)
    with pytest.raises(DailySequenceExhausted):
        issue_code(AGENCY, block, s2, t)
    with pytest.raises(ClockWentBackwards):
        issue_code(AGENCY, block, s2, t.replace(hour=8))
    c3, _ = issue_code(AGENCY, block, s2, t.replace(day=3))
    assert str(c3).endswith("260303-0005")


def test_state_machine_terminal_states_and_errors() -> None:
    for status in (
        DossierStatus.REFUSED,
        DossierStatus.STOPPED,
        DossierStatus.RETURNED,
    ):
        assert not TRANSITIONS[status]
    # a withdrawal request (7) ends in a stop (8) or a refusal (3), TT 03/2025 Mẫu 05
    assert TRANSITIONS[DossierStatus.WITHDRAWN] == {DossierStatus.STOPPED, DossierStatus.REFUSED}
    check_transition(DossierStatus.RESOLVED, DossierStatus.RETURNED)
    with pytest.raises(IllegalTransition) as err:
        check_transition(DossierStatus.RETURNED, DossierStatus.PROCESSING)
    assert err.value.code == "illegal_transition" and err.value.params == {
        "from_status": 10,
        "to_status": 4,
    }
    assert set(TRANSITIONS) == set(DossierStatus)


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Nguyễn Văn Đức", "nguyen van duc"),
        ("ĐẶNG  THỊ   HƯƠNG", "dang thi huong"),
        ("Thủ tục đăng ký khai sinh", "thu tuc dang ky khai sinh"),
    ],
)
def test_search_key(text: str, key: str) -> None:
    assert search_key(text) == key


@given(st.text())
def test_search_key_is_idempotent_and_nfc_insensitive(text: str) -> None:
    import unicodedata

    assert search_key(search_key(text)) == search_key(text)
    assert search_key(unicodedata.normalize("NFD", text)) == search_key(
        unicodedata.normalize("NFC", text)
    )


def test_nfc_composes_decomposed_input() -> None:
    assert nfc("Nguye\u0302\u0303n") == "Nguyễn"


def test_uuid7_is_version_7_and_monotonic() -> None:
    ids = [uuid7() for _ in range(5000)]
    assert all(u.version == 7 and u.variant == uuid.RFC_4122 for u in ids)
    assert ids == sorted(ids, key=lambda u: u.int) and len(set(ids)) == len(ids)


def test_codec_round_trip() -> None:
    at = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
    dossier = Dossier(
        "id",
        "c",
        AGENCY,
        "1.001193",
        "Khai sinh",
        "Hộ tịch",
        Channel.POSTAL,
        Party(ApplicantKind.CITIZEN, "Lê Lan"),
        "canbo1",
        at,
        DossierStatus.RECEIVED,
        history=[StatusChange(at, None, DossierStatus.RECEIVED, "canbo1")],
    )
    data = to_jsonable(dossier)
    assert data["channel"] == 3 and data["received_at"] == "2026-03-02T09:00:00+07:00"
    assert decode(Dossier, data) == dossier
    assert decode(Dossier, {**data, "unknown_future_field": 1}) == dossier
