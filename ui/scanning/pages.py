"""The scanned pages as thumbnails (icon mode): order by drag or move up/down, rotate, delete,
assign to a document item; blank pages carry a mark for review and are never dropped."""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QBrush, QColor, QIcon, QPixmap, QTransform
from PySide6.QtWidgets import QAbstractItemView, QListView, QListWidget, QListWidgetItem

from counter_app.i18n import _
from ui.session import PagePreview

_USER = int(Qt.ItemDataRole.UserRole)
KEY, ROTATION, ITEM, BLANK, PIXMAP = (_USER + i for i in range(5))
BLANK_COLOUR = QColor("#fff1c2")


class PageList(QListWidget):
    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("scanPages")
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setIconSize(QSize(120, 170))
        self.setGridSize(QSize(170, 230))
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setWordWrap(True)
        self.model().rowsMoved.connect(lambda *_args: self.relabel())

    def add_page(self, preview: PagePreview, item_code: str, row: int | None = None) -> None:
        pixmap = QPixmap()
        pixmap.loadFromData(preview.thumbnail, "PNG")
        entry = QListWidgetItem()
        for role, value in (
            (KEY, preview.key),
            (ROTATION, 0),
            (ITEM, item_code),
            (BLANK, preview.blank),
            (PIXMAP, pixmap),
        ):
            entry.setData(role, value)
        if preview.blank:
            entry.setBackground(QBrush(BLANK_COLOUR))
        self.insertItem(self.count() if row is None else row, entry)
        self._draw(entry)
        self.relabel()

    def entries(self) -> list[QListWidgetItem]:
        return [self.item(i) for i in range(self.count())]

    def relabel(self) -> None:
        for number, entry in enumerate(self.entries(), start=1):
            text = _("Page {n} · {item}").format(n=number, item=entry.data(ITEM))
            if entry.data(BLANK):
                text += "\n" + _("⚠ Blank? Check")
            entry.setText(text)

    def _draw(self, entry: QListWidgetItem) -> None:
        pixmap: QPixmap = entry.data(PIXMAP)
        turned = pixmap.transformed(QTransform().rotate(entry.data(ROTATION)))
        entry.setIcon(QIcon(turned))

    def selected_rows(self) -> list[int]:
        return sorted(self.row(e) for e in self.selectedItems())

    def rotate_selected(self, degrees: int = 90) -> None:
        for entry in self.selectedItems():
            entry.setData(ROTATION, (entry.data(ROTATION) + degrees) % 360)
            self._draw(entry)

    def delete_selected(self) -> int:
        rows = self.selected_rows()
        for row in reversed(rows):
            self.takeItem(row)
        self.relabel()
        return len(rows)

    def move_selected(self, step: int) -> None:
        rows = self.selected_rows()
        if len(rows) != 1:
            return
        row, target = rows[0], rows[0] + step
        if not 0 <= target < self.count():
            return
        entry = self.takeItem(row)
        self.insertItem(target, entry)
        self.setCurrentItem(entry)
        self.relabel()

    def assign_selected(self, item_code: str) -> None:
        for entry in self.selectedItems():
            entry.setData(ITEM, item_code)
        self.relabel()

    def by_item(self) -> dict[str, list[tuple[int, int]]]:
        """Each document item's pages in order: (adapter key, rotation in degrees)."""
        grouped: dict[str, list[tuple[int, int]]] = {}
        for entry in self.entries():
            grouped.setdefault(entry.data(ITEM), []).append(
                (int(entry.data(KEY)), int(entry.data(ROTATION)))
            )
        return grouped
