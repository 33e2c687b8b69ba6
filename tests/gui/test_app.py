"""The composition root: open and upgrade the database, log in, main window, log out, log in."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from onestop.app import DeskController, open_database
from onestop.ui.errors import ErrorReporter
from onestop.ui.login import LoginDialog
from tests.support.accounts import PASSWORD
from tests.gui.conftest import wait_idle

pytestmark = pytest.mark.gui


def _answer_login(qtbot: Any, username: str) -> None:
    """When the (modal) login dialog appears, type the credentials and submit."""
    def fill() -> None:
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, LoginDialog):
            QTimer.singleShot(20, fill)
            return
        dialog.username.setText(username)
        dialog.password.setText(PASSWORD)
        dialog.submit()

    QTimer.singleShot(20, fill)


def test_login_main_window_logout_and_login_again(qtbot: Any, db_url: str, runner: Any,
                                                  prefs: Any, qapp: QApplication) -> None:
    ctx, agency = open_database(db_url)
    assert agency.code and agency.counter == 1
    reporter = ErrorReporter(show_dialogs=False)
    desk = DeskController(ctx, runner, prefs, reporter, agency)
    try:
        _answer_login(qtbot, "canbo")
        assert desk.start()
        first = desk.window  # deleted by the logout: not handed to qtbot
        assert first.session.username == "canbo" and first.isVisible()
        wait_idle(qtbot, runner)
        _answer_login(qtbot, "giamsat")
        first.logout()  # back to the login dialog, another officer takes the counter
        qtbot.waitUntil(lambda: desk.window is not None and desk.window is not first,
                        timeout=10_000)
        qtbot.addWidget(desk.window)
        assert desk.window.session.username == "giamsat"
        assert desk.window.dashboard_tab is not None  # a supervisor gets Theo dõi
        wait_idle(qtbot, runner)
    finally:
        qapp.lastWindowClosed.disconnect(desk._on_last_window_closed)
        qapp.setQuitOnLastWindowClosed(True)
        if desk.window is not None:
            desk.window.remove_watchers()


def test_a_broken_settings_file_stops_the_gui_naming_it(qtbot: Any, tmp_path: Any,
                                                        monkeypatch: Any) -> None:
    """The desk never falls back silently to another database when its settings are broken."""
    import argparse

    from PySide6.QtWidgets import QApplication

    from onestop import app, config, logsetup
    from onestop.ui.errors import ErrorReporter
    from onestop.ui.preferences import Preferences

    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path))
    monkeypatch.delenv("ONESTOP_DB", raising=False)
    settings = config.paths().settings_file
    settings.parent.mkdir(parents=True)
    settings.write_text("[database\nurl = 1\n", encoding="utf-8")
    shown: list[BaseException] = []
    monkeypatch.setattr(app, "_fatal", shown.append)
    monkeypatch.setattr(logsetup, "setup_logging", lambda *a, **k: None)
    monkeypatch.setattr(ErrorReporter, "install", lambda self: None)
    args = argparse.Namespace(db=None, screenshots=None)
    assert app._run_desk(QApplication.instance(), args, Preferences(), []) == 2
    (err,) = shown[0].errors  # type: ignore[attr-defined]
    assert err.field == "settings" and str(settings) in err.message
    assert not config.paths().default_db.exists()  # no other database was created


_IMPORT_ORDER = """
import sys
from onestop.app import preload_services
preload_services()
assert "PySide6" not in sys.modules, "a desk service imports Qt"
before = set(sys.modules)
import onestop.ui.login, onestop.ui.main_window   # the screens of a cold start
late = sorted(m for m in set(sys.modules) - before
              if m.split(".")[0] in ("sqlalchemy", "holidays", "argon2", "cryptography")
              or (m.startswith("onestop.") and not m.startswith("onestop.ui")))
print("\\n".join(late))
"""


def test_the_desk_services_are_imported_before_qt(tmp_path: Any) -> None:
    """Issue 19 (cold start): every Qt-free module the login dialog and the main window import
    is already loaded by ``preload_services`` (``run_gui`` calls it before PySide6), because
    PySide6's import hook reads the source of each module imported after it. A service added
    to a start-up screen must join ``DESK_SERVICES``."""
    import subprocess
    import sys
    from pathlib import Path

    repo = Path(__file__).resolve().parents[2]
    out = subprocess.run([sys.executable, "-c", _IMPORT_ORDER], cwd=repo, capture_output=True,
                         text=True, env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(repo),
                                         "ONESTOP_HOME": str(tmp_path),
                                         "QT_QPA_PLATFORM": "offscreen"})
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == []
