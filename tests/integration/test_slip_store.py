"""Slips kept with the electronic dossier, supervised reprints, glyph coverage, the thermal
variant and the preview rendering."""

from __future__ import annotations

import difflib
import hashlib
import stat
from collections.abc import Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.composition import App, open_app, slip_printing
from counter_app.domain.dossier import Party
from counter_app.domain.dossier_life import Representation, TrackingEntry
from counter_app.domain.enums import ApplicantKind, DossierStatus
from counter_app.domain.errors import (
    ConflictError,
    DamagedError,
    EnvironmentProblem,
    NotFoundError,
    ValidationError,
)
from counter_app.domain.slip_kinds import DOSSIER_SLIPS, SlipKind, SlipSource, applies
from counter_app.ports import FixedClock
from counter_app.services import slips
from counter_app.store import schema as t
from counter_app.store.audit import verify_chain
from printing import fonts
from printing.preview import page_texts, render_pages
from printing.render import render_pdf
from printing.slip_data import build_view
from printing.views import ReceiptView, SlipView
from tests.slips_support import NOW, copy_store, dossier_for, make_demo


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    root = tmp_path_factory.mktemp("slip-store") / "data"
    return root, make_demo(root)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(NOW)


@pytest.fixture
def app(template: tuple[Path, str], tmp_path: Path, clock: FixedClock) -> Iterator[App]:
    application = open_app(copy_store(template[0], tmp_path / "data"), clock=clock)
    try:
        yield application
    finally:
        application.close()


def request(kind: SlipKind, code: str, **kw: object) -> slips.PrintRequest:
    return slips.PrintRequest(kind, str(kw.pop("actor", "canbo1")), dossier_code=code, **kw)  # type: ignore[arg-type]


def counts(app: App) -> tuple[int, int, int]:
    with app.store.read() as tx:
        return tuple(  # type: ignore[return-value]
            tx.conn.execute(select(func.count()).select_from(table)).scalar_one()
            for table in (t.slips, t.outbox, t.audit_log)
        )


def test_issued_slip_is_kept_with_the_dossier(app: App, template: tuple[Path, str]) -> None:
    renderer, _ = slip_printing(app.settings)
    before = counts(app)
    issued = slips.issue(app.services, renderer, request(SlipKind.RECEIPT, template[1]))
    assert hashlib.sha256(issued.path.read_bytes()).hexdigest() == issued.sha256
    assert issued.path.read_bytes() == issued.pdf
    assert stat.S_IMODE(issued.path.stat().st_mode) == 0o600
    assert not list(issued.path.parent.glob(".slip.*"))  # no temp file left behind
    assert counts(app) == (before[0] + 1, before[1] + 1, before[2] + 1)  # sealed in the audit chain
    with app.store.read() as tx:
        event = tx.outbox.pending(1000)[-1]
    assert event["event"] == "slip.issued" and event["payload"]["sha256"] == issued.sha256
    history = slips.history(app.services, template[1])
    assert [(h.kind, h.sha256) for h in history] == [(SlipKind.RECEIPT, issued.sha256)]
    assert slips.read_pdf(app.services, history[0]) == issued.pdf


def test_a_tampered_stored_slip_is_detected(app: App, template: tuple[Path, str]) -> None:
    renderer, _ = slip_printing(app.settings)
    issued = slips.issue(app.services, renderer, request(SlipKind.RECEIPT, template[1]))
    issued.path.write_bytes(issued.pdf.replace(b"%%EOF", b"%%EOX"))
    with pytest.raises(DamagedError):
        slips.read_pdf(app.services, slips.history(app.services, template[1])[0])


