"""``counter-app print`` through real subprocesses: exit codes, Vietnamese messages, nothing
recorded on refusals, and a real CUPS queue (cups-pdf) whose printed PDF is read back."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pikepdf
import pytest

from tests.slips_support import (
    LOOKUP,
    copy_store,
    make_demo,
    pdftotext,
    rasterise,
    read_codes,
    require_component,
)

TIMEOUT = 120
RECEIVED = "000.00.06.H56-260302-1000"  # the demo's bank-transfer dossier (status 2)


def run(
    data_dir: Path, *args: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "COUNTER_APP_DATA": str(data_dir), **(env or {})}
    environment.pop("COUNTER_APP_LANG", None)
    result = subprocess.run(
        [sys.executable, "-m", "counter_app", *args],
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=environment,
        check=False,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


@pytest.fixture(scope="module")
def template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("print-cli") / "data"
    assert make_demo(root) == RECEIVED
    return root


@pytest.fixture
def data(template: Path, tmp_path: Path) -> Path:
    return copy_store(template, tmp_path / "data")


def rows(data: Path, table: str) -> int:
    with sqlite3.connect(data / "counter.sqlite3") as db:
        return int(db.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def test_print_receipt_to_a_file(data: Path, tmp_path: Path) -> None:
    out = tmp_path / "receipt.pdf"
    result = run(data, "print", "receipt", "--dossier", RECEIVED, "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert "Đã ghi phiếu" in result.stdout
    with pikepdf.open(out) as pdf:
        assert len(pdf.pages) == 2  # the applicant's and the counter's copies
    assert RECEIVED in pdftotext(out.read_bytes(), tmp_path)
    assert rows(data, "slips") == 1


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("receipt", "--dossier", "000.00.06.H56-991231-0001"), "Không tìm thấy hồ sơ"),
        (("refusal", "--dossier", RECEIVED), "không áp dụng cho hồ sơ"),
        (("stop", "--dossier", RECEIVED), "không áp dụng cho hồ sơ"),
        (("receipt",), "--dossier"),
        (("book", "--from", "2026-02-01"), "--from/--to"),
        (("book", "--from", "2026-02-10", "--to", "2026-02-01"), "kết thúc"),
        (("book", "--from", "10/02/2026", "--to", "2026-02-01"), "YYYY-MM-DD"),
        (("guidance", "--procedure", "9.999999"), "9.999999"),
        (("control", "--dossier", RECEIVED, "--thermal"), "80 mm"),
        (("receipt", "--dossier", RECEIVED, "--copies", "0"), "1 đến 99"),
        (("receipt", "--dossier", RECEIVED, "--reprint", "--reason", "x"), "--by"),
        (
            ("receipt", "--dossier", RECEIVED, "--reprint", "--by", "truongbp", "--reason", "Mất"),
            "chưa từng được cấp",
        ),
        (("nonsense", "--dossier", RECEIVED), "nonsense"),
    ],
)
def test_wrong_input_exits_2_with_a_vietnamese_message(
    data: Path, args: tuple[str, ...], needle: str
) -> None:
    result = run(data, "print", *args)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("Lỗi:") and needle in result.stderr, result.stderr
    assert rows(data, "slips") == 0


def test_reprint_by_supervisor_only_and_audited(data: Path, tmp_path: Path) -> None:
    assert run(data, "print", "receipt", "--dossier", RECEIVED).returncode == 0
    audit = rows(data, "audit_log")
    refused = run(
        data,
        "print",
        "receipt",
        "--dossier",
        RECEIVED,
        "--reprint",
        "--by",
        "canbo1",
        "--reason",
        "Công dân làm mất",
    )
    assert refused.returncode == 2 and "Chỉ trưởng bộ phận" in refused.stderr
    assert rows(data, "audit_log") == audit and rows(data, "slips") == 1
    out = tmp_path / "again.pdf"
    done = run(
        data,
        "print",
        "receipt",
        "--dossier",
        RECEIVED,
        "--reprint",
        "--by",
        "truongbp",
        "--reason",
        "Công dân làm mất",
        "--out",
        str(out),
    )
    assert done.returncode == 0, done.stderr
    assert "BẢN IN LẠI" in pdftotext(out.read_bytes(), tmp_path)
    assert rows(data, "audit_log") == audit + 1
    verify = run(data, "audit", "verify")
    assert verify.returncode == 0, verify.stdout
    listed = run(data, "slips", "--dossier", RECEIVED)
    assert listed.returncode == 0
    lines = listed.stdout.splitlines()
    assert len(lines) == 2 and "bản gốc" in lines[0] and "in lại" in lines[1]
    assert "truongbp" in lines[1] and "Công dân làm mất" in lines[1]
    missing = run(data, "slips", "--dossier", "000.00.06.H56-991231-0001")
    assert missing.returncode == 2 and "Không tìm thấy hồ sơ" in missing.stderr


def test_missing_font_file(data: Path, tmp_path: Path) -> None:
    resources = tmp_path / "resources"
    shutil.copytree(Path(__file__).resolve().parents[2] / "resources", resources)
    (resources / "fonts" / "DejaVuSerif-Bold.ttf").unlink()
    result = run(
        data,
        "print",
        "receipt",
        "--dossier",
        RECEIVED,
        env={"COUNTER_APP_RESOURCES": str(resources)},
    )
    assert result.returncode == 1
    assert "phông chữ" in result.stderr and "DejaVuSerif-Bold.ttf" in result.stderr
    assert rows(data, "slips") == 0


# --------------------------------------------------------------------------- a real CUPS queue

QUEUE = "PDF"
OFFLINE, REJECTING = "CounterTestOffline", "CounterTestRejecting"
PPD = "lsb/usr/cups-pdf/CUPS-PDF_opt.ppd"


def _sh(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(list(args), capture_output=True, text=True, timeout=30, check=False)


@pytest.fixture(scope="module")
def cups() -> Iterator[Path]:
    """cupsd running with the cups-pdf ``PDF`` queue (and two broken ones); the output folder."""
    tools = all(shutil.which(t) for t in ("lp", "lpstat", "lpadmin", "cupsd", "cupsdisable"))
    require_component(
        tools and Path("/usr/lib/cups/backend/cups-pdf").exists(),
        "CUPS with cups-pdf (apt-get install cups printer-driver-cups-pdf)",
    )
    if "is running" not in _sh("lpstat", "-r").stdout:
        _sh("cupsd")
        for _ in range(50):
            if "is running" in _sh("lpstat", "-r").stdout:
                break
            time.sleep(0.1)
    require_component("is running" in _sh("lpstat", "-r").stdout, "a running cupsd")
    if _sh("lpstat", "-p", QUEUE).returncode != 0:
        _sh("lpadmin", "-p", QUEUE, "-E", "-v", "cups-pdf:/", "-m", PPD)
    for name in (OFFLINE, REJECTING):
        _sh("lpadmin", "-p", name, "-E", "-v", "cups-pdf:/", "-m", PPD)
    _sh("cupsdisable", OFFLINE)
    _sh("cupsreject", REJECTING)
    yield Path.home() / "PDF"  # cups-pdf's "Out ${HOME}/PDF"
    for name in (OFFLINE, REJECTING):
        _sh("lpadmin", "-x", name)


def test_print_through_cups_and_read_the_printed_pdf_back(
    cups: Path, data: Path, tmp_path: Path
) -> None:
    result = run(
        data, "print", "receipt", "--dossier", RECEIVED, "--printer", QUEUE, "--copies", "2"
    )
    assert result.returncode == 0, result.stderr
    assert f"lệnh in {QUEUE}-" in result.stdout
    sha = result.stdout.strip().split()[-1]
    printed: list[Path] = []
    for _ in range(200):
        printed = list(cups.glob(f"counter-app-{sha[:12]}*.pdf"))
        if printed and printed[0].stat().st_size > 0:
            break
        time.sleep(0.1)
    assert printed, f"nothing in {cups}"
    time.sleep(0.5)  # let cups-pdf finish writing
    # ghostscript (inside cups-pdf) drops the fonts' ToUnicode maps, so the printed text is
    # checked through what a scanner reads: the barcode and the lookup QR on the printed page
    with pikepdf.open(printed[0]) as pdf:
        box = [round(float(v)) for v in pdf.pages[0].mediabox]
    assert abs(box[2] - box[0] - 420) <= 1 and abs(box[3] - box[1] - 595) <= 1  # A5
    codes = read_codes(rasterise(printed[0].read_bytes(), tmp_path)[0])
    assert codes.get("Code128") == {RECEIVED}
    assert LOOKUP.replace("{code}", RECEIVED) in codes.get("QRCode", set())
    with sqlite3.connect(data / "counter.sqlite3") as db:
        job, copies = db.execute("SELECT job_id, copies FROM slips").fetchone()
    assert job.startswith(f"{QUEUE}-") and copies == 2


@pytest.mark.parametrize(
    ("queue", "needle", "code"),
    [
        (OFFLINE, "đang dừng hoặc không kết nối", 1),
        (REJECTING, "đang từ chối lệnh in", 1),
        ("NoSuchPrinter", "Không có máy in nào tên", 2),
    ],
)
def test_a_printer_that_cannot_print_records_nothing(
    cups: Path, data: Path, queue: str, needle: str, code: int
) -> None:
    outbox = rows(data, "outbox")
    result = run(data, "print", "receipt", "--dossier", RECEIVED, "--printer", queue)
    assert result.returncode == code, result.stderr
    assert needle in result.stderr
    assert rows(data, "slips") == 0 and rows(data, "outbox") == outbox
    assert not list((data / "slips").rglob("*.pdf"))  # no file kept either


def test_a_slip_sent_to_sync_is_sealed_and_an_edit_is_found(data: Path) -> None:
    """A slip issued is a side record of the dossier: its outbox message is sealed by its own
    audit entry (never resealing the dossier body), so an edit of what sync would send is found
    and named by the dossier's code; the dossier itself still verifies."""
    assert run(data, "print", "receipt", "--dossier", RECEIVED).returncode == 0
    assert run(data, "audit", "verify").returncode == 0
    with sqlite3.connect(data / "counter.sqlite3") as db:
        db.execute(
            "UPDATE outbox SET payload = json_set(payload, '$.sha256', ?) WHERE event = ?",
            ("0" * 64, "slip.issued"),
        )
    verify = run(data, "audit", "verify")
    assert verify.returncode == 1
    assert RECEIVED in verify.stdout and "hồ sơ" in verify.stdout.lower()
    assert verify.stdout.count(RECEIVED) == 1  # only the slip's message, not the dossier body
