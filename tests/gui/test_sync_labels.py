"""Every reason the reference centre gives for refusing a change has its Vietnamese words and
what to do (a new refusal code at the centre without them fails here)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from counter_app.i18n import set_language
from ui.sync_labels import DEFAULT_ADVICE, EVENTS, REFUSAL_REASONS, advice_for, reason_text

CENTRE = Path(__file__).resolve().parents[2] / "sync" / "central" / "commands.py"


def centre_refusal_codes() -> set[str]:
    return set(re.findall(r'Rejected\(\s*"([a-z_]+)"', CENTRE.read_text(encoding="utf-8")))


def test_every_refusal_of_the_centre_has_words_and_advice() -> None:
    codes = centre_refusal_codes()
    assert codes >= {"unknown_dossier", "malformed_command", "code_clash"}  # the scan works
    assert codes <= set(REFUSAL_REASONS), codes - set(REFUSAL_REASONS)


@pytest.mark.parametrize("code", sorted(REFUSAL_REASONS))
def test_refusal_words_are_vietnamese(code: str) -> None:
    set_language("vi")
    english, advice = REFUSAL_REASONS[code]
    assert reason_text(code) != english and code not in reason_text(code)
    assert advice_for(code) != advice
    assert advice_for(code) != DEFAULT_ADVICE


def test_an_unknown_code_still_reads_as_a_sentence() -> None:
    set_language("vi")
    assert reason_text("something_new") == "Trung tâm từ chối thay đổi (mã something_new)."
    assert "hỗ trợ kỹ thuật" in advice_for("something_new")
    assert reason_text("central_clock_skew") != "central_clock_skew"  # a core message


def test_outbox_events_have_words() -> None:
    assert all(name.startswith(("dossier.", "slip.")) for name in EVENTS)
