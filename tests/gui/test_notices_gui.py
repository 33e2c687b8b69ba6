"""Issue 18 in the GUI: opt-in on the receive form, notices and their state on the detail
screen (sent by the window's own sender, against a real SMTP server), and the citizen's
rating at return from the window facing them, by the numeric keypad."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel

from onestop.services import notices, queries
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import type_text, wait_idle
from tests.services.servers import Smtp, smtp_server  # noqa: F401

pytestmark = pytest.mark.gui


def test_opt_in_on_the_receive_form_keeps_a_bad_address_as_typed(
        qtbot: Any, make_window: Any, runner: Any, base_ctx: Any) -> None:
    w = make_window("canbo")
    view = w.receive
    assert view.procedure.choose_code("2.001914")
    type_text(view.name, "Nguyễn Thị Thu Trang")
    type_text(view.notify_email, "trang@@example")
    type_text(view.notify_sms, "0912345678")
    view.save()
    wait_idle(qtbot, runner)
    assert "định dạng" in view.errors.message_for("notify_email")
    assert view.notify_email.text() == "trang@@example"          # kept as typed
    assert view.name.text() == "Nguyễn Thị Thu Trang"
    view.notify_email.clear()
    type_text(view.notify_email, "trang.nguyen@example.vn")
    with qtbot.waitSignal(view.sig_dossier_saved, timeout=5000) as saved:
        view.save()
    d = queries.show(base_ctx, saved.args[0].code)
    assert (d.notify_email, d.notify_sms) == ("trang.nguyen@example.vn", "0912345678")
    assert view.notify_email.text() == "" and view.notify_sms.text() == ""


def test_detail_shows_each_notice_and_the_window_sends_on_its_own(
        qtbot: Any, make_window: Any, runner: Any, base_ctx: Any, smtp_server: Smtp) -> None:
    notices.configure(base_ctx, {"host": "127.0.0.1", "port": smtp_server.port,
                                 "sender": "motcua@xa.gov.vn", "security": "none"})
    officer = base_ctx.as_user("canbo")
    d = receive(officer, ReceiveRequest("2.001914", "Lê Thị Hồng", notify_email="hong@example.vn",
                                        notify_sms="0987654321"))
    record(officer, d.code, EventRequest("result-ready"))
    w = make_window("canbo")
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        w.open_dossier(d.code)
    wait_idle(qtbot, runner)
    text = w.detail.notices.text()
    assert w.detail.notices.isVisible() and text.count("Đang chờ gửi") == 2
    assert "0987654321" not in text                                 # the phone is masked
    with qtbot.waitSignal(w.notice_sender.sig_round_finished, timeout=10_000) as rnd:
        w.notice_sender.run_now()                     # what the timer does, off the loop
    assert (rnd.args[0].sent, rnd.args[0].failed) == (1, 1)   # SMS not configured: waits
    qtbot.waitUntil(lambda: "Đã gửi" in w.detail.notices.text(), timeout=5000)
    text = w.detail.notices.text()
    assert "Thư điện tử (hong@example.vn) · Có kết quả · Đã gửi" in text
    assert "sms: not configured" in text
    assert len(smtp_server.handler.envelopes) == 1


def test_the_citizen_rates_at_return_on_the_keypad(qtbot: Any, make_window: Any,
                                                  runner: Any, base_ctx: Any) -> None:
    officer = base_ctx.as_user("canbo")
    d = receive(officer, ReceiveRequest("2.001914", "Phan Văn Tài"))
    record(officer, d.code, EventRequest("result-ready"))
    w = make_window("canbo")
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        w.open_dossier(d.code)
    dialog = w.detail.start_action("return")
    assert dialog is not None
    dialog._fill_applicant()
    rating = dialog.ask_rating()
    qtbot.waitExposed(rating)
    texts = " ".join(lbl.text() for lbl in rating.findChildren(QLabel))
    assert d.code in texts and "Phan Văn Tài" not in texts     # the code, never the name
    QTest.keyClick(rating, Qt.Key.Key_1, Qt.KeyboardModifier.KeypadModifier)
    assert rating.rating == "very-satisfied"
    type_text(rating.comment, "Rất nhanh")
    QTest.keyClick(rating.comment, Qt.Key.Key_Return)
    assert not rating.isVisible()
    assert dialog.inputs["rating"].currentData() == "very-satisfied"
    assert dialog.inputs["comment"].text() == "Rất nhanh"
    with qtbot.waitSignal(dialog.sig_done, timeout=5000):
        dialog.submit()
    ret = [e for e in queries.show(base_ctx, d.code).events if e.kind == "return"][0]
    assert (ret.payload["rating"], ret.payload["rating_comment"]) == ("very-satisfied",
                                                                     "Rất nhanh")
