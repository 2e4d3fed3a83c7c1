"""The time a processing agency is given for its step, set at hand-over (optional): a number and
its unit (working days or working hours); zero means "not set" (the appointment is the yardstick)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QSpinBox, QWidget

from counter_app.domain.processing_time import ProcessingTime, TimeUnit
from counter_app.i18n import _


class StepBudget(QWidget):
    def __init__(self) -> None:
        super().__init__()
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.amount = QSpinBox()
        self.amount.setObjectName("stepBudget")
        self.amount.setRange(0, 99)
        self.amount.setSpecialValueText(_("not set"))
        self.unit = QComboBox()
        self.unit.setObjectName("stepBudgetUnit")
        self.unit.addItem(_("working days"), TimeUnit.WORKING_DAYS.value)
        self.unit.addItem(_("working hours"), TimeUnit.WORKING_HOURS.value)
        row.addWidget(self.amount)
        row.addWidget(self.unit, 1)
        self.setFocusProxy(self.amount)

    def value(self) -> ProcessingTime | None:
        if self.amount.value() == 0:
            return None
        return ProcessingTime(self.amount.value(), TimeUnit(self.unit.currentData()))
