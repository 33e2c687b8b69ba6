"""The GUI side of the December 2026 rules: stopping a dossier from its detail, the list of
moved appointments shown before a calendar change is saved, the after-hours setting."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from PySide6.QtCore import Qt

from onestop.domain.calendar import VN_TZ
from onestop.services import queries
from onestop.services.install import setup
from onestop.services.reception import ReceiveRequest, receive
from tests.gui.conftest import scan, type_text, wait_idle


def _received(ctx: Any, when: datetime) -> Any:
    pinned = ctx.as_user("canbo")
    pinned.clock = lambda: when
    return receive(pinned, ReceiveRequest("2.001914", "Nguyễn Văn An"))


def test_stop_from_the_detail_with_its_ground(qtbot: Any, make_window: Any, runner: Any,
                                              base_ctx: Any) -> None:
    d = _received(base_ctx, datetime.now(VN_TZ))
    w = make_window("canbo")
    with qtbot.waitSignal(w.sig_dossier_shown, timeout=5000):
        scan(w, d.code)
    qtbot.mouseClick(w.detail.action_buttons["stop"], Qt.MouseButton.LeftButton)
    dialog = w.detail.last_dialog
    assert dialog is not None and dialog.kind == "stop"
    ground = dialog.inputs["ground"]
    assert ground.currentData() == "other" and ground.count() == 3
    dialog.submit()                        # no reason: refused, the dialog stays
    wait_idle(qtbot, runner)
    assert dialog.isVisible() and "không được để trống" in dialog.errors.message_for("reason")
    ground.setCurrentIndex(ground.findData("no-supplement"))
    type_text(dialog.inputs["reason"], "Quá hạn bổ sung mà không bổ sung")
    with qtbot.waitSignal(dialog.sig_done, timeout=5000):
        dialog.submit()
    wait_idle(qtbot, runner)
    shown = queries.show(base_ctx, d.code)
    assert (shown.status, shown.timeliness) == ("stopped", None)
    assert shown.events[-1].payload["ground"] == "no-supplement"
    assert "return" not in w.detail.action_buttons and "stop" not in w.detail.action_buttons
    timeline = w.detail.events
    last = timeline.data(timeline.index(timeline.rowCount() - 1, 4))
    assert "không bổ sung, hoàn thiện hồ sơ trong thời hạn" in last


def test_calendar_change_lists_the_moved_appointments_before_saving(
        qtbot: Any, make_window: Any, runner: Any, base_ctx: Any) -> None:
    from PySide6.QtCore import QDate

    now = datetime.now(VN_TZ)
    d = _received(base_ctx, now)
    w = make_window("quantri")
    cal = w.settings_view.calendar_page
    wait_idle(qtbot, runner)
    due = d.due_at.astimezone(VN_TZ).date()
    cal.day.setDate(QDate(due.year, due.month, due.day))      # the appointment day itself
    cal.kind.setCurrentIndex(cal.kind.findData("off"))
    cal.name.setText("Nghỉ đột xuất")
    cal.decision.setText("QĐ 5/QĐ-UBND")
    cal.save()
    wait_idle(qtbot, runner)
    dialog = cal.last_moves
    assert dialog is not None and dialog.isVisible()
    assert dialog.model.rowCount() == 1
    assert dialog.model.data(dialog.model.index(0, 0)) == d.code
    assert setup.list_overrides(base_ctx, due.year) == [o for o in setup.list_overrides(
        base_ctx, due.year) if o.day != due]                 # nothing saved yet
    dialog.accept()
    wait_idle(qtbot, runner)
    shown = queries.show(base_ctx, d.code)
    assert shown.events[-1].kind == "calendar-reschedule"
    assert shown.due_at is not None and shown.due_at > d.due_at


def test_after_hours_setting_in_the_agency_page(qtbot: Any, make_window: Any, runner: Any,
                                                base_ctx: Any) -> None:
    w = make_window("quantri")
    page = w.settings_view.agency_page
    wait_idle(qtbot, runner)
    assert page.after_hours.currentData() == "next-working-day"
    page.after_hours.setCurrentIndex(page.after_hours.findData("same-day"))
    page.save()
    wait_idle(qtbot, runner)
    assert setup.agency_info(base_ctx).settings["after_hours"] == "same-day"
