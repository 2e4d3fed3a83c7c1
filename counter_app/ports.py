"""The interfaces the core needs from outside. Adapters (scanning/, printing/, sync/, ui/) and
tests implement them; the core never imports an adapter (only ``composition`` wires them)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from threading import Event
from typing import Any, Protocol

from counter_app.domain.errors import Cancelled
from counter_app.domain.vntime import as_vn, now_vn


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (Vietnam time)."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return now_vn()


class FixedClock:
    """A clock that moves only when told: demos, tests, replays."""

    def __init__(self, start: datetime) -> None:
        self._now = as_vn(start)

    def now(self) -> datetime:
        return self._now

    def set(self, moment: datetime) -> None:
        self._now = as_vn(moment)

    def advance(self, delta: timedelta) -> None:
        self._now += delta


@dataclass
class Progress:
    """Progress reported by Qt-free work and polled (or observed) by the GUI; carries cancel back."""

    total: int = 0
    done: int = 0
    message: str = ""
    _cancel: Event = field(default_factory=Event, repr=False)

    def advance(self, step: int = 1, message: str | None = None) -> None:
        self.done += step
        if message is not None:
            self.message = message

    def start(self, total: int, message: str = "") -> None:
        """Begin a stage of ``total`` steps (0: unknown length)."""
        self.total, self.done, self.message = total, 0, message

    def cancel(self) -> None:
        self._cancel.set()

    def check(self) -> None:
        """Raise :class:`Cancelled` if the user asked to stop; long work calls it between steps."""
        if self._cancel.is_set():
            raise Cancelled

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()


class SecretStore(Protocol):
    """Credentials and tokens; implemented over the OS keyring, never a file."""

    def get(self, name: str) -> str | None: ...

    def set(self, name: str, value: str) -> None: ...

    def delete(self, name: str) -> None: ...


@dataclass(frozen=True)
class ScannedPage:
    image: bytes  # encoded image (PNG/JPEG/TIFF)
    mime: str
    dpi: int
    mode: str  # "bw" | "gray" | "color"


class Scanner(Protocol):
    def devices(self) -> Sequence[str]: ...

    def scan(
        self, device: str, options: dict[str, Any], progress: Progress
    ) -> Iterator[ScannedPage]: ...


class Printer(Protocol):
    def queues(self) -> Sequence[str]: ...

    def print_pdf(self, pdf: bytes, queue: str, copies: int = 1) -> str:
        """Submit and return the queue's job id."""
        ...


class CentralSystem(Protocol):
    """The provincial one-stop system as the sync engine sees it."""

    def push(self, events: Sequence[dict[str, Any]]) -> Sequence[str]:
        """Send outbox events; return the ids the server acknowledged."""
        ...

    def calendar_overrides(self) -> dict[str, list[str]]: ...
