"""Sync in the GUI: a background timer, the status-bar state, and the outbox view.

The cycle (``onestop.sync.run_once``) runs on a dedicated worker thread, never on the GUI
thread and never on the task runner's writer thread, so a long pull does not hold up the
counter's own saves (SQLite's busy timeout arbitrates the one write lock between them).
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget,
)

from onestop import sync
from onestop.services.dto import iso
from onestop.ui.session import UserSession
from onestop.ui.status_bar import AppStatusBar
from onestop.ui.tasks import Op, TaskRunner

log = logging.getLogger(__name__)


def status_text(st: sync.SyncStatus, tr: Any) -> tuple[str, bool | None, str]:
    """(label, ok, tooltip) for a sync state, in plain Vietnamese."""
    if not st.joined:
        return tr("Đồng bộ: chưa cấu hình"), None, tr("Máy này chưa nối với máy chủ trung tâm.")
    when = (iso(st.last_success) or "")[11:16]
    if st.last_error:
        text = tr("Đồng bộ: lỗi · %1 chờ gửi").replace("%1", str(st.pending))
        if st.error_code == "sync_offline":
            text = tr("Đồng bộ: mất kết nối · %1 chờ gửi").replace("%1", str(st.pending))
        return text, False, st.last_error
    if st.pending:
        return (tr("Đồng bộ: %1 thay đổi chờ gửi").replace("%1", str(st.pending)), None,
                tr("Lần đồng bộ gần nhất: %1").replace("%1", when or "—"))
    return (tr("Đồng bộ: trực tuyến · %1").replace("%1", when), True,
            tr("Đã gửi và nhận đủ thay đổi."))


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
        Op(self.runner, lambda: sync.current(ctx)).success(self._show).run_in_background()
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
        future = self._pool.submit(lambda: sync.run_once(ctx, stop=lambda: self._stopping))
        future.add_done_callback(self._sig_done.emit)

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
        text, ok, tip = status_text(st, self.tr)
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
        self.table = self._table([self.tr("Bảng"), self.tr("Mã dòng"), self.tr("Thời điểm"),
                                  self.tr("Số lần gửi"), self.tr("Lỗi gần nhất")])
        self.conflicts = self._table([self.tr("Xung đột đã ghi nhận (không áp dụng)")])
        self.sync_button = QPushButton(self.tr("Đồng bộ ngay (Ctrl+F9)"))
        self.sync_button.clicked.connect(self._sync_now)
        self.retry_button = QPushButton(self.tr("Gửi lại các mục lỗi"))
        self.retry_button.clicked.connect(self._retry)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        buttons = QHBoxLayout()
        for b in (self.sync_button, self.retry_button):
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
        Op(self.runner, lambda: (sync.current(ctx), sync.pending(ctx), sync.conflicts(ctx))) \
            .success(self._fill).run_in_background()

    def _fill(self, data: tuple[sync.SyncStatus, list[sync.OutboxItem], list[Any]]) -> None:
        st, items, conflicts = data
        text, _ok, tip = status_text(st, self.tr)
        self.state.setText(f"{text}\n{tip}")
        self.table.setRowCount(len(items))
        for row, item in enumerate(items):
            values = [item.table, item.row_id, iso(item.created_at) or "", str(item.attempts),
                      item.last_error or ""]
            for col, value in enumerate(values):
                self.table.setItem(row, col, QTableWidgetItem(value))
        self.conflicts.setRowCount(len(conflicts))
        for row, c in enumerate(conflicts):
            self.conflicts.setItem(row, 0, QTableWidgetItem(c.message))
        self.retry_button.setEnabled(any(i.last_error for i in items))
        self.sync_button.setEnabled(st.joined)

    def _sync_now(self) -> None:
        self.controller.run_now()

    def _retry(self) -> None:
        ctx = self.session.ctx
        Op(self.runner, lambda: sync.retry(ctx), write=True) \
            .success(lambda _n: self.controller.run_now()).run_in_background()
