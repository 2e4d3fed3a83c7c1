"""Shared by the printing tests: a demo office in a temp store (fixed clock, bank details set,
plus a postal dossier paid by bank transfer with an authorised submitter), rasterising with
pdftoppm and reading codes back with zxing-cpp."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from PIL import Image

from counter_app.composition import SETTINGS_FILE, open_app
from counter_app.domain.dossier import Delivery, Dossier, FeeLine, Party, ReceivedItem
from counter_app.domain.enums import (
    ApplicantKind,
    Channel,
    DeliveryMethod,
    FeeTiming,
    PaymentMethod,
)
from counter_app.domain.slip_kinds import SlipKind, applies
from counter_app.domain.vntime import VN_TZ
from counter_app.ports import FixedClock
from counter_app.services import demo, intake
from counter_app.services.maintenance import ensure_office
from counter_app.settings import default_settings, save_settings
from counter_app.store.unit_of_work import Store
from tests.support import require

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)
AGENCY = "Trung tâm Phục vụ hành chính công tỉnh Thanh Hóa"
BANK_BIN, BANK_ACCOUNT = "970415", "113366668888"
TRANSFER_PROCEDURE = "2.001035"
LOOKUP = "https://dichvucong.thanhhoa.gov.vn/tra-cuu?ma={code}"


def require_component(available: bool, component: str) -> None:
    """Skip with a reason when a system component is missing; under CI=true, fail instead."""
    require(available, component)


def write_settings(data_dir: Path) -> None:
    s = default_settings()
    s = replace(
        s,
        office=replace(s.office, agency_name=AGENCY),
        lookup=replace(s.lookup, receipt_url=LOOKUP),
        printing=replace(
            s.printing,
            place="Thanh Hóa",
            parent_agency="UBND tỉnh Thanh Hóa",
            help_phone="0237 3852 123",
            bank_bin=BANK_BIN,
            bank_account=BANK_ACCOUNT,
            bank_account_name="TRUNG TAM PHUC VU HCC",
        ),
    )
    save_settings(data_dir / SETTINGS_FILE, s)


def make_demo(data_dir: Path) -> str:
    """Load the demo office into ``data_dir``; return the code of the bank-transfer dossier."""
    data_dir.mkdir(parents=True, exist_ok=True)
    write_settings(data_dir)
    app = open_app(data_dir, create=True, clock=FixedClock(NOW))
    try:
        ensure_office(app.services, AGENCY, demo.DEMO_SLOT, "QUAY-01")
        demo.load_demo(app.services)
        with app.store.read() as tx:
            proc = tx.procedures.get(TRANSFER_PROCEDURE)
        assert proc is not None
        request = intake.IntakeRequest(
            proc.code,
            Party(
                ApplicantKind.CITIZEN,
                "Đặng Thị Ngọc Ánh",
                "038190012345",
                None,
                "Nữ",
                "Số 12 Lê Lợi, Phường Hạc Thành, tỉnh Thanh Hóa",
                "0912345678",
                "anh.dang@example.vn",
            ),
            Channel.DIRECT,
            submitter=Party(
                ApplicantKind.CITIZEN, "Lê Văn Ủy", "038090054321", None, "Nam", "", "0987654321"
            ),
            items=[ReceivedItem(d.code, d.name, d.form, d.quantity) for d in proc.documents],
            fees=[
                FeeLine(f.name, f.amount_vnd or 0, FeeTiming.BEFORE, PaymentMethod.BANK_TRANSFER)
                for f in proc.fees
            ],
            delivery=Delivery(
                DeliveryMethod.POST, "Số 12 Lê Lợi, Phường Hạc Thành, tỉnh Thanh Hóa", 25_000
            ),
        )
        return intake.receive(app.services, request, "canbo1").code
    finally:
        app.close()


def copy_store(template: Path, target: Path) -> Path:
    shutil.copytree(template, target)
    shutil.rmtree(target / "logs", ignore_errors=True)
    return target


def dossier_for(
    store: Store, kind: SlipKind, extra: Callable[[Dossier], bool] = lambda d: True
) -> Dossier:
    """The first dossier (by code) that ``kind`` applies to (and ``extra`` accepts)."""
    from sqlalchemy import select

    from counter_app.domain.codec import decode
    from counter_app.store import schema as t

    with store.read() as tx:
        rows = tx.conn.execute(select(t.dossiers.c.body).order_by(t.dossiers.c.code))
        for row in rows:
            dossier = decode(Dossier, row.body)
            if applies(kind, dossier) and extra(dossier):
                return dossier
    raise AssertionError(f"no demo dossier for {kind}")


def rasterise(pdf: bytes, tmp: Path, dpi: int = 150) -> list[Image.Image]:
    """Pages rendered by poppler's pdftoppm (as the issue asks), PNG at ``dpi``."""
    require_component(shutil.which("pdftoppm") is not None, "pdftoppm (poppler-utils)")
    source = tmp / "slip.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", str(source), str(tmp / "page")], check=True, timeout=60
    )
    return [Image.open(p).convert("RGB") for p in sorted(tmp.glob("page-*.png"))]


def read_codes(image: Image.Image) -> dict[str, set[str]]:
    """zxing-cpp's reading of every barcode on the page: format name → texts."""
    import zxingcpp

    found: dict[str, set[str]] = {}
    for result in zxingcpp.read_barcodes(image):
        found.setdefault(result.format.name, set()).add(result.text)
    return found


def pdftotext(pdf: bytes, tmp: Path) -> str:
    require_component(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils)")
    source = tmp / "text.pdf"
    source.write_bytes(pdf)
    result = subprocess.run(
        ["pdftotext", "-raw", str(source), "-"], check=True, capture_output=True, timeout=60
    )
    return result.stdout.decode("utf-8")
