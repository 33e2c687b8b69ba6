"""Idle lock: counter PCs are shared, so the window locks after some minutes without input."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QPushButton, QVBoxLayout, QWidget

from onestop.services import users
from onestop.ui.session import UserSession
from onestop.ui.tasks import Op, TaskRunner
from onestop.ui.widgets import FieldErrors, error_label, role_label, with_error
from onestop.ui.messages import fill

_INPUT = {QEvent.Type.KeyPress, QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove,
          QEvent.Type.Wheel, QEvent.Type.TouchBegin}


class IdleWatcher(QObject):
    """Fires :attr:`sig_idle` after ``minutes`` without keyboard or mouse input (0 = never).

    Signals:
        sig_idle(): the idle time elapsed.
    """

    sig_idle = Signal()

    def __init__(self, minutes: float, clock: Callable[[], float] = time.monotonic,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._clock = clock
        self._last = clock()
        self._fired = False
        self.minutes = minutes
        # a coarse periodic check costs less than restarting a timer on every mouse move
        self._timer = QTimer(self, interval=2_000)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT:
            self._last = self._clock()
            self._fired = False
        return False

    def check(self) -> None:
        """Fire once when the idle time has passed."""
        if self.minutes <= 0 or self._fired:
            return
        if self._clock() - self._last >= self.minutes * 60:
            self._fired = True
            self.sig_idle.emit()

    def reset(self) -> None:
        self._last = self._clock()
        self._fired = False


class LockScreen(QWidget):
    """Covers the work while locked; the same user's password unlocks it.

    Signals:
        sig_unlocked(): the password was right.
        sig_logout_requested(): someone else wants to log in.
    """

    sig_unlocked = Signal()
    sig_logout_requested = Signal()

    def __init__(self, session: UserSession, runner: TaskRunner,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._runner = runner
        outer = QVBoxLayout(self)
        outer.addStretch(1)
        box = QVBoxLayout()
        box.addWidget(role_label(self.tr("Màn hình đã khoá"), "title"))
        box.addWidget(role_label(fill(self.tr("%1 — nhập mật khẩu để tiếp tục làm việc."),
                                      session.user.full_name), "muted"))
        general = error_label()
        box.addWidget(general)
        self.errors = FieldErrors(general)
        self.password = QLineEdit()
        self.password.setObjectName("lock_password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Mật khẩu"))
        self.password.returnPressed.connect(self.unlock)
        err = error_label()
        self.errors.bind("password", self.password, err)
        self.errors.bind("username", self.password, err)
        box.addWidget(with_error(self.password, err))
        buttons = QHBoxLayout()
        unlock = QPushButton(self.tr("Mở khoá"))
        unlock.clicked.connect(self.unlock)
        logout = QPushButton(self.tr("Đăng xuất"))
        logout.clicked.connect(self.sig_logout_requested)
        buttons.addWidget(unlock)
        buttons.addWidget(logout)
        box.addLayout(buttons)
        row = QHBoxLayout()
        row.addStretch(1)
        holder = QWidget()
        holder.setLayout(box)
        holder.setFixedWidth(420)
        row.addWidget(holder)
        row.addStretch(1)
        outer.addLayout(row)
        outer.addStretch(1)

    def showEvent(self, event: QEvent) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.errors.clear()
        self.password.clear()
        self.password.setFocus(Qt.FocusReason.OtherFocusReason)

    def unlock(self) -> None:
        ctx, name, pw = self._session.ctx, self._session.username, self.password.text()
        Op(self._runner, lambda: users.authenticate(ctx, name, pw), write=True) \
            .success(lambda _u: self.sig_unlocked.emit()) \
            .failure(self._on_failed).run_in_background()

    def _on_failed(self, exc: Exception) -> None:
        self.errors.show(exc)
        self.password.clear()
