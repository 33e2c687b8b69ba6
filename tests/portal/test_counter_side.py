"""The desk sees the portal's state: pulled with the normal sync, shown by ``show --json``."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from onestop import sync
from onestop.services import portal_state as counter
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from tests.portal.conftest import Linked, portal_cli
from tests.support.central import PROCEDURE, make_counter
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres


def test_show_json_gains_the_portal_state(tmp_path: Path, linked: Linked) -> None:
    clock = Clock(datetime(2026, 3, 2, 1, 30, tzinfo=UTC))
    c = make_counter(tmp_path, linked.cen, 1, clock)
    assert sync.run_once(c.ctx, c.url).last_error is None
    code = receive(c.ctx, ReceiveRequest(procedure=PROCEDURE, name="Trần Thị Bình")).code
    other = receive(c.ctx, ReceiveRequest(procedure=PROCEDURE, name="Lê Văn Cường")).code
    r = c.cli("show", code, "--json")
    assert json.loads(r.stdout)["portal"] == {"state": None, "at": None}
    assert sync.run_once(c.ctx, c.url).last_error is None
    r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json")
    assert r.returncode == 0, r.stderr
    assert json.loads(r.stdout)["acknowledged"] == 4      # 2 dossiers + 2 receipts
    assert sync.run_once(c.ctx, c.url).last_error is None
    out = json.loads(c.cli("show", code, "--json").stdout)
    assert out["portal"]["state"] == "acknowledged"
    at = datetime.fromisoformat(out["portal"]["at"])
    assert at.tzinfo is not None
    with c.ctx.reading() as s:
        st = counter.state_of(s, out["id"])
        assert counter.label(st).startswith("Cổng DVCQG: đã nhận lúc ")
        # the supervisors' list: nothing unacknowledged
        assert counter.not_acknowledged(s, clock.advance(hours=48), 24) == []
    # a status the portal has no code for: the desk sees the error
    r = portal_cli("portal", "map", "--central", linked.cen.admin_url, "--status", "processing=")
    assert r.returncode == 0, r.stderr
    clock.advance(minutes=5)
    record(c.ctx, other, EventRequest(kind="transfer", to="Phòng Quản lý chất lượng"))
    assert sync.run_once(c.ctx, c.url).last_error is None
    r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json")
    assert r.returncode == 1, r.stderr
    assert sync.run_once(c.ctx, c.url).last_error is None
    out = json.loads(c.cli("show", other, "--json").stdout)
    assert out["portal"]["state"] == "attention"
    with c.ctx.reading() as s:
        st = counter.state_of(s, out["id"])
        assert counter.label(st) == "Cổng DVCQG: lỗi: chưa có mã của Cổng cho trạng thái processing"
        late = counter.not_acknowledged(s, clock.now + timedelta(hours=30), 24)
        assert [x["code"] for x in late] == [other]
        assert counter.count_not_acknowledged(s, clock.now + timedelta(hours=30), 24) == 1
