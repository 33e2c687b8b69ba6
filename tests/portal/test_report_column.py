"""The period report's "Chưa đồng bộ Cổng DVCQG" column on the real central PostgreSQL and on
a counter that syncs with it (issue 17, item 6).

A counter receives five dossiers (and one voided) and syncs; the real link runs against the
stand-in: A and B are acknowledged, C's status has no portal code (refused: attention), D
meets an adapter that answers HTTP 500 to every call (failed), E is never sent. The central
report counts C, D, E from the link's ledger — and judged at an instant before the link ran,
all five; the counter, from the states it pulled, counts the same three. Every figure lists
exactly its dossiers.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from onestop import sync
from onestop.domain.calendar import VN_TZ
from onestop.services import portal_scope, queries, reports
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.services.reports.types import Period
from onestop.storage.models import Dossier
from onestop.storage import credentials
from onestop.sync import roles
from tests.portal.conftest import Linked, configure, portal_cli, start_standin
from tests.support.central import PROCEDURE, make_counter, run_cli
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres

NAMES = {"A": "Trần Thị An", "B": "Lê Văn Bình", "C": "Phạm Văn Cường", "D": "Đỗ Thị Dung",
         "E": "Vũ Văn Em", "F": "Hoàng Thị Phương"}


def _letters(ctx: Context, codes: dict[str, str], ids: list) -> set[str]:  # type: ignore[type-arg]
    with ctx.reading() as s:
        found = set(s.scalars(select(Dossier.code).where(Dossier.id.in_(ids))))
    return {k for k, c in codes.items() if c in found}


def test_central_ledger_and_counter_states_give_the_same_column(tmp_path: Path,
                                                                linked: Linked) -> None:
    start = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=2)
    clock = Clock(start)
    c = make_counter(tmp_path, linked.cen, 1, clock)
    assert sync.run_once(c.ctx, c.url).last_error is None
    r = portal_cli("portal", "map", "--central", linked.cen.admin_url, "--status", "processing=")
    assert r.returncode == 0, r.stderr
    codes: dict[str, str] = {}

    def rec(letter: str) -> None:
        clock.advance(minutes=5)
        codes[letter] = receive(c.ctx, ReceiveRequest(procedure=PROCEDURE,
                                                       name=NAMES[letter])).code

    for letter in "ABC":
        rec(letter)
    clock.advance(minutes=1)
    record(c.ctx, codes["C"], EventRequest(kind="transfer", to="Phòng Quản lý chất lượng"))
    assert sync.run_once(c.ctx, c.url).last_error is None
    before_link = datetime.now(UTC)
    r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json")
    assert r.returncode == 1, r.stderr                  # C refused for good: attention
    out = json.loads(r.stdout)
    assert [a["code"] for a in out["attention"]] == [codes["C"]]
    # D: the adapter now fails every call; the link leaves D failed
    faulty = start_standin(tmp_path, faults="http500=1", name="faulty")
    try:
        configure(linked.cen, faulty, statuses={})
        rec("D")
        assert sync.run_once(c.ctx, c.url).last_error is None
        r = portal_cli("portal", "sync", "--once", "--central", linked.portal_url, "--json",
                       "--retries", "0", "--backoff", "0")
        assert r.returncode in (0, 1), r.stderr
    finally:
        faulty.stop()
    rec("E")                                            # never sent
    rec("F")
    record(c.ctx, codes["F"], EventRequest(kind="void", reason="Nhập trùng"))
    assert sync.run_once(c.ctx, c.url).last_error is None
    now = datetime.now(UTC) + timedelta(seconds=1)
    # through today as the agency counts it: a period that ended before ``now`` (the local
    # day turned over since ``start``: from 17:00 UTC) is judged at its own end instead
    days = sorted({start.astimezone(VN_TZ).date(), clock.now.astimezone(VN_TZ).date(),
                   now.astimezone(VN_TZ).date()})
    period = Period(days[0], days[-1])
    pending = {"C", "D", "E"}

    # the central database: the link's ledger, judged at as_of
    central = Context.open(linked.cen.admin_url, clock=lambda: now)
    try:
        with central.reading() as s:
            states = dict(s.execute(select(Dossier.code, Dossier.status)).all())
        assert len(states) == 6
        rep = reports.period_report(central, period, now=now)
        assert rep.portal == "central" and rep.total["received"] == 5
        assert rep.total.portal_pending is not None and rep.total.portal_pending.value == 3
        f = rep.total.portal_pending.filter
        assert f.portal_as_of == now
        assert _letters(central, codes, queries.list_ids(central, f)) == pending
        # before the link ran nothing was acknowledged: as_of judges the ledger then
        then = reports.period_report(central, period, now=before_link)
        assert then.total.portal_pending is not None
        assert then.total.portal_pending.value == 5
        assert _letters(central, codes, queries.list_ids(
            central, then.total.portal_pending.filter)) == set("ABCDE")
        refused = queries.DossierFilter(portal_states=("attention",))
        assert _letters(central, codes, queries.list_ids(central, refused)) == {"C"}
        failed = queries.DossierFilter(portal_states=("failed",))
        assert _letters(central, codes, queries.list_ids(central, failed)) == {"D"}
    finally:
        central.engine.dispose()
    # the CLI on the central database
    db = credentials.full_text(credentials.normalise(linked.cen.admin_url))
    span = ("--from", period.date_from.isoformat(), "--to", period.date_to.isoformat())
    r = run_cli(tmp_path / "cli", "--db", db, "report", "period", *span, "--now",
                now.isoformat())
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["portal"]["source"] == "central"
    assert datetime.fromisoformat(data["portal"]["as_of"]) == now
    assert (data["total"]["received"], data["total"]["portal_pending"]) == (5, 3)
    assert [p["portal_pending"] for p in data["procedures"]] == [3]
    # a central reader login (the Sở's dashboards read the central with SQL) sees the ledger:
    # the same source and the same dossiers
    reader = roles.add_reader(linked.cen.admin_url,
                              f"{roles.role_prefix(linked.cen.database)}_bgd")
    engine = create_engine(reader.url)
    try:
        with Session(engine) as s:
            assert portal_scope.source(s) == "central"
            cond = portal_scope.condition("central", portal_scope.NOT_ACKNOWLEDGED, now)
            found = set(s.scalars(select(Dossier.code).where(cond, Dossier.status != "void")))
        assert {k for k, v in codes.items() if v in found} == pending
    finally:
        engine.dispose()

    # the counter: the states it pulled with its sync
    sup = c.ctx
    rep = reports.period_report(sup, period, now=now)
    assert rep.portal == "counter" and rep.total["received"] == 5
    assert rep.total.portal_pending is not None and rep.total.portal_pending.value == 3
    assert rep.total.portal_pending.filter.portal_as_of is None
    assert _letters(sup, codes, queries.list_ids(sup, rep.total.portal_pending.filter)) == pending
    r = c.cli("report", "period", *span, "--now", now.isoformat())
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["portal"] == {"source": "counter", "as_of": None}
    assert (data["total"]["received"], data["total"]["portal_pending"]) == (5, 3)
