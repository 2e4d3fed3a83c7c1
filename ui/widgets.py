"""Small shared widgets: a field with its error line underneath, Vietnamese standard buttons."""

from __future__ import annotations

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QVBoxLayout, QWidget

from counter_app.i18n import _


class ErrorLabel(QLabel):
    """The red line under a field that says what is wrong with it (hidden when nothing is)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("fieldError")
        self.setWordWrap(True)
        self.hide()

    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))


def with_error(widget: QWidget) -> tuple[QWidget, ErrorLabel]:
    """``widget`` above its error line, in one container for a form layout."""
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.setSpacing(1)
    layout.addWidget(widget)
    error = ErrorLabel()
    layout.addWidget(error)
    return box, error


def translate_buttons(box: QDialogButtonBox) -> None:
    """Qt ships no Vietnamese catalogue in the wheel: name the standard buttons ourselves."""
    names = {
        QDialogButtonBox.StandardButton.Ok: _("OK"),
        QDialogButtonBox.StandardButton.Cancel: _("Cancel"),
        QDialogButtonBox.StandardButton.Close: _("Close"),
        QDialogButtonBox.StandardButton.Yes: _("Yes"),
        QDialogButtonBox.StandardButton.No: _("No"),
        QDialogButtonBox.StandardButton.Save: _("Save"),
    }
    for kind, text in names.items():
        button = box.button(kind)
        if button is not None:
            button.setText(text)
