"""``onestop gui --screenshots DIR``: a PNG of every main screen at 1366×768 with demo data.

Builds a temporary database (init, demo dossiers, one account per role), opens the real
windows and grabs them offscreen-capable (``QWidget.grab``), so the README pictures always
show the current screens.
"""

from __future__ import annotations

import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QApplication, QWidget
from onestop.services import demo
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.ui.errors import ErrorReporter
from onestop.ui.tasks import TaskRunner
from onestop.services import demo, users
from onestop.ui.main_window import MainWindow
from onestop.ui.preferences import Preferences
from onestop.ui.session import UserSession
from onestop.ui.login import LoginDialog
from onestop.services import queries
from onestop.services.queries import DossierFilter

SIZE = (1366, 768)
DEMO_DOSSIERS = 3000


def take_screenshots(out_dir: Path, dossiers: int = DEMO_DOSSIERS) -> int:
    """Save the screenshots into ``out_dir``; returns 0."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="onestop-shots-") as tmp:
        os.environ["ONESTOP_HOME"] = tmp  # nothing of the real installation is touched
        ctx = _demo_database(Path(tmp), dossiers)
        try:
            _Shooter(ctx, out_dir).run()
        finally:
            ctx.engine.dispose()
    return 0


def _demo_database(folder: Path, dossiers: int) -> Any:
    ctx = Context.open(f"sqlite:///{folder / 'demo.sqlite3'}")
    setup.init(ctx)
    demo.generate(ctx, dossiers, seed=7)
    demo.ensure_demo_accounts(ctx)  # admin, giamsat, canbo1… with the README's password
    return ctx


class _Shooter:
    """Drives the real widgets and saves one PNG per screen."""

    def __init__(self, ctx: Context, out_dir: Path) -> None:
        self.ctx, self.out = ctx, out_dir
        self.reporter = ErrorReporter(show_dialogs=False)
        self.runner = TaskRunner(self.reporter.report)
        app = QApplication.instance()
        assert app is not None
        self.app = app

    def run(self) -> None:
        self._login()
        user = users.authenticate(self.ctx, "admin", demo.DEMO_PASSWORD)
        session = UserSession(self.ctx.as_user("admin"), user)
        w = MainWindow(session, self.runner, Preferences({"ui.idle_lock_minutes": 0}),
                       setup.agency_info(self.ctx))
        w.resize(*SIZE)
        w.show()
        self.settle()
        try:
            self._screens(w)
        finally:
            w.remove_watchers()
            w.close()
            self.runner.shutdown()

    def settle(self, rounds: int = 3) -> None:
        """Let background ops call back (and the ops they start)."""
        for _ in range(rounds):
            deadline = time.monotonic() + 20
            while not self.runner.idle and time.monotonic() < deadline:
                self.app.processEvents()
                time.sleep(0.005)
            self.app.processEvents()

    def _pause(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            self.app.processEvents()
            time.sleep(0.01)

    def save(self, shown: QWidget | tuple[QWidget, QWidget], name: str) -> None:
        """Grab a window, or a window with a dialog drawn over its centre."""
        self.settle()
        if isinstance(shown, tuple):
            window, dialog = shown
            picture = window.grab()
            painter = QPainter(picture)
            painter.fillRect(picture.rect(), QColor(0, 0, 0, 60))  # dim the window behind
            overlay = dialog.grab()
            painter.drawPixmap((picture.width() - overlay.width()) // 2,
                               (picture.height() - overlay.height()) // 2, overlay)
            painter.end()
        else:
            picture = shown.grab()
        picture.save(str(self.out / f"{name}.png"))

    def _login(self) -> None:
        dialog = LoginDialog(self.ctx, self.runner, "SỞ GIÁO DỤC VÀ ĐÀO TẠO")
        dialog.username.setText("canbo1")
        dialog.show()
        self.save(dialog, "01-dang-nhap")
        dialog.close()

    def _screens(self, w: MainWindow) -> None:
        steps: list[tuple[str, Callable[[], Any]]] = [
            ("02-tiep-nhan", lambda: self._receive(w)),
            ("03-bien-nhan", lambda: self._preview(w)),
            ("04-ho-so", lambda: self._list(w)),
            ("05-chi-tiet", lambda: self._detail(w, "result-ready")),
            ("06-tra-ket-qua", lambda: self._return_dialog(w)),
            ("07-theo-doi", lambda: self._tab(w, 2)),
            ("08-cai-dat", lambda: self._tab(w, 3)),
            ("09-lich-nghi", lambda: self._settings_tab(w, 1)),
            ("10-danh-muc", lambda: self._settings_tab(w, 2)),
            ("11-nguoi-dung", lambda: self._tab(w, 4)),
            ("12-khoa-man-hinh", lambda: self._lock(w)),
        ]
        for name, show in steps:
            self.save(show(), name)
            if w.width() != SIZE[0]:  # a screen whose minimum width exceeds the target
                print(f"screenshots: {name}: window is {w.width()}x{w.height()}")

    def _tab(self, w: MainWindow, index: int) -> QWidget:
        w.tabs.setCurrentIndex(index)
        return w

    def _settings_tab(self, w: MainWindow, index: int) -> QWidget:
        w.tabs.setCurrentWidget(w.settings_tab)
        w.settings_view.setCurrentIndex(index)
        if index == 2 and w.settings_view.catalogue_page.model.rowCount():
            self.settle()
            page = w.settings_view.catalogue_page
            page.table.selectRow(3)
            page.edit(page.model.procedure(3))
        return w

    def _receive(self, w: MainWindow) -> QWidget:
        v = w.receive
        w.tabs.setCurrentIndex(0)
        self.settle()
        v.procedure.choose_code("2.001914") or v.procedure.choose(v.procedure.model.procedure(0))
        v.name.setText("Trần Thị Minh Thư")
        v.id_number.setText("068301001234")
        v.birth_date.setText("12/05/2001")
        v.phone.setText("0912 345 678")
        v.address.setText("Số 12 đường Phan Đình Phùng, phường Xuân Hương – Đà Lạt")
        v.notes.setPlainText("Nộp kèm bản sao học bạ")
        return w

    def _preview(self, w: MainWindow) -> QWidget:
        code = queries.find(w.session.ctx, "", limit=1)[0].code
        dialog = w.show_receipt(code)
        dialog.resize(760, 740)
        self.settle()
        self._pause(1.5)  # QPdfView renders its pages on a thread of its own
        return dialog

    def _list(self, w: MainWindow) -> QWidget:
        if w.preview is not None:
            w.preview.close()
        w.show_list()
        return w

    def _detail(self, w: MainWindow, status: str) -> QWidget:
        ids = queries.list_ids(w.session.ctx, DossierFilter(statuses=(status,)))
        row = queries.rows_by_ids(w.session.ctx, ids[:1])[0]
        w.open_dossier(row.code)
        self.settle()
        return w

    def _return_dialog(self, w: MainWindow) -> tuple[QWidget, QWidget]:
        dialog = w.detail.start_action("return")
        dialog.inputs["collector"].setText("Trần Văn Bình")
        dialog.inputs["collector_id"].setText("068201004321")
        self.settle()
        return w, dialog

    def _lock(self, w: MainWindow) -> QWidget:
        if w.detail.last_dialog is not None:
            w.detail.last_dialog.reject()
        w.lock()
        return w
