"""A calendar change that reaches a counter by sync moves that counter's appointments.

The administrator applies a holiday change at counter 1; it travels to the central database
with a central administrator's login and reaches counter 2 with its normal sync. Counter 2 then
records the ``calendar-reschedule`` event of each dossier *it* received whose appointment moved
(by ``system``, with the same idempotency key as counter 1), re-projects them, and sends them on;
counter 1 recorded only its own. Each moved dossier ends with exactly one event for the change,
on every side, however often the counters sync; a removal travels the same way.
"""

from __future__ import annotations

from typing import Any

import json

import pytest
from sqlalchemy import create_engine, text

from onestop import sync
from onestop.services import calendar_change as cc
from onestop.services import consistency
from onestop.services.queries import show
from onestop.services.reception import ReceiveRequest, receive
from tests.support.central import Central, Counter, PROCEDURE

pytestmark = pytest.mark.postgres
DAY = "2026-03-04"   # a Wednesday, normally worked
DECISION = "Quyết định 12/QĐ-UBND"


def _events(engine: Any, kind: str = "calendar-reschedule") -> list[tuple[str, str, str, str]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT d.code, e.origin, e.user_name, e.payload FROM dossier_event e "
            "JOIN dossier d ON d.id = e.dossier_id WHERE e.kind = :k ORDER BY d.code"),
            {"k": kind})]


def _sync_all(c1: Counter, c2: Counter, rounds: int = 2) -> None:
    for _ in range(rounds):
        for c in (c1, c2):
            st = sync.run_once(c.ctx, c.url)
            assert st.last_error is None, st


def test_each_counter_records_the_moves_of_its_own_dossiers(
        pair: tuple[Counter, Counter], central_db: Central) -> None:
    c1, c2 = pair
    a = receive(c1.ctx, ReceiveRequest(PROCEDURE, "Nguyễn Văn An")).code
    b = receive(c2.ctx, ReceiveRequest(PROCEDURE, "Trần Thị Bình")).code
    _sync_all(c1, c2)
    old_b = show(c2.ctx, b).due_at

    change = cc.apply(c1.ctx, "set", DAY, "off", "Nghỉ bù", DECISION)
    assert sorted(m.code for m in change.moved) == sorted([a, b])   # the admin saw both
    assert change.recorded == 1                                     # and recorded its own
    admin = central_db.add_admin()
    assert sync.push_shared(c1.ctx, admin.url, url=c1.url).last_error is None
    _sync_all(c1, c2, rounds=3)

    new_b = show(c2.ctx, b).due_at
    assert new_b is not None and old_b is not None and new_b > old_b
    central = create_engine(central_db.admin_url)
    try:
        for engine in (c1.ctx.engine, c2.ctx.engine, central):
            rows = _events(engine)
            assert [r[0] for r in rows] == sorted([a, b]), rows
            by_code = {r[0]: r for r in rows}
            assert by_code[b][1].endswith("#2") and by_code[b][2] == "system"
            assert by_code[a][1].endswith("#1")
            payloads = [r[3] if isinstance(r[3], dict) else json.loads(r[3])
                        for r in rows]
            assert {p["override"] for p in payloads} == {payloads[0]["override"]}
            assert all(p["decision"] == DECISION and p["date"] == DAY for p in payloads)
        with central.connect() as conn:
            due = conn.execute(text("SELECT due_at FROM dossier WHERE code = :c"),
                               {"c": b}).scalar_one()
        assert due == new_b
        assert show(c1.ctx, b).due_at == new_b

        # removing the day travels as a tombstone: one more event each, moved back
        cc.apply(c1.ctx, "remove", DAY)
        assert sync.push_shared(c1.ctx, admin.url, url=c1.url).last_error is None
        _sync_all(c1, c2, rounds=3)
        assert show(c2.ctx, b).due_at == old_b
        for engine in (c1.ctx.engine, c2.ctx.engine, central):
            rows = _events(engine)
            assert sorted(r[0] for r in rows) == sorted([a, a, b, b]), rows
        for c in (c1, c2):   # every stored appointment agrees with its events and calendar
            with c.ctx.reading() as session:
                assert consistency.reproject_all(session, c.ctx)[1] == []
    finally:
        central.dispose()
