"""Scanners as they are set up: CR, keypad Enter or Tab after the code, an optional prefix and
suffix configured in Cài đặt, and a scan that arrives while a completion list is open.

Keys go where Qt delivers a keyboard's keys (an open popup first, else the focused widget),
at scanner speed; the existing Enter-terminated scans are in ``test_dossier_flow.py``.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import type_text, wait_idle
from tests.gui.keyboard import key_target

pytestmark = pytest.mark.gui


def scanner_types(text: str, end: Qt.Key | None = Qt.Key.Key_Return) -> None:
    """A USB HID scanner: the characters in quick succession, then its terminator (if any)."""
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, key_target(), Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
    if end is not None:
        QTest.keyClick(key_target(), end)


@pytest.fixture
def dossier(base_ctx: Any) -> Any:
    return receive(base_ctx.as_user("canbo"), ReceiveRequest(procedure="2.001914",
                                                             name="Đỗ Minh Châu"))


def _opened(qtbot: Any, w: Any, code: str, runner: Any) -> None:
    qtbot.waitUntil(lambda: w.detail.dossier is not None and w.detail.dossier.code == code,
                    timeout=5000)
    # the field the code was taken out of refilters the list (debounced): let it finish
    qtbot.waitUntil(lambda: not w.dossier_list._search_timer.isActive(), timeout=3000)
    wait_idle(qtbot, runner)


def test_a_tab_terminated_scan_opens_the_dossier_and_does_not_move_the_focus(
        qtbot: Any, make_window: Any, runner: Any, dossier: Any) -> None:
    w = make_window("canbo")
    w.show_list()
    wait_idle(qtbot, runner)
    search = w.dossier_list.search
    search.setFocus()
    scanner_types(dossier.code, Qt.Key.Key_Tab)
    _opened(qtbot, w, dossier.code, runner)
    assert search.text() == ""  # the code was taken back out of the search box


def test_a_scanner_with_a_prefix_and_suffix_from_the_settings(
        qtbot: Any, make_window: Any, runner: Any, prefs: Any, dossier: Any) -> None:
    prefs.update({"scanner.prefix": "]C0", "scanner.suffix": "#"})
    w = make_window("canbo")
    w.show_list()
    wait_idle(qtbot, runner)
    search = w.dossier_list.search
    search.setFocus()
    type_text(search, "le")  # the officer had typed something before scanning
    scanner_types("]C0" + dossier.code.lower() + "#", Qt.Key.Key_Enter)
    _opened(qtbot, w, dossier.code, runner)
    assert search.text() == "le"
    # the suffix alone ends a scan when the scanner sends no CR
    w.show_list()
    search.setFocus()
    search.clear()
    w.detail.dossier = None
    scanner_types("]C0" + dossier.code + "#", end=None)
    _opened(qtbot, w, dossier.code, runner)
    assert search.text() == ""


def test_a_scan_into_the_open_procedure_list_opens_the_dossier_and_leaves_the_picker(
        qtbot: Any, make_window: Any, runner: Any, dossier: Any) -> None:
    w = make_window("canbo")
    picker = w.receive.procedure
    type_text(picker, "chuyen")
    popup = picker.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    shown = picker.model.rowCount()
    assert shown > 0 and QApplication.activePopupWidget() is popup
    scanner_types(dossier.code)
    _opened(qtbot, w, dossier.code, runner)
    assert picker.text() == "chuyen" and picker.chosen is None
    assert picker.model.rowCount() == shown  # the list still filters "chuyen"
    assert not popup.isVisible()


def test_codes_typed_by_hand_and_tabs_stay_ordinary_keys(
        qtbot: Any, make_window: Any, runner: Any, dossier: Any) -> None:
    w = make_window("canbo")
    view = w.receive
    view.name.setFocus()
    for ch in dossier.code:  # a person types the code: far slower than a scanner
        QTest.sendKeyEvent(QTest.KeyAction.Click, view.name, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
        qtbot.wait(70)
    QTest.keyClick(view.name, Qt.Key.Key_Tab)
    assert view.name.text() == dossier.code
    assert QApplication.focusWidget() is not view.name  # Tab moved on, as typed
    assert w.detail.dossier is None


def test_the_scanner_settings_are_saved_with_the_desk_settings(
        qtbot: Any, make_window: Any, runner: Any, prefs: Any) -> None:
    w = make_window("quantri")
    page = w.settings_view.system_page
    page.scanner_prefix.setText("*")
    page.scanner_suffix.setText("~")
    page.save()
    assert (prefs.get("scanner.prefix"), prefs.get("scanner.suffix")) == ("*", "~")
    assert w._scanner_affixes() == ("*", "~")
