"""Find a received dossier by folded search, scan its code, walk it to the return, timeline."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from onestop.services import queries
from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import activate, scan, type_text, wait_idle

pytestmark = pytest.mark.gui


def _received(base_ctx: Any, name: str = "Nguyễn Thị Hương Giang") -> Any:
    return receive(base_ctx.as_user("canbo"), ReceiveRequest(
        procedure="2.001914", name=name, id_number="068301001234", phone="0912345678"))


def test_find_by_folded_search_and_open(qtbot: Any, make_window: Any, runner: Any,
                                        base_ctx: Any) -> None:
    d = _received(base_ctx)
    _received(base_ctx, "Trần Văn Bình")
    w = make_window("canbo")
    w.show_list()
    lst = w.dossier_list
    type_text(lst.search, "huong giang")  # no diacritics, lower case
    QTest.keyClick(lst.search, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert lst.model.rowCount() == 1
    wait_idle(qtbot, runner)
    index = lst.model.index(0, 0)
    assert lst.model.data(index) == d.code
    assert lst.model.data(lst.model.index(0, 2)) == "068******234"  # masked in the list
    assert "1 hồ sơ" in lst.count_label.text()
    lst.table.setCurrentIndex(index)
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        QTest.keyClick(lst.table, Qt.Key.Key_Return)
    assert w.detail.code.text() == d.code
    assert w.detail.f_id.text() == "068******234"


def test_scan_opens_the_dossier_from_any_screen(qtbot: Any, make_window: Any, runner: Any,
                                                base_ctx: Any) -> None:
    d = _received(base_ctx)
    w = make_window("canbo")
    w.tabs.setCurrentIndex(0)
    w.receive.name.setFocus()  # the officer is typing in the receive form
    type_text(w.receive.name, "Lê")
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000) as blocker:
        scan(w, d.code)
    assert blocker.args[0].code == d.code
    assert w.dossier_pages.currentWidget() is w.detail
    assert w.receive.name.text() == "Lê"  # the scanned characters did not stay in the field


def test_scan_of_an_unknown_code_says_so(qtbot: Any, make_window: Any, runner: Any) -> None:
    w = make_window("canbo")
    w.show_list()
    scan(w, "000.00.15.H36-260101-1999")
    wait_idle(qtbot, runner)
    box = w.last_message
    assert box.isVisible()
    assert "000.00.15.H36-260101-1999" in box.text()
    assert "không tồn tại" in box.text()
    box.close()


def test_code_typed_slowly_is_not_a_scan(qtbot: Any, make_window: Any, runner: Any,
                                         base_ctx: Any) -> None:
    d = _received(base_ctx)
    w = make_window("canbo")
    w.show_list()
    lst = w.dossier_list
    lst.search.setFocus()
    for ch in d.code:  # a person types, pausing between keys
        QTest.sendKeyEvent(QTest.KeyAction.Click, lst.search, Qt.Key.Key_unknown, ch,
                           Qt.KeyboardModifier.NoModifier)
        qtbot.wait(60)
    QTest.keyClick(lst.search, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert lst.search.text() == d.code  # an ordinary search
    assert lst.model.rowCount() == 1
    assert w.dossier_pages.currentWidget() is lst


def _act(qtbot: Any, w: Any, runner: Any, kind: str, **fields: str) -> Any:
    """Open the action's dialog from its button, fill it, confirm, wait for the reload."""
    button = w.detail.action_buttons[kind]
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = w.detail.last_dialog
    assert dialog is not None and dialog.kind == kind and dialog.isVisible()
    for key, value in fields.items():
        type_text(dialog.inputs[key], value)
    with qtbot.waitSignal(dialog.sig_done, timeout=5000):
        dialog.submit()
    wait_idle(qtbot, runner)
    return w.detail.dossier


