"""Barcode scans from any screen: a scanner is a keyboard that types fast and ends the code.

An application-wide event filter watches printable key presses. When a terminator arrives —
Return, keypad Enter or Tab (the suffixes scanners ship with), or the last character of the
suffix configured in Cài đặt — and the keys typed just before it form a dossier code
(:data:`onestop.domain.codes.DOSSIER_CODE_RE`), optionally behind the configured prefix and
before the configured suffix, and came at scanner speed, the terminator is swallowed, the
scanned characters are removed from the field they were typed into, and
:attr:`ScanDetector.sig_scanned` fires. People type far slower than the gap limit, so a code
typed by hand stays ordinary text and a Tab typed by hand still moves the focus.

The same scanner reads two kinds of QR (``domain.cccd``, ``domain.receipt_qr``):

* a chip **ID card's QR** (12 digits, then ``|``-separated fields, possibly as Alt-code
  mojibake or a hex dump) fires :attr:`ScanDetector.sig_card_scanned` with the raw text;
* a **receipt's signed QR** (``OSR1|…``) fires :attr:`ScanDetector.sig_receipt_scanned`.

Both are told apart from typing by the same speed rule, and from a dossier code by their
shape; their characters are taken back out of the field like a code's.

While a completion list is open (the procedure picker's), the keys go to the list, which passes
them on to its field: they are watched there too, so a scan still opens the dossier and the
field gets back the text it had before the scan.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QPlainTextEdit, QTextEdit, QWidget

from onestop.domain import cccd, receipt_qr
from onestop.domain.codes import DOSSIER_CODE_RE

#: Longest pause between two keys of one scan. USB scanners send a key every 1–15 ms.
MAX_GAP_S = 0.05
#: Keys kept in the buffer: a card's QR is up to ~250 characters (~750 as a hex dump), a
#: receipt's ~190; a dossier code 25, plus a prefix and a suffix.
BUFFER = 1000
#: Kinds of scan.
CODE, CARD, RECEIPT = "code", "card", "receipt"
#: Keys that end a scan: CR (Return), keypad Enter, Tab.
TERMINATORS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Tab)

#: The configured ``(prefix, suffix)`` of the scanner, read at each scan (settings may change).
Affixes = Callable[[], tuple[str, str]]


def _no_affixes() -> tuple[str, str]:
    return "", ""


class ScanDetector(QObject):
    """Recognises scanned dossier codes among the key presses of the application.

    Args:
        is_active: whether a scan may be acted on now (no modal dialog, not locked).
        clock: seconds, for key events without a window-system time stamp.
        affixes: the scanner's configured prefix and suffix (``scanner.prefix`` and
            ``scanner.suffix`` of the settings file); empty strings when none.

    Signals:
        sig_scanned(str): a dossier code was scanned (upper-case).
        sig_card_scanned(str): an ID card's QR was scanned (its text as typed).
        sig_receipt_scanned(str): a receipt's signed QR was scanned.
    """

    sig_scanned = Signal(str)
    sig_card_scanned = Signal(str)
    sig_receipt_scanned = Signal(str)

    def __init__(self, is_active: Callable[[], bool] = lambda: True,
                 clock: Callable[[], float] = time.monotonic, parent: QObject | None = None,
                 affixes: Affixes = _no_affixes) -> None:
        super().__init__(parent)
        self._is_active = is_active
        self._clock = clock
        self._affixes = affixes
        self._chars: list[tuple[str, float]] = []
        self._scanned_at: float | None = None  # a scan just ended on its suffix

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if not self._delivered_to_focus(watched):
            return False  # the same key event propagating to parents: count it once
        key, now = event.key(), self._stamp(event)
        if key in TERMINATORS and event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                                        Qt.KeyboardModifier.KeypadModifier):
            return self._on_terminator(now)
        text = event.text()
        if len(text) == 1 and text.isprintable():
            if self._chars and now - self._chars[-1][1] > MAX_GAP_S:
                self._chars.clear()  # a pause: whatever came before was typed by a person
            self._scanned_at = None
            self._chars.append((text, now))
            del self._chars[:-BUFFER]
            return self._on_suffix_end(now)
        return False

    def _on_terminator(self, now: float) -> bool:
        if self._scanned_at is not None and now - self._scanned_at <= MAX_GAP_S:
            self._scanned_at = None  # the CR after a suffix that already ended the scan
            return True
        found = self._scanned(now, require_suffix=False)
        self._chars.clear()
        if found and self._is_active():
            self._finish(*found)
            return True
        return False

    def _on_suffix_end(self, now: float) -> bool:
        """A configured suffix ends the scan by itself (scanners set up without CR)."""
        suffix = self._affixes()[1]
        if not suffix or not "".join(c for c, _t in self._chars).endswith(suffix):
            return False
        found = self._scanned(now, require_suffix=True)
        if not found or not self._is_active():
            return False
        self._chars.clear()
        kind, code, typed = found
        self._finish(kind, code, typed[:-1])  # the suffix's last key is swallowed
        self._scanned_at = now
        return True

    def _finish(self, kind: str, code: str, typed: str) -> None:
        self._remove_typed(typed)
        {CODE: self.sig_scanned, CARD: self.sig_card_scanned,
         RECEIPT: self.sig_receipt_scanned}[kind].emit(code)

    def _stamp(self, event: QKeyEvent) -> float:
        """When the key was pressed: the window system's time stamp when it has one, so a
        busy event loop (keys queued behind a slow repaint) does not stretch a fast scan."""
        ms = event.timestamp()
        return ms / 1000 if ms else self._clock()

    def _delivered_to_focus(self, watched: QObject) -> bool:
        if not isinstance(watched, QWidget):
            return False
        if watched is QApplication.activePopupWidget():
            return True  # an open completion list: it hands the keys on to its field
        focus = QApplication.focusWidget()
        if focus is not None:
            return watched is focus
        return watched.isWindow()

    def _scanned(self, now: float, require_suffix: bool) -> tuple[str, str, str] | None:
        """``(kind, code, characters typed for it)`` when the buffer ends with a scan.

        The characters typed are the prefix (when it came), the code and the suffix (when it
        came), exactly as they reached the field, so they can be taken back out of it.
        """
        if not self._chars or now - self._chars[-1][1] > MAX_GAP_S:
            return None
        prefix, suffix = self._affixes()
        raw = "".join(c for c, _t in self._chars)
        body = raw
        if suffix and body.endswith(suffix):
            body = body[:-len(suffix)]
        elif require_suffix:
            return None
        text = body.upper()
        # the buffer may hold a few keys typed before the scan started: take the longest tail
        for start in range(len(text)):
            kind = _kind(body[start:], text[start:])
            if kind is not None:
                value = text[start:].strip() if kind == CODE else body[start:].strip()
                if prefix and body[:start].endswith(prefix):
                    start -= len(prefix)
                if kind == CODE:
                    value = value.removeprefix(prefix.upper())
                return kind, value, raw[start:]
        return None

    def _remove_typed(self, typed: str) -> None:
        """Take the scanned characters back out of the text field that received them."""
        w = QApplication.focusWidget()
        if isinstance(w, QLineEdit):
            text = w.text()
            if text.upper().endswith(typed.upper()):
                before = text[:len(text) - len(typed)]
                w.setText(before)
                # listeners of typing (a completer's filter, a search box) see the text as
                # it was before the scan, and an open completion list closes
                w.textEdited.emit(before)
                completer = w.completer()
                if completer is not None:
                    completer.popup().hide()
        elif isinstance(w, (QPlainTextEdit, QTextEdit)):
            doc_text = w.toPlainText()
            if doc_text.upper().endswith(typed.upper()):
                cursor = w.textCursor()
                for _ in typed:
                    cursor.deletePreviousChar()


def _kind(tail: str, upper: str) -> str | None:
    """What a buffer tail is: a dossier code, a card's QR, a receipt's QR, or nothing."""
    if DOSSIER_CODE_RE.match(upper.strip()):
        return CODE
    if tail[:1].isdigit() and cccd.looks_like_card(tail):
        return CARD
    if receipt_qr.looks_like_receipt(tail):
        return RECEIPT
    return None
