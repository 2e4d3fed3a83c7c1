"""The queue model: Vietnamese name order (QCollator, vi) and the warning colours."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush
from pytestqt.qtbot import QtBot

from counter_app.domain.deadlines import WarningLevel
from counter_app.domain.dossier import DossierSummary
from counter_app.domain.enums import DossierStatus
from counter_app.domain.vntime import VN_TZ
from counter_app.services.desk import QueueRow
from ui.models.queue_model import COLOURS, NAME_COLUMN, QueueModel, VietnameseSortProxy

AT = datetime(2026, 3, 2, 9, 0, tzinfo=VN_TZ)


def _row(name: str, warning: WarningLevel = WarningLevel.NORMAL) -> QueueRow:
    summary = DossierSummary(name, f"C-{name}", "1.000894", name, DossierStatus.RECEIVED, AT, AT)
    return QueueRow(summary, warning)


def test_names_sort_the_vietnamese_way(qtbot: QtBot) -> None:
    model = QueueModel()
    names = ["Đỗ Văn An", "Dương Thị Hà", "Ánh Nguyệt", "Bùi Lan", "Anh Tú", "Ê Đê"]
    model.set_rows([_row(n) for n in names])
    proxy = VietnameseSortProxy()
    proxy.setSourceModel(model)
    proxy.sort(NAME_COLUMN, Qt.SortOrder.AscendingOrder)
    shown = [proxy.data(proxy.index(r, NAME_COLUMN)) for r in range(proxy.rowCount())]
    # tones weigh less than letters (Ánh Nguyệt before Anh Tú: n < t); Đ is its own letter after
    # D, and Ê after E — an ASCII or code-point sort gets both wrong
    assert shown == ["Ánh Nguyệt", "Anh Tú", "Bùi Lan", "Dương Thị Hà", "Đỗ Văn An", "Ê Đê"]


def test_warning_colours(qtbot: QtBot) -> None:
    model = QueueModel()
    model.set_rows([_row("A"), _row("B", WarningLevel.DUE_SOON), _row("C", WarningLevel.OVERDUE)])
    role = Qt.ItemDataRole.BackgroundRole
    assert model.data(model.index(0, 0), role) is None
    for row, level in ((1, WarningLevel.DUE_SOON), (2, WarningLevel.OVERDUE)):
        brush = model.data(model.index(row, 0), role)
        assert isinstance(brush, QBrush) and brush.color() == COLOURS[level]
    assert model.data(model.index(2, 6)) == "Quá hạn"


def test_times_and_warnings_sort_in_their_own_order(qtbot: QtBot) -> None:
    """dd/MM/yyyy text would put 02/04 before 31/03; the warning sorts by severity."""
    model = QueueModel()
    rows = []
    for name, day, month, warning in (
        ("A", 2, 4, WarningLevel.NORMAL),
        ("B", 31, 3, WarningLevel.OVERDUE),
        ("C", 15, 3, WarningLevel.DUE_SOON),
    ):
        due = datetime(2026, month, day, 9, 0, tzinfo=VN_TZ)
        summary = DossierSummary(name, name, "1.000894", name, DossierStatus.RECEIVED, AT, due)
        rows.append(QueueRow(summary, warning))
    model.set_rows(rows)
    proxy = VietnameseSortProxy()
    proxy.setSourceModel(model)

    def names_by(column: int) -> list[str]:
        proxy.sort(column, Qt.SortOrder.AscendingOrder)
        return [str(proxy.data(proxy.index(r, NAME_COLUMN))) for r in range(proxy.rowCount())]

    assert names_by(5) == ["C", "B", "A"]  # the appointment, in time order
    assert names_by(6) == ["A", "C", "B"]  # normal, due soon, overdue
