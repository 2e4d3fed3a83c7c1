"""SANE (Linux) through ``python-sane``.

Each scan runs the device in its own thread and hands pages over a queue, so the caller (and the
page pipeline behind it) works on page *n* while page *n+1* is read; every wait has a timeout (a
driver that hangs becomes ``scan_timeout`` instead of a frozen counter). Driver statuses become
typed errors (:data:`scanning.errors.SANE_MESSAGES`).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from PIL import Image

from counter_app.domain.errors import EnvironmentProblem
from counter_app.ports import Progress
from scanning.errors import SANE_MESSAGES, ScannerMissing, fault
from scanning.model import Capabilities, ColorMode, DeviceInfo, ScanSettings, Source

_init_lock = threading.Lock()
_state = {"initialised": False}
_END = object()

#: Words drivers use in their ``source`` option, tried in order.
SOURCE_WORDS: dict[Source, tuple[str, ...]] = {
    Source.FLATBED: ("flatbed", "platen", "normal"),
    Source.DUPLEX: ("duplex",),
    Source.ADF: ("automatic document feeder", "adf front", "adf", "feeder"),
}
MODE_WORDS: dict[ColorMode, tuple[str, ...]] = {
    ColorMode.BW: ("lineart", "binary", "black & white"),
    ColorMode.GRAY: ("gray", "grey"),
    ColorMode.COLOR: ("color", "colour"),
}


def _sane() -> Any:
    try:
        import sane
    except ImportError as exc:
        raise EnvironmentProblem("scanner_unavailable", backend="SANE") from exc
    with _init_lock:
        if not _state["initialised"]:
            sane.init()
            _state["initialised"] = True
    return sane


def _pick(choices: Sequence[str], words: tuple[str, ...], exclude: str = "") -> str | None:
    for word in words:
        for choice in choices:
            low = choice.lower()
            if word in low and not (exclude and exclude in low):
                return choice
    return None


class SaneBackend:
    name = "sane"

    def __init__(
        self,
        page_timeout: float = 60.0,
        after_page: Callable[[Any, int], None] | None = None,
    ) -> None:
        """``after_page(device, pages_read)`` runs on the reading thread after each page: a place
        for driver-specific options between sheets (the tests inject faults through it)."""
        self.page_timeout = page_timeout
        self.after_page = after_page

    def devices(self) -> Sequence[DeviceInfo]:
        return [DeviceInfo(d[0], d[1], d[2], d[3]) for d in _sane().get_devices(localOnly=False)]

    def _open(self, device: str) -> Any:
        sane = _sane()
        try:
            return sane.open(device)
        except Exception as exc:  # _sane.error: "Invalid argument" for an unknown name
            raise ScannerMissing(device=device) from exc

    def capabilities(self, device: str) -> Capabilities:
        dev = self._open(device)
        try:
            return _capabilities(dev)
        finally:
            dev.close()

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        dev = self._open(device)
        pages: queue.Queue[Any] = queue.Queue(maxsize=2)
        stop = threading.Event()
        worker: threading.Thread | None = None
        try:
            caps = _capabilities(dev)
            caps.check(settings)
            _apply(dev, settings)
            worker = threading.Thread(
                target=_read_pages,
                args=(dev, settings, pages, stop, self.after_page),
                daemon=True,
            )
            worker.start()
            yield from _drain(pages, device, self.page_timeout, progress, stop, dev)
        finally:
            stop.set()
            _quiet(dev.cancel)
            if worker is not None:
                worker.join(timeout=10)
            if worker is None or not worker.is_alive():
                _quiet(dev.close)
            # else: the driver hangs inside a read; closing under it would crash the process,
            # so the handle is left to the hung thread (the scanner needs a power cycle anyway).


def _drain(
    pages: queue.Queue[Any],
    device: str,
    timeout: float,
    progress: Progress,
    stop: threading.Event,
    dev: Any,
) -> Iterator[Image.Image]:
    count = 0
    while True:
        progress.check()
        try:
            item = pages.get(timeout=timeout)
        except queue.Empty:
            stop.set()
            _quiet(dev.cancel)
            raise fault("scan_timeout", device=device, seconds=int(timeout)) from None
        if item is _END:
            return
        if isinstance(item, BaseException):
            code = SANE_MESSAGES.get(str(item), "scanner_failed")
            if code == "scanner_no_paper" and count:
                return  # the feeder emptied after the stack: the normal end of an ADF batch
            raise fault(code, device=device, detail=str(item)) from item
        count += 1
        yield item


def _read_pages(
    dev: Any,
    settings: ScanSettings,
    out: queue.Queue[Any],
    stop: threading.Event,
    after_page: Callable[[Any, int], None] | None,
) -> None:
    feeder = settings.source is not Source.FLATBED
    read = 0
    try:
        while not stop.is_set():
            dev.start()
            _put(out, dev.snap(), stop)
            read += 1
            if after_page is not None:
                after_page(dev, read)
            if not feeder:
                break
        _put(out, _END, stop)
    except Exception as exc:  # every driver status, handed to the consumer to type
        _put(out, exc, stop)


def _put(out: queue.Queue[Any], item: object, stop: threading.Event) -> None:
    """Hand a page over, giving up when the consumer has gone (cancel, fault, timeout)."""
    while not stop.is_set():
        try:
            out.put(item, timeout=0.2)
            return
        except queue.Full:
            continue


def _capabilities(dev: Any) -> Capabilities:
    opts = {o[1]: o for o in dev.get_options() if o[1]}
    sources_raw = list(opts["source"][8]) if "source" in opts else []
    sources = [s for s in Source if _source_name(sources_raw, s) is not None] or [Source.FLATBED]
    modes_raw = list(opts["mode"][8]) if "mode" in opts else []
    modes = {m for m in ColorMode if _pick(modes_raw, MODE_WORDS[m])}
    modes.add(ColorMode.BW)  # thresholded from grey by the pipeline when the driver has no lineart
    dpi = opts.get("resolution")
    lo, hi = (50, 600)
    if dpi is not None and isinstance(dpi[8], tuple):
        lo, hi = max(int(dpi[8][0]), 50), int(dpi[8][1])
    elif dpi is not None and isinstance(dpi[8], list):
        lo, hi = int(min(dpi[8])), int(max(dpi[8]))
    width = float(opts["br-x"][8][1]) if "br-x" in opts else 216.0
    height = float(opts["br-y"][8][1]) if "br-y" in opts else 297.0
    return Capabilities(
        tuple(sources), tuple(m for m in ColorMode if m in modes), lo, hi, (width, height)
    )


def _source_name(raw: Sequence[str], source: Source) -> str | None:
    if not raw:
        return "" if source is Source.FLATBED else None
    exclude = "duplex" if source is Source.ADF else ""
    return _pick(raw, SOURCE_WORDS[source], exclude)


def _apply(dev: Any, settings: ScanSettings) -> None:
    opts = {o[1]: o for o in dev.get_options() if o[1]}
    if "source" in opts:
        dev.source = _source_name(list(opts["source"][8]), settings.source)
    if "mode" in opts:
        wanted = ColorMode.GRAY if settings.mode is ColorMode.BW else settings.mode
        dev.mode = _pick(list(opts["mode"][8]), MODE_WORDS[wanted])
    if "resolution" in opts:
        dev.resolution = settings.dpi
    width, height = settings.size_mm
    if "br-x" in opts and "tl-x" in opts:
        dev.tl_x, dev.tl_y = 0, 0
        dev.br_x = min(width, float(opts["br-x"][8][1]))
        dev.br_y = min(height, float(opts["br-y"][8][1]))


def _quiet(call: Any) -> None:
    try:
        call()
    except Exception:  # closing a device that is already gone
        return
