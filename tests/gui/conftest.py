"""Fixtures of the GUI tests: a real SQLite database with users, the task runner, typing helpers.

The GUI runs on Qt's ``offscreen`` platform (set here before pytest-qt creates the one shared
QApplication). Each test gets its own copy of a database initialised once per session by
``tests.support.accounts.initialise`` (Argon2 hashing is the slow part).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest

import onestop.ui  # noqa: F401
from tests.support.accounts import initialise
from tests.support.db import copy_sqlite, sqlite_template

@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised database file with the test accounts (built once, on the real clock)."""
    return sqlite_template(tmp_path_factory, "template",
                           lambda url: initialise(url, installed=None))


@pytest.fixture
def db_url(template_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh copy of the template database for one test."""
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    return f"sqlite:///{copy_sqlite(template_db, tmp_path / 'onestop.sqlite3')}"


@pytest.fixture
def base_ctx(db_url: str) -> Iterator[Any]:
    from onestop.services.context import Context

    ctx = Context.open(db_url)
    yield ctx
    ctx.engine.dispose()


@pytest.fixture
def reported() -> list[BaseException]:
    """Errors that reached the global reporter during the test."""
    return []


@pytest.fixture
def runner(qtbot: Any, reported: list[BaseException]) -> Iterator[Any]:
    """The task runner; unexpected errors fail the test."""
    from onestop.ui.tasks import TaskRunner

    r = TaskRunner(reported.append)
    yield r
    r.shutdown(wait=True)
    unexpected = [e for e in reported if not _expected(e)]
    assert not unexpected, f"unexpected errors reported: {unexpected!r}"


def _expected(exc: BaseException) -> bool:
    from onestop.ui.tasks import EXPECTED

    return isinstance(exc, EXPECTED)


@pytest.fixture
def session_for(base_ctx: Any) -> Any:
    """``session_for("canbo")``: a logged-in user session (no password check)."""
    from onestop.services import users
    from onestop.ui.session import UserSession

    def make(username: str) -> UserSession:
        found = {u.username: u for u in users.list_users(base_ctx.as_user("system"))}
        return UserSession(base_ctx.as_user(username), found[username])

    return make


@pytest.fixture
def prefs() -> Any:
    from onestop.ui.preferences import Preferences

    return Preferences({"ui.idle_lock_minutes": 0})


@pytest.fixture
def make_window(qtbot: Any, runner: Any, prefs: Any, session_for: Any) -> Any:
    """``make_window("canbo")``: the main window of that user, shown, watchers removed after."""
    from onestop.services.install import setup
    from onestop.ui.main_window import MainWindow

    windows: list[Any] = []

    def make(username: str) -> MainWindow:
        session = session_for(username)
        w = MainWindow(session, runner, prefs, setup.agency_info(session.ctx))
        qtbot.addWidget(w)
        w.resize(1366, 768)
        w.show()
        qtbot.waitExposed(w)
        w.activateWindow()
        windows.append(w)
        wait_idle(qtbot, runner)
        return w

    yield make
    for w in windows:
        w.remove_watchers()


def wait_idle(qtbot: Any, runner: Any, timeout: int = 10_000) -> None:
    """Wait until every background op has called back (follow-up ops included)."""
    qtbot.waitUntil(lambda: runner.idle, timeout=timeout)
    qtbot.wait(1)
    qtbot.waitUntil(lambda: runner.idle, timeout=timeout)


def activate(qtbot: Any, window: Any) -> None:
    """Make ``window`` the active window again (offscreen does not after a dialog closes);
    window shortcuts only fire in the active window."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)


def type_text(widget: Any, text: str) -> None:
    """Type ``text`` into ``widget`` one key event per character (Vietnamese included).

    ``qtbot.keyClicks`` aborts the process on non-ASCII characters; a key event with
    ``Key_unknown`` and the character as its text is what an input method delivers.
    """
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    widget.setFocus()
    for ch in text:
        QTest.sendKeyEvent(QTest.KeyAction.Click, widget, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)


def scan(window: Any, code: str) -> None:
    """What a barcode scanner does: the code's keys in quick succession, then Enter."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication

    target = QApplication.focusWidget() or window
    for ch in code:
        QTest.sendKeyEvent(QTest.KeyAction.Click, target, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
    QTest.keyClick(target, Qt.Key.Key_Return)
