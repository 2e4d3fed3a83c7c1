"""The procedure's document items as a checklist (present or missing, form, quantity, and for a
missing item the reason written on the supplement request), and its fees."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)

from counter_app.domain.dossier import FeeLine, MissingItem, ReceivedItem
from counter_app.domain.enums import DocumentForm, FeeTiming, PaymentMethod
from counter_app.domain.procedure import DocumentRequirement, Fee
from counter_app.i18n import _
from ui import labels


def _combo(options: dict[Any, str], current: Any) -> QComboBox:
    combo = QComboBox()
    for value, text in options.items():
        combo.addItem(_(text), value)
    combo.setCurrentIndex(max(combo.findData(current), 0))
    return combo


def _table(headers: list[str], parent: QWidget | None) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent)
    table.setHorizontalHeaderLabels(headers)
    table.verticalHeader().hide()
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setTabKeyNavigation(False)  # Tab walks the widgets inside, like the paper form
    table.setWordWrap(True)
    header = table.horizontalHeader()
    header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
    for column in range(1, len(headers)):
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
    last = len(headers) - 1  # free text (reason, receipt number): a fixed, comfortable width
    header.setSectionResizeMode(last, QHeaderView.ResizeMode.Fixed)
    table.setColumnWidth(last, 200)
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    return table


class Checklist(QWidget):
    """Rows of cell widgets; the table itself is only the grid."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _table(
            [_("Document"), _("Present"), _("Form"), _("Quantity"), _("If missing: reason")],
            self,
        )
        self.docs: list[DocumentRequirement] = []

    def load(self, docs: tuple[DocumentRequirement, ...]) -> None:
        self.docs = list(docs)
        self.table.setRowCount(len(docs))
        for row, doc in enumerate(docs):
            _name(self.table, row, doc.name)
            present = QCheckBox()
            present.setChecked(True)
            self.table.setCellWidget(row, 1, present)
            self.table.setCellWidget(row, 2, _combo(labels.FORM, doc.form))
            quantity = QSpinBox()
            quantity.setRange(0, 99)
            quantity.setValue(doc.quantity)
            self.table.setCellWidget(row, 3, quantity)
            self.table.setCellWidget(row, 4, QLineEdit())

    def _cells(self, row: int) -> tuple[QCheckBox, QComboBox, QSpinBox, QLineEdit]:
        t = self.table
        return (
            t.cellWidget(row, 1),
            t.cellWidget(row, 2),
            t.cellWidget(row, 3),
            t.cellWidget(row, 4),
        )  # type: ignore[return-value]

    def received(self) -> list[ReceivedItem]:
        items = []
        for row, doc in enumerate(self.docs):
            present, form, quantity, reason = self._cells(row)
            items.append(
                ReceivedItem(
                    doc.code,
                    doc.name,
                    DocumentForm(form.currentData()),
                    quantity.value(),
                    present.isChecked(),
                    reason.text(),
                )
            )
        return items

    def missing(self) -> list[MissingItem]:
        out = []
        for row, doc in enumerate(self.docs):
            present, _form, _quantity, reason = self._cells(row)
            if not present.isChecked():
                out.append(MissingItem(doc.name, reason.text().strip() or _("Not submitted")))
        return out

    def state(self) -> list[dict[str, Any]]:
        rows = []
        for row in range(len(self.docs)):
            present, form, quantity, reason = self._cells(row)
            rows.append(
                {
                    "present": present.isChecked(),
                    "form": form.currentData(),
                    "quantity": quantity.value(),
                    "reason": reason.text(),
                }
            )
        return rows

    def restore(self, rows: list[dict[str, Any]]) -> None:
        for row, values in enumerate(rows[: len(self.docs)]):
            present, form, quantity, reason = self._cells(row)
            present.setChecked(bool(values.get("present", True)))
            form.setCurrentIndex(max(form.findData(values.get("form")), 0))
            quantity.setValue(int(values.get("quantity", 1)))
            reason.setText(str(values.get("reason", "")))


def _name(table: QTableWidget, row: int, text: str) -> None:
    """The item's name as plain, read-only text (wrapped; the full text also as a tooltip)."""
    item = QTableWidgetItem(text)
    item.setFlags(Qt.ItemFlag.ItemIsEnabled)
    item.setToolTip(text)
    table.setItem(row, 0, item)


class FeeTable(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.table = _table(
            [_("Fee"), _("Amount (đ)"), _("When"), _("Paid by"), _("Receipt no.")], self
        )
        self.fees: list[Fee] = []

    def load(self, fees: tuple[Fee, ...]) -> None:
        self.fees = list(fees)
        self.table.setRowCount(len(fees))
        for row, fee in enumerate(fees):
            _name(self.table, row, fee.name)
            amount = QSpinBox()
            amount.setRange(0, 1_000_000_000)
            amount.setSingleStep(1000)
            amount.setGroupSeparatorShown(True)
            amount.setValue(fee.amount_vnd or 0)
            self.table.setCellWidget(row, 1, amount)
            self.table.setCellWidget(row, 2, _combo(labels.FEE_TIMING, FeeTiming.BEFORE))
            self.table.setCellWidget(row, 3, _combo(labels.PAYMENT, PaymentMethod.CASH))
            self.table.setCellWidget(row, 4, QLineEdit())

    def lines(self) -> list[FeeLine]:
        out = []
        for row, fee in enumerate(self.fees):
            t = self.table
            amount: QSpinBox = t.cellWidget(row, 1)  # type: ignore[assignment]
            timing: QComboBox = t.cellWidget(row, 2)  # type: ignore[assignment]
            method: QComboBox = t.cellWidget(row, 3)  # type: ignore[assignment]
            receipt: QLineEdit = t.cellWidget(row, 4)  # type: ignore[assignment]
            when = FeeTiming(timing.currentData())
            paid = PaymentMethod(method.currentData()) if when is FeeTiming.BEFORE else None
            out.append(FeeLine(fee.name, amount.value(), when, paid, receipt.text().strip()))
        return out
