"""The counter's main window: today's working queue with its colour warnings, the search box,
the status bar (connection, unsynced count, messages), and the menus with function keys."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import Any

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.dossier import Dossier, DossierSummary
from counter_app.domain.enums import DossierStatus
from counter_app.domain.office import StaffMember
from counter_app.i18n import _, ngettext
from counter_app.ports import Progress
from counter_app.services import desk, lookup, maintenance
from counter_app.store.audit_verify import AuditReport
from ui import labels
from ui.dossier.desk import SupervisorDesk
from ui.dossier.handover import HandoverBatch
from ui.dossier.view import DossierView
from ui.errors import message_for
from ui.icons import icon
from ui.intake.actions import IntakeController
from ui.intake.draft import DraftStore
from ui.intake.form import IntakeForm
from ui.models.queue_model import QueueModel, VietnameseSortProxy
from ui.preferences import Preferences, PreferenceStore
from ui.printing.guidance import GuidanceDialog
from ui.progress import ProgressDialog
from ui.session import Session
from ui.signing.settings_dialog import SigningDialog
from ui.sync_status import SyncBar
from ui.tasks import OUTBOX, QUEUE, ReadOp, TaskRunner

REFRESH_MS = 60_000


def _noop(_result: object) -> None:
    return None


class MainWindow(QMainWindow):
    searched = Signal(int)  # results shown (benchmarks and tests wait on it)
    queue_loaded = Signal(int)
    audit_checked = Signal(object)  # AuditReport, or the error
    closed = Signal()

    def __init__(self, session: Session, runner: TaskRunner) -> None:
        super().__init__()
        self.session, self.runner = session, runner
        self._title()
        self.model = QueueModel()
        self.proxy = VietnameseSortProxy()
        self.proxy.setSourceModel(self.model)
        self.intake: IntakeForm | None = None
        self.dossier_windows: list[QWidget] = []
        self.preferences = PreferenceStore(session.data_dir)
        self._build()
        self._menus()
        self.sync_bar = self._sync_bar()
        if self.large_action.isChecked():  # the staff member chose it in an earlier session
            self._apply_font()
        runner.changed.connect(self._changed)
        runner.failed.connect(lambda exc: self.show_message(message_for(exc), error=True))
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.refresh()
        if DraftStore(session.data_dir).load() is not None:
            QTimer.singleShot(0, self.new_intake)  # a draft survived a crash: bring it back

    # --------------------------------------------------------------------------- layout

    def _build(self) -> None:
        central = QWidget()
        layout = QVBoxLayout(central)
        self.search = QLineEdit()
        self.search.setObjectName("search")
        self.search.setPlaceholderText(
            _("Search: dossier code, scanned receipt, ID number, phone or name (F3)")
        )
        self.search.returnPressed.connect(self.run_search)
        layout.addWidget(self.search)
        self.banner = QLabel()
        self.banner.setObjectName("banner")
        self.banner.setWordWrap(True)
        self.banner.hide()
        layout.addWidget(self.banner)
        self.table = QTableView()
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # the service's order: soonest due
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.horizontalHeader().setResizeContentsPrecision(60)  # widths from 60 rows, not all
        self.table.verticalHeader().hide()
        self.table.activated.connect(self._open_row)
        layout.addWidget(self.table, 1)
        self.setCentralWidget(central)
        bar = self.statusBar()
        self.connection = QLabel(_("Offline"))
        self.unsynced = QLabel()
        self.message = QLabel()
        self.message.setObjectName("statusMessage")
        bar.addWidget(self.message, 1)
        bar.addPermanentWidget(self.unsynced)
        bar.addPermanentWidget(self.connection)

    def _menus(self) -> None:
        toolbar = self.addToolBar(_("Frequent actions"))
        toolbar.setObjectName("mainToolbar")
        toolbar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextUnderIcon)

        def action(
            menu: Any, text: str, key: str, slot: Callable[[], Any], icon_name: str = ""
        ) -> QAction:
            act = QAction(text, self)
            act.setShortcut(QKeySequence(key))
            act.triggered.connect(slot)
            menu.addAction(act)
            if icon_name:
                act.setIcon(icon(icon_name))
                toolbar.addAction(act)
            return act

        dossiers = self.menuBar().addMenu(_("&Dossiers"))
        action(dossiers, _("New intake"), "F2", self.new_intake, "file-plus")
        action(dossiers, _("Look up"), "F3", self.focus_search, "search")
        action(dossiers, _("Open selected dossier"), "F4", self.open_selected, "folder-open")
        action(dossiers, _("Refresh"), "F5", self.refresh, "refresh-cw")
        action(
            dossiers,
            _("Hand-over and results back"),
            "F6",
            self.open_handover,
            "arrow-right-left",
        )
        self.print_action = action(
            dossiers, _("Print a slip…"), "F12", self.print_selected, "printer"
        )
        self.print_action.setEnabled(self.session.slips is not None)
        self.guidance_action = action(
            dossiers,
            _("Print a procedure's guidance…"),
            "Shift+F12",
            self.open_guidance,
            "book-open",
        )
        self.guidance_action.setEnabled(self.session.slips is not None)
        dossiers.addSeparator()
        action(dossiers, _("Quit"), "Ctrl+Q", self.close).setIcon(icon("log-out"))
        desk_menu = self.menuBar().addMenu(_("&Supervisor"))
        action(desk_menu, _("Supervisor's desk"), "F9", self.open_desk, "clipboard-list")
        verify = action(desk_menu, _("Verify the audit trail"), "Ctrl+Shift+V", self.verify_audit)
        verify.setIcon(icon("shield-check"))
        view = self.menuBar().addMenu(_("&View"))
        large = action(view, _("Large text"), "Ctrl+=", self._toggle_large)
        large.setIcon(icon("a-large-small"))
        large.setCheckable(True)
        large.setChecked(self.preferences.load(self.session.user.username).large_text)
        self.large_action = large
        self.signing_action = action(view, _("Digital signature…"), "", self.open_signing)
        self.signing_action.setEnabled(bool(self.session.scanner and self.session.scanner.signing))

    def _sync_bar(self) -> SyncBar | None:
        """The sync engine's status and actions, when the composition root wired one."""
        seams = self.session.seams
        if seams.sync is None:
            return None
        self.connection.hide()
        self.unsynced.hide()
        return SyncBar(
            self, seams.sync, self.runner, self.session.ctx, self.show_message, seams.scheduler
        )

    def _title(self) -> None:
        name = self.session.user.full_name
        self.setWindowTitle(_("One-stop counter — {name}").format(name=name))

    def switch_user(self, user: StaffMember, online: bool | None) -> None:
        """After a sign-out, whoever signs in next works in the same window."""
        self.session = replace(self.session, user=user, online_sign_in=online)
        self._title()
        self.refresh()
        if DraftStore(self.session.data_dir).load() is not None:
            QTimer.singleShot(0, self.new_intake)

    def close_children(self) -> None:
        """Close the other windows (the intake saves its draft as it closes)."""
        if self.intake is not None:
            self.intake.close()
            self.intake = None
        for window in self.dossier_windows:
            window.close()
        self.dossier_windows = []

    # --------------------------------------------------------------------------- queue

    def refresh(self) -> None:
        ctx = self.session.ctx
        self.runner.read(ReadOp(lambda: desk.queue(ctx), self._queue_loaded))
        if self.session.seams.sync is None:  # else the sync bar reads the engine's status
            self.runner.read(ReadOp(lambda: desk.unsynced_count(ctx.store), self._unsynced))

    def _queue_loaded(self, rows: list[desk.QueueRow]) -> None:
        if self.search.text().strip():
            return  # search results are on screen; the queue comes back when it is cleared
        self.model.set_rows(rows)
        self.table.resizeColumnsToContents()
        self.queue_loaded.emit(len(rows))

    def _unsynced(self, count: int) -> None:
        self.unsynced.setText(
            ngettext("{n} change not yet synced", "{n} changes not yet synced", count).format(
                n=count
            )
        )

    def _changed(self, what: frozenset[str]) -> None:
        if QUEUE in what or OUTBOX in what:
            self.refresh()

    # --------------------------------------------------------------------------- search

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def run_search(self) -> None:
        text = self.search.text()
        if not text.strip():
            self.refresh()
            return
        ctx = self.session.ctx

        def work() -> list[desk.QueueRow]:
            found: list[DossierSummary] = lookup.find(ctx.store, text)
            now = ctx.clock.now()
            return [desk.row_of(ctx, s, now) for s in found]

        self.runner.read(ReadOp(work, self._found, self._search_failed))

    def _found(self, rows: list[desk.QueueRow]) -> None:
        self.model.set_rows(rows)
        self.show_message(
            ngettext("{n} dossier found.", "{n} dossiers found.", len(rows)).format(n=len(rows))
        )
        if len(rows) == 1:
            self.table.selectRow(0)
        self.searched.emit(len(rows))

    def _search_failed(self, exc: BaseException) -> None:
        self.model.set_rows([])
        self.show_message(message_for(exc), error=True)
        self.searched.emit(0)

    # --------------------------------------------------------------------------- windows

    def new_intake(self) -> None:
        if self.intake is not None and self.intake.isVisible():
            self.intake.raise_()
            self.intake.activateWindow()
            return
        s = self.session
        self.intake = IntakeForm(DraftStore(s.data_dir))
        controller = IntakeController(self.intake, self.runner, s.ctx, s.user.username)
        controller.done.connect(self._intake_done)
        self.intake.resize(900, 760)
        self.intake.show()
        self.intake.procedure_edit.setFocus()

    def accept_online(self, waiting: Any) -> None:
        """An online dossier chosen in the waiting list: the intake form, to receive it under
        the code the centre gave it."""
        if self.intake is not None and self.intake.isVisible():
            self.intake.raise_()
            self.show_message(_("Finish or close the open intake form first."), error=True)
            return
        s = self.session
        self.intake = IntakeForm(DraftStore(s.data_dir))
        controller = IntakeController(self.intake, self.runner, s.ctx, s.user.username)
        controller.done.connect(self._intake_done)
        controller.accept_online(
            waiting.dossier_code, waiting.procedure_code, waiting.applicant_name
        )
        self.intake.resize(900, 760)
        self.intake.show()
        self.intake.applicant.edits["id_number"].setFocus()

    def _intake_done(self, dossier: Dossier) -> None:
        text = {
            DossierStatus.RECEIVED: _("Received dossier {code}. Appointment: {due}."),
            DossierStatus.SUPPLEMENT_REQUESTED: _(
                "Dossier {code}: supplement requested (list of missing documents issued)."
            ),
            DossierStatus.REFUSED: _("Dossier {code} refused; the written refusal is issued."),
        }.get(dossier.status, _("Dossier {code} saved."))
        self.banner.setText(text.format(code=dossier.code, due=labels.moment(dossier.due_at)))
        self.banner.show()
        self.show_message(self.banner.text())
        if self.intake is not None:
            self.intake.close()
            self.intake.drafts.clear()
            self.intake = None

    def open_selected(self) -> None:
        indexes = self.table.selectionModel().selectedRows()
        if indexes:
            self._open_row(indexes[0])

    def print_selected(self) -> None:
        """F12: the selected dossier opens and, once loaded, the preview of its first slip."""
        indexes = self.table.selectionModel().selectedRows()
        if not indexes or self.session.slips is None:
            return
        view = self.open_dossier(str(self.proxy.data(indexes[0], Qt.ItemDataRole.UserRole)))

        def once(_dossier: object) -> None:
            view.loaded.disconnect(once)
            view.print_slip()

        view.loaded.connect(once)

    def _open_row(self, index: QModelIndex) -> None:
        code = str(self.proxy.data(index, Qt.ItemDataRole.UserRole))
        self.open_dossier(code)

    def open_dossier(self, code: str) -> DossierView:

        view = DossierView(self.session, self.runner, code)
        view.message.connect(self.show_message)
        self.dossier_windows = [w for w in self.dossier_windows if w.isVisible()] + [view]
        view.show()
        return view

    def open_handover(self) -> HandoverBatch:
        view = HandoverBatch(self.session, self.runner)
        self.dossier_windows.append(view)
        view.show()
        view.code.setFocus()
        return view

    def open_desk(self) -> SupervisorDesk:

        view = SupervisorDesk(self.session, self.runner, self.open_dossier)
        self.dossier_windows.append(view)
        view.show()
        return view

    def verify_audit(self) -> ProgressDialog:
        """Long, read-only, cancellable: the core's progress object drives the dialog."""
        progress = Progress()
        dialog = ProgressDialog(progress, _("Verify the audit trail"), self)
        store = self.session.ctx.store

        def done(report: AuditReport) -> None:
            dialog.finish()
            if report.ok:
                self.show_message(
                    _("Audit trail verified: {n} entries, no problem.").format(n=report.entries)
                )
            else:
                self.show_message(
                    _("The audit trail has {n} problems: run “counter-app audit verify”.").format(
                        n=len(report.findings)
                    ),
                    error=True,
                )
            self.audit_checked.emit(report)

        def failed(exc: BaseException) -> None:
            dialog.finish()
            self.show_message(message_for(exc), error=True)
            self.audit_checked.emit(exc)

        self.runner.read(
            ReadOp(lambda: maintenance.verify_audit(store, progress), done, failed, progress)
        )
        return dialog

    def open_signing(self) -> SigningDialog | None:
        """Settings → Digital signature for the officer signed in."""
        signing = self.session.scanner.signing if self.session.scanner else None
        if signing is None:
            return None
        dialog = SigningDialog(signing, self.runner, self.session.user.username, self)
        self.signing_dialog = dialog
        dialog.show()
        return dialog

    def open_guidance(self) -> GuidanceDialog | None:
        if self.session.slips is None:
            return None
        dialog = GuidanceDialog(self.session, self.runner, self.session.slips)
        self.dossier_windows.append(dialog)
        dialog.show()
        dialog.query.setFocus()
        return dialog

    def _apply_font(self) -> None:
        from ui.app import apply_font

        apply_font(large=self.large_action.isChecked())

    def _toggle_large(self) -> None:
        large = self.large_action.isChecked()
        self._apply_font()
        store, user = self.preferences, self.session.user.username
        self.runner.read(ReadOp(lambda: store.save(user, Preferences(large_text=large)), _noop))

    # --------------------------------------------------------------------------- status

    def show_message(self, text: str, error: bool = False) -> None:
        self.message.setProperty("error", error)
        self.message.setText(text)
        self.message.style().polish(self.message)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.close_children()
        self.timer.stop()
        if self.sync_bar is not None:
            self.sync_bar.stop()
        self.closed.emit()
        self.runner.wait_idle()
        super().closeEvent(event)
