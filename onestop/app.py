"""Composition root of the desktop application: builds everything and passes it explicitly.

``onestop`` (no command) and ``onestop gui`` call :func:`run_gui`. It creates the
QApplication, registers the bundled font, installs the translators and the error reporter,
runs the first-run wizard on a new PC, opens and upgrades the database, and then loops
login → main window until the user quits. ``onestop gui --screenshots DIR`` instead saves a
PNG of every main screen built on a temporary demo database and exits.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from onestop import config

if TYPE_CHECKING:  # annotations only: Qt and the services load when the desk starts
    from PySide6.QtWidgets import QApplication

    from onestop.services.context import Context
    from onestop.services.dto import AgencyInfo
    from onestop.services.users import UserDTO
    from onestop.ui.errors import ErrorReporter
    from onestop.ui.preferences import Preferences
    from onestop.ui.tasks import TaskRunner


#: The Qt-free modules the login dialog and the main window's first tabs use. They are imported
#: *before* PySide6 (:func:`preload_services`): once PySide6 is loaded, its import hook (the
#: ``__feature__`` switch) reads the whole source file of every module imported after it to
#: look for the word "PySide6" — SQLAlchemy, the models, ``holidays`` and the services cost
#: about a fifth of a cold start more when they come after Qt. Their own imports follow.
DESK_SERVICES = (
    "onestop.services.users", "onestop.services.context", "onestop.services.install.start",
    "onestop.services.reception", "onestop.services.queries", "onestop.services.deadlines",
    "onestop.services.catalogue", "onestop.services.agencies", "onestop.services.cards",
    "onestop.services.receipt_keys", "onestop.services.privacy", "onestop.services.processing",
    "onestop.services.notices", "onestop.services.encryption", "onestop.logsetup",
)


def preload_services() -> None:
    """Import :data:`DESK_SERVICES` (call before the first PySide6 import; idempotent)."""
    for name in DESK_SERVICES:
        importlib.import_module(name)


def run_gui(args: argparse.Namespace) -> int:
    """Open the main window (or take the screenshots); returns the process exit code."""
    preload_services()   # before Qt: see DESK_SERVICES
    from PySide6.QtWidgets import QApplication

    from onestop.ui.preferences import Preferences

    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    app.setApplicationName("OneStop Desk")
    app.setOrganizationName(config.APP)
    prefs = Preferences.load()
    keep = prepare_application(app, str(prefs.get("ui.language")))
    if getattr(args, "screenshots", None):
        from onestop.ui.screenshots import take_screenshots

        return take_screenshots(Path(args.screenshots))
    return _run_desk(app, args, prefs, keep)


def prepare_application(app: QApplication, language: str) -> list[Any]:
    """Font, translators and style sheet; returns objects the caller must keep alive."""
    from onestop.ui import i18n, style

    i18n.register_fonts(app)
    translators = i18n.install_translators(app, language)
    app.setStyleSheet(style.STYLESHEET)
    return translators


def _run_desk(app: QApplication, args: argparse.Namespace, prefs: Preferences, keep: list[Any]) -> int:
    from onestop import logsetup
    from onestop.services.errors import ServiceError
    from onestop.ui.errors import ErrorReporter
    from onestop.ui.first_run import needs_first_run, run_first_run_wizard
    from onestop.ui.preferences import Preferences
    from onestop.ui.tasks import TaskRunner

    logsetup.setup_logging()
    reporter = ErrorReporter()
    reporter.install()
    try:
        if not args.db and needs_first_run():
            if not run_first_run_wizard():
                return 0  # cancelled: nothing was written
            prefs = Preferences.load()
        url = central_password(config.database_url(args.db))
        if url is None:
            return 0  # the password prompt was cancelled: nothing was opened
        ctx, agency = open_database(url)
    except config.SettingsError as exc:
        # a broken settings file must not silently switch the counter to another database
        from onestop.services.errors import settings_error

        _fatal(settings_error(exc))
        return 2
    except ServiceError as exc:
        _fatal(exc)
        return exc.exit_code
    runner = TaskRunner(reporter.report)
    desk = DeskController(ctx, runner, prefs, reporter, agency)
    keep.append(desk)
    if not desk.start():
        return 0
    code = int(app.exec())
    runner.shutdown(wait=True)
    return code


def central_password(url: str) -> str | None:
    """``url`` with the password of its central login when it has none (a supervisor's
    ``gui --db postgresql://reader@host/db``, issue 19): ``ONESTOP_CENTRAL_PASSWORD``, the one
    kept for that account, else asked for; None when the user cancels. Any other URL as is."""
    from onestop.services.install import start

    login = start.central_login(url)
    if login is None:
        return url
    password = start.known_password(url)
    if password is None:
        from onestop.ui.login import ask_central_password

        password = ask_central_password(login)
        if password is None:
            return None
    return start.with_password(url, password)


def open_database(url: str) -> tuple[Any, AgencyInfo | None]:
    """Open the database; upgrade it (with a backup first) and initialise it only when needed.

    The usual start — a database already at the newest revision — reads the revision and the
    agency (``services.install.start``) and loads neither Alembic nor the printing layer. A
    reader login on the central database (``ctx.reader``: a supervisor's reports-only
    session, issue 19) is never upgraded nor initialised, and has no agency (None).
    Runs before any window exists, so a short wait here blocks nothing the user sees.
    """
    from onestop.services.context import open_checked
    from onestop.services.errors import Unavailable
    from onestop.services.install import start

    ctx = open_checked(url)
    if ctx.reader is not None:
        try:
            start.require_current(ctx)
        except Unavailable:
            ctx.engine.dispose()
            raise
        return ctx, None
    if not start.schema_current(ctx):
        from onestop.services.install import setup

        setup.migrate(ctx)
    try:
        return ctx, start.agency_info(ctx)
    except Unavailable as exc:
        if exc.code != "not_initialised":
            raise
    from onestop.services.install import setup

    setup.init(ctx)
    return ctx, start.agency_info(ctx)


def _fatal(exc: Exception) -> None:
    from PySide6.QtWidgets import QMessageBox

    from onestop.ui.messages import error_text

    box = QMessageBox(QMessageBox.Icon.Critical, "OneStop Desk", error_text(exc))
    box.exec()


def build_main_window(ctx: Context, runner: TaskRunner, prefs: Preferences, user: UserDTO,
                      agency: AgencyInfo | None) -> Any:
    """The main window for a logged-in ``user`` (also used by benchmarks and screenshots)."""
    from onestop.ui.main_window import MainWindow
    from onestop.ui.session import UserSession

    session = UserSession(ctx.as_user(user.username), user)
    return MainWindow(session, runner, prefs, agency)


class DeskController:
    """Login → main window → (logout) → login … until the user quits."""

    def __init__(self, ctx: Context, runner: TaskRunner, prefs: Preferences,
                 reporter: ErrorReporter,
                 agency: AgencyInfo | None) -> None:
        from PySide6.QtWidgets import QApplication

        self.ctx, self.runner, self.prefs, self.reporter = ctx, runner, prefs, reporter
        self.agency = agency
        self.window: Any = None
        self._relogging = False
        app = QApplication.instance()
        app.setQuitOnLastWindowClosed(False)  # type: ignore[union-attr]
        app.lastWindowClosed.connect(self._on_last_window_closed)  # type: ignore[union-attr]

    def start(self) -> bool:
        """Ask for credentials and open the main window; False when the user gives up."""
        from PySide6.QtWidgets import QDialog

        from onestop.ui.login import FirstAdminDialog, LoginDialog, has_accounts

        self.ctx.forget_identity()  # the last user may have changed the counter number
        # a reader login (reports only) never creates an account
        if not self.ctx.read_only and not has_accounts(self.ctx) and \
                FirstAdminDialog(self.ctx, self.runner).exec() != QDialog.DialogCode.Accepted:
            return False
        login = LoginDialog(self.ctx, self.runner, self.agency.name if self.agency else "")
        if login.exec() != QDialog.DialogCode.Accepted or login.user is None:
            return False
        self.window = build_main_window(self.ctx, self.runner, self.prefs, login.user,
                                        self.agency)
        self.reporter.set_parent_widget(self.window)
        self.window.sig_logout_requested.connect(self._on_logout)
        self.window.resize(1366, 768)
        self.window.show()
        self._relogging = False
        return True

    def _on_logout(self) -> None:
        from PySide6.QtCore import QTimer

        self._relogging = True
        old, self.window = self.window, None
        old.deleteLater()
        QTimer.singleShot(0, self._relogin)

    def _relogin(self) -> None:
        from PySide6.QtWidgets import QApplication

        if not self.start():
            QApplication.quit()

    def _on_last_window_closed(self) -> None:
        from PySide6.QtWidgets import QApplication

        if not self._relogging:
            QApplication.quit()
