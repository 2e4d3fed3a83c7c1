"""Qt's own words (standard buttons, the file dialog, a text field's context menu) in Vietnamese.

Qt ships no Vietnamese catalogue (``qtbase_vi.qm`` is in no PySide6 wheel), so this translator
answers for Qt's contexts from the project's one gettext catalogue: the English source strings
below are Qt's, marked with ``N_`` so ``make i18n`` collects them, and translated in
``resources/i18n/vi.po`` like every other string. Anything not listed stays as Qt has it.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, QTranslator

from counter_app.i18n import N_, _

#: Qt's source texts by context (Qt 6).
QT_TEXTS: dict[str, tuple[str, ...]] = {
    "QPlatformTheme": (
        N_("OK"),
        N_("Save"),
        N_("Save All"),
        N_("Open"),
        N_("&Yes"),
        N_("Yes to &All"),
        N_("&No"),
        N_("N&o to All"),
        N_("Abort"),
        N_("Retry"),
        N_("Ignore"),
        N_("Close"),
        N_("Cancel"),
        N_("Discard"),
        N_("Help"),
        N_("Apply"),
        N_("Reset"),
        N_("Restore Defaults"),
    ),
    "QFileDialog": (
        N_("Look in:"),
        N_("File &name:"),
        N_("Files of type:"),
        N_("&Open"),
        N_("&Save"),
        N_("&Choose"),
        N_("Cancel"),
        N_("Back"),
        N_("Forward"),
        N_("Parent Directory"),
        N_("Create New Folder"),
        N_("List View"),
        N_("Detail View"),
        N_("New Folder"),
        N_("All Files (*)"),
        N_("&Delete"),
        N_("&Rename"),
        N_("Show &hidden files"),
    ),
    "QFileSystemModel": (N_("Name"), N_("Size"), N_("Type"), N_("Date Modified")),
    "QLineEdit": (
        N_("&Undo"),
        N_("&Redo"),
        N_("Cu&t"),
        N_("&Copy"),
        N_("&Paste"),
        N_("Delete"),
        N_("Select All"),
    ),
}
_KNOWN = {(context, text) for context, texts in QT_TEXTS.items() for text in texts}


class QtStringsTranslator(QTranslator):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)

    def isEmpty(self) -> bool:
        return False

    def translate(
        self, context: str, source: str, disambiguation: str | None = None, n: int = -1
    ) -> str:
        """Ours, or Qt's own text given back as is (not an empty text: Qt takes any non-null
        answer as the translation, and every other text of Qt would become empty)."""
        if disambiguation is None:
            _give_back_none()
        if (context, source) in _KNOWN:
            return _(source)
        return source


def _give_back_none() -> None:
    """PySide6 hands a null ``disambiguation`` over as ``None`` without taking a reference to
    it (seen with 6.12): each call would lose one reference to ``None``, and Python 3.11 aborts
    at exit ("deallocating None") once the count reaches zero. Take the reference it forgot. If
    a later PySide6 takes it itself, ``None`` just keeps an extra reference (it is never freed)."""
    if sys.version_info < (3, 12):  # from 3.12 None is immortal: nothing to give back
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(None))
