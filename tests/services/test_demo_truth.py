"""Demo data that tells the truth: channels, counters, officers and documents agree with each
other and with how the desk really receives dossiers (``services/demo.py``'s docstring)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from onestop.domain import codes
from onestop.domain.calendar import VN_TZ
from onestop.services import audit, demo
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.storage.models import Dossier, DossierEvent, Procedure

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
ONLINE = {"online", "vneid"}


def _demo(path: Path, n: int, workers: int) -> Context:
    ctx = Context.open(f"sqlite:///{path}", clock=lambda: NOW)
    setup.init(ctx)
    demo.generate(ctx, n, seed=5, workers=workers)
    return ctx


@pytest.fixture(scope="module", params=[0, 2], ids=["one-process", "two-workers"])
def ctx(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
        ) -> Iterator[Context]:
    c = _demo(tmp_path_factory.mktemp("demo") / "onestop.sqlite3", 900, request.param)
    yield c
    c.engine.dispose()


def _dossiers(ctx: Context) -> list[tuple[Any, list[Any], Any]]:
    with ctx.reading() as s:
        procs = {p.id: p for p in s.scalars(select(Procedure))}
        events: dict[Any, list[Any]] = {}
        for e in s.scalars(select(DossierEvent).order_by(DossierEvent.at)):
            events.setdefault(e.dossier_id, []).append(e)
        return [(d, events[d.id], procs[d.procedure_id]) for d in s.scalars(select(Dossier))]


def test_the_received_event_records_the_dossiers_channel(ctx: Context) -> None:
    rows = _dossiers(ctx)
    channels = Counter(d.channel for d, _e, _p in rows)
    assert set(channels) == {"direct", "post", "online", "vneid"}, channels
    for d, events, proc in rows:
        received = events[0]
        assert received.kind == "received"
        assert received.payload["channel"] == d.channel, d.code
        assert received.payload["procedure"] == proc.code


def test_documents_follow_the_procedures_checklist(ctx: Context) -> None:
    for d, _events, proc in _dossiers(ctx):
        checklist = [doc["name"] for doc in proc.documents or []]
        assert checklist, f"{d.code}: {proc.code or proc.name} has no checklist"
        assert [doc["name"] for doc in d.documents] == checklist, d.code


def test_online_dossiers_come_in_centrally_walk_ins_at_their_officers_counter(
        ctx: Context) -> None:
    officers = {1: "canbo1", 2: "canbo2", 3: "canbo3", 4: "canbo4"}
    seen = Counter()
    for d, events, _proc in _dossiers(ctx):
        parsed = codes.parse_code(d.code)
        assert parsed is not None and parsed.counter(codes.LEGACY_BLOCK) == d.counter_no
        assert d.register_book == codes.register_book(d.counter_no, d.received_at.astimezone(
            VN_TZ).year)
        if d.channel in ONLINE:
            # imported from the online portal: the central block, no walk-in officer
            assert d.counter_no == 0 and d.received_by == "system", d.code
        else:
            assert d.counter_no in officers, d.code
            assert d.received_by == officers[d.counter_no], d.code
        assert {(e.counter_no, e.user_name) for e in events} == {(d.counter_no, d.received_by)}
        seen[d.counter_no] += 1
    assert set(seen) == {0, 1, 2, 3, 4}, seen
    report = audit.verify(ctx)
    assert report.ok, report


def test_more_counters_only_for_more_dossiers_than_four_can_number() -> None:
    assert demo.demo_counters(5000) == (0, 1, 2, 3, 4)
    assert demo.demo_counters(1_000_000) == (0, *range(1, 10))
    assert demo.counter_user(6) in {"canbo1", "canbo2", "canbo3", "canbo4"}


def test_receipts_happen_in_office_hours_even_when_the_demo_is_made_at_night(
        tmp_path: Path) -> None:
    """Made at 01:45, the demo has no dossier "received" at 01:44 today."""
    night = datetime(2026, 11, 26, 1, 45, tzinfo=VN_TZ)
    ctx = Context.open(f"sqlite:///{tmp_path / 'night.sqlite3'}", clock=lambda: night)
    try:
        setup.init(ctx)
        demo.generate(ctx, 1500, seed=3)
        with ctx.reading() as s:
            received = [d.received_at.astimezone(VN_TZ) for d in s.scalars(select(Dossier))]
        assert received
        for at in received:
            assert at.date() < night.date(), at
            assert (7, 30) <= (at.hour, at.minute) <= (16, 45), at
    finally:
        ctx.engine.dispose()
