"""The real SANE ``test`` backend through python-sane: listing, capabilities, flatbed and ADF
batches, and driver faults injected with the backend's ``read-return-value`` option."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from counter_app.domain.errors import Cancelled, DomainError, ValidationError
from counter_app.ports import Progress
from scanning.model import ColorMode, ScanSettings, Source
from scanning.session import ScanSession, scan_into
from tests.scanning_support import require_component, sane_config_dir

sane_config_dir()
pytestmark = pytest.mark.timeout(60)
DEV = "test:0"


@pytest.fixture(autouse=True)
def _sane() -> None:
    require_component("sane-test-backend")
    reset_device()


def reset_device() -> None:
    """The test backend keeps option values between openings: back to a healthy device."""
    import sane

    sane.init()
    dev = sane.open(DEV)
    dev.read_return_value = "Default"
    dev.read_limit = dev.read_delay = False
    dev.close()


def backend(**kw: Any) -> Any:
    from scanning.sane_backend import SaneBackend

    return SaneBackend(**kw)


def fail_after(n: int, status: str) -> Any:
    def hook(dev: Any, read: int) -> None:
        if read == n:
            dev.read_return_value = status

    return hook


ADF = ScanSettings(Source.ADF, 100, ColorMode.GRAY)


def test_lists_the_test_devices_and_their_capabilities() -> None:
    names = [d.name for d in backend().devices()]
    assert DEV in names
    caps = backend().capabilities(DEV)
    assert set(caps.sources) == {Source.FLATBED, Source.ADF}
    assert ColorMode.GRAY in caps.modes and ColorMode.COLOR in caps.modes
    assert caps.max_size_mm == (300.0, 300.0)


def test_flatbed_scan_gives_one_a4_page(tmp_path: Path) -> None:
    session = ScanSession.create(tmp_path / "s")
    assert scan_into(session, backend(), DEV, ScanSettings(Source.FLATBED, 100)) == 1
    image = session.image(session.pages[0])
    assert abs(image.size[0] - 827) <= 1 and abs(image.size[1] - 1169) <= 1  # A4, 100 dpi


def test_adf_batch_streams_every_sheet_in_order(tmp_path: Path) -> None:
    session = ScanSession.create(tmp_path / "s")
    assert scan_into(session, backend(), DEV, ADF) == 10
    assert [p.file for p in session.pages] == [f"page-{i:04d}.png" for i in range(1, 11)]
    reopened = ScanSession.open(tmp_path / "s")
    assert len(reopened.pages) == 10


@pytest.mark.parametrize(
    ("status", "code"),
    [
        ("SANE_STATUS_JAMMED", "scanner_jammed"),
        ("SANE_STATUS_COVER_OPEN", "scanner_cover_open"),
        ("SANE_STATUS_IO_ERROR", "scanner_device_gone"),
        ("SANE_STATUS_DEVICE_BUSY", "scanner_busy"),
    ],
)
def test_a_fault_mid_batch_keeps_the_pages_scanned(tmp_path: Path, status: str, code: str) -> None:
    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(DomainError) as err:
        scan_into(session, backend(after_page=fail_after(3, status)), DEV, ADF)
    assert err.value.code == code
    assert err.value.params["pages_kept"] == 3
    assert len(ScanSession.open(tmp_path / "s").pages) == 3


def test_a_jammed_batch_is_continued_after_clearing(tmp_path: Path) -> None:
    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(DomainError):
        scan_into(session, backend(after_page=fail_after(4, "SANE_STATUS_JAMMED")), DEV, ADF)
    reset_device()  # the officer clears the jam
    again = ScanSession.open(tmp_path / "s")
    assert scan_into(again, backend(), DEV, ADF) == 10
    assert len(ScanSession.open(tmp_path / "s").pages) == 14


def test_an_empty_feeder_says_no_paper(tmp_path: Path) -> None:
    def empty(dev: Any, read: int) -> None:
        raise AssertionError("no page expected")

    from scanning.sane_backend import SaneBackend

    class EmptyFeeder(SaneBackend):
        def _open(self, device: str) -> Any:
            dev = super()._open(device)
            dev.read_return_value = "SANE_STATUS_NO_DOCS"
            return dev

    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(DomainError) as err:
        scan_into(session, EmptyFeeder(after_page=empty), DEV, ADF)
    assert (err.value.code, err.value.params["pages_kept"]) == ("scanner_no_paper", 0)


def test_an_unknown_device_is_not_found(tmp_path: Path) -> None:
    with pytest.raises(DomainError) as err:
        scan_into(ScanSession.create(tmp_path / "s"), backend(), "test:9", ADF)
    assert err.value.code == "scanner_not_found"


def test_a_setting_the_device_cannot_do_is_refused() -> None:
    session_settings = ScanSettings(Source.DUPLEX, 100)
    with pytest.raises(ValidationError) as err:
        list(backend().scan(DEV, session_settings, Progress()))
    assert (err.value.code, err.value.field) == ("invalid_scan_setting", "source")


def test_cancel_between_pages_keeps_what_was_scanned(tmp_path: Path) -> None:
    progress = Progress()

    def cancel_at_2(dev: Any, read: int) -> None:
        if read == 2:
            progress.cancel()

    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(Cancelled) as err:
        scan_into(session, backend(after_page=cancel_at_2), DEV, ADF, progress)
    kept = err.value.params["pages_kept"]
    assert 1 <= kept <= 3 and len(ScanSession.open(tmp_path / "s").pages) == kept


def test_a_hanging_driver_times_out(tmp_path: Path) -> None:
    from scanning.sane_backend import SaneBackend

    class Slow(SaneBackend):
        def _open(self, device: str) -> Any:
            dev = super()._open(device)
            dev.read_limit, dev.read_limit_size = True, 1
            dev.read_delay, dev.read_delay_duration = True, 200000
            return dev

    session = ScanSession.create(tmp_path / "s")
    with pytest.raises(DomainError) as err:
        scan_into(session, Slow(page_timeout=1.0), DEV, ScanSettings(Source.FLATBED, 100))
    assert (err.value.code, err.value.params["seconds"]) == ("scan_timeout", 1)
