"""WIA (Windows Image Acquisition) through its Automation Layer, the fallback on Windows when no
64-bit TWAIN source is installed (many office scanners ship 32-bit-only TWAIN drivers, which a
64-bit Python cannot load; every scanner with a Windows driver also has a WIA driver).

The calls are the WIA Automation Layer's (``wiaaut.dll``) as a Python program reaches them with
``pywin32`` (optional extra ``counter-app[wia]``, Windows only; PSF-style licence)::

    manager = win32com.client.Dispatch("WIA.DeviceManager")
    manager.DeviceInfos.Count / .Item(i)           # 1-based; DeviceInfo.DeviceID, .Type (1 = scanner)
    info.Properties.Item("Name").Value             # WIA_DIP_DEV_NAME
    device = info.Connect()                        # Device: .Properties (root item), .Items
    item = device.Items.Item(1)                    # the scan item
    item.Properties.Exists("6147"); item.Properties.Item("6147").Value = 300
    image = item.Transfer(FORMAT_BMP)              # ImageFile; image.FileData.BinaryData → bytes

References (Microsoft Learn, "Windows Image Acquisition Automation Layer"):
``wiaaut/-wiaaut-objects`` (DeviceManager, DeviceInfos, DeviceInfo, Device, Items, Item,
Properties, ImageFile), ``wiaaut/-wiaaut-iitem-transfer`` (``Item.Transfer([FormatID])`` returns
an ImageFile, no UI), ``wia/-wia-wia-property-constant-definitions`` (ids: 3086 document handling
capabilities, 3087 status, 3088 select, 3096 pages, 4103 data type, 6146 current intent, 6147/6148
horizontal/vertical resolution), ``windows-hardware/drivers/image/wia-dps-document-handling-select``
(FEEDER 0x1, FLATBED 0x2, DUPLEX 0x4) and ``wia/-wia-error-codes`` (the HRESULTs below).

WIA errors reach Python as ``pywintypes.com_error``: either the HRESULT itself, or
``DISP_E_EXCEPTION`` with the WIA code in the EXCEPINFO's ``scode``; both are read. COM is
initialised on the scanning thread (``pythoncom.CoInitialize``): scans run on a worker lane.
The module is injectable (``WiaBackend(module=…)``), so tests drive the adapter through a
stand-in device manager with the same calls (no WIA exists on Linux).
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from types import SimpleNamespace
from typing import Any

from PIL import Image

from counter_app.domain.errors import DomainError, EnvironmentProblem
from counter_app.ports import Progress
from scanning.errors import ScannerMissing, fault
from scanning.model import Capabilities, ColorMode, DeviceInfo, ScanSettings, Source

PROGID = "WIA.DeviceManager"
SCANNER_DEVICE_TYPE = 1
FORMAT_BMP = "{B96B3CAB-0728-11D3-9D7B-0000F81EF32E}"  # wiaFormatBMP: lossless, every driver

# Property ids (WiaItemPropertyId).
DEVICE_NAME = "7"
HANDLING_CAPABILITIES = 3086
HANDLING_STATUS = 3087
HANDLING_SELECT = 3088
PAGES = 3096
DATA_TYPE = 4103
CURRENT_INTENT = 6146
X_RESOLUTION = 6147
Y_RESOLUTION = 6148

# WIA_DPS_DOCUMENT_HANDLING_* flags.
FEEDER, FLATBED, DUPLEX = 0x001, 0x002, 0x004
FEED_READY = 0x001
# WIA_INTENT_IMAGE_TYPE_* and WIA_DATA_*.
INTENT = {ColorMode.COLOR: 0x1, ColorMode.GRAY: 0x2, ColorMode.BW: 0x4}
DATA = {ColorMode.BW: 0, ColorMode.GRAY: 2, ColorMode.COLOR: 3}

DISP_E_EXCEPTION = 0x80020009
WIA_ERROR_PAPER_EMPTY = 0x80210003
#: WIA HRESULT → our code (the feeder running empty after a page is the end of the batch).
WIA_FAULTS: dict[int, str] = {
    0x80210001: "scanner_failed",  # GENERAL_ERROR
    0x80210002: "scanner_jammed",  # PAPER_JAM
    WIA_ERROR_PAPER_EMPTY: "scanner_no_paper",
    0x80210004: "scanner_jammed",  # PAPER_PROBLEM
    0x80210005: "scanner_device_gone",  # OFFLINE
    0x80210006: "scanner_busy",  # BUSY
    0x80210007: "scanner_busy",  # WARMING_UP
    0x80210009: "scanner_device_gone",  # ITEM_DELETED
    0x8021000A: "scanner_device_gone",  # DEVICE_COMMUNICATION
    0x8021000D: "scanner_busy",  # DEVICE_LOCKED
    0x80210016: "scanner_cover_open",  # COVER_OPEN
    0x80210020: "scanner_jammed",  # MULTI_FEED
}


def _load() -> Any:
    try:
        import pythoncom
        import pywintypes
        import win32com.client
    except ImportError as exc:  # pywin32 missing (or not Windows)
        raise EnvironmentProblem("scanner_unavailable", backend="WIA") from exc
    return SimpleNamespace(
        Dispatch=win32com.client.Dispatch,
        com_error=pywintypes.com_error,
        CoInitialize=pythoncom.CoInitialize,
        CoUninitialize=pythoncom.CoUninitialize,
    )


def hresult(exc: BaseException) -> int:
    """The WIA HRESULT a ``com_error`` carries (unsigned), or 0."""
    args: tuple[Any, ...] = tuple(getattr(exc, "args", ()))
    code = args[0] if args and isinstance(args[0], int) else 0
    excepinfo = args[2] if len(args) > 2 else None
    if (code & 0xFFFFFFFF) == DISP_E_EXCEPTION and excepinfo and len(excepinfo) > 5:
        code = excepinfo[5] or code
    return int(code) & 0xFFFFFFFF


class WiaBackend:
    name = "wia"

    def __init__(self, module: Any | None = None) -> None:
        self._module = module

    @property
    def wia(self) -> Any:
        if self._module is None:
            self._module = _load()
        return self._module

    def _scanners(self) -> dict[str, Any]:
        """Scanner DeviceInfos by name (the name is what the officer sees and passes back)."""
        infos = self.wia.Dispatch(PROGID).DeviceInfos
        found = {}
        for i in range(1, infos.Count + 1):
            info = infos.Item(i)
            if info.Type == SCANNER_DEVICE_TYPE:
                found[str(info.Properties.Item(DEVICE_NAME).Value)] = info
        return found

    def devices(self) -> Sequence[DeviceInfo]:
        with _Com(self.wia):
            return [DeviceInfo(name, kind="WIA") for name in self._scanners()]

    def capabilities(self, device: str) -> Capabilities:
        with _Com(self.wia):
            return self._caps(self._connect(device))

    def _connect(self, device: str) -> Any:
        info = self._scanners().get(device)
        if info is None:
            raise ScannerMissing(device=device)
        try:
            return info.Connect()
        except self.wia.com_error as exc:
            raise self._fault(exc, device) from exc

    def _caps(self, dev: Any) -> Capabilities:
        flags = _get(dev.Properties, HANDLING_CAPABILITIES, FLATBED)
        sources = [Source.FLATBED] if flags & FLATBED or not flags & FEEDER else []
        sources += [Source.ADF] if flags & FEEDER else []
        sources += [Source.DUPLEX] if flags & FEEDER and flags & DUPLEX else []
        return Capabilities(tuple(sources), tuple(ColorMode), 50, 600)

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        with _Com(self.wia):
            dev = self._connect(device)
            self._caps(dev).check(settings)  # wrong input before the driver sees it
            try:
                item = dev.Items.Item(1)
                self._negotiate(dev, item, settings, device)
                yield from self._transfer(item, settings, device, progress)
            except self.wia.com_error as exc:
                raise self._fault(exc, device) from exc

    def _negotiate(self, dev: Any, item: Any, settings: ScanSettings, device: str) -> None:
        feeder = settings.source is not Source.FLATBED
        select = FLATBED
        if feeder:
            select = FEEDER | (DUPLEX if settings.source is Source.DUPLEX else 0)
        if _has(dev.Properties, HANDLING_SELECT):
            _set(dev.Properties, HANDLING_SELECT, select)
        if feeder:
            if _has(dev.Properties, PAGES):
                _set(dev.Properties, PAGES, 0)  # ALL_PAGES: until the feeder is empty
            if not _get(dev.Properties, HANDLING_STATUS, 0) & FEED_READY:
                raise fault("scanner_no_paper", device=device)
        props = item.Properties
        _set(props, CURRENT_INTENT, INTENT[settings.mode])  # first: the intent resets the rest
        if _has(props, DATA_TYPE):
            _set(props, DATA_TYPE, DATA[settings.mode])
        _set(props, X_RESOLUTION, settings.dpi)
        _set(props, Y_RESOLUTION, settings.dpi)

    def _transfer(
        self, item: Any, settings: ScanSettings, device: str, progress: Progress
    ) -> Iterator[Image.Image]:
        feeder = settings.source is not Source.FLATBED
        pages = 0
        while True:
            progress.check()
            try:
                image_file = item.Transfer(FORMAT_BMP)
            except self.wia.com_error as exc:
                if feeder and pages and hresult(exc) == WIA_ERROR_PAPER_EMPTY:
                    return  # the feeder ran out: the batch is complete
                raise
            data = bytes(image_file.FileData.BinaryData)
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                page = img.copy()
            pages += 1
            yield page
            if not feeder:
                return

    def _fault(self, exc: BaseException, device: str) -> DomainError:
        code = hresult(exc)
        return fault(WIA_FAULTS.get(code, "scanner_failed"), device=device, detail=f"{code:#010x}")


class _Com:
    """COM initialised for the calling thread (scans run on a worker lane, not the main one)."""

    def __init__(self, module: Any) -> None:
        self.module = module

    def __enter__(self) -> None:
        self.module.CoInitialize()

    def __exit__(self, *exc: object) -> None:
        self.module.CoUninitialize()


def _has(props: Any, pid: int) -> bool:
    return bool(props.Exists(str(pid)))


def _get(props: Any, pid: int, default: int) -> int:
    return int(props.Item(str(pid)).Value) if _has(props, pid) else default


def _set(props: Any, pid: int, value: int) -> None:
    props.Item(str(pid)).Value = value
