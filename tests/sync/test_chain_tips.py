"""A chain tail re-hashed on a synced counter is caught by comparing it with the central copy.

Locally such a rewrite is invisible (every link is consistent again, ``audit verify`` says OK);
the central copy of what was synced is the anchor the counter's login cannot rewrite.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from onestop import sync
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.chain import audit_fields, entry_hash, event_fields
from onestop.storage.models import AuditEntry, DossierEvent
from onestop.storage import credentials
from tests.support.central import Central, Counter, PROCEDURE, central_scalar, make_counter
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres

CHAINS: dict[str, tuple[Any, Any, str]] = {
    "audit_entry": (AuditEntry, audit_fields, "target"),
    "dossier_event": (DossierEvent, event_fields, "user_name"),
}


def _rehash_tail(c: Counter, table: str, entries: int = 2) -> None:
    """Edit the older of the last ``entries`` entries of this counter's chain and re-hash
    it and every later one, consistently (what an intruder with the file can do)."""
    model, fields, column = CHAINS[table]
    with c.ctx.transaction() as session:
        origin = c.ctx.identity(session).origin
        tail = list(session.scalars(select(model).where(model.origin == origin)
                                    .order_by(model.seq.desc()).limit(entries)))[::-1]
        setattr(tail[0], column, "ke.gian")
        prev = tail[0].prev_hash
        for e in tail:
            e.prev_hash, e.hash = prev, entry_hash(prev, fields(e))
            prev = e.hash
        if model is AuditEntry:     # the intruder rewrites the local anchor too
            from onestop.services import audit

            audit.set_anchor(session, tail[-1])


@pytest.mark.parametrize("table", sorted(CHAINS))
def test_a_rehashed_tail_stops_the_sync(table: str, tmp_path: Path, central_db: Central,
                                        clock: Clock, monkeypatch: pytest.MonkeyPatch) -> None:
    c = make_counter(tmp_path, central_db, 1, clock)
    monkeypatch.setenv("ONESTOP_HOME", str(c.home))
    credentials.save_settings(credentials.normalise(c.url))
    receive(c.ctx, ReceiveRequest(procedure=PROCEDURE, name="Phạm Văn Bình"))
    assert sync.run_once(c.ctx).last_error is None          # the settings' URL

    _rehash_tail(c, table)
    verified = c.cli("audit", "verify")
    assert verified.returncode == 0, verified.stderr        # locally consistent: invisible
    later = receive(c.ctx, ReceiveRequest(procedure=PROCEDURE, name="Hồ Thị Thu")).code

    for _ in range(2):                                       # the watch loop tries again
        alarm = c.cli("sync", "--once")
        assert alarm.returncode == 1, (alarm.stdout, alarm.stderr)
        assert "sync: Chuỗi băm" in alarm.stderr and "không khớp" in alarm.stderr
    # nothing of the diverging history reached the central copy
    assert central_scalar(central_db, "SELECT count(*) FROM dossier WHERE code = :c",
                          c=later) == 0
    shown = c.cli("sync", "--status", "--json")
    assert shown.returncode == 1
    state = json.loads(shown.stdout.strip().splitlines()[-1])
    assert state["error_code"] == "sync_chain_diverged" and "ngừng gửi" in state["last_error"]
    with c.ctx.reading() as session:                         # audited once, not per cycle
        alarms = list(session.scalars(select(AuditEntry).where(
            AuditEntry.action == "sync.chain_diverged")))
    assert len(alarms) == 1 and table in alarms[0].details["chains"]

    from onestop.ui.sync_panel import status_text

    text, ok, tip = status_text(sync.current(c.ctx))
    assert text.startswith("Đồng bộ: ĐÃ DỪNG") and ok is False and "Chuỗi băm" in tip


def test_a_counter_behind_or_ahead_of_the_central_copy_is_no_alarm(
        tmp_path: Path, central_db: Central, clock: Clock) -> None:
    """Normal cycles, new local entries after the tip, and a second counter: no alarm."""
    one = make_counter(tmp_path / "a", central_db, 1, clock)
    two = make_counter(tmp_path / "b", central_db, 2, clock)
    for name in ("Vũ Văn An", "Đặng Thị Hạnh"):
        receive(one.ctx, ReceiveRequest(procedure=PROCEDURE, name=name))
        for c in (one, two):
            st = sync.run_once(c.ctx, c.url)
            assert st.last_error is None, st.last_error
        receive(one.ctx, ReceiveRequest(procedure=PROCEDURE, name=name + " Hai"))
    assert sync.run_once(one.ctx, one.url).last_error is None
