"""Notices in the GUI (issue 18): the sender that runs on its own, and the citizen's rating.

* :class:`NoticeSender` sends the due notices on a timer and soon after a local change, on a
  thread of its own (never the event loop, never the writer thread: a slow SMTP server must
  not hold up saving dossiers). When a round sent or failed something, screens that show
  notices are told through the runner's ``sig_changed`` (tag ``notice``).
* :class:`RatingWindow` faces the citizen at the return of a result: three large choices
  (keys 1, 2, 3 of the numeric keypad) and an optional comment; on a second screen when the
  PC has one. It names the dossier code only, never the citizen.
* :func:`notice_lines` renders a dossier's notices for the detail screen.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from PySide6.QtCore import QObject, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from onestop.domain import messages as m
from onestop.domain import notices as dn
from onestop.domain.validation import mask_phone
from onestop.services import notices
from onestop.ui.messages import local_dt, tr_core
from onestop.ui.session import UserSession
from onestop.ui.tasks import Changes, TaskRunner

log = logging.getLogger(__name__)


class NoticeSender(QObject):
    """Sends due notices every ``interval_s`` seconds and after local changes.

    Signals:
        sig_round_finished(object): a round ended (its ``SendReport``), on the GUI thread.
    """

    sig_round_finished = Signal(object)
    _sig_done = Signal(object)

    def __init__(self, session: UserSession, runner: TaskRunner, interval_s: int = 60,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.runner = session, runner
        self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="onestop-notices")
        self._running = self._stopping = False
        self.timer = QTimer(self)
        self.timer.setInterval(max(5, int(interval_s)) * 1000)
        self.timer.timeout.connect(self.run_now)
        self._sig_done.connect(self._on_done, Qt.ConnectionType.QueuedConnection)
        runner.sig_changed.connect(self._on_local_change)

    def start(self) -> None:
        self.timer.start()
        QTimer.singleShot(3000, self.run_now)

    def stop(self) -> None:
        self._stopping = True
        self.timer.stop()
        self._pool.shutdown(wait=False, cancel_futures=True)

    @Slot()
    def run_now(self) -> None:
        """Start a round unless one is running."""
        if self._running or self._stopping or not self.session.can("event"):
            return
        self._running = True
        ctx = self.session.ctx
        future = self._pool.submit(lambda: notices.send_due(ctx))
        future.add_done_callback(self._sig_done.emit)

    def _on_done(self, future: Future[Any]) -> None:
        self._running = False
        try:
            report = future.result()
        except Exception as exc:  # noqa: BLE001 - a database hiccup: the next round retries
            log.warning("notice round failed: %s", exc)
            return
        if report.queued or report.sent or report.failed:
            self.runner.sig_changed.emit(Changes(frozenset({"notice"}), self))
        self.sig_round_finished.emit(report)

    def _on_local_change(self, changes: Changes) -> None:
        if changes.initiator is not self and changes.touches("dossier") and not self._running:
            QTimer.singleShot(1000, self.run_now)


def notice_lines(rows: list[Any]) -> str:
    """One line per notice: channel, kind, state, when, and the error of a waiting one."""
    out = []
    for n in rows:
        who = mask_phone(n.recipient) if n.channel == "sms" else n.recipient
        line = (f"{tr_core(m.NOTICE_LABELS[n.channel])} ({who}) · "
                f"{tr_core(m.NOTICE_LABELS[n.kind])} · {tr_core(m.NOTICE_LABELS[n.state])}")
        if n.state == "sent" and n.sent_at is not None:
            line += f" {local_dt(n.sent_at)}"
        elif n.last_error:
            line += f" — {n.attempts}× {n.last_error}"
            if n.next_try is not None:
                line += f" → {local_dt(n.next_try)}"
        out.append(line)
    return "\n".join(out)


class RatingWindow(QDialog):
    """The citizen's satisfaction, asked on the screen that faces them.

    Signals:
        sig_rated(str, str): the rating token and the comment ("" when none).
    """

    sig_rated = Signal(str, str)

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("rating_window")
        self.setWindowTitle(self.tr("Đánh giá mức độ hài lòng"))
        self.rating: str | None = None
        lay = QVBoxLayout(self)
        question = QLabel(self.tr("Ông/bà có hài lòng với việc giải quyết hồ sơ %1?")
                          .replace("%1", code))
        question.setWordWrap(True)
        font = question.font()
        font.setPointSize(font.pointSize() + 6)
        question.setFont(font)
        lay.addWidget(question)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, token in dn.RATING_KEYS.items():
            b = QPushButton(f"{key}\n{tr_core(m.RATING_LABELS[token])}")
            b.setObjectName(f"rating_{token}")
            b.setMinimumSize(180, 110)
            b.setFont(font)
            b.clicked.connect(lambda _c=False, t=token: self.choose(t))
            row.addWidget(b)
            self.buttons[token] = b
        lay.addLayout(row)
        lay.addWidget(QLabel(self.tr("Góp ý (không bắt buộc), rồi nhấn Enter:")))
        self.comment = QLineEdit()
        self.comment.setObjectName("rating_comment")
        self.comment.returnPressed.connect(self.confirm)
        lay.addWidget(self.comment)
        hint = QLabel(self.tr("Bấm phím 1, 2 hoặc 3 trên bàn phím số; Esc: bỏ qua."))
        lay.addWidget(hint)

    def place(self) -> None:
        """Show on the second screen when there is one (it faces the citizen)."""
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            target = screens[1]
            self.setScreen(target)
            self.move(target.availableGeometry().topLeft())
            self.showMaximized()
        else:
            self.show()

    def choose(self, token: str) -> None:
        self.rating = token
        for t, b in self.buttons.items():
            b.setDefault(t == token)
            b.setStyleSheet("font-weight: bold; border: 3px solid #1a7f37;" if t == token
                            else "")
        self.comment.setFocus()

    def confirm(self) -> None:
        if self.rating is None:
            return
        self.sig_rated.emit(self.rating, self.comment.text().strip())
        self.accept()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        token = dn.RATING_KEYS.get(event.text())
        if token is not None and not (self.comment.hasFocus() and self.rating is not None):
            self.choose(token)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.confirm()
            return
        super().keyPressEvent(event)
