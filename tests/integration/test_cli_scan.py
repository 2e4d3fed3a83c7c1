"""``counter-app scan`` as the officer runs it: real subprocesses on the SANE test backend, and the
fault paths with exact exit codes (0 done, 1 device/computer in the way, 2 wrong input)."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path
from typing import Any

import pikepdf
import pytest
from PIL import Image

from scanning.pdfa import check_pdfa
from tests.scanning_support import require_component, sane_config_dir

pytestmark = pytest.mark.timeout(120)


def run(data_dir: Path, *args: str, fsize: int | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COUNTER_APP_DATA": str(data_dir)}
    env["SANE_CONFIG_DIR"] = str(sane_config_dir())

    def limit() -> None:
        if fsize is not None:
            resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    result = subprocess.run(
        [sys.executable, "-m", "counter_app", "scan", *args],
        capture_output=True,
        text=True,
        timeout=100,
        env=env,
        check=False,
        preexec_fn=limit,
    )
    assert "Traceback" not in result.stderr + result.stdout
    return result


@pytest.fixture(autouse=True)
def _sane() -> None:
    require_component("sane-test-backend")


def test_list_shows_the_test_devices(tmp_path: Path) -> None:
    result = run(tmp_path, "--list")
    assert result.returncode == 0
    assert result.stdout.startswith("test:0\t")


def test_adf_scan_writes_a_pdfa_with_every_page(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    result = run(
        tmp_path, "--device", "test:0", "--source", "adf", "--dpi", "100", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    assert "Đã ghi 10 trang vào" in result.stdout
    report = check_pdfa(out.read_bytes())
    assert (report.pages, report.problems) == (10, ())


def test_unknown_device_is_wrong_input(tmp_path: Path) -> None:
    result = run(tmp_path, "--device", "test:7", "--out", str(tmp_path / "o.pdf"))
    assert result.returncode == 2
    assert "Lỗi: Không tìm thấy máy quét “test:7”." in result.stderr
    assert not (tmp_path / "o.pdf").exists()


def test_setting_the_device_cannot_do_is_wrong_input(tmp_path: Path) -> None:
    result = run(
        tmp_path, "--device", "test:0", "--source", "duplex", "--out", str(tmp_path / "o.pdf")
    )
    assert result.returncode == 2
    assert "duplex" in result.stderr


def _image(path: Path, size: tuple[int, int], noisy: bool = False) -> Path:
    img = Image.effect_noise(size, 80).convert("RGB") if noisy else Image.new("L", size, 240)
    img.save(path)
    return path


def test_import_with_a_corrupt_file_keeps_pages_and_continues(tmp_path: Path) -> None:
    good = _image(tmp_path / "a.png", (400, 560))
    bad = tmp_path / "b.jpg"
    bad.write_bytes(b"\xff\xd8 broken")
    out = tmp_path / "o.pdf"
    result = run(tmp_path, "--import", str(good), str(bad), "--out", str(out))
    assert result.returncode == 2
    assert f"Lỗi: Tệp {bad} không phải ảnh hoặc PDF đọc được" in result.stderr
    assert "--continue" in result.stderr and not out.exists()
    folder = result.stderr.split("--continue ")[1].split()[0].rstrip(".")
    assert len(list(Path(folder).glob("page-*.png"))) == 1
    good2 = _image(tmp_path / "c.png", (400, 560))
    again = run(tmp_path, "--import", str(good2), "--continue", folder, "--out", str(out))
    assert again.returncode == 0, again.stderr
    assert len(pikepdf.open(out).pages) == 2


def test_full_disk_is_named_and_pages_kept(tmp_path: Path) -> None:
    small = _image(tmp_path / "a.png", (200, 280))
    big = _image(tmp_path / "b.png", (1600, 2000), noisy=True)
    result = run(
        tmp_path, "--import", str(small), str(big), "--out", str(tmp_path / "o.pdf"), fsize=400_000
    )
    assert result.returncode == 1
    assert (
        "Lỗi: Ổ đĩa chứa" in result.stderr
        and "đã đầy" in result.stderr
        and "--continue" in result.stderr
    )


def test_jam_mid_batch_through_the_cli(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import sane

    from counter_app.cli import main
    from scanning import facade
    from scanning.sane_backend import SaneBackend

    sane.init()

    def jam_at_3(dev: Any, read: int) -> None:
        if read == 3:
            dev.read_return_value = "SANE_STATUS_JAMMED"

    monkeypatch.setattr(facade, "default_backend", lambda: SaneBackend(after_page=jam_at_3))
    try:
        code = main(
            [
                "--data-dir",
                str(tmp_path),
                "scan",
                "--device",
                "test:0",
                "--source",
                "adf",
                "--dpi",
                "75",
                "--out",
                str(tmp_path / "o.pdf"),
            ]
        )
    finally:
        dev = sane.open("test:0")
        dev.read_return_value = "Default"
        dev.close()
    err = capsys.readouterr().err
    assert code == 1
    assert "Lỗi: Giấy bị kẹt trong máy quét “test:0”" in err and "; 3 trang đã quét" in err
    assert not (tmp_path / "o.pdf").exists()


def test_import_and_attach_to_a_dossier_item(app: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from counter_app.cli import main
    from counter_app.domain.dossier import Party, ReceivedItem
    from counter_app.domain.enums import ApplicantKind, DocumentForm
    from counter_app.services import intake

    applicant = Party(ApplicantKind.CITIZEN, "Lê Thị Mai", "001090123456")
    req = intake.IntakeRequest(
        "1.001193", applicant, items=[ReceivedItem("TP1", "Tờ khai", DocumentForm.ORIGINAL)]
    )
    code = intake.receive(app.services, req, "canbo1").code
    page = _image(app.data_dir / "p.png", (827, 1169))
    out = app.data_dir / "o.pdf"
    args = ["--data-dir", str(app.data_dir), "scan", "--import", str(page), "--out", str(out)]
    assert main([*args, "--dossier", code, "--item", "TP1", "--officer", "canbo1"]) == 0
    said = capsys.readouterr().out
    assert f"Đã đính kèm vào hồ sơ {code}, thành phần TP1: scans/" in said
    with app.store.read() as tx:
        dossier = tx.dossiers.by_code(code)
    assert dossier is not None and dossier.items[0].scan is not None
    assert (app.data_dir / dossier.items[0].scan.path).read_bytes() == out.read_bytes()
    assert main([*args, "--dossier", code, "--item", "TP9"]) == 2
    assert "không có thành phần TP9" in capsys.readouterr().err
    assert main([*args, "--dossier", code]) == 2