def test_reprint_equals_the_original_apart_from_the_mark(
    app: App, template: tuple[Path, str], clock: FixedClock
) -> None:
    renderer, _ = slip_printing(app.settings)
    code = template[1]
    original = slips.issue(app.services, renderer, request(SlipKind.RECEIPT, code))
    audit_before = counts(app)[2]
    clock.advance(timedelta(days=3, hours=1, minutes=5))
    again = slips.issue(
        app.services,
        renderer,
        request(SlipKind.RECEIPT, code, actor="truongbp", reprint=True, reason="Công dân làm mất"),
    )
    old = "\n".join(page_texts(original.pdf)).splitlines()
    new = "\n".join(page_texts(again.pdf)).splitlines()
    changed = [line for line in difflib.ndiff(old, new) if line[:1] in "+-"]
    mark = "BẢN IN LẠI – 10 giờ 05 phút, ngày 05/03/2026"
    added = [line for line in changed if line[0] == "+"]
    pages = len(page_texts(again.pdf))
    assert len(added) == pages and all(mark in line for line in added)  # a mark on each page
    stripped = [" ".join(line.replace(mark, "").split()) for line in new]
    assert [s for s in stripped if s] == [" ".join(s.split()) for s in old if s.strip()]
    assert counts(app)[2] == audit_before + 1
    with app.store.read() as tx:
        entry = tx.audit.entries_for(again_dossier_id(app, code))[-1]
        assert verify_chain(tx.conn).ok
    assert entry["action"] == "slip.reprinted" and entry["actor"] == "truongbp"
    assert entry["after"]["reason"] == "Công dân làm mất"
    assert again.reprint_of == original.id
    assert [h.reprint_of for h in slips.history(app.services, code)] == [None, original.id]


def again_dossier_id(app: App, code: str) -> str:
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
    assert dossier is not None
    return dossier.id


@pytest.mark.parametrize(
    ("actor", "reason", "code"),
    [
        ("canbo1", "Mất", "reprint_not_allowed"),
        ("truongbp", " ", "missing_field"),
        ("nobody", "Mất", "staff_not_found"),
    ],
)
def test_reprint_is_for_supervisors_with_a_reason(
    app: App, template: tuple[Path, str], actor: str, reason: str, code: str
) -> None:
    renderer, _ = slip_printing(app.settings)
    slips.issue(app.services, renderer, request(SlipKind.RECEIPT, template[1]))
    before = counts(app)
    with pytest.raises((ConflictError, NotFoundError, ValidationError)) as err:
        slips.issue(
            app.services,
            renderer,
            request(SlipKind.RECEIPT, template[1], actor=actor, reprint=True, reason=reason),
        )
    assert err.value.code == code
    assert counts(app) == before  # nothing recorded, nothing audited


def test_reprint_needs_an_original(app: App, template: tuple[Path, str]) -> None:
    renderer, _ = slip_printing(app.settings)
    with pytest.raises(ConflictError) as err:
        slips.issue(
            app.services,
            renderer,
            request(SlipKind.RECEIPT, template[1], actor="truongbp", reprint=True, reason="x"),
        )
    assert err.value.code == "slip_never_issued"


class RejectingPrinter:
    def queues(self) -> list[str]:
        return ["PDF"]

    def print_pdf(self, pdf: bytes, queue: str, copies: int = 1) -> str:
        raise EnvironmentProblem("printer_rejecting", printer=queue)


def test_nothing_is_recorded_unless_the_queue_accepted(
    app: App, template: tuple[Path, str]
) -> None:
    renderer, _ = slip_printing(app.settings)
    slips.issue(app.services, renderer, request(SlipKind.RECEIPT, template[1]))
    before = counts(app)
    files = sorted(p.name for p in slips.slips_dir(app.services).rglob("*.pdf"))
    with pytest.raises(EnvironmentProblem):
        slips.issue(
            app.services,
            renderer,
            request(
                SlipKind.RECEIPT,
                template[1],
                printer="PDF",
                actor="truongbp",
                reprint=True,
                reason="x",
            ),
            RejectingPrinter(),
        )
    assert counts(app) == before  # no slip row, no outbox event, no audit entry
    assert sorted(p.name for p in slips.slips_dir(app.services).rglob("*.pdf")) == files


def all_views(app: App, template: tuple[Path, str]) -> Iterator[tuple[SlipKind, SlipView]]:
    with app.store.read() as tx:
        agency = tx.agencies.get(app.settings.office.agency_code)
        names = {m.username: m.full_name for m in tx.staff.all()}
        procedure = tx.procedures.get("2.001035")
        dossiers = tuple(
            tx.dossiers.by_code(s.code)
            for s in tx.dossiers.open_summaries(list(DossierStatus), 100)
        )
    assert agency is not None
    for kind in SlipKind:
        d = dossier_for(app.store, kind) if kind in DOSSIER_SLIPS else None
        src = SlipSource(
            kind,
            NOW,
            agency,
            7,
            d,
            procedure,
            names,
            tuple(x for x in dossiers if x),
            (NOW.date(), NOW.date()),
        )
        yield kind, build_view(src, app.settings)


