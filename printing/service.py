"""The printing room as the core sees it: the slip renderer (view data and archival PDF) and the
CUPS printer, built by ``counter_app.composition`` from the settings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from counter_app.domain.slip_kinds import SlipKind, SlipSource
from counter_app.settings import Settings
from printing.archive import archival
from printing.cups import CupsPrinter
from printing.fonts import register_fonts
from printing.render import TITLES, render_pdf, reprint_mark, view_from_json, view_to_json
from printing.slip_data import build_view

__all__ = ["CupsPrinter", "SlipPrinter"]


class SlipPrinter:
    """Implements ``counter_app.services.slips.SlipRenderer``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        register_fonts()  # a missing font file is reported before anything is issued

    def view(self, source: SlipSource) -> dict[str, Any]:
        return view_to_json(build_view(source, self.settings))

    def pdf(
        self,
        kind: SlipKind,
        view: Mapping[str, Any],
        *,
        reprint_at: datetime | None,
        thermal: bool,
        issued_at: datetime,
    ) -> bytes:
        data = view_from_json(kind, view)
        mark = reprint_mark(reprint_at) if reprint_at is not None else ""
        drawn = render_pdf(kind, data, mark=mark, thermal=thermal)
        code = str(view.get("header", {}).get("code", ""))
        return archival(drawn, TITLES[kind], issued_at, code)
