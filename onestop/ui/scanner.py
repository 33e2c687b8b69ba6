"""Barcode scans from any screen: a scanner is a keyboard that types fast and ends with Enter.

An application-wide event filter watches printable key presses. When Enter arrives and the
keys typed just before it form a dossier code (:data:`onestop.domain.codes.DOSSIER_CODE_RE`)
and came at scanner speed, the Enter is swallowed, the code is removed from the field it was
typed into, and :attr:`ScanDetector.sig_scanned` fires. People type far slower than the gap
limit, so a code typed by hand stays ordinary text.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from onestop.domain.codes import DOSSIER_CODE_RE

#: Longest pause between two keys of one scan. USB scanners send a key every 1–15 ms.
MAX_GAP_S = 0.05
#: Keys kept in the buffer (a code is 25 characters).
BUFFER = 40
_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScanDetector(QObject):
    """Recognises scanned dossier codes among the key presses of the application.

    Signals:
        sig_scanned(str): a dossier code was scanned (upper-case).
    """

    sig_scanned = Signal(str)

    def __init__(self, is_active: Callable[[], bool] = lambda: True,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None
                 ) -> None:
        super().__init__(parent)
        self._is_active = is_active
        self._clock = clock
        self._chars: list[tuple[str, float]] = []
        self._last_event: int | None = None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self._delivered_to_focus(watched):
            return False  # the same key event propagating to parents: count it once
        key, now = event.key(), self._stamp(event)
        if key in _ENTER:
            code = self._scanned_code(now)
            if code and self._is_active():
                self._chars.clear()
                self._remove_typed(code)
                self.sig_scanned.emit(code)
                return True
            self._chars.clear()
            return False
        text = event.text()
        if len(text) == 1 and text.isprintable():
            if self._chars and now - self._chars[-1][1] > MAX_GAP_S:
                self._chars.clear()  # a pause: whatever came before was typed by a person
            self._chars.append((text, now))
            del self._chars[:-BUFFER]
        return False

    def _stamp(self, event: QKeyEvent) -> float:
        """When the key was pressed: the window system's time stamp when it has one, so a
        busy event loop (keys queued behind a slow repaint) does not stretch a fast scan."""
        ms = event.timestamp()
        return ms / 1000 if ms else self._clock()

    def _delivered_to_focus(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            return False
        focus = QApplication.focusWidget()
        if focus is not None:
            return watched is focus
        return watched.isWindow()

    def _scanned_code(self, now: float) -> str | None:
        if not self._chars or now - self._chars[-1][1] > MAX_GAP_S:
            return None
        text = "".join(c for c, _t in self._chars).strip().upper()
        # the buffer may hold a few keys typed before the scan started: take the longest tail
        for start in range(len(text)):
            if DOSSIER_CODE_RE.match(text[start:]):
                return text[start:]
        return None

    def _remove_typed(self, code: str) -> None:
        """Take the scanned characters back out of the text field that received them."""
        w = QApplication.focusWidget()
        if isinstance(w, QLineEdit):
            text = w.text()
            if text.upper().endswith(code):
                w.setText(text[:len(text) - len(code)])
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            doc_text = w.toPlainText()
            if doc_text.upper().endswith(code):
                cursor = w.textCursor()
                for _ in code:
                    cursor.deletePreviousChar()
