"""A keyboard that counts: key presses delivered where a real keyboard sends them.

A real keyboard types into the focused widget of the active window, nowhere else; so every key
goes to ``QApplication.focusWidget()`` (or to an open popup, such as a completion list, which
Qt gives the keys first) and a key pressed while no widget has focus is lost (counted, and the
test says so). Each press or chord (Ctrl+S) counts one; each typed
character counts one (Vietnamese letters are sent as key events carrying their text, the way
an input method delivers them: ``qtbot.keyClicks`` aborts the process on them).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication


def key_target() -> Any:
    """Where Qt delivers a key from the keyboard now: an open popup, else the focused widget."""
    return QApplication.activePopupWidget() or QApplication.focusWidget()


class CountingKeyboard:
    """Sends keys to the focused widget and counts them."""

    def __init__(self) -> None:
        self.count = 0
        self.lost: list[str] = []

    def _target(self, what: str) -> Any:
        target = key_target()
        if target is None:
            self.lost.append(what)
        return target

    def press(self, key: Qt.Key, modifiers: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
              ) -> None:
        self.count += 1
        target = self._target(str(key))
        if target is not None:
            QTest.keyClick(target, key, modifiers)

    def type(self, text: str) -> None:
        for ch in text:
            self.count += 1
            target = self._target(ch)
            if target is not None:
                QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, ch,
                                   Qt.KeyboardModifier.NoModifier)
