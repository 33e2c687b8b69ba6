"""The sync state in the status bar and the outbox view (real widgets, real databases)."""

from __future__ import annotations

from datetime import datetime, timezone

from onestop import sync
from onestop.ui.sync_panel import status_text


def _tr(text: str) -> str:
    return text


def test_status_texts_in_plain_vietnamese() -> None:
    not_joined = sync.SyncStatus(joined=False, online=False, pending=0)
    assert status_text(not_joined, _tr)[0] == "Đồng bộ: chưa cấu hình"
    offline = sync.SyncStatus(joined=True, online=False, pending=3,
                              last_error="Không kết nối được máy chủ trung tâm.",
                              error_code="sync_offline")
    text, ok, tip = status_text(offline, _tr)
    assert text == "Đồng bộ: mất kết nối · 3 chờ gửi" and ok is False
    assert tip == "Không kết nối được máy chủ trung tâm."
    waiting = sync.SyncStatus(joined=True, online=True, pending=5)
    assert status_text(waiting, _tr)[0] == "Đồng bộ: 5 thay đổi chờ gửi"
    done = sync.SyncStatus(joined=True, online=True, pending=0,
                           last_success=datetime(2026, 11, 27, 3, 15, tzinfo=timezone.utc))
    assert status_text(done, _tr)[:2] == ("Đồng bộ: trực tuyến · 10:15", True)


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
