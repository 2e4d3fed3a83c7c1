"""A stand-in for the WIA Automation Layer as ``pywin32`` reaches it, with exactly the calls the
adapter makes: ``Dispatch("WIA.DeviceManager").DeviceInfos`` (``.Count``, 1-based ``.Item(i)``);
``DeviceInfo.Type``, ``.Properties``, ``.Connect()``; ``Device.Properties``, ``.Items.Item(1)``;
``Properties.Exists(id)``, ``.Item(id).Value`` (ids as strings); ``Item.Transfer(FormatID)`` →
an ImageFile whose ``FileData.BinaryData`` holds the BMP bytes; ``com_error`` raised the way
pywin32 raises it (``DISP_E_EXCEPTION`` with the WIA HRESULT in the EXCEPINFO's ``scode``), and
``CoInitialize`` / ``CoUninitialize``."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

from PIL import Image

DISP_E_EXCEPTION = -2147352567  # 0x80020009 as pywin32 reports it (signed)
PAPER_EMPTY, PAPER_JAM, COVER_OPEN = 0x80210003, 0x80210002, 0x80210016
OFFLINE, BUSY = 0x80210005, 0x80210006


class com_error(Exception):  # noqa: N801 - pywintypes' spelling
    pass


def wia_error(code: int) -> com_error:
    """As pywin32 raises a WIA failure: (hresult, text, excepinfo, argerr)."""
    signed = code - (1 << 32) if code >= 1 << 31 else code
    excepinfo = (0, "WIA", "device error", None, 0, signed)
    return com_error(DISP_E_EXCEPTION, "Exception occurred.", excepinfo, None)


class Property:
    def __init__(self, module: StandInWia, pid: str, value: Any) -> None:
        self.module, self.PropertyID, self._value = module, pid, value

    @property
    def Value(self) -> Any:
        return self._value

    @Value.setter
    def Value(self, value: Any) -> None:
        self.module.calls.append(("set", int(self.PropertyID), value))
        self._value = value


class Properties:
    def __init__(self, module: StandInWia, values: dict[str, Any]) -> None:
        self._props = {pid: Property(module, pid, v) for pid, v in values.items()}

    def Exists(self, index: str) -> bool:
        return index in self._props

    def Item(self, index: str) -> Property:
        if index not in self._props:
            raise com_error(-2147024809, "The parameter is incorrect.", None, None)
        return self._props[index]


class ScanItem:
    def __init__(self, module: StandInWia) -> None:
        self.module = module
        self.Properties = Properties(module, {"6146": 0, "4103": 2, "6147": 100, "6148": 100})

    def Transfer(self, format_id: str = "") -> Any:
        module = self.module
        module.calls.append(("Transfer", format_id))
        if module.fail_at is not None and module.served == module.fail_at[0]:
            raise wia_error(module.fail_at[1])
        feeder = bool(module.device_props.Item("3088").Value & 0x1)
        if feeder:
            if module.sheets <= 0:
                raise wia_error(PAPER_EMPTY)
            module.sheets -= 1
        module.served += 1
        out = io.BytesIO()
        Image.new("L", (100 + module.served, 140), 255).save(out, "BMP")
        data = out.getvalue()
        return SimpleNamespace(FileData=SimpleNamespace(BinaryData=data), FormatID=format_id)


class Items:
    def __init__(self, item: ScanItem) -> None:
        self._item = item
        self.Count = 1

    def Item(self, index: int) -> ScanItem:
        assert index == 1, "WIA collections are 1-based"
        return self._item


class StandInDeviceInfo:
    def __init__(self, module: StandInWia, name: str, kind: int) -> None:
        self.module, self.Type = module, kind
        self.DeviceID = "{6BDD1FC6-810F-11D0-BEC7-08002BE2092F}\\0000"
        self.Properties = Properties(module, {"7": name, "3": "Canon"})

    def Connect(self) -> Any:
        module = self.module
        module.calls.append(("Connect",))
        if module.offline:
            raise wia_error(OFFLINE)
        return SimpleNamespace(Properties=module.device_props, Items=Items(ScanItem(module)))


class DeviceInfos:
    def __init__(self, infos: list[StandInDeviceInfo]) -> None:
        self._infos = infos
        self.Count = len(infos)

    def Item(self, index: int) -> StandInDeviceInfo:
        assert 1 <= index <= self.Count, "WIA collections are 1-based"
        return self._infos[index - 1]


class StandInWia:
    """``module = StandInWia(...)``, then ``WiaBackend(module=module)``."""

    def __init__(
        self,
        names: tuple[str, ...] = ("Canon DR-C225 WIA",),
        sheets: int = 5,
        feeder: bool = True,
        duplex: bool = True,
    ) -> None:
        self.names, self.sheets = names, sheets
        self.served = 0
        self.offline = False
        self.fail_at: tuple[int, int] | None = None
        self.calls: list[tuple[Any, ...]] = []
        self.com_init = 0
        capabilities = 0x2 | (0x1 if feeder else 0) | (0x4 if feeder and duplex else 0)
        values: dict[str, Any] = {"3086": capabilities, "3088": 0x2}
        if feeder:
            values.update({"3087": 0x1 if sheets else 0, "3096": 1})
        self.device_props = Properties(self, values)
        self.com_error = com_error

    def Dispatch(self, progid: str) -> Any:
        assert progid == "WIA.DeviceManager"
        infos = [StandInDeviceInfo(self, name, 1) for name in self.names]
        infos.insert(0, StandInDeviceInfo(self, "Webcam", 3))  # a camera is not a scanner
        return SimpleNamespace(DeviceInfos=DeviceInfos(infos))

    def CoInitialize(self) -> None:
        self.com_init += 1

    def CoUninitialize(self) -> None:
        self.com_init -= 1
