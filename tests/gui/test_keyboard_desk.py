"""The desk as an officer meets it: a whole dossier from login to saved with the keyboard only.

Keys go where a real keyboard sends them (the focused widget, see ``tests/gui/keyboard.py``),
so a window nobody activated, or a focus left on a control between the fields, shows up as
lost keys or extra keys. Qt's offscreen platform, like a bare X display, has no window
manager that activates a newly shown window.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from onestop.app import DeskController, open_database
from onestop.services import queries
from onestop.ui.errors import ErrorReporter
from onestop.ui.login import LoginDialog
from tests.support.accounts import PASSWORD
from tests.gui.conftest import wait_idle
from tests.gui.keyboard import CountingKeyboard

pytestmark = pytest.mark.gui

PROCEDURE = "2.001914"
NAME = "Nguyễn Văn An"
#: login (user, Tab, password, Enter) + procedure code, Enter + name + Ctrl+S + Esc
KEYS_FOR_ONE_DOSSIER = (len("canbo") + 1 + len(PASSWORD) + 1
                        + len(PROCEDURE) + 1 + len(NAME) + 1 + 1)


def _type_login_when_shown(kb: CountingKeyboard) -> None:
    """Type the credentials once the (modal) login dialog is on screen, as a person would:
    when it appears, not when something has activated it."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        handle = dialog.windowHandle() if dialog is not None else None
        if not isinstance(dialog, LoginDialog) or handle is None or not handle.isExposed():
            QTimer.singleShot(10, fill)
            return
        kb.type("canbo")
        kb.press(Qt.Key.Key_Tab)
        kb.type(PASSWORD)
        kb.press(Qt.Key.Key_Return)
        # keys lost: stop waiting for a login that cannot come (the test then fails)
        QTimer.singleShot(5000, lambda: dialog.reject() if dialog.isVisible() else None)

    QTimer.singleShot(10, fill)


def _stop(desk: DeskController, qapp: QApplication, qtbot: Any) -> None:
    qapp.lastWindowClosed.disconnect(desk._on_last_window_closed)
    qapp.setQuitOnLastWindowClosed(True)
    if desk.window is not None:
        qtbot.addWidget(desk.window)
        if desk.window.preview is not None:
            desk.window.preview.close()
        desk.window.remove_watchers()


def test_a_dossier_from_login_to_saved_with_keys_only(qtbot: Any, db_url: str, runner: Any,
                                                      prefs: Any, qapp: QApplication) -> None:
    kb = CountingKeyboard()
    ctx, agency = open_database(db_url)
    desk = DeskController(ctx, runner, prefs, ErrorReporter(show_dialogs=False), agency)
    try:
        _type_login_when_shown(kb)
        assert desk.start(), f"the login dialog did not get the keys: {kb.lost}"
        w = desk.window
        wait_idle(qtbot, runner)
        # the window is active and the picker has the focus, with no window manager
        assert w.isActiveWindow()
        assert QApplication.focusWidget() is w.receive.procedure
        kb.type(PROCEDURE)
        kb.press(Qt.Key.Key_Return)
        wait_idle(qtbot, runner)
        assert w.receive.procedure.chosen is not None
        assert w.receive.procedure.chosen.code == PROCEDURE
        # straight to the name: the person/organisation choice is not a Tab stop
        qtbot.waitUntil(lambda: QApplication.focusWidget() is w.receive.name, timeout=3000)
        kb.type(NAME)
        kb.press(Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
        wait_idle(qtbot, runner)
        saved = w.receive.last_saved
        assert saved is not None
        qtbot.waitUntil(lambda: w.preview is not None and w.preview.isVisible(), timeout=5000)
        wait_idle(qtbot, runner)
        kb.press(Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not w.preview.isVisible(), timeout=3000)
        # back on the form, active, nothing half-typed: the next dossier can start at once
        qtbot.waitUntil(w.isActiveWindow, timeout=3000)
        picker = w.receive.procedure
        assert QApplication.focusWidget() is picker
        assert picker.selectedText() == picker.text()  # typing replaces it
        for field in (w.receive.name, w.receive.id_number, w.receive.phone, w.receive.address):
            assert field.text() == ""
        assert kb.lost == []
        assert kb.count == KEYS_FOR_ONE_DOSSIER
        d = queries.show(ctx, saved.code)
        assert d.applicant_name == NAME and d.procedure_code == PROCEDURE
        # the next applicant of the same procedure: Tab keeps it, then the name
        before = kb.count
        kb.press(Qt.Key.Key_Tab)
        assert QApplication.focusWidget() is w.receive.name
        kb.type("Lê Thị Bình")
        kb.press(Qt.Key.Key_F10)
        wait_idle(qtbot, runner)
        assert w.receive.last_saved is not None and w.receive.last_saved.code != saved.code
        assert kb.count - before == 1 + len("Lê Thị Bình") + 1 and kb.lost == []
    finally:
        _stop(desk, qapp, qtbot)


def test_person_or_organisation_by_shortcut(qtbot: Any, make_window: Any, runner: Any) -> None:
    w = make_window("canbo")
    view = w.receive
    kb = CountingKeyboard()
    view.procedure.setFocus()
    kb.press(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.is_org.isChecked, timeout=2000)  # a mnemonic clicks "animated"
    # the organisation's name comes first
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.org, timeout=2000)
    kb.press(Qt.Key.Key_C, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.is_person.isChecked, timeout=2000)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.name, timeout=2000)
    kb.press(Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(view.is_org.isChecked, timeout=2000)
    view.procedure.setFocus()
    kb.type(PROCEDURE)
    kb.press(Qt.Key.Key_Return)  # picked: on to the organisation's name
    qtbot.waitUntil(lambda: QApplication.focusWidget() is view.org, timeout=3000)
    assert kb.lost == []
