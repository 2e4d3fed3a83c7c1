"""The working queue as a Qt table: a model over a plain list of rows (napari's
``_qt/containers`` shape). Domain objects never hold view items; the model only reads them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCollator,
    QLocale,
    QModelIndex,
    QPersistentModelIndex,
    QSortFilterProxyModel,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from counter_app.domain.deadlines import WarningLevel
from counter_app.i18n import N_, _
from counter_app.services.desk import QueueRow
from ui import labels

HEADERS = (
    N_("Code"),
    N_("Applicant"),
    N_("Procedure"),
    N_("Status"),
    N_("Received"),
    N_("Appointment"),
    N_("Warning"),
)
NAME_COLUMN = 1
COLOURS = {
    WarningLevel.NORMAL: None,
    WarningLevel.DUE_SOON: QColor("#fff1c2"),
    WarningLevel.OVERDUE: QColor("#f8c9c4"),
}
Index = QModelIndex | QPersistentModelIndex
#: The value a column sorts by where its text does not sort right (times, warning, status).
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY = {WarningLevel.NORMAL: 0, WarningLevel.DUE_SOON: 1, WarningLevel.OVERDUE: 2}


class QueueModel(QAbstractTableModel):
    def __init__(self) -> None:
        super().__init__()
        self._rows: list[QueueRow] = []

    def set_rows(self, rows: list[QueueRow]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> QueueRow:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation is Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return _(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(row, index.column())
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = COLOURS[row.warning]
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.UserRole:
            return row.summary.code
        if role == SORT_ROLE:
            return self._sort_key(row, index.column())
        return None

    @staticmethod
    def _sort_key(row: QueueRow, column: int) -> str | int | None:
        """Times as ISO text (dd/MM/yyyy does not sort as text), the warning by severity, the
        status by its code; None: the column sorts by its words."""
        s = row.summary
        if column == 3:
            return int(s.status)
        if column in (4, 5):
            moment = s.received_at if column == 4 else s.due_at
            return labels.iso(moment)
        if column == 6:
            return SEVERITY[row.warning]
        return None

    @staticmethod
    def _text(row: QueueRow, column: int) -> str:
        s = row.summary
        values = (
            s.code,
            s.applicant_name,
            s.procedure_code,
            labels.status(s.status),
            labels.moment(s.received_at),
            labels.moment(s.due_at),
            _(labels.WARNING[row.warning]),
        )
        return values[column]


class VietnameseSortProxy(QSortFilterProxyModel):
    """Sorts names and words the Vietnamese way (QCollator, vi); times, warnings and statuses
    by their :data:`SORT_ROLE` value."""

    def __init__(self) -> None:
        super().__init__()
        self._collator = QCollator(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
        self._collator.setNumericMode(True)

    def lessThan(self, left: Index, right: Index) -> bool:
        key_a = self.sourceModel().data(left, SORT_ROLE)
        key_b = self.sourceModel().data(right, SORT_ROLE)
        if key_a is not None and key_b is not None:
            return bool(key_a < key_b)
        a = str(self.sourceModel().data(left) or "")
        b = str(self.sourceModel().data(right) or "")
        return self._collator.compare(a, b) < 0
