"""What a scan is asked for and what it gives: settings, devices, capabilities (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from counter_app.domain.errors import ValidationError

MM_PER_INCH = 25.4


class Source(StrEnum):
    FLATBED = "flatbed"
    ADF = "adf"
    DUPLEX = "duplex"


class ColorMode(StrEnum):
    BW = "bw"
    GRAY = "gray"
    COLOR = "color"


#: Paper sizes in millimetres (width, height).
PAGE_SIZES: dict[str, tuple[float, float]] = {
    "a4": (210.0, 297.0),
    "a5": (148.0, 210.0),
    "letter": (215.9, 279.4),
    "legal": (215.9, 355.6),
}


@dataclass(frozen=True)
class ScanSettings:
    source: Source = Source.FLATBED
    dpi: int = 200
    mode: ColorMode = ColorMode.GRAY
    page_size: str = "a4"

    def __post_init__(self) -> None:
        if not 50 <= self.dpi <= 1200:
            raise ValidationError("invalid_scan_setting", field="dpi", value=str(self.dpi))
        if self.page_size not in PAGE_SIZES:
            raise ValidationError("invalid_scan_setting", field="page_size", value=self.page_size)

    @property
    def size_mm(self) -> tuple[float, float]:
        return PAGE_SIZES[self.page_size]


@dataclass(frozen=True)
class DeviceInfo:
    name: str  # what to pass back to the backend (e.g. "test:0", "twain:Canon DR-C225")
    vendor: str = ""
    model: str = ""
    kind: str = ""


@dataclass(frozen=True)
class Capabilities:
    sources: tuple[Source, ...]
    modes: tuple[ColorMode, ...]
    dpi_min: int = 50
    dpi_max: int = 600
    max_size_mm: tuple[float, float] = (216.0, 356.0)
    extra: dict[str, str] = field(default_factory=dict)

    def check(self, settings: ScanSettings) -> None:
        """Refuse settings the device cannot do, naming the setting (wrong input, exit 2)."""
        if settings.source not in self.sources:
            raise ValidationError(
                "invalid_scan_setting", field="source", value=str(settings.source)
            )
        if settings.mode not in self.modes:
            raise ValidationError("invalid_scan_setting", field="mode", value=str(settings.mode))
        if not self.dpi_min <= settings.dpi <= self.dpi_max:
            raise ValidationError("invalid_scan_setting", field="dpi", value=str(settings.dpi))
