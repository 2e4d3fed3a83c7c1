"""Scan documents into a dossier (F11 in the dossier view): a device or files, the settings, the
document item each page belongs to (with that item's profile), live thumbnails as pages arrive,
reorder / rotate / delete / insert a rescan, blank pages marked for review, and "Save", which
makes one PDF/A per item and attaches it to the dossier. Choosing an item preselects the
resolution and colour mode of the profile its procedure names (e.g. "Có dấu đỏ / ảnh màu 300
dpi" for items with seals or photos); the officer may still change them.

A scan of this dossier interrupted earlier (the application closed or killed mid-batch: its pages
are kept on disk) is offered at the top: "Continue" brings its pages back, "Discard" deletes them.

Scanning runs on the I/O lane (never the GUI thread); each page comes back through a queued
signal. Cancel goes through the core's ``Progress``; on a cancel or a driver fault every page
already received stays in the list, and the message (in Vietnamese) says what to do.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from counter_app.domain.dossier import Dossier
from counter_app.domain.errors import Cancelled
from counter_app.i18n import N_, _
from counter_app.ports import Progress
from ui.errors import message_for
from ui.scanning.pages import PageList
from ui.session import InterruptedScan, PagePreview, Scanner, ScanProfileView, Session
from ui.signing.save_flow import SignedSave
from ui.tasks import DOSSIER, OUTBOX, ReadOp, TaskRunner, WriteOp

SOURCES = {
    "flatbed": N_("Flatbed"),
    "adf": N_("Document feeder (ADF)"),
    "duplex": N_("Feeder, both sides"),
}
MODES = {"gray": N_("Greyscale"), "bw": N_("Black and white"), "color": N_("Colour")}
IMAGE_FILTER = "Images / PDF (*.png *.jpg *.jpeg *.tif *.tiff *.bmp *.pdf)"


class _PageRelay(QObject):
    """Lives on the GUI thread; the scanning thread emits, Qt queues each page back."""

    page = Signal(object)


class ScanDialog(QDialog):
    saved = Signal(object)  # {item code: pages} after a save

    def __init__(
        self, session: Session, runner: TaskRunner, scanner: Scanner, dossier: Dossier
    ) -> None:
        super().__init__()
        self.session, self.runner, self.scanner, self.dossier = session, runner, scanner, dossier
        self.progress: Progress | None = None
        self._insert_at: int | None = None
        self._relay = _PageRelay(self)
        self._relay.page.connect(self._arrived)
        self._profiles: Mapping[str, ScanProfileView] = {}
        self._pending: list[InterruptedScan] = []
        self.started = False  # the item profiles and interrupted sessions are known
        self.setWindowTitle(_("Scan documents — dossier {code}").format(code=dossier.code))
        self.resize(1000, 760)
        layout = QVBoxLayout(self)
        layout.addWidget(self._resume_box())
        layout.addWidget(self._settings())
        self.pages = PageList()
        layout.addWidget(self.pages, 1)
        layout.addLayout(self._page_buttons())
        self.bar = QProgressBar()
        self.bar.setFormat(_("%v page(s)"))
        self.bar.setRange(0, 1)
        self.bar.setValue(0)
        layout.addWidget(self.bar)
        self.status = QLabel()
        self.status.setObjectName("formStatus")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addLayout(self._bottom_buttons())
        self._busy(False)
        self._load_devices()
        self._start()

    # --------------------------------------------------------------------------- layout

    def _settings(self) -> QGroupBox:
        group = QGroupBox(_("Scanner and document item"))
        form = QFormLayout(group)
        row = QHBoxLayout()
        self.device = QComboBox()
        self.device.setObjectName("scanDevice")
        row.addWidget(self.device, 1)
        self.import_button = QPushButton(_("Import files…"))
        self.import_button.clicked.connect(self.choose_files)
        row.addWidget(self.import_button)
        form.addRow(_("Device"), row)
        self.source = self._combo({k: _(v) for k, v in SOURCES.items()})
        form.addRow(_("Paper source"), self.source)
        self.dpi = QSpinBox()
        self.dpi.setRange(100, 600)
        self.dpi.setSingleStep(100)
        self.dpi.setValue(200)
        self.dpi.setSuffix(" dpi")
        form.addRow(_("Resolution"), self.dpi)
        self.mode = self._combo({k: _(v) for k, v in MODES.items()})
        form.addRow(_("Colour mode"), self.mode)
        self.item = QComboBox()
        self.item.setObjectName("scanItem")
        for entry in self.dossier.items:
            self.item.addItem(f"{entry.requirement_code} — {entry.name}", entry.requirement_code)
        self.item.currentIndexChanged.connect(self._show_profile)
        form.addRow(_("Document item"), self.item)
        self.profile = QLabel()
        form.addRow(_("Scan profile"), self.profile)
        self._show_profile()
        return group

    def _resume_box(self) -> QFrame:
        self.resume_box = QFrame()
        self.resume_box.setObjectName("scanResume")
        self.resume_box.setFrameShape(QFrame.Shape.StyledPanel)
        row = QHBoxLayout(self.resume_box)
        self.resume_text = QLabel()
        self.resume_text.setWordWrap(True)
        row.addWidget(self.resume_text, 1)
        self.resume_button = QPushButton(_("Continue that scan"))
        self.resume_button.setObjectName("scan_resume")
        self.resume_button.clicked.connect(self.resume_interrupted)
        row.addWidget(self.resume_button)
        self.discard_button = QPushButton(_("Discard its pages"))
        self.discard_button.setObjectName("scan_discard")
        self.discard_button.clicked.connect(self.discard_interrupted)
        row.addWidget(self.discard_button)
        self.resume_box.hide()
        return self.resume_box

    @staticmethod
    def _combo(choices: dict[str, str]) -> QComboBox:
        combo = QComboBox()
        for key, text in choices.items():
            combo.addItem(text, key)
        return combo

    def _page_buttons(self) -> QGridLayout:
        grid = QGridLayout()
        buttons: list[tuple[str, str, Callable[[], object], str]] = [
            ("scan", _("Scan"), self.start_scan, ""),
            ("insert", _("Insert a rescan before the selected page"), self.insert_scan, ""),
            ("cancel", _("Cancel scanning"), self.cancel_scan, "Esc"),
            ("assign", _("Selected pages → this item"), self.assign_selected, ""),
            ("up", _("Move up"), lambda: self.pages.move_selected(-1), "Ctrl+Up"),
            ("down", _("Move down"), lambda: self.pages.move_selected(1), "Ctrl+Down"),
            ("rotate", _("Rotate 90°"), lambda: self.pages.rotate_selected(90), "Ctrl+R"),
            ("delete", _("Delete page"), self.delete_selected, "Delete"),
        ]
        self.buttons: dict[str, QPushButton] = {}
        for i, (key, text, slot, shortcut) in enumerate(buttons):
            button = QPushButton(text)
            button.setObjectName(f"scan_{key}")
            if shortcut:
                button.setShortcut(shortcut)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            grid.addWidget(button, i // 4, i % 4)
            self.buttons[key] = button
        return grid

    def _bottom_buttons(self) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addStretch(1)
        self.save_button = QPushButton(_("Save to the dossier"))
        self.save_button.setObjectName("scan_save")
        self.save_button.clicked.connect(self.save)
        row.addWidget(self.save_button)
        close = QPushButton(_("Close"))
        close.clicked.connect(self.close)
        row.addWidget(close)
        return row

    # --------------------------------------------------------------------------- devices

    def _load_devices(self) -> None:
        scanner = self.scanner
        self._say(_("Looking for scanners…"))
        self.runner.read(ReadOp(lambda: list(scanner.devices()), self._devices, self._failed))

    def _devices(self, names: Sequence[str]) -> None:
        self.device.clear()
        for name in names:
            self.device.addItem(name, name)
        self.buttons["scan"].setEnabled(bool(names) and self.progress is None)
        self._say("" if names else _("No scanner found. Connect one, or import files."))

    def _show_profile(self) -> None:
        """The item's profile: its label, and its resolution and colour mode preselected."""
        profile = self._profiles.get(self.item.currentData() or "")
        if profile is None:
            self.profile.setText("")
            return
        self.profile.setText(profile.label)
        self.dpi.setValue(profile.dpi)
        index = self.mode.findData(profile.mode)
        if index >= 0:
            self.mode.setCurrentIndex(index)

    # --------------------------------------------------------------------------- interrupted

    def _start(self) -> None:
        scanner, code = self.scanner, self.dossier.code
        items = [entry.requirement_code for entry in self.dossier.items]

        def work() -> tuple[Sequence[InterruptedScan], Mapping[str, ScanProfileView]]:
            return scanner.start(code), scanner.item_profiles(code, items)

        self.runner.read(ReadOp(work, self._started, self._failed))

    def _started(
        self, result: tuple[Sequence[InterruptedScan], Mapping[str, ScanProfileView]]
    ) -> None:
        pending, self._profiles = result
        self._pending = list(pending)
        self.started = True
        self._show_profile()
        self._offer_resume()

    def _offer_resume(self) -> None:
        if not self._pending:
            self.resume_box.hide()
            return
        latest = self._pending[0]
        self.resume_text.setText(
            _(
                "A scan of this dossier was interrupted ({started}); its {n} page(s) are kept. "
                "Continue it?"
            ).format(started=_when(latest.started), n=latest.pages)
        )
        self.resume_box.show()

    def resume_interrupted(self) -> None:
        if not self._pending or self.progress is not None:
            return
        session_id, scanner, code = self._pending.pop(0).id, self.scanner, self.dossier.code
        self.resume_box.hide()
        self._begin(lambda _p, sink: scanner.resume(code, session_id, sink))

    def discard_interrupted(self) -> None:
        if not self._pending:
            return
        session_id, scanner = self._pending.pop(0).id, self.scanner
        self.runner.read(
            ReadOp(
                lambda: scanner.discard(session_id), lambda _r: self._offer_resume(), self._failed
            )
        )

    # --------------------------------------------------------------------------- scanning

    def start_scan(self) -> None:
        device = self.device.currentData()
        if device is None or self.progress is not None:
            return
        source, mode, dpi = self.source.currentData(), self.mode.currentData(), self.dpi.value()
        scanner, code = self.scanner, self.dossier.code
        self._begin(lambda p, sink: scanner.scan(code, device, source, dpi, mode, p, sink))

    def insert_scan(self) -> None:
        rows = self.pages.selected_rows()
        self._insert_at = rows[0] if rows else None
        self.start_scan()

    def choose_files(self) -> None:
        names, _chosen = QFileDialog.getOpenFileNames(self, _("Import files…"), "", IMAGE_FILTER)
        if names:
            self.import_files([Path(n) for n in names])

    def import_files(self, files: Sequence[Path]) -> None:
        if self.progress is not None:
            return
        scanner, dpi, code = self.scanner, self.dpi.value(), self.dossier.code
        self._begin(lambda p, sink: scanner.import_files(code, files, dpi, p, sink))

    def _begin(self, work: Callable[[Progress, Callable[[PagePreview], object]], int]) -> None:
        progress = self.progress = Progress()
        self._received = 0
        self.bar.setRange(0, 0)  # busy: a feeder's length is not known
        self._busy(True)
        self._say(_("Scanning… pages appear as they arrive."))
        emit = self._relay.page.emit
        self.runner.read(ReadOp(lambda: work(progress, emit), self._finished, self._stopped))

    def _arrived(self, preview: PagePreview) -> None:
        row = self._insert_at
        self.pages.add_page(preview, self.item.currentData() or "", row)
        if row is not None:
            self._insert_at = row + 1
        self._received += 1
        self.bar.setFormat(_("{n} page(s) received").format(n=self._received))

    def cancel_scan(self) -> None:
        if self.progress is not None:
            self.progress.cancel()
            self._say(_("Stopping after the current page…"))

    def _finished(self, count: int) -> None:
        self._end()
        self._say(_("{n} page(s) scanned. Check them, then save.").format(n=count))

    def _stopped(self, exc: BaseException) -> None:
        self._end()
        if isinstance(exc, Cancelled):
            self._say(
                _("Scanning cancelled; the {n} page(s) received are kept.").format(n=self._received)
            )
            return
        self._failed(exc)

    def _end(self) -> None:
        self.progress, self._insert_at = None, None
        self.bar.setRange(0, max(1, self._received))
        self.bar.setValue(self._received)
        self._busy(False)

    def _busy(self, busy: bool) -> None:
        for key, button in self.buttons.items():
            button.setEnabled(busy if key == "cancel" else not busy)
        self.buttons["scan"].setEnabled(not busy and self.device.count() > 0)
        self.import_button.setEnabled(not busy)
        self.save_button.setEnabled(not busy)

    # --------------------------------------------------------------------------- pages

    def assign_selected(self) -> None:
        self.pages.assign_selected(self.item.currentData() or "")

    def delete_selected(self) -> None:
        self.pages.delete_selected()

    def save(self) -> None:
        """Save each item's pages; when the officer signs, the password/PIN is asked first
        (``ui.signing.save_flow``) and a signature that fails saves nothing."""
        groups = {code: pages for code, pages in self.pages.by_item().items() if code}
        if not groups or self.progress is not None:
            self._say(_("There are no pages to save."), error=True)
            return
        self._busy(True)
        self._say(_("Saving…"))
        officer = self.session.user.username
        self.signed_save = SignedSave(
            self,
            self.runner,
            self.scanner.signing,
            officer,
            lambda sign: self._save(groups, sign),
            self._save_stopped,
        )
        self.signed_save.start()

    def _save(self, groups: dict[str, list[tuple[int, int]]], sign: bool) -> None:
        scanner, code, officer = self.scanner, self.dossier.code, self.session.user.username

        def work() -> dict[str, int]:
            return {
                item: scanner.save_item(code, item, p, officer, sign) for item, p in groups.items()
            }

        changes = frozenset({DOSSIER, OUTBOX})
        self.runner.write(WriteOp(work, self._saved, self._save_failed, changes=changes))

    def _save_stopped(self, text: str) -> None:
        self._busy(False)
        self._say(text, error=True)

    def _saved(self, result: dict[str, int]) -> None:
        self._busy(False)
        done = ", ".join(f"{item} ({n})" for item, n in result.items())
        self._say(_("Saved to the dossier: {items}.").format(items=done))
        self.saved.emit(result)

    def _save_failed(self, exc: BaseException) -> None:
        self._busy(False)
        self._failed(exc)

    def _failed(self, exc: BaseException) -> None:
        self._say(message_for(exc), error=True)

    def _say(self, text: str, *, error: bool = False) -> None:
        self.status.setProperty("error", error)
        self.status.setText(text)
        self.status.style().polish(self.status)


def _when(iso: str) -> str:
    try:
        return datetime.fromisoformat(iso).strftime("%H:%M %d/%m/%Y")
    except ValueError:
        return iso
