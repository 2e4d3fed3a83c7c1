"""One interface for every scanner backend (SANE, TWAIN, files, a watched folder).

A backend lists devices, tells what a device can do, and scans: it yields pages one at a time
(as Pillow images) so the pipeline can work on a page while the next one is scanned. Cancel goes
through :class:`counter_app.ports.Progress`: backends call ``progress.check()`` between pages.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Protocol

from PIL import Image

from counter_app.ports import Progress
from scanning.model import Capabilities, DeviceInfo, ScanSettings


class ScannerBackend(Protocol):
    name: str

    def devices(self) -> Sequence[DeviceInfo]: ...

    def capabilities(self, device: str) -> Capabilities: ...

    def scan(
        self, device: str, settings: ScanSettings, progress: Progress
    ) -> Iterator[Image.Image]:
        """Yield each page as it arrives; raise a typed error (scanning.errors) on a fault.
        The pages yielded before the fault are the caller's to keep."""
        ...
