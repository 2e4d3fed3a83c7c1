"""The WIA adapter against a stand-in device manager with the Automation Layer's calls, and the
Windows choice between TWAIN and WIA."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import Image

from counter_app.domain.errors import DomainError, ValidationError
from counter_app.ports import Progress
from scanning.facade import windows_backend
from scanning.model import ColorMode, ScanSettings, Source
from scanning.session import ScanSession, scan_into
from scanning.twain_backend import TwainBackend
from scanning.wia_backend import FORMAT_BMP, WiaBackend, hresult
from tests.scanning.twain_standin import StandInTwain
from tests.scanning.wia_standin import (
    BUSY,
    COVER_OPEN,
    OFFLINE,
    PAPER_JAM,
    StandInWia,
    wia_error,
)

DEV = "Canon DR-C225 WIA"


def test_wia_lists_only_scanners_and_reads_the_feeder() -> None:
    module = StandInWia()
    backend = WiaBackend(module=module)
    assert [(d.name, d.kind) for d in backend.devices()] == [(DEV, "WIA")]  # not the webcam
    assert backend.capabilities(DEV).sources == (Source.FLATBED, Source.ADF, Source.DUPLEX)
    flat = WiaBackend(module=StandInWia(feeder=False))
    assert flat.capabilities(DEV).sources == (Source.FLATBED,)
    assert module.com_init == 0  # every CoInitialize has its CoUninitialize


def test_wia_duplex_batch_sets_the_properties_and_transfers_until_the_feeder_is_empty(
    tmp_path: Path,
) -> None:
    module = StandInWia(sheets=4)
    session = ScanSession.create(tmp_path / "s")
    settings = ScanSettings(Source.DUPLEX, 300, ColorMode.COLOR)
    assert scan_into(session, WiaBackend(module=module), DEV, settings) == 4
    assert [session.image(p).width for p in session.pages] == [101, 102, 103, 104]
    sets = [c[1:] for c in module.calls if c[0] == "set"]
    assert (3088, 0x1 | 0x4) in sets  # FEEDER | DUPLEX
    assert (3096, 0) in sets  # ALL_PAGES
    assert sets.index((6146, 0x1)) < sets.index((6147, 300))  # intent first, then resolution
    assert (6148, 300) in sets and (4103, 3) in sets
    transfers = [c for c in module.calls if c[0] == "Transfer"]
    assert transfers == [("Transfer", FORMAT_BMP)] * 5  # the fifth finds the feeder empty
    assert module.com_init == 0


def test_wia_flatbed_takes_one_page_in_bitonal_intent(tmp_path: Path) -> None:
    module = StandInWia(sheets=3)
    session = ScanSession.create(tmp_path / "s")
    settings = ScanSettings(Source.FLATBED, 200, ColorMode.BW)
    assert scan_into(session, WiaBackend(module=module), DEV, settings) == 1
    sets = [c[1:] for c in module.calls if c[0] == "set"]
    assert (3088, 0x2) in sets and (6146, 0x4) in sets and (4103, 0) in sets


@pytest.mark.parametrize(
    ("hr", "code"),
    [
        (PAPER_JAM, "scanner_jammed"),
        (COVER_OPEN, "scanner_cover_open"),
        (OFFLINE, "scanner_device_gone"),
        (BUSY, "scanner_busy"),
        (0x80210001, "scanner_failed"),
    ],
)
def test_wia_fault_mid_batch_keeps_the_pages(tmp_path: Path, hr: int, code: str) -> None:
    module = StandInWia(sheets=5)
    module.fail_at = (2, hr)
    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(DomainError) as err:
        scan_into(session, WiaBackend(module=module), DEV, ScanSettings(Source.ADF))
    assert (err.value.code, err.value.params["pages_kept"]) == (code, 2)
    assert len(session.pages) == 2
    assert module.com_init == 0


def test_wia_empty_feeder_unknown_device_and_offline_device() -> None:
    empty = WiaBackend(module=StandInWia(sheets=0))
    with pytest.raises(DomainError) as err:
        list(empty.scan(DEV, ScanSettings(Source.ADF), Progress()))
    assert err.value.code == "scanner_no_paper"
    with pytest.raises(DomainError) as err:
        list(empty.scan("Nope", ScanSettings(), Progress()))
    assert err.value.code == "scanner_not_found"
    offline = StandInWia()
    offline.offline = True
    with pytest.raises(DomainError) as err:
        list(WiaBackend(module=offline).scan(DEV, ScanSettings(), Progress()))
    assert err.value.code == "scanner_device_gone"


def test_wia_duplex_on_a_flatbed_is_wrong_input() -> None:
    backend = WiaBackend(module=StandInWia(feeder=False))
    with pytest.raises(ValidationError) as err:
        list(backend.scan(DEV, ScanSettings(Source.DUPLEX), Progress()))
    assert (err.value.code, err.value.field) == ("invalid_scan_setting", "source")


def test_wia_cancel_between_pages_keeps_what_was_scanned(tmp_path: Path) -> None:
    module = StandInWia(sheets=5)
    progress = Progress()
    got: list[Image.Image] = []
    with pytest.raises(DomainError) as err:
        for image in WiaBackend(module=module).scan(DEV, ScanSettings(Source.ADF), progress):
            got.append(image)
            progress.cancel()
    assert err.value.code == "cancelled" and len(got) == 1


def test_hresult_reads_both_shapes_of_com_error() -> None:
    assert hresult(wia_error(PAPER_JAM)) == PAPER_JAM  # DISP_E_EXCEPTION with the scode
    direct = wia_error(BUSY).__class__(BUSY - (1 << 32), "busy", None, None)
    assert hresult(direct) == BUSY


def test_wia_missing_module_is_unavailable() -> None:
    with pytest.raises(DomainError) as err:
        WiaBackend().devices()  # pywin32 is Windows-only and an optional extra
    assert (err.value.code, err.value.params["backend"]) == ("scanner_unavailable", "WIA")


def test_windows_takes_twain_first_and_wia_when_twain_shows_no_source() -> None:
    wia = WiaBackend(module=StandInWia())
    with_source = TwainBackend(module=StandInTwain())
    assert windows_backend(lambda: with_source, lambda: wia) is with_source
    no_64bit_source = TwainBackend(module=StandInTwain(sources=()))
    assert windows_backend(lambda: no_64bit_source, lambda: wia) is wia
    assert windows_backend(TwainBackend, lambda: wia) is wia  # pytwain not installed
