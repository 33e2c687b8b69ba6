"""Log in, receive a dossier typed in Vietnamese, see the live appointment, bad input kept."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from onestop.services import deadlines, queries
from onestop.services.install import setup
from onestop.ui.due_view import appointment_text
from tests.support.accounts import PASSWORD
from tests.gui.conftest import type_text, wait_idle

pytestmark = pytest.mark.gui

PROCEDURE = "2.001914"


def test_login_accepts_right_password_and_reports_wrong_one(qtbot: Any, base_ctx: Any,
                                                            runner: Any) -> None:
    from onestop.ui.login import LoginDialog

    dialog = LoginDialog(base_ctx, runner, "Sở Giáo dục")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.username, "canbo")
    qtbot.keyClicks(dialog.password, "sai-mat-khau-1")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert dialog.user is None
    assert "không đúng" in dialog.general.text() + dialog.errors.message_for("password")
    qtbot.keyClicks(dialog.password, PASSWORD)
    with qtbot.waitSignal(dialog.sig_logged_in, timeout=5000) as blocker:
        QTest.keyClick(dialog.password, Qt.Key.Key_Return)
    assert blocker.args[0].username == "canbo"
    assert blocker.args[0].role == "officer"


def test_lockout_message_after_repeated_failures(qtbot: Any, base_ctx: Any, runner: Any) -> None:
    from onestop.ui.login import LoginDialog

    dialog = LoginDialog(base_ctx, runner)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.username.setText("giamsat")
    for _ in range(5):
        dialog.password.setText("sai-mat-khau-1")
        dialog.submit()
        wait_idle(qtbot, runner)
    assert "tạm thời bị khóa" in dialog.errors.message_for("username")
    dialog.password.setText(PASSWORD)  # even the right password is refused while locked
    dialog.submit()
    wait_idle(qtbot, runner)
    assert dialog.user is None


def choose_procedure(qtbot: Any, view: Any, query: str, runner: Any) -> None:
    """Type an accent-free query into the picker and take the first suggestion with Enter."""
    type_text(view.procedure, query)
    popup = view.procedure.completer().popup()
    qtbot.waitUntil(popup.isVisible, timeout=3000)
    QTest.keyClick(popup, Qt.Key.Key_Down)
    QTest.keyClick(popup, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)


def test_receive_dossier_typed_in_vietnamese(qtbot: Any, make_window: Any, runner: Any,
                                             base_ctx: Any) -> None:
    w = make_window("canbo")
    view = w.receive
    choose_procedure(qtbot, view, "chuyen truong pho thong", runner)
    assert view.procedure.chosen is not None
    assert view.procedure.chosen.name.startswith("Chuyển trường")
    # the live preview equals what the service computes for a receipt now
    expected = deadlines.due_preview(base_ctx, None, procedure=view.procedure.chosen.code)
    assert view.due_view.appointment.text() == appointment_text(expected.due_at)
    assert "ngày làm việc" in view.due_view.explanation.text()
    assert view.documents.rowCount() > 0
    type_text(view.name, "Nguyễn Thị Hương Giang")
    type_text(view.address, "Số 5 đường Trần Hưng Đạo, phường Đà Lạt")
    type_text(view.phone, "0912345678")
    QTest.keyClick(view, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    wait_idle(qtbot, runner)
    saved = view.last_saved
    assert saved is not None
    assert view.saved_code.text() == saved.code
    d = queries.show(base_ctx, saved.code)
    assert d.applicant_name == "Nguyễn Thị Hương Giang"
    assert d.address == "Số 5 đường Trần Hưng Đạo, phường Đà Lạt"
    assert d.received_by == "canbo"
    assert [x["name"] for x in d.documents] == [x["name"] for x in
                                                view.procedure.chosen.documents]
    assert view.name.text() == ""  # ready for the next applicant
    if w.preview is not None:
        w.preview.close()


def test_bad_input_keeps_the_form_and_says_why_next_to_the_field(
        qtbot: Any, make_window: Any, runner: Any, base_ctx: Any) -> None:
    w = make_window("canbo")
    view = w.receive
    assert view.procedure.choose_code(PROCEDURE)
    type_text(view.name, "Phạm Văn Đức")
    type_text(view.id_number, "12345")
    type_text(view.phone, "0123")
    type_text(view.notes, "Nộp thay cho con")
    QTest.keyClick(view, Qt.Key.Key_F10)
    wait_idle(qtbot, runner)
    assert view.last_saved is None
    assert "12 chữ số" in view.errors.message_for("id_number")
    assert "Số điện thoại" in view.errors.message_for("phone")
    assert view.errors.message_for("name") == ""
    # nothing typed is lost
    assert view.name.text() == "Phạm Văn Đức"
    assert view.id_number.text() == "12345"
    assert view.notes.toPlainText() == "Nộp thay cho con"
    assert view.id_number.property("invalid") is True
    assert queries.find(base_ctx.as_user("canbo"), "Pham Van Duc") == []


@pytest.mark.parametrize("pragma, cause", [
    ("PRAGMA max_page_count={pages}", "hết chỗ trống"),   # the real SQLITE_FULL
    ("PRAGMA query_only=ON", "chỉ đọc"),                   # the real SQLITE_READONLY
], ids=["disk-full", "read-only"])
def test_a_full_or_read_only_disk_is_a_dialog_and_the_form_is_kept(
        qtbot: Any, session_for: Any, prefs: Any, base_ctx: Any, pragma: str,
        cause: str) -> None:
    from tests import rawdb as sqlite3

    from sqlalchemy import event

    from onestop.services.install import setup
    from onestop.services.errors import NoSpace
    from onestop.services.reception import ReceiveRequest, receive
    from onestop.ui.errors import ErrorReporter
    from onestop.ui.main_window import MainWindow
    from onestop.ui.tasks import TaskRunner

    reporter = ErrorReporter()
    runner = TaskRunner(reporter.report)
    try:
        session = session_for("canbo")
        w = MainWindow(session, runner, prefs, setup.agency_info(session.ctx))
        qtbot.addWidget(w)
        w.show()
        wait_idle(qtbot, runner)
        view = w.receive
        assert view.procedure.choose_code(PROCEDURE)
        wait_idle(qtbot, runner)
        path = base_ctx.sqlite_file
        base_ctx.engine.dispose()
        pages = sqlite3.connect(path).execute("PRAGMA page_count").fetchone()[0]

        def limit(conn: Any, _record: Any) -> None:
            conn.execute(pragma.format(pages=pages))
        event.listen(base_ctx.engine, "connect", limit)
        if "max_page_count" in pragma:   # other receipts use up the room left in the pages
            with pytest.raises(NoSpace):
                for i in range(300):
                    receive(base_ctx, ReceiveRequest(PROCEDURE, "Lê Văn An",
                                                     notes="Nộp thay cho con. " * 100))
        type_text(view.name, "Phạm Văn Đức")
        view.notes.setPlainText("Nộp thay cho con. " * 100)   # a row that needs a new page
        QTest.keyClick(view, Qt.Key.Key_F10)
        wait_idle(qtbot, runner)
        assert view.last_saved is None
        dialog = reporter.last_dialog
        assert dialog is not None and dialog.isVisible()
        assert cause in dialog.text() and str(path) in dialog.text()
        assert dialog.detailedText() == ""        # a message, not a crash report
        assert view.name.text() == "Phạm Văn Đức"  # nothing typed is lost
        assert view.notes.toPlainText().startswith("Nộp thay cho con")
        assert view.save_button.isEnabled()
        dialog.close()
        w.remove_watchers()
    finally:
        runner.shutdown(wait=True)
