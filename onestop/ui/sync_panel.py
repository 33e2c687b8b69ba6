"""Sync in the GUI: a background timer, the status-bar state, and the outbox view.

The cycle (``onestop.sync.run_once``) runs on a dedicated worker thread, never on the GUI
thread and never on the task runner's writer thread, so a long pull does not hold up the
counter's own saves (SQLite's busy timeout arbitrates the one write lock between them).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from onestop.services.dto import iso
from onestop.ui.messages import fill, render
from onestop.ui.session import UserSession
from onestop.ui.status_bar import AppStatusBar
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import dialog_buttons

if TYPE_CHECKING:
    from onestop import sync

log = logging.getLogger(__name__)


def _sync() -> Any:
    """The sync package, imported on first use — off the GUI thread, after the window is up
    (it brings SQLAlchemy's PostgreSQL dialect: a tenth of a second of the cold start)."""
    from onestop import sync

    return sync


def status_text(st: sync.SyncStatus) -> tuple[str, bool | None, str]:
    """(label, ok, tooltip) for a sync state, in plain Vietnamese (translated in the context
    ``SyncStatus``: the status bar and the outbox view show the same words)."""
    if not st.joined:
        return (QCoreApplication.translate("SyncStatus", "Đồng bộ: chưa cấu hình"), None,
                QCoreApplication.translate("SyncStatus",
                                           "Máy này chưa nối với máy chủ trung tâm."))
    when = (iso(st.last_success) or "")[11:16]
    if st.last_error:
        text = QCoreApplication.translate("SyncStatus", "Đồng bộ: lỗi · %1 chờ gửi")
        if st.error_code == "sync_offline":
            text = QCoreApplication.translate("SyncStatus", "Đồng bộ: mất kết nối · %1 chờ gửi")
        elif st.error_code == "sync_chain_diverged":
            text = QCoreApplication.translate(
                "SyncStatus", "Đồng bộ: ĐÃ DỪNG, dữ liệu khác máy chủ · %1 chờ gửi")
        return fill(text, str(st.pending)), False, st.last_error
    if st.pending and st.pending == st.held:
        # everything else went: only shared changes wait for a central administrator
        text = QCoreApplication.translate("SyncStatus",
                                          "Đồng bộ: trực tuyến · %1 chờ quản trị trung tâm")
        return fill(text, str(st.held)), None, render("sync_held")
    if st.pending:
        text = QCoreApplication.translate("SyncStatus", "Đồng bộ: %1 thay đổi chờ gửi")
        tip = QCoreApplication.translate("SyncStatus", "Lần đồng bộ gần nhất: %1")
        return (fill(text, str(st.pending)), None, fill(tip, when or "—"))
    return (fill(QCoreApplication.translate("SyncStatus", "Đồng bộ: trực tuyến · %1"),
                 when), True, QCoreApplication.translate("SyncStatus", "Đã gửi và nhận đủ thay đổi."))


class SyncController(QObject):
    """Runs sync cycles on a timer and after local changes; reports the state.

    Signals:
        sig_status_changed(object): a new :class:`onestop.sync.SyncStatus`.
        sig_cycle_finished(object): a cycle ended (status), delivered on the GUI thread.
    """

    sig_status_changed = Signal(object)
    sig_cycle_finished = Signal(object)
    _sig_done = Signal(object)

    def __init__(self, session: UserSession, runner: TaskRunner, status_bar: AppStatusBar,
                 interval_s: int = 60, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self.status_bar = session, runner, status_bar
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onestop-sync")
        self._running = False
        self._stopping = False
        self.last: sync.SyncStatus | None = None
        self.timer = QTimer(self)
        self.timer.setInterval(max(10, int(interval_s)) * 1000)
        self.timer.timeout.connect(self.run_now)
        self._sig_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        runner.sig_changed.connect(self._on_local_change)

    def start(self) -> None:
        """Show the stored state at once, then cycle on the timer."""
        ctx = self.session.ctx
        Op(self.runner, lambda: _sync().current(ctx)).success(self._show).run_in_background()
        self.timer.start()
        QTimer.singleShot(2000, self.run_now)

    def stop(self) -> None:
        self._stopping = True
        self.timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    @Slot()
    def run_now(self) -> None:
        """Start a cycle unless one is running (or sync is not configured)."""
        if self._running or self._stopping or (self.last is not None and not self.last.joined):
            return
        self._running = True
        ctx = self.session.ctx
        future = self._pool.submit(lambda: _sync().run_once(ctx, stop=lambda: self._stopping))
        future.add_done_callback(self._sig_done.emit)

    def push_shared(self, login: str, password: str) -> bool:
        """Send the held shared changes with a central administrator's login (then a cycle).

        The password lives only in this call; returns False when a cycle is already running.
        """
        if self._running or self._stopping:
            return False
        self._running = True
        ctx = self.session.ctx
        future = self._pool.submit(
            lambda: _sync().push_shared(ctx, _sync().admin_url(login, password)))
        future.add_done_callback(self._sig_done.emit)
        return True

    def _on_done(self, future: Future[sync.SyncStatus]) -> None:
        self._running = False
        try:
            st = future.result()
        except Exception as exc:  # a bug in a cycle: logged and shown, the counter goes on
            log.exception("sync cycle failed")
            self.runner.report(exc)
            return
        self._show(st)
        self.sig_cycle_finished.emit(st)

    def _show(self, st: sync.SyncStatus) -> None:
        self.last = st
        text, ok, tip = status_text(st)
        self.status_bar.set_sync_state(text, ok)
        self.status_bar.sync_label.setToolTip(tip)
        self.sig_status_changed.emit(st)

    def _on_local_change(self, changes: Any) -> None:
        # a saved dossier goes out soon, without waiting for the next tick
        if self.last is not None and self.last.joined and not self._running:
            QTimer.singleShot(1500, self.run_now)


class OutboxDialog(QDialog):
    """The outbox view: changes waiting for the central server, conflicts, retry and sync now."""

    def __init__(self, session: UserSession, runner: TaskRunner, controller: SyncController,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner, self.controller = session, runner, controller
        self.setObjectName("outbox_dialog")
        self.setWindowTitle(self.tr("Đồng bộ với máy chủ trung tâm"))
        self.resize(820, 480)
        self.state = QLabel()
        self.state.setWordWrap(True)
        self.table = self._table([self.tr("Dữ liệu"), self.tr("Mã dòng"), self.tr("Thời điểm"),
                                  self.tr("Số lần gửi"), self.tr("Lỗi gần nhất")])
        self.conflicts = self._table([self.tr("Xung đột đã ghi nhận (không áp dụng)")])
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay (Ctrl+F9)"))
        self.sync_button.clicked.connect(self._sync_now)
        self.retry_button = QPushButton(self.tr("Gửi lại các mục lỗi"))
        self.retry_button.clicked.connect(self._retry)
        self.shared_button = QPushButton(self.tr("Gửi thay đổi dùng chung…"))
        self.shared_button.setToolTip(render("sync_held"))
        self.shared_button.clicked.connect(self._push_shared)
        self.shared_button.setVisible(session.can("sync_setup"))
        self.shared_button.setEnabled(False)   # until the state is loaded
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        # Qt ships no Vietnamese translation of its standard buttons
        close.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Đóng"))
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.sync_button, self.retry_button, self.shared_button):
            buttons.addWidget(b)
        buttons.addStretch(1)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.state)
        layout.addWidget(QLabel(self.tr("Thay đổi chờ gửi (cũ nhất trước):")))
        layout.addWidget(self.table, 3)
        layout.addWidget(self.conflicts, 1)
        layout.addLayout(buttons)
        QShortcut(QKeySequence("Ctrl+F9"), self, self._sync_now)
        controller.sig_cycle_finished.connect(lambda _st: self.refresh())
        self.refresh()

    def _table(self, headers: list[str]) -> QTableWidget:
        t = QTableWidget(0, len(headers))
        t.setHorizontalHeaderLabels(headers)
        t.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        t.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        t.horizontalHeader().setSectionResizeMode(len(headers) - 1,
                                                  QHeaderView.ResizeMode.Stretch)
        t.verticalHeader().setVisible(False)
        return t

    def refresh(self) -> None:
        """Reload the state, the pending entries and the conflicts (off the GUI thread)."""
        ctx = self.session.ctx
        Op(self.runner, lambda: (_sync().current(ctx), _sync().pending(ctx), _sync().conflicts(ctx))) \
            .success(self._fill).run_in_background()

    def _fill(self, data: tuple[sync.SyncStatus, list[sync.OutboxItem], list[Any]]) -> None:
        st, items, conflicts = data
        text, _ok, tip = status_text(st)
        self.state.setText(f"{text}\n{tip}")
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            error = item.last_error or ""
            if error == "held":
                error = self.tr("Chờ quản trị viên trung tâm gửi")
            values = [self._table_label(item.table), item.row_id, iso(item.created_at) or "",
                      str(item.attempts), error]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.conflicts.setRowCount(len(conflicts))
        for row, c in enumerate(conflicts):
            self.conflicts.setItem(row, 0, QTableWidgetItem(c.message))
        self.retry_button.setEnabled(any(i.last_error and i.last_error != "held"
                                         for i in items))
        self.sync_button.setEnabled(st.joined)
        self.shared_button.setEnabled(st.joined and st.held > 0)

    def _sync_now(self) -> None:
        self.controller.run_now()

    def _table_label(self, table: str) -> str:
        """What a synced table holds, in words (the outbox lists rows of any of them)."""
        labels = {
            "dossier": self.tr("Hồ sơ"), "dossier_event": self.tr("Diễn biến hồ sơ"),
            "audit_entry": self.tr("Nhật ký thao tác"), "app_user": self.tr("Tài khoản"),
            "procedure": self.tr("Thủ tục"), "calendar_override": self.tr("Lịch nghỉ"),
            "agency": self.tr("Cơ quan"), "counter": self.tr("Quầy"),
        }
        return labels.get(table, table)

    def _push_shared(self) -> None:
        dialog = AdminLoginDialog(self)
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        login, password = dialog.credentials()
        dialog.password.clear()
        dialog.deleteLater()
        if accepted and self.controller.push_shared(login, password):
            self.state.setText(self.tr("Đang gửi thay đổi dùng chung…"))

    def _retry(self) -> None:
        ctx = self.session.ctx
        Op(self.runner, lambda: _sync().retry(ctx), write=True) \
            .success(lambda _n: self.controller.run_now()).run_in_background()


class AdminLoginDialog(QDialog):
    """Asks for a central administrator's login and password (kept for one send only)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("admin_login_dialog")
        self.setWindowTitle(self.tr("Tài khoản quản trị trung tâm"))
        intro = QLabel(self.tr(
            "Tài khoản, danh mục thủ tục và lịch nghỉ dùng chung cho mọi cơ quan chỉ được gửi "
            "lên máy chủ trung tâm bằng tài khoản quản trị trung tâm. Mật khẩu chỉ dùng cho "
            "lần gửi này, không được lưu trên máy."))
        intro.setWordWrap(True)
        self.login = QLineEdit()
        self.login.setObjectName("admin_login")
        self.password = QLineEdit()
        self.password.setObjectName("admin_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        form = QFormLayout()
        form.addRow(self.tr("Tên đăng nhập trung tâm:"), self.login)
        form.addRow(self.tr("Mật khẩu:"), self.password)
        self.buttons = dialog_buttons(self, self.tr("Gửi"))
        self.buttons.accepted.connect(self._accept)
        self.error = QLabel()
        self.error.setObjectName("field_error")
        self.error.setStyleSheet("color: #b00020")
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.buttons)

    def _accept(self) -> None:
        for edit, field in ((self.login, "username"), (self.password, "password")):
            if not edit.text().strip():
                self.error.setText(render("required", field))
                edit.setFocus()
                return
        self.accept()

    def credentials(self) -> tuple[str, str]:
        """(login, password) as typed."""
        return self.login.text().strip(), self.password.text()
