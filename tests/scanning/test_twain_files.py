"""The TWAIN adapter against a stand-in source manager, file import, and the watched folder."""

from __future__ import annotations

import io
import time
from pathlib import Path

import pytest
from PIL import Image

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.ports import Progress
from scanning.files import FileImport, WatchedFolder
from scanning.model import ColorMode, ScanSettings, Source
from scanning.session import ScanSession, scan_into
from scanning.twain_backend import TwainBackend
from tests.scanning.twain_standin import PaperJam, StandInTwain

DEV = "Canon DR-C225"


def test_twain_lists_sources_and_feeder_capabilities() -> None:
    backend = TwainBackend(module=StandInTwain())
    assert [d.name for d in backend.devices()] == [DEV]
    assert backend.capabilities(DEV).sources == (Source.FLATBED, Source.ADF, Source.DUPLEX)
    flatbed_only = TwainBackend(module=StandInTwain(feeder=False))
    assert flatbed_only.capabilities(DEV).sources == (Source.FLATBED,)


def test_twain_adf_batch_negotiates_and_transfers_every_sheet(tmp_path: Path) -> None:
    module = StandInTwain(sheets=4)
    session = ScanSession.create(tmp_path / "s")
    settings = ScanSettings(Source.DUPLEX, 300, ColorMode.COLOR)
    assert scan_into(session, TwainBackend(module=module), DEV, settings) == 4
    assert [session.image(p).width for p in session.pages] == [101, 102, 103, 104]
    assert ("set_capability", 257, 4, 2) in module.calls  # ICAP_PIXELTYPE = TWPT_RGB
    assert ("set_capability", 4376, 7, 300.0) in module.calls  # ICAP_XRESOLUTION
    assert ("set_capability", 4115, 6, 1) in module.calls  # CAP_DUPLEXENABLED
    assert ("request_acquire", False, False) in module.calls
    assert module.freed == [1, 2, 3, 4]  # every native handle released
    assert module.calls[-2:] == [("close",), ("SourceManager.close",)]


def test_twain_jam_mid_batch_keeps_pages(tmp_path: Path) -> None:
    module = StandInTwain(sheets=5)
    module.fail_at = (2, PaperJam())
    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(DomainError) as err:
        scan_into(session, TwainBackend(module=module), DEV, ScanSettings(Source.ADF))
    assert (err.value.code, err.value.params["pages_kept"]) == ("scanner_jammed", 2)
    assert ("close",) in module.calls


def test_twain_empty_feeder_and_unknown_source(tmp_path: Path) -> None:
    backend = TwainBackend(module=StandInTwain(sheets=0))
    with pytest.raises(DomainError) as err:
        list(backend.scan(DEV, ScanSettings(Source.ADF), Progress()))
    assert err.value.code == "scanner_no_paper"
    with pytest.raises(DomainError) as err:
        list(backend.scan("Nope", ScanSettings(), Progress()))
    assert err.value.code == "scanner_not_found"


def test_twain_duplex_on_a_flatbed_is_wrong_input() -> None:
    backend = TwainBackend(module=StandInTwain(feeder=False))
    with pytest.raises(ValidationError) as err:
        list(backend.scan(DEV, ScanSettings(Source.DUPLEX), Progress()))
    assert (err.value.code, err.value.field) == ("invalid_scan_setting", "source")


def test_twain_missing_module_is_unavailable() -> None:
    with pytest.raises(DomainError) as err:
        TwainBackend().devices()  # pytwain is Windows-only and never a hard dependency
    assert (err.value.code, err.value.params["backend"]) == ("scanner_unavailable", "TWAIN")


def _png(path: Path, width: int) -> Path:
    Image.new("L", (width, 50), 200).save(path)
    return path


def test_file_import_keeps_pages_before_a_corrupt_file(tmp_path: Path) -> None:
    good = _png(tmp_path / "a.png", 60)
    tiff = tmp_path / "b.tif"
    frames = [Image.new("L", (70 + i, 50), 255) for i in range(2)]
    frames[0].save(tiff, save_all=True, append_images=frames[1:])
    bad = tmp_path / "c.jpg"
    bad.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg")
    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(ValidationError) as err:
        scan_into(session, FileImport([good, tiff, bad]), "files", ScanSettings())
    assert (err.value.code, err.value.params["path"]) == ("invalid_scan_file", str(bad))
    assert [session.image(p).width for p in session.pages] == [60, 70, 71]


def test_pdf_import_renders_each_page(tmp_path: Path) -> None:
    import img2pdf

    pages = []
    for width in (100, 200):
        out = io.BytesIO()
        Image.new("L", (width, 100), 128).save(out, "PNG")
        pages.append(out.getvalue())
    pdf = tmp_path / "in.pdf"
    data = img2pdf.convert(pages, layout_fun=img2pdf.get_fixed_dpi_layout_fun((100, 100)))
    assert data is not None
    pdf.write_bytes(data)
    images = list(FileImport([pdf]).scan("files", ScanSettings(dpi=100), Progress()))
    assert [im.size for im in images] == [(100, 100), (200, 100)]


def test_watched_folder_takes_only_settled_files_once(tmp_path: Path) -> None:
    folder = WatchedFolder(tmp_path, settle=0.5)
    _png(tmp_path / "scan1.png", 30)
    assert folder.ready_files(now=0.0) == []  # just seen: may still be written
    (tmp_path / "scan2.png").write_bytes(b"")  # being written
    assert folder.ready_files(now=1.0) == [tmp_path / "scan1.png"]
    pages = folder.take(tmp_path / "scan1.png", 200)
    assert [p.width for p in pages] == [30]
    assert (tmp_path / "done" / "scan1.png").exists()
    bad = tmp_path / "scan3.jpg"
    bad.write_bytes(b"junk")
    with pytest.raises(ValidationError):
        folder.take(bad, 200)
    assert (tmp_path / "rejected" / "scan3.jpg").exists()


def test_watched_folder_streams_until_cancelled(tmp_path: Path) -> None:
    folder = WatchedFolder(tmp_path, settle=0.05, poll=0.02)
    _png(tmp_path / "x.png", 40)
    progress = Progress()
    got = []
    deadline = time.monotonic() + 10
    with pytest.raises(DomainError):
        for image in folder.scan("folder", ScanSettings(), progress):
            got.append(image.width)
            progress.cancel()
            assert time.monotonic() < deadline
    assert got == [40]
