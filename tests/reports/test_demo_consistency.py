"""Demo data (every status and class occurs) against an independent oracle in plain Python.

The oracle reads every dossier row and applies the definitions of ``services.reports``
directly; the reports must agree with it number for number, every drill-down filter must list
exactly as many dossiers as its number, and the conservation laws must hold.
"""

from __future__ import annotations

import itertools
import statistics
from collections import Counter
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import pytest
from sqlalchemy import select

from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.services import demo, queries, reports
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reports.types import Metric, Period, PeriodReport
from onestop.storage.models import Dossier, Procedure

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
MONTH = Period(date(2026, 11, 1), date(2026, 11, 30))
PAST = Period(date(2026, 8, 1), date(2026, 9, 30))


@pytest.fixture(scope="module")
def ctx(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Context]:
    # SQLite only: services.demo cannot yet write to PostgreSQL (its code-tip query groups
    # by an expression with bound parameters); the scenario tests cover PostgreSQL.
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'onestop.sqlite3'}"
    c = Context.open(url, clock=lambda: NOW)
    setup.init(c)
    demo.generate(c, 1200, seed=11)
    yield c
    c.engine.dispose()


def rows(ctx: Context) -> list[Any]:
    with ctx.reading() as s:
        stmt = select(Dossier.status, Dossier.received_at, Dossier.finished_at,
                      Dossier.sla_due_at, Dossier.timeliness, Dossier.channel,
                      Procedure.code).join(Procedure, Procedure.id == Dossier.procedure_id)
        return [r for r in s.execute(stmt) if r.status != wf.VOID]


def calendar(ctx: Context) -> WorkCalendar:
    with ctx.reading() as s:
        return ctx.calendar(s)


def oracle_live(ctx: Context) -> dict[str, int]:
    cal = calendar(ctx)
    soon = cal.due_soon_bound(NOW, 1)
    today, nxt = NOW.date(), cal.next_working_day(NOW.date())
    out: Counter[str] = Counter()
    for r in rows(ctx):
        if r.status == wf.AWAITING:
            out["paused"] += 1
        if r.status not in wf.OPEN_STATUSES:
            continue
        if r.sla_due_at is None:
            out["no_limit"] += 1
            continue
        out["overdue" if r.sla_due_at < NOW else "due_soon" if r.sla_due_at <= soon
            else "on_track"] += 1
        due_day = r.sla_due_at.astimezone(VN_TZ).date()
        out["due_today"] += due_day == today
        out["due_next_day"] += due_day == nxt
    return dict(out)


def oracle_period(ctx: Context, p: Period) -> dict[str, int]:
    as_of = min(NOW, p.end)
    out: Counter[str] = Counter()
    for r in rows(ctx):
        fin = r.finished_at if r.status in wf.FINISHED_STATUSES else None
        if p.start <= r.received_at < p.end:
            out["received"] += 1
            out["refused"] += r.status == wf.REFUSED
            out["withdrawn"] += r.status == wf.WITHDRAWN
        if r.received_at < p.start and r.status in wf.ACTIVE_STATUSES | wf.FINISHED_STATUSES \
                and (fin is None or fin >= p.start):
            out["carried_over"] += 1
        if fin is not None and p.start <= fin < p.end:
            key = "no_limit" if r.sla_due_at is None else r.timeliness.replace("-", "_")
            out[f"finished_{key}"] += 1
        if r.received_at < p.end and (r.status in wf.OPEN_STATUSES or (fin and fin >= p.end)):
            cls = ("no_limit" if r.sla_due_at is None else
                   "overdue" if r.sla_due_at < as_of else "on_track")
            out[f"in_progress_{cls}"] += 1
        out["paused"] += r.received_at < p.end and r.status == wf.AWAITING
    return {k: v for k, v in out.items() if v}


def oracle_processing(ctx: Context, p: Period) -> dict[str, tuple[int, float, float]]:
    cal = calendar(ctx)
    days: dict[str, list[int]] = {}
    for r in rows(ctx):
        if r.status in wf.FINISHED_STATUSES and p.start <= r.finished_at < p.end:
            days.setdefault(r.code, []).append(cal.working_days_between(
                r.received_at.astimezone(VN_TZ).date(), r.finished_at.astimezone(VN_TZ).date()))
    return {code: (len(v), statistics.mean(v), float(statistics.median(v)))
            for code, v in days.items()}


def all_metrics(rep: PeriodReport) -> Iterator[tuple[str, Metric]]:
    for row in (rep.total, *rep.fields, *rep.procedures):
        for key, m in row.metrics.items():
            yield f"{row.level}:{row.key}:{key}", m
        for name in ("finished", "in_progress", "refused_withdrawn"):
            yield f"{row.level}:{row.key}:{name}", getattr(row, name)
        yield f"{row.level}:{row.key}:processing", Metric(row.processing.count,
                                                           row.processing.filter)
        yield f"{row.level}:{row.key}:rated", Metric(row.on_time_rate.denominator,
                                                      row.on_time_rate.filter)
    for channel, m in rep.by_channel.items():
        yield f"channel:{channel}", m


def test_live_numbers_match_the_oracle(ctx: Context) -> None:
    lv = reports.live(ctx)
    assert {k: v for k, v in ((k, lv[k]) for k in lv.metrics) if v} == oracle_live(ctx)
    assert lv["overdue"] and lv["paused"] and lv["on_track"]  # the demo has every class


@pytest.mark.parametrize("period", [MONTH, PAST], ids=["current-month", "past-two-months"])
def test_period_numbers_match_the_oracle(ctx: Context, period: Period) -> None:
    rep = reports.period_report(ctx, period)
    got = {k: rep.total[k] for k in rep.total.metrics if rep.total[k]}
    assert got == oracle_period(ctx, period)
    t = rep.total
    assert t.to_handle == (t.finished.value + t.in_progress.value + t["paused"]
                           + t["refused"] + t["withdrawn"])
    processing = {r.key: (r.processing.count, r.processing.mean, r.processing.median)
                  for r in rep.procedures if r.processing.count}
    expected = oracle_processing(ctx, period)
    assert processing.keys() == expected.keys()
    for code, (n, mean, median) in expected.items():
        assert processing[code][0] == n and processing[code][2] == median
        assert processing[code][1] == pytest.approx(mean)


@pytest.mark.slow
def test_every_number_drills_down_to_exactly_its_dossiers(ctx: Context) -> None:
    ov = reports.overview(ctx)
    metrics = [*all_metrics(ov.period), *all_metrics(reports.period_report(ctx, PAST)),
               *(("live:" + k, m) for k, m in ov.live.metrics.items()),
               *(("week", w.received) for w in ov.weeks), *(("week", w.finished) for w in ov.weeks)]
    wrong = [(name, m.value, n) for name, m in metrics
             if (n := len(queries.list_ids(ctx, m.filter))) != m.value]
    assert not wrong
    assert len(metrics) > 500


def test_one_period_leaves_the_next_its_carried_over(ctx: Context) -> None:
    months = [Period.month_of(date(2026, m, 1)) for m in range(6, 12)]
    reps = [reports.period_report(ctx, p) for p in months]
    for before, after in itertools.pairwise(reps):
        assert before.total.in_progress.value + before.total["paused"] \
            == after.total["carried_over"], after.period
