"""The sync state in the status bar and the outbox view (real widgets, real databases)."""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from onestop import sync
from onestop.ui.sync_panel import status_text


def test_status_texts_in_plain_vietnamese() -> None:
    not_joined = sync.SyncStatus(joined=False, online=False, pending=0)
    assert status_text(not_joined)[0] == "Đồng bộ: chưa cấu hình"
    offline = sync.SyncStatus(joined=True, online=False, pending=3,
                              last_error="Không kết nối được máy chủ trung tâm.",
                              error_code="sync_offline")
    text, ok, tip = status_text(offline)
    assert text == "Đồng bộ: mất kết nối · 3 chờ gửi" and ok is False
    assert tip == "Không kết nối được máy chủ trung tâm."
    waiting = sync.SyncStatus(joined=True, online=True, pending=5)
    assert status_text(waiting)[0] == "Đồng bộ: 5 thay đổi chờ gửi"
    done = sync.SyncStatus(joined=True, online=True, pending=0,
                           last_success=datetime(2026, 11, 27, 3, 15, tzinfo=timezone.utc))
    assert status_text(done)[:2] == ("Đồng bộ: trực tuyến · 10:15", True)
    held = sync.SyncStatus(joined=True, online=True, pending=2, held=2)
    text, ok, tip = status_text(held)
    assert text == "Đồng bộ: trực tuyến · 2 chờ quản trị trung tâm" and ok is None
    assert "quản trị viên trung tâm" in tip


def test_window_shows_sync_state_and_outbox(make_window, qtbot) -> None:  # type: ignore[no-untyped-def]
    from onestop.services.reception import ReceiveRequest, receive
    from onestop.ui.sync_panel import OutboxDialog

    w = make_window("canbo")
    qtbot.waitUntil(lambda: w.status.sync_label.text() == "Đồng bộ: chưa cấu hình")
    d = receive(w.session.ctx, ReceiveRequest(procedure="2.001914", name="Nguyễn Văn Đồng"))
    dialog = OutboxDialog(w.session, w.runner, w.sync, w)
    qtbot.addWidget(dialog)
    # the receipt queued its dossier and its event (plus the rows init queued before)
    qtbot.waitUntil(lambda: dialog.table.rowCount() >= 2)
    ids = {dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())}
    assert d.id in ids
    assert not dialog.sync_button.isEnabled()  # not joined to a central server
    assert not dialog.shared_button.isVisibleTo(dialog)  # an officer sends no shared changes


@pytest.mark.postgres
def test_an_admin_sends_held_shared_changes_with_a_central_login(  # type: ignore[no-untyped-def]
        make_window, qtbot, pg_url) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QDialogButtonBox
    from sqlalchemy import create_engine, text

    from onestop.services import catalogue
    from onestop.sync import roles
    from onestop.ui.sync_panel import AdminLoginDialog, OutboxDialog
    from tests.support.central import drop_database, init_central

    w = make_window("quantri")
    ctx = w.session.ctx
    with ctx.reading() as session:
        ident = ctx.identity(session)
    cen = init_central(pg_url)
    engine = create_engine(cen.admin_url)
    try:
        login = roles.add_counter(cen.admin_url, ident.agency_code, ident.counter_no)
        assert sync.join(ctx, login.url).status.last_error is None
        catalogue.update_procedure(ctx, "2.001914", time_limit_days=4)
        # the three accounts made before joining, and the edit
        assert sync.run_once(ctx).held == 4
        dialog = OutboxDialog(w.session, w.runner, w.sync, w)
        qtbot.addWidget(dialog)
        qtbot.waitUntil(lambda: dialog.shared_button.isEnabled())
        assert "Chờ quản trị viên trung tâm gửi" in {
            dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())}
        assert "chờ quản trị trung tâm" in dialog.state.text()
        admin = roles.add_admin(cen.admin_url, f"{roles.role_prefix(cen.database)}_qtv")
        seen: list[str] = []

        def answer() -> None:
            box = QApplication.activeModalWidget()
            assert isinstance(box, AdminLoginDialog)
            ok = box.buttons.button(QDialogButtonBox.StandardButton.Ok)
            ok.click()                                   # empty: named, not closed
            seen.append(box.error.text())
            qtbot.keyClicks(box.login, admin.role)
            qtbot.keyClicks(box.password, admin.password)
            ok.click()

        QTimer.singleShot(0, answer)
        dialog.shared_button.click()
        assert seen == ["Tên đăng nhập không được để trống."]
        qtbot.waitUntil(lambda: not dialog.shared_button.isEnabled(), timeout=30_000)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT time_limit_days FROM procedure WHERE code = "
                                     "'2.001914'")).scalar_one() == 4
        qtbot.waitUntil(lambda: w.status.sync_label.text().startswith("Đồng bộ: trực tuyến"))
    finally:
        engine.dispose()
        w.sync.stop()
        ctx.engine.dispose()
        drop_database(pg_url, cen.database)
