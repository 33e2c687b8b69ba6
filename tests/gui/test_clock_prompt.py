"""The receive screen on a PC clock behind the recorded time: an administrator is asked to
confirm the clock (and the dossier is saved, the confirmation audited); anyone else sees why
the receipt is refused and nothing is saved."""

from __future__ import annotations

from tests import rawdb as sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from onestop.services.clock import K_SERVER_TIME
from tests.gui.conftest import type_text, wait_idle
from tests.gui.test_login_receive import choose_procedure

pytestmark = pytest.mark.gui


def server_a_year_ahead(db_url: str) -> None:
    """The last sync saw the central server's clock a year after this PC's."""
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    with conn:
        conn.execute("INSERT INTO local_setting (key, value) VALUES (?, ?)",
                     (K_SERVER_TIME, (datetime.now(UTC) + timedelta(days=365)).isoformat()))
    conn.close()


def fill(qtbot: Any, view: Any, runner: Any) -> None:
    choose_procedure(qtbot, view, "chuyen truong pho thong", runner)
    type_text(view.name, "Nguyễn Văn Đồng Hồ")


def count(db_url: str, sql: str) -> int:
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        return int(conn.execute(sql).fetchone()[0])
    finally:
        conn.close()


@pytest.mark.parametrize("answer", [QMessageBox.StandardButton.Yes,
                                    QMessageBox.StandardButton.No])
def test_an_administrator_is_asked_to_confirm_the_clock(qtbot: Any, make_window: Any,
                                                        runner: Any, db_url: str,
                                                        answer: QMessageBox.StandardButton
                                                        ) -> None:
    server_a_year_ahead(db_url)
    view = make_window("quantri").receive
    fill(qtbot, view, runner)
    asked: list[str] = []

    def reply() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, reply)
            return
        asked.append(box.text())
        box.button(answer).click()

    QTimer.singleShot(20, reply)
    view.save()
    wait_idle(qtbot, runner)
    wait_idle(qtbot, runner)
    assert len(asked) == 1 and "máy chủ trung tâm" in asked[0]
    saved = answer == QMessageBox.StandardButton.Yes
    assert (view.last_saved is not None) is saved
    assert count(db_url, "SELECT count(*) FROM dossier") == int(saved)
    assert count(db_url, "SELECT count(*) FROM audit_entry WHERE action = 'clock.confirmed'"
                 ) == int(saved)
    if not saved:   # the form is kept and says why
        assert "Đồng hồ máy tính" in view.general.text()
        assert view.name.text() == "Nguyễn Văn Đồng Hồ"


def test_an_officer_is_told_and_nothing_is_saved(qtbot: Any, make_window: Any, runner: Any,
                                                 db_url: str) -> None:
    server_a_year_ahead(db_url)
    view = make_window("canbo").receive
    fill(qtbot, view, runner)
    view.save()
    wait_idle(qtbot, runner)
    assert QApplication.activeModalWidget() is None
    assert view.last_saved is None and count(db_url, "SELECT count(*) FROM dossier") == 0
    assert "Đồng hồ máy tính" in view.general.text()
    assert "quản trị viên xác nhận" in view.general.text()
    assert view.name.text() == "Nguyễn Văn Đồng Hồ"
