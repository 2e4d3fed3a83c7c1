"""The bundled icons (Lucide, ISC licence: ``resources/icons/LICENSE``), loaded in one place.

Each SVG's ``currentColor`` stroke becomes the theme's colour (grey when disabled), and the icon is
drawn as a vector at the size and device pixel ratio asked for, so it stays sharp on high-DPI
screens. A missing or unreadable file gives an empty icon (logged), never an error.
"""

from __future__ import annotations

import logging
from functools import cache

from PySide6.QtCore import QByteArray, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QIconEngine, QPainter, QPixmap
from PySide6.QtSvg import QSvgRenderer

from counter_app.resources import resource_path

log = logging.getLogger(__name__)

COLOUR, DISABLED_COLOUR = "#0b4f8a", "#9fb4c8"


class SvgIconEngine(QIconEngine):
    """Renders one SVG at any size; the disabled mode in the disabled colour."""

    def __init__(self, svg: str) -> None:
        super().__init__()
        self.svg = svg
        self.renderers = {
            mode: QSvgRenderer(QByteArray(svg.replace("currentColor", colour).encode()))
            for mode, colour in (
                (QIcon.Mode.Normal, COLOUR),
                (QIcon.Mode.Disabled, DISABLED_COLOUR),
            )
        }

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        renderer = self.renderers.get(mode, self.renderers[QIcon.Mode.Normal])
        renderer.render(painter, QRectF(rect))

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def scaledPixmap(
        self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float
    ) -> QPixmap:
        pixmap = QPixmap(size * scale)
        pixmap.setDevicePixelRatio(scale)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        self.paint(painter, QRect(0, 0, size.width(), size.height()), mode, state)
        painter.end()
        return pixmap

    def clone(self) -> QIconEngine:
        return SvgIconEngine(self.svg)


@cache
def icon(name: str) -> QIcon:
    """``icon("printer")`` → the icon of ``resources/icons/printer.svg``."""
    path = resource_path("icons", f"{name}.svg")
    try:
        svg = path.read_text(encoding="utf-8")
    except OSError:
        log.warning("icon %s is missing", name)
        return QIcon()
    if QGuiApplication.instance() is None:  # pragma: no cover - icons need the application
        return QIcon()
    return QIcon(SvgIconEngine(svg))
