"""TWAIN (Windows) through ``pytwain`` (imported as ``twain``).

``pytwain`` is GPLv2: it is an optional extra (``pip install counter-app[twain]``), installed
separately on Windows counters, never bundled; without it this backend reports
``scanner_unavailable``. The calls follow pytwain 2.3 exactly: ``SourceManager(parent_window,
ProductName=…)`` as a context manager, ``.source_list``, ``.open_source(name)``;
``Source.set_capability(cap, TWTY_…, value)``, ``.get_capability_current(cap)``,
``.request_acquire(show_ui, modal_ui)``, ``.xfer_image_natively()`` → ``(handle, remaining)``,
``twain.windows.dib_to_bm_file(handle)`` → BMP bytes, ``twain.windows.GlobalFree(handle)``;
exceptions from ``twain.exceptions``. The module is injectable, so tests drive this adapter
through a stand-in source manager with the same calls (no TWAIN source exists on Linux).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from typing import Any

from PIL import Image

from counter_app.domain.errors import EnvironmentProblem
from counter_app.ports import Progress
from scanning.errors import ScannerMissing, fault
from scanning.model import Capabilities, ColorMode, DeviceInfo, ScanSettings, Source

PRODUCT = "counter-app"
#: pytwain exception class name → our code.
TWAIN_FAULTS: dict[str, str] = {
    "PaperJam": "scanner_jammed",
    "PaperDoubleFeedError": "scanner_jammed",
    "CheckDeviceOnlineError": "scanner_device_gone",
    "DeniedError": "scanner_access_denied",
    "MaxConnectionsError": "scanner_busy",
    "DSTransferCancelled": "scanner_failed",
}


def _load() -> Any:
    try:
        import twain
    except (ImportError, OSError) as exc:  # not installed, or no twaindsm.dll
        raise EnvironmentProblem("scanner_unavailable", backend="TWAIN") from exc
    return twain


class TwainBackend:
    name = "twain"

    def __init__(self, module: Any | None = None, parent_window: Any = None) -> None:
        self._module = module
        self.parent_window = parent_window

    @property
    def twain(self) -> Any:
        if self._module is None:
            self._module = _load()
        return self._module

    def _manager(self) -> Any:
        return self.twain.SourceManager(self.parent_window, ProductName=PRODUCT)

    def devices(self) -> Sequence[DeviceInfo]:
        with self._manager() as sm:
            return [DeviceInfo(name, kind="TWAIN") for name in sm.source_list]

    def capabilities(self, device: str) -> Capabilities:
        with self._manager() as sm:
            src = self._open(sm, device)
            try:
                return self._caps(src)
            finally:
                src.close()

    def _caps(self, src: Any) -> Capabilities:
        c = self.twain.lowlevel.constants
        feeder = _supported(src, c.CAP_FEEDERENABLED)
        duplex = _supported(src, c.CAP_DUPLEXENABLED)
        sources = [Source.FLATBED] + ([Source.ADF] if feeder else [])
        sources += [Source.DUPLEX] if feeder and duplex else []
        return Capabilities(tuple(sources), tuple(ColorMode), 50, 600)

    def _open(self, sm: Any, device: str) -> Any:
        if device not in sm.source_list:
            raise ScannerMissing(device=device)
        src = sm.open_source(device)  # with a name: no selection dialog
        if src is None:
            raise ScannerMissing(device=device)
        return src

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        tw = self.twain
        with self._manager() as sm:
            src = self._open(sm, device)
            try:
                self._caps(src).check(settings)  # wrong input before the driver sees it
                self._negotiate(src, settings)
                yield from self._transfer(src, device, progress)
            except tw.exceptions.TwainError as exc:
                code = TWAIN_FAULTS.get(type(exc).__name__, "scanner_failed")
                raise fault(code, device=device, detail=type(exc).__name__) from exc
            finally:
                src.close()

    def _negotiate(self, src: Any, settings: ScanSettings) -> None:
        c = self.twain.lowlevel.constants
        pixel = {ColorMode.BW: c.TWPT_BW, ColorMode.GRAY: c.TWPT_GRAY, ColorMode.COLOR: c.TWPT_RGB}
        src.set_capability(c.ICAP_PIXELTYPE, c.TWTY_UINT16, pixel[settings.mode])
        src.set_capability(c.ICAP_XRESOLUTION, c.TWTY_FIX32, float(settings.dpi))
        src.set_capability(c.ICAP_YRESOLUTION, c.TWTY_FIX32, float(settings.dpi))
        feeder = settings.source is not Source.FLATBED
        if feeder or _supported(src, c.CAP_FEEDERENABLED):
            src.set_capability(c.CAP_FEEDERENABLED, c.TWTY_BOOL, int(feeder))
        if feeder:
            src.set_capability(
                c.CAP_DUPLEXENABLED, c.TWTY_BOOL, int(settings.source is Source.DUPLEX)
            )
            if not src.get_capability_current(c.CAP_FEEDERLOADED):
                raise fault("scanner_no_paper", device=src.name)
        src.set_capability(c.CAP_XFERCOUNT, c.TWTY_INT16, -1 if feeder else 1)

    def _transfer(self, src: Any, device: str, progress: Progress) -> Iterator[Image.Image]:
        win = self.twain.windows
        src.request_acquire(show_ui=False, modal_ui=False)
        more = 1
        while more:
            progress.check()
            handle, more = src.xfer_image_natively()
            try:
                bmp = win.dib_to_bm_file(handle)
            finally:
                win.GlobalFree(handle)
            with Image.open(io.BytesIO(bmp), formats=["BMP"]) as img:
                img.load()
                yield img.copy()


def _supported(src: Any, cap: int) -> bool:
    try:
        src.get_capability_current(cap)
    except Exception:  # CapUnsupported / BadCapability: the source has no such capability
        return False
    return True
