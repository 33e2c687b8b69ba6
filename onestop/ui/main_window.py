"""The main window: composes the screens, the status bar, scanner, idle lock and printing.

It holds no business logic and no screen internals: each tab is its own module, built here
with what it needs (the user session and the task runner) and wired by signals.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QMainWindow,
    QMessageBox,
    QScrollArea,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from onestop.services import cards, receipt_keys
from onestop.services.install import start
from onestop.services.dto import AgencyInfo, DossierDTO
from onestop.services.queries import DossierFilter
from onestop.ui.dossier_list import DossierListView
from onestop.ui.idle_lock import IdleWatcher, LockScreen
from onestop.ui.messages import error_text, fill, render
from onestop.ui.preferences import Preferences
from onestop.ui.receive import ReceiveView
from onestop.ui.scanner import ScanDetector
from onestop.ui.session import UserSession
from onestop.ui.status_bar import AppStatusBar
from onestop.ui.notices import NoticeSender
from onestop.ui.sync_panel import OutboxDialog, SyncController
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import LazyTab, bring_forward, role_label

if TYPE_CHECKING:   # built when first needed (a faster start): see MainWindow.detail
    from onestop.ui.dossier_detail import DossierDetailView
    from onestop.ui.print_preview import PrintPreviewDialog

TAB_RECEIVE, TAB_DOSSIERS = 0, 1
log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Tabs (Tiếp nhận, Hồ sơ, Theo dõi, Cài đặt, Người dùng) with a lock screen over them.

    Signals:
        sig_logout_requested(): the user logged out; the app shows the login again.
        sig_dossier_shown(DossierDTO): a dossier opened in the detail view (benchmarks).
    """

    sig_logout_requested = Signal()
    sig_dossier_shown = Signal(object)

    def __init__(self, session: UserSession, runner: TaskRunner, prefs: Preferences,
                 agency: AgencyInfo | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self.prefs = session, runner, prefs
        self.agency = agency
        self.setObjectName("main_window")
        title = (agency.name if agency else "") or self.tr("Bộ phận Một cửa")
        if session.read_only:
            title = fill(self.tr("Cơ sở dữ liệu trung tâm — chỉ xem báo cáo (%1)"),
                         session.ctx.reader or "")
        self.setWindowTitle(fill(self.tr("OneStop Desk — %1"), title))
        self.preview: PrintPreviewDialog | None = None
        self._shown_once = False
        self._build()
        self._install_watchers()
        self.status.set_counter((agency.counter if agency else 0) or 1)
        self.sync = SyncController(session, runner, self.status,
                                   int(self.prefs.get("sync.interval_seconds")), self)
        self.notice_sender = NoticeSender(session, runner, 60, self)
        if not session.read_only:   # a reports-only session has no outbox and sends nothing
            self.sync.start()
            self.notice_sender.start()

    # --- composition --------------------------------------------------------------------------

    def _build(self) -> None:
        s, r = self.session, self.runner
        self.tabs = QTabWidget()
        self.tabs.setObjectName("main_tabs")
        self.receive: ReceiveView | None = None
        if s.read_only:   # issue 19: a supervisor reading the central database receives nothing
            self.receive_tab = self._placeholder(self.tr(
                "Phiên chỉ xem báo cáo trên cơ sở dữ liệu trung tâm: không tiếp nhận, xử lý hay in"
                " hồ sơ tại đây. Hãy dùng phần mềm tại quầy của đơn vị."))
            self.receive_tab.setObjectName("receive_read_only")
        else:
            self.receive = ReceiveView(s, r)
            self.receive.sig_dossier_saved.connect(self._on_receive_saved)
            self.receive.sig_print_requested.connect(self.show_receipt)
            self.receive_tab = self.receive
        self.dossier_list = DossierListView(s, r)
        self.dossier_list.sig_open_requested.connect(self.open_dossier)
        self._detail: DossierDetailView | None = None   # built at the first dossier opened
        self.dossier_pages = QStackedWidget()
        self.dossier_pages.addWidget(self.dossier_list)
        self.tabs.addTab(self.receive_tab, self.tr("Tiếp nhận (F1)"))
        if self.receive is None:
            self.tabs.setTabToolTip(TAB_RECEIVE, self.tr("Phiên chỉ xem báo cáo: không tiếp "
                                                         "nhận hồ sơ tại đây."))
        self.tabs.addTab(self.dossier_pages, self.tr("Hồ sơ (F3)"))
        # tabs few open right after logging in are built when first shown (faster start)
        self.dashboard_tab = self.settings_tab = self.users_tab = None
        if s.can("report"):
            self.dashboard_tab = LazyTab(self._dashboard)
            self.tabs.addTab(self.dashboard_tab, self.tr("Theo dõi (F4)"))
        self.privacy_tab = None
        if s.can("audit_verify"):   # issue 16: a citizen's data on request, access alerts
            self.privacy_tab = LazyTab(self._privacy)
            self.tabs.addTab(self.privacy_tab, self.tr("Dữ liệu cá nhân"))
        if s.can("settings"):
            self.settings_tab = LazyTab(self._settings)
            self.tabs.addTab(self.settings_tab, self.tr("Cài đặt"))
        if s.can("users"):
            self.users_tab = LazyTab(self._users)
            self.tabs.addTab(self.users_tab, self.tr("Người dùng"))
        self.lock_screen = LockScreen(s, r)
        self.lock_screen.sig_unlocked.connect(self.unlock)
        self.lock_screen.sig_logout_requested.connect(self.logout)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.tabs)
        self.pages.addWidget(self.lock_screen)
        self.setCentralWidget(self.pages)
        self.status = AppStatusBar(s)
        self.setStatusBar(self.status)
        self._shortcuts()

    @property
    def detail(self) -> DossierDetailView:
        """The dossier detail page, built the first time it is needed: no officer opens a
        dossier before the window is shown, and its module (actions, notices, their dialogs)
        would otherwise be imported and built on every start."""
        if self._detail is None:
            from onestop.ui.dossier_detail import DossierDetailView

            view = DossierDetailView(self.session, self.runner)
            view.sig_back_requested.connect(self.show_list)
            view.sig_print_requested.connect(self.show_receipt)
            view.sig_loaded.connect(self._on_detail_loaded)
            view.sig_failed.connect(self._on_open_failed)
            self.dossier_pages.addWidget(view)
            self._detail = view
        return self._detail

    def _dashboard(self) -> QWidget:
        """Theo dõi: ``onestop.ui.dashboard.DashboardTab`` (the dashboard issue's module).

        The reception desk must work even when the dashboard cannot be built: a failure is
        logged with its traceback and the tab says the overview is unavailable.
        """
        try:
            from onestop.ui.dashboard import DashboardTab

            tab = DashboardTab(self.session, self.runner)
        except Exception:  # an optional tab never takes the counter down
            log.exception("the dashboard could not be built")
            return self._placeholder(self.tr("Bảng theo dõi hiện không mở được; chi tiết lỗi "
                                             "đã được ghi vào nhật ký."))
        tab.sig_drilldown_requested.connect(self.show_filtered_list)
        tab.sig_open_requested.connect(self.open_dossier)
        # in a scroll area: a wide dashboard scrolls instead of widening the whole window
        # past the counter PC's 1366 px screen
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(tab)
        self.dashboard = tab
        return scroll

    def _privacy(self) -> QWidget:
        from onestop.ui.privacy_view import PrivacyView

        return PrivacyView(self.session, self.runner)

    def _settings(self) -> QWidget:
        from onestop.ui.settings import SettingsView

        view = SettingsView(self.session, self.runner, self.prefs)
        view.sig_counter_changed.connect(self.status.set_counter)
        return view

    def _users(self) -> QWidget:
        from onestop.ui.users import UsersView

        return UsersView(self.session, self.runner)

    @property
    def settings_view(self) -> Any:
        """The settings screen (built on demand; None when the role has none)."""
        return self.settings_tab.build() if self.settings_tab is not None else None

    @property
    def users_view(self) -> Any:
        """The users screen (built on demand; None when the role has none)."""
        return self.users_tab.build() if self.users_tab is not None else None

    def _placeholder(self, text: str) -> QWidget:
        holder = QWidget()
        lay = QVBoxLayout(holder)
        lay.addStretch(1)
        label = role_label(text, "muted")
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        lay.addWidget(label)
        lay.addStretch(1)
        return holder

    def _shortcuts(self) -> None:
        pairs = (("F1", lambda: self.tabs.setCurrentIndex(TAB_RECEIVE)),
                 ("F3", self.show_list), ("F4", lambda: self.tabs.setCurrentIndex(2)),
                 ("Ctrl+L", self.lock), ("Ctrl+F9", lambda: self.sync.run_now()),
                 ("Ctrl+Shift+Y", self.show_outbox))
        if self.session.read_only:   # no reception, no outbox, no sync
            pairs = tuple(p for p in pairs if p[0] in ("F3", "F4", "Ctrl+L"))
        for keys, slot in pairs:
            QShortcut(QKeySequence(keys), self, slot)

    def _install_watchers(self) -> None:
        app = QApplication.instance()
        self.scanner = ScanDetector(is_active=self._scanning_allowed, parent=self,
                                    affixes=self._scanner_affixes)
        self.scanner.sig_scanned.connect(self.on_scanned)
        self.scanner.sig_card_scanned.connect(self.on_card_scanned)
        self.scanner.sig_receipt_scanned.connect(self.on_receipt_scanned)
        minutes = float(self.prefs.get("ui.idle_lock_minutes"))
        self.idle = IdleWatcher(minutes, parent=self)
        self.idle.sig_idle.connect(self.lock)
        if app is not None:
            app.installEventFilter(self.scanner)
            app.installEventFilter(self.idle)

    def _scanner_affixes(self) -> tuple[str, str]:
        # read at each scan: a change in Cài đặt applies at once
        return str(self.prefs.get("scanner.prefix")), str(self.prefs.get("scanner.suffix"))

    def remove_watchers(self) -> None:
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self.scanner)
            app.removeEventFilter(self.idle)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            self.take_focus()

    def take_focus(self) -> None:
        """Activate the window with the procedure picker focused (after logging in): no
        window manager may do it, and the officer's first keys must not go nowhere."""
        if self.receive is None:   # reports only: the dashboard (or the list)
            self.tabs.setCurrentIndex(2 if self.dashboard_tab is not None else TAB_DOSSIERS)
            bring_forward(self)
            return
        self.tabs.setCurrentIndex(TAB_RECEIVE)
        bring_forward(self, self.receive.procedure)

    # --- navigation ---------------------------------------------------------------------------

    def show_list(self) -> None:
        self.tabs.setCurrentIndex(TAB_DOSSIERS)
        self.dossier_pages.setCurrentWidget(self.dossier_list)
        self.dossier_list.table.setFocus()

    def show_filtered_list(self, f: DossierFilter) -> None:
        """The dossier list restricted to ``f`` (a drill-down from the dashboard)."""
        self.dossier_list.show_filter(f)
        self.show_list()

    def open_dossier(self, code: str) -> None:
        """Open ``code`` in the detail view (the tab switches once it is loaded)."""
        self.detail.open_code(code)

    def _on_detail_loaded(self, d: DossierDTO) -> None:
        self.tabs.setCurrentIndex(TAB_DOSSIERS)
        self.dossier_pages.setCurrentWidget(self.detail)
        self.sig_dossier_shown.emit(d)
        ret = self.detail.action_buttons.get("return")
        (ret or self.detail).setFocus()

    def on_scanned(self, code: str) -> None:
        """A scanned code: open it, or say clearly that no dossier has it."""
        self.statusBar().showMessage(fill(self.tr("Đã quét mã %1"), code), 4000)
        self.open_dossier(code)

    def on_card_scanned(self, text: str) -> None:
        """An ID card's QR: fill the receive form there; elsewhere open the person's dossiers
        (or a new receive form for them when they have none)."""
        if self.receive is not None and self.tabs.currentWidget() is self.receive:
            self.receive.fill_from_card(text)
            return
        if self.receive is None:   # reports only: no card look-up (it records the access)
            self.statusBar().showMessage(self.tr("Phiên chỉ xem báo cáo: không đọc thẻ căn "
                                                 "cước tại đây."), 6000)
            return
        ctx = self.session.ctx
        Op(self.runner, lambda: cards.read(ctx, text), urgent=True) \
            .success(self._on_card_read).failure(self._on_card_failed).run_in_background()

    def _on_card_read(self, scan: Any) -> None:
        if scan.previous is None and self.receive is not None:
            self.tabs.setCurrentIndex(TAB_RECEIVE)
            self.receive.apply_card(scan)
            return
        self.show_filtered_list(DossierFilter(text=scan.card.id_number))

    def _on_card_failed(self, exc: Exception) -> None:
        text = error_text(exc)
        self.statusBar().showMessage(text, 8000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Thẻ căn cước"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("scan_card_error")
        box.open()
        self.last_message = box

    def on_receipt_scanned(self, text: str) -> None:
        """A receipt's signed QR: say in one line whether it is genuine."""
        ctx = self.session.ctx
        Op(self.runner, lambda: receipt_keys.verify(ctx, text), urgent=True) \
            .success(lambda verdict: self._show_verdict(verdict, render(*verdict.message()[:1],
                                                                        **verdict.message()[1]))) \
            .failure(self._on_card_failed).run_in_background()

    def _show_verdict(self, verdict: Any, text: str) -> None:
        self.statusBar().showMessage(text, 10000)
        icon = QMessageBox.Icon.Information if verdict.valid else QMessageBox.Icon.Warning
        box = QMessageBox(icon, self.tr("Kiểm tra giấy tiếp nhận"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.setObjectName("scan_verdict")
        box.open()
        self.last_message = box
        self.last_verdict = verdict

    def _on_open_failed(self, code: str, exc: Exception) -> None:
        text = error_text(exc)
        self.statusBar().showMessage(text, 8000)
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Không tìm thấy hồ sơ"), text,
                          QMessageBox.StandardButton.Ok, self)
        box.button(QMessageBox.StandardButton.Ok).setText(self.tr("Đóng"))
        box.setObjectName("scan_unknown")
        box.open()
        self.last_message = box

    def _scanning_allowed(self) -> bool:
        # key events only reach us while one of our windows is active; a modal dialog
        # (e.g. the return dialog) keeps its keys
        return self.pages.currentWidget() is self.tabs and QApplication.activeModalWidget() is None

    # --- receipts -----------------------------------------------------------------------------

    def _on_receive_saved(self, d: DossierDTO) -> None:
        self.statusBar().showMessage(fill(self.tr("Đã tiếp nhận hồ sơ %1"), d.code), 8000)
        if self.prefs.get("printing.auto_print"):
            self.print_receipt(d.code)
        else:
            self.show_receipt(d.code)

    def show_receipt(self, code: str) -> PrintPreviewDialog:
        """Preview the receipt of ``code`` (rendered in the background)."""
        from onestop.ui.print_preview import PrintPreviewDialog

        if self.preview is not None:
            self.preview.close()
        self.preview = PrintPreviewDialog(
            self.session.ctx, self.runner, code, str(self.prefs.get("printing.receipt_layout")),
            str(self.prefs.get("printing.printer")), self)
        self.preview.finished.connect(self._on_preview_closed)
        self.preview.open()
        return self.preview

    def _on_preview_closed(self, _result: int) -> None:
        # the closed dialog hands activation back to nobody where no window manager runs
        if self.locked:
            return
        bring_forward(self)
        if self.receive is not None and self.tabs.currentWidget() is self.receive:
            self.receive.ready_for_next()

    def print_receipt(self, code: str) -> None:
        """Print a new dossier's receipt without a preview (auto print after saving)."""
        from onestop.services import forms
        from onestop.ui import qt_print

        ctx, layout = self.session.ctx, str(self.prefs.get("printing.receipt_layout"))
        printer = str(self.prefs.get("printing.printer"))
        # the audit record goes through the writer; the slow printing through a reader
        Op(self.runner, lambda: forms.receipt_pdf(ctx, code, layout), write=True) \
            .success(lambda pdf: Op(self.runner, lambda: qt_print.print_pdf(pdf, printer,
                                                                            title=code))
                     .success(lambda _n: self.statusBar().showMessage(
                         fill(self.tr("Đã gửi biên nhận %1 tới máy in"), code), 6000))
                     .run_in_background()) \
            .run_in_background()

    # --- lock and logout ----------------------------------------------------------------------

    @property
    def locked(self) -> bool:
        return self.pages.currentWidget() is self.lock_screen

    def lock(self) -> None:
        """Hide the work behind the lock screen (idle time or Ctrl+L)."""
        for dialog in self.findChildren(QWidget):
            if dialog.isWindow() and dialog is not self and dialog.isVisible():
                dialog.hide()  # dialogs would show personal data over the lock screen
        self.pages.setCurrentWidget(self.lock_screen)

    def unlock(self) -> None:
        self.idle.reset()
        self.pages.setCurrentWidget(self.tabs)
        bring_forward(self)

    def logout(self) -> None:
        self.sig_logout_requested.emit()
        self.close()

    def show_outbox(self) -> None:
        """The sync outbox view (Ctrl+Shift+Y): pending changes, conflicts, retry."""
        OutboxDialog(self.session, self.runner, self.sync, self).exec()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.remove_watchers()
        self.sync.stop()
        self.notice_sender.stop()
        super().closeEvent(event)


def agency_summary(session: UserSession) -> AgencyInfo:
    """The agency facts the window shows (read in a worker before it is built)."""
    return start.agency_info(session.ctx)


