"""A stand-in for the ``twain`` module (pytwain 2.3) with exactly the calls the adapter makes:
``SourceManager(parent_window, ProductName=…)`` (a context manager) with ``.source_list`` and
``.open_source(name)``; ``Source.set_capability(cap, type, value)``,
``.get_capability_current(cap)``, ``.request_acquire(show_ui, modal_ui)``,
``.xfer_image_natively()`` → ``(handle, remaining)``, ``.close()``, ``.name``;
``windows.dib_to_bm_file(handle)`` → BMP bytes, ``windows.GlobalFree(handle)``;
``lowlevel.constants`` (the real values) and ``exceptions`` (the real class names)."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from PIL import Image

CONSTANTS = SimpleNamespace(
    CAP_XFERCOUNT=1,
    CAP_FEEDERENABLED=4098,
    CAP_FEEDERLOADED=4099,
    CAP_DUPLEXENABLED=4115,
    ICAP_PIXELTYPE=257,
    ICAP_XRESOLUTION=4376,
    ICAP_YRESOLUTION=4377,
    TWPT_BW=0,
    TWPT_GRAY=1,
    TWPT_RGB=2,
    TWTY_INT16=1,
    TWTY_UINT16=4,
    TWTY_BOOL=6,
    TWTY_FIX32=7,
)


class TwainError(Exception):
    pass


class PaperJam(TwainError):
    pass


class CheckDeviceOnlineError(TwainError):
    pass


class CapUnsupported(TwainError):
    pass


class DSTransferCancelled(TwainError):
    pass


EXCEPTIONS = SimpleNamespace(
    TwainError=TwainError,
    PaperJam=PaperJam,
    CheckDeviceOnlineError=CheckDeviceOnlineError,
    CapUnsupported=CapUnsupported,
    DSTransferCancelled=DSTransferCancelled,
)


class StandInSource:
    def __init__(self, module: StandInTwain, name: str) -> None:
        self.module, self._name = module, name
        self.caps: dict[int, Any] = {}
        self.state = "open"

    @property
    def name(self) -> str:
        return self._name

    def set_capability(self, cap: int, type_id: int, value: Any) -> None:
        self.module.calls.append(("set_capability", cap, type_id, value))
        if (
            cap in (CONSTANTS.CAP_FEEDERENABLED, CONSTANTS.CAP_DUPLEXENABLED)
            and not self.module.feeder
        ):
            raise CapUnsupported
        self.caps[cap] = value

    def get_capability_current(self, cap: int) -> Any:
        if cap == CONSTANTS.CAP_FEEDERLOADED:
            return int(self.module.sheets > 0)
        if cap in (CONSTANTS.CAP_FEEDERENABLED, CONSTANTS.CAP_DUPLEXENABLED):
            if not self.module.feeder:
                raise CapUnsupported
            return self.caps.get(cap, 0)
        return self.caps.get(cap)

    def request_acquire(self, show_ui: bool, modal_ui: bool) -> None:
        assert self.state == "open"
        self.module.calls.append(("request_acquire", show_ui, modal_ui))
        self.state = "ready"

    def xfer_image_natively(self) -> tuple[Any, int]:
        assert self.state == "ready"
        module = self.module
        if module.fail_at is not None and module.served == module.fail_at[0]:
            raise module.fail_at[1]
        feeder = bool(self.caps.get(CONSTANTS.CAP_FEEDERENABLED))
        if feeder:
            module.sheets -= 1
        module.served += 1
        remaining = module.sheets if feeder else 0
        if not remaining:
            self.state = "open"
        return module.served, remaining

    def close(self) -> None:
        self.state = "closed"
        self.module.calls.append(("close",))


class StandInManager:
    def __init__(self, module: StandInTwain, parent_window: Any, ProductName: str = "") -> None:  # noqa: N803
        self.module = module
        module.calls.append(("SourceManager", parent_window, ProductName))

    def __enter__(self) -> StandInManager:
        return self

    def __exit__(self, *exc: object) -> None:
        self.module.calls.append(("SourceManager.close",))

    @property
    def source_list(self) -> list[str]:
        return list(self.module.sources)

    def open_source(self, product_name: str | None = None) -> StandInSource | None:
        assert product_name is not None, "the adapter never asks for the selection dialog"
        return (
            StandInSource(self.module, product_name)
            if product_name in self.module.sources
            else None
        )


class StandInTwain:
    """``module = StandInTwain(...)``, then ``TwainBackend(module=module)``."""

    def __init__(
        self, sources: tuple[str, ...] = ("Canon DR-C225",), sheets: int = 5, feeder: bool = True
    ) -> None:
        self.sources, self.sheets, self.feeder = sources, sheets, feeder
        self.served = 0
        self.fail_at: tuple[int, Exception] | None = None
        self.calls: list[tuple[Any, ...]] = []
        self.freed: list[int] = []
        self.lowlevel = SimpleNamespace(constants=CONSTANTS)
        self.exceptions = EXCEPTIONS
        self.windows = SimpleNamespace(dib_to_bm_file=self._bmp, GlobalFree=self.freed.append)

    def SourceManager(self, parent_window: Any, ProductName: str = "") -> StandInManager:  # noqa: N803
        return StandInManager(self, parent_window, ProductName)

    def _bmp(self, handle: int, path: str | None = None) -> bytes:
        out = io.BytesIO()
        Image.new("L", (100 + handle, 140), 255).save(out, "BMP")
        return out.getvalue()