def test_supplement_result_ready_return_and_timeline(qtbot: Any, make_window: Any,
                                                     runner: Any, base_ctx: Any) -> None:
    d = _received(base_ctx)
    w = make_window("canbo")
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        scan(w, d.code)
    assert "return" not in w.detail.action_buttons  # nothing to return yet
    # a supplement request needs the missing papers: refused without them, form kept
    qtbot.mouseClick(w.detail.action_buttons["supplement-request"], Qt.MouseButton.LeftButton)
    dialog = w.detail.last_dialog
    type_text(dialog.inputs["reason"], "Thiếu bản sao giấy khai sinh")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert dialog.isVisible()
    assert "không được để trống" in dialog.errors.message_for("missing")
    assert dialog.inputs["reason"].toPlainText() == "Thiếu bản sao giấy khai sinh"
    type_text(dialog.inputs["missing"], "Bản sao giấy khai sinh")
    with qtbot.waitSignal(dialog.sig_done, timeout=5000):
        dialog.submit()
    wait_idle(qtbot, runner)
    assert w.detail.dossier.status == "awaiting-supplement"
    assert _act(qtbot, w, runner, "supplement-received").status == "received"
    assert _act(qtbot, w, runner, "result-ready").status == "result-ready"
    # scanning a result-ready dossier puts the return one key away
    w.show_list()
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        scan(w, d.code)
    ret = w.detail.action_buttons["return"]
    assert w.focusWidget() is ret and ret.isDefault()  # Enter opens the return dialog
    activate(qtbot, w)
    QTest.keyClick(ret, Qt.Key.Key_Return)  # one key: Enter on the focused return button
    dialog = w.detail.last_dialog
    assert dialog.kind == "return"
    qtbot.mouseClick(next(b for b in dialog.findChildren(type(ret))
                          if b.text() == "Người nộp tự nhận"), Qt.MouseButton.LeftButton)
    type_text(dialog.inputs["collector_id"], "068301001234")
    with qtbot.waitSignal(dialog.sig_done, timeout=5000):
        QTest.keyClick(dialog, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert dialog.isHidden()
    final = queries.show(base_ctx.as_user("canbo"), d.code)
    assert final.status == "returned"
    assert final.events[-1].payload["collector"] == "Nguyễn Thị Hương Giang"
    assert w.detail.events.kinds() == ["received", "supplement-request", "supplement-received",
                                       "result-ready", "return"]
    timeline = w.detail.events
    details = [timeline.data(timeline.index(r, 4)) for r in range(timeline.rowCount())]
    assert "Bản sao giấy khai sinh" in details[1]
    assert "068******234" in details[4] and "068301001234" not in details[4]
    assert timeline.data(timeline.index(1, 1)) == "Yêu cầu bổ sung"


def test_full_personal_data_only_on_request_and_audited(qtbot: Any, make_window: Any,
                                                        runner: Any, base_ctx: Any) -> None:
    from sqlalchemy import text

    d = _received(base_ctx)
    w = make_window("canbo")
    w.open_dossier(d.code)
    wait_idle(qtbot, runner)
    assert w.detail.f_phone.text() == "0912***678"
    activate(qtbot, w)
    QTest.keyClick(w.detail, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier
                   | Qt.KeyboardModifier.ShiftModifier)
    wait_idle(qtbot, runner)
    assert w.detail.f_id.text() == "068301001234"
    assert w.detail.f_phone.text() == "0912345678"
    with base_ctx.engine.connect() as conn:
        rows = conn.execute(text("SELECT actor, target FROM audit_entry "
                                 "WHERE action = 'personal.view'")).all()
    assert [tuple(r) for r in rows] == [("canbo", d.code)]


def test_f9_opens_the_return_dialog(qtbot: Any, make_window: Any, runner: Any,
                                    base_ctx: Any) -> None:
    from onestop.services.processing import EventRequest, record

    d = _received(base_ctx)
    record(base_ctx.as_user("canbo"), d.code, EventRequest(kind="result-ready"))
    w = make_window("canbo")
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        scan(w, d.code)
    activate(qtbot, w)
    QTest.keyClick(w.focusWidget() or w, Qt.Key.Key_F9)
    assert w.detail.last_dialog is not None and w.detail.last_dialog.kind == "return"
    w.detail.last_dialog.reject()
