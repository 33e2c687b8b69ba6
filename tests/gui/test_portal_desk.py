"""The desk sees the national portal's state (issue 17): the dossier detail's line and the
supervisors' list of dossiers not acknowledged after the agency's setting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import text

from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import PortalStatus
from tests.gui.conftest import wait_idle


def test_detail_line_and_dashboard_list(qtbot: Any, make_window: Any, runner: Any,
                                        base_ctx: Any) -> None:
    ctx = base_ctx.as_user("canbo")
    ack = receive(ctx, ReceiveRequest(procedure="2.001914", name="Lê Văn Tám"))
    bad = receive(ctx, ReceiveRequest(procedure="2.001914", name="Phạm Thị Chín"))
    with base_ctx.transaction() as s:
        s.add(PortalStatus(dossier_id=__import__("uuid").UUID(ack.id), state="acknowledged",
                           at=datetime(2026, 3, 2, 3, 5, tzinfo=UTC), error="", rev=1))
        s.add(PortalStatus(dossier_id=__import__("uuid").UUID(bad.id), state="attention",
                           at=datetime(2026, 3, 2, 3, 6, tzinfo=UTC),
                           error="chưa có mã của Cổng cho trạng thái received", rev=2))
    w = make_window("giamsat")
    w.open_dossier(ack.code)
    wait_idle(qtbot, runner)
    assert w.detail.f_portal.text() == "Cổng DVCQG: đã nhận lúc 10:05 02/03/2026"
    w.open_dossier(bad.code)
    wait_idle(qtbot, runner)
    assert w.detail.f_portal.text() == (
        "Cổng DVCQG: lỗi: chưa có mã của Cổng cho trạng thái received")
    # received 25 hours ago: the unacknowledged one is listed (setting 24 h)
    with base_ctx.engine.begin() as conn:
        conn.execute(text("UPDATE dossier SET received_at = :t"),
                     {"t": (datetime.now(UTC) - timedelta(hours=25)).replace(tzinfo=None)})
    w.tabs.setCurrentIndex(2)
    w.dashboard_tab.build()
    wait_idle(qtbot, runner)
    panel = w.dashboard.portal_panel
    wait_idle(qtbot, runner)
    assert panel.tile.text().startswith("1 hồ sơ chưa được Cổng DVCQG nhận sau 24 giờ")
    assert panel.table.rowCount() == 1 and panel.table.item(0, 0).text() == bad.code


def test_period_tile_drills_down_to_the_dossier_list(qtbot: Any, make_window: Any,
                                                     runner: Any, base_ctx: Any) -> None:
    """The period's "Chưa đồng bộ Cổng DVCQG" tile lists, in the main window's dossier list,
    exactly the dossiers received in the period the portal has not acknowledged."""
    import uuid

    from PySide6.QtCore import Qt

    ctx = base_ctx.as_user("canbo")
    ack = receive(ctx, ReceiveRequest(procedure="2.001914", name="Lê Văn Mười"))
    bad = receive(ctx, ReceiveRequest(procedure="2.001914", name="Phạm Thị Mai"))
    unseen = receive(ctx, ReceiveRequest(procedure="2.001914", name="Đỗ Văn Nam"))
    with base_ctx.transaction() as s:
        s.add(PortalStatus(dossier_id=uuid.UUID(ack.id), state="acknowledged",
                           at=datetime.now(UTC), error="", rev=11))
        s.add(PortalStatus(dossier_id=uuid.UUID(bad.id), state="attention",
                           at=datetime.now(UTC), error="MaTTHC không hợp lệ", rev=12))
    w = make_window("giamsat")
    w.tabs.setCurrentIndex(2)
    w.dashboard_tab.build()
    wait_idle(qtbot, runner)
    tile = w.dashboard.period_tiles.tiles["portal_pending"]
    qtbot.waitUntil(lambda: tile.shown is not None, timeout=10_000)
    shown = int(tile.text_value().replace(".", ""))
    model = w.dossier_list.model
    with qtbot.waitSignal(model.sig_loaded, timeout=10_000):
        qtbot.mouseClick(tile, Qt.MouseButton.LeftButton)
    wait_idle(qtbot, runner)
    assert model.rowCount() == shown
    for i in range(model.rowCount()):
        model.row_at(i)                    # request every page
    wait_idle(qtbot, runner)
    codes = {model.row_at(i).code for i in range(model.rowCount())}
    assert bad.code in codes and unseen.code in codes and ack.code not in codes