def test_every_character_drawn_has_a_glyph(app: App, template: tuple[Path, str]) -> None:
    fonts.register_fonts()
    checked = 0
    for kind, view in all_views(app, template):
        for thermal in (False, True) if kind is SlipKind.RECEIPT else (False,):
            drawn: list[tuple[str, str]] = []
            render_pdf(
                kind,
                view,
                mark="BẢN IN LẠI – 10 giờ 05 phút",
                thermal=thermal,
                drawn=drawn,
            )
            for font, text in drawn:
                assert font in fonts.FONT_FILES, font  # never a built-in font
                assert fonts.covers(font, text) == [], (kind, text)
                checked += len(text)
    assert checked > 5000
    # and the check itself can fail: a character DejaVu Serif lacks
    assert fonts.covers(fonts.REGULAR, "Hồ sơ \U0001f600") == ["\U0001f600"]


def test_strings_are_drawn_in_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n"  # "Nguyễn" with combining marks
    assert fonts.text(decomposed) == "Nguyễn"


def test_missing_font_file_is_a_typed_error(tmp_path: Path) -> None:
    (tmp_path / "DejaVuSerif.ttf").write_bytes(b"not a font")
    with pytest.raises(EnvironmentProblem) as err:
        fonts.register_fonts(tmp_path)
    assert err.value.code == "font_missing"


def test_thermal_receipt_is_80_mm_and_previews(app: App, template: tuple[Path, str]) -> None:
    renderer, _ = slip_printing(app.settings)
    issued = slips.issue(
        app.services, renderer, request(SlipKind.RECEIPT, template[1], thermal=True)
    )
    pages = render_pages(issued.pdf, dpi=203)  # a thermal head's resolution
    assert len(pages) == 1
    assert abs(pages[0].width - round(80 / 25.4 * 203)) <= 1
    assert pages[0].height > pages[0].width
    assert template[1] in page_texts(issued.pdf)[0]


def test_lifecycle_fields_reach_the_slips(app: App) -> None:
    """The tracking-book entry, the authorised representative and a refusal after receipt, as the
    dossier model holds them, reach the receipt and the refusal slip."""
    d = dossier_for(app.store, SlipKind.RECEIPT)
    with app.store.read() as tx:
        agency = tx.agencies.get(app.settings.office.agency_code)
    assert agency is not None
    d.tracking = TrackingEntry(2026, 2, 321)
    d.submitter = Party(ApplicantKind.CITIZEN, "Trần Văn Đại Diện", "001090000001")
    d.authorisation = Representation("15/2026/UQ", date(2026, 3, 1), "con")
    d.status = DossierStatus.REFUSED  # refused after it was received (its history says so)
    d.refused_at, d.refusal_reason = NOW, "Hồ sơ giả mạo giấy tờ"
    receipt = build_view(SlipSource(SlipKind.RECEIPT, NOW, agency, 0, d), app.settings)
    refusal = build_view(SlipSource(SlipKind.REFUSAL, NOW, agency, 4, d), app.settings)
    assert applies(SlipKind.REFUSAL, d)
    text = " ".join(page_texts(render_pdf(SlipKind.RECEIPT, receipt)))
    assert "Quyển số 2, Số thứ tự 0321" in text and "Trần Văn Đại Diện" in text
    assert "15/2026/UQ" in text
    text = " ".join(page_texts(render_pdf(SlipKind.REFUSAL, refusal)))
    assert "Sau khi đã tiếp nhận hồ sơ" in text and "Hồ sơ giả mạo giấy tờ" in text


def test_a_long_receipt_runs_over_pages_and_keeps_every_item(app: App) -> None:
    d = dossier_for(app.store, SlipKind.RECEIPT)
    with app.store.read() as tx:
        agency = tx.agencies.get(app.settings.office.agency_code)
    assert agency is not None
    view = build_view(SlipSource(SlipKind.RECEIPT, NOW, agency, 0, d), app.settings)
    assert isinstance(view, ReceiptView)
    items = tuple(
        replace(view.items[0], no=str(i), name=f"Giấy tờ số {i:02d} kèm theo hồ sơ")
        for i in range(1, 41)
    )
    pdf = render_pdf(SlipKind.RECEIPT, replace(view, items=items))
    texts = page_texts(pdf)
    assert len(texts) >= 4  # each copy runs over a page
    assert all(f"Giấy tờ số {i:02d}" in " ".join(texts) for i in range(1, 41))
    short = render_pdf(SlipKind.RECEIPT, view)
    assert len(page_texts(short)) == 2 and len(short) < len(pdf)
