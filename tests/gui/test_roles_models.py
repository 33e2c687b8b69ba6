"""Role restrictions, table models under qtmodeltester, idle lock, settings and users."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from onestop.services import queries
from onestop.services.install import setup
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from tests.support.accounts import PASSWORD
from tests.gui.conftest import type_text, wait_idle

pytestmark = pytest.mark.gui


def _tabs(w: Any) -> list[str]:
    return [w.tabs.tabText(i) for i in range(w.tabs.count())]


def test_officer_sees_no_settings_users_or_void(qtbot: Any, make_window: Any, runner: Any,
                                                base_ctx: Any) -> None:
    d = receive(base_ctx.as_user("canbo"), ReceiveRequest(procedure="2.001914", name="Lý Văn A"))
    w = make_window("canbo")
    assert _tabs(w) == ["Tiếp nhận (F1)", "Hồ sơ (F3)"]
    assert w.settings_view is None and w.users_view is None
    w.open_dossier(d.code)
    wait_idle(qtbot, runner)
    assert "void" not in w.detail.action_buttons
    assert {"transfer", "supplement-request", "result-ready", "refuse", "note"} <= set(
        w.detail.action_buttons)
    assert w.detail.start_action("void") is None


def test_supervisor_may_void_but_not_administer(qtbot: Any, make_window: Any, runner: Any,
                                                base_ctx: Any) -> None:
    d = receive(base_ctx.as_user("canbo"), ReceiveRequest(procedure="2.001914", name="Lý Văn B"))
    w = make_window("giamsat")
    assert _tabs(w) == ["Tiếp nhận (F1)", "Hồ sơ (F3)", "Theo dõi (F4)", "Dữ liệu cá nhân"]
    w.open_dossier(d.code)
    wait_idle(qtbot, runner)
    dialog = w.detail.start_action("void")
    type_text(dialog.inputs["reason"], "Nhập nhầm thủ tục")
    with qtbot.waitSignal(dialog.sig_done, timeout=5000):
        dialog.submit()
    wait_idle(qtbot, runner)
    assert queries.show(base_ctx.as_user("giamsat"), d.code).status == "void"
    assert w.detail.action_buttons.keys() <= {"note", "print"}


def test_admin_sees_everything(make_window: Any) -> None:
    w = make_window("quantri")
    assert _tabs(w) == ["Tiếp nhận (F1)", "Hồ sơ (F3)", "Theo dõi (F4)", "Dữ liệu cá nhân",
                        "Cài đặt", "Người dùng"]


def test_every_table_model_passes_the_model_tester(qtbot: Any, qtmodeltester: Any,
                                                   make_window: Any, runner: Any,
                                                   base_ctx: Any) -> None:
    d = receive(base_ctx.as_user("canbo"), ReceiveRequest(procedure="2.001914", name="Hà Văn C"))
    record(base_ctx.as_user("canbo"), d.code, EventRequest(kind="note", reason="Gọi điện hẹn"))
    w = make_window("quantri")
    w.open_dossier(d.code)
    w.receive.procedure.choose_code("2.001914")
    wait_idle(qtbot, runner)
    settings = w.settings_view
    models = [w.dossier_list.model, w.detail.events, w.receive.documents,
              w.receive.procedure.model, settings.calendar_page.model,
              settings.catalogue_page.model, w.users_view.model]
    for model in models:
        assert model.rowCount() > 0, type(model).__name__
        qtmodeltester.check(model, force_py=True)
        wait_idle(qtbot, runner)  # the lazy list fetches the pages the tester touched


def test_lazy_list_fetches_pages_on_demand(qtbot: Any, qtmodeltester: Any, runner: Any,
                                           base_ctx: Any) -> None:
    from onestop.services import demo
    from onestop.ui.dossier_model import PAGE_SIZE, DossierTableModel

    demo.generate(base_ctx, 450, seed=3)
    windows: list[tuple[int, int]] = []

    def page(f: Any, key: str, desc: bool, offset: int, limit: int, total: int) -> Any:
        windows.append((offset, limit))
        return queries.rows_by_ids(base_ctx, queries.page_ids(base_ctx, f, key, desc, offset,
                                                             limit, total))

    model = DossierTableModel(runner, lambda f: queries.count_ids(base_ctx, f), page)
    with qtbot.waitSignal(model.sig_loaded, timeout=5000):
        model.reload()
    total = model.rowCount()
    assert total > 400 and windows == []  # a count only (void ones hidden): no row read yet
    last = model.index(total - 1, 0)
    assert model.data(last) == "…"  # not loaded yet: a placeholder, and the page is requested
    wait_idle(qtbot, runner)
    assert windows == [((total - 1) // PAGE_SIZE * PAGE_SIZE, PAGE_SIZE)]
    ids = queries.list_ids(base_ctx, queries.DossierFilter())
    oldest = queries.rows_by_ids(base_ctx, ids[-1:])[0]
    assert model.data(last) == oldest.code  # the last page, read from the other end
    model.sort(0, Qt.SortOrder.AscendingOrder)  # by code, in SQL
    wait_idle(qtbot, runner)
    codes = [model.data(model.index(r, 0)) for r in range(5)]
    wait_idle(qtbot, runner)
    codes = [model.data(model.index(r, 0)) for r in (0, 1, 2, 150, total - 1)]
    wait_idle(qtbot, runner)
    codes = [model.data(model.index(r, 0)) for r in (0, 1, 2, 150, total - 1)]
    assert codes == sorted(codes) and "…" not in codes
    qtmodeltester.check(model, force_py=True)


def test_page_ids_from_either_end_agree_with_the_full_list(base_ctx: Any) -> None:
    from onestop.services import demo

    demo.generate(base_ctx, 230, seed=5)
    f = queries.DossierFilter()
    total = queries.count_ids(base_ctx, f)
    for key in ("received_at", "code", "due_at"):
        for desc in (True, False):
            whole = [i for off in range(0, total, 37)
                     for i in queries.page_ids(base_ctx, f, key, desc, off, 37, total)]
            assert len(whole) == total and len(set(whole)) == total  # no row twice or lost
            if key != "due_at":  # (the list sorts by the statutory due moment, not shown)
                values = [getattr(r, key) for r in queries.rows_by_ids(base_ctx, whole)]
                assert values == sorted(values, reverse=desc)


def test_idle_lock_and_unlock_with_password(qtbot: Any, make_window: Any, runner: Any) -> None:
    w = make_window("canbo")
    w.idle.minutes = 0.0001  # ~6 ms without input
    qtbot.wait(20)
    w.idle.check()
    assert w.locked
    type_text(w.lock_screen.password, "sai-mat-khau-1")
    QTest.keyClick(w.lock_screen.password, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert w.locked
    assert "không đúng" in w.lock_screen.errors.message_for("password")
    type_text(w.lock_screen.password, PASSWORD)
    QTest.keyClick(w.lock_screen.password, Qt.Key.Key_Return)
    wait_idle(qtbot, runner)
    assert not w.locked


def test_admin_edits_agency_counter_calendar_and_adds_a_user(
        qtbot: Any, make_window: Any, runner: Any, base_ctx: Any) -> None:
    from onestop.services import users

    w = make_window("quantri")
    page = w.settings_view.agency_page  # built on first use: wait for its values
    wait_idle(qtbot, runner)
    page.texts["place_name"].setText("Đà Lạt")
    page.counter.setValue(3)
    with qtbot.waitSignal(page.sig_counter_changed, timeout=5000):
        page.save()
    wait_idle(qtbot, runner)
    info = setup.agency_info(base_ctx)
    assert info.place_name == "Đà Lạt" and info.counter == 3
    assert w.status.counter_label.text() == "Quầy 3"
    cal = w.settings_view.calendar_page
    cal.name.setText("")  # a name is required: the message shows next to it
    cal.save()
    wait_idle(qtbot, runner)
    assert "không được để trống" in cal.errors.message_for("name")
    users_view = w.users_view
    dialog = users_view.add_user()
    dialog.username.setText("canbo2")
    type_text(dialog.full_name, "Đặng Thị Hoà")
    dialog.password.setText("Song-Huong-Xanh-42")
    dialog.again.setText("Mat-khau-moi-2")
    dialog.submit()
    assert "không khớp" in dialog.errors.message_for("again")
    dialog.password.setText("Admin@123")   # the policy, through the service: shown, form kept
    dialog.again.setText("Admin@123")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "quá yếu" in dialog.errors.message_for("password")
    assert dialog.full_name.text() == "Đặng Thị Hoà"
    assert "canbo2" not in users_view.model.usernames()
    dialog.password.setText("Song-Huong-Xanh-42")
    dialog.again.setText("Song-Huong-Xanh-42")
    dialog.submit()
    wait_idle(qtbot, runner)
    assert "canbo2" in users_view.model.usernames()
    assert users.authenticate(base_ctx, "canbo2", "Song-Huong-Xanh-42").full_name == "Đặng Thị Hoà"
