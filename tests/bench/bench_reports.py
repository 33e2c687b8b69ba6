"""Benchmark of the supervisor reports (a plain script: prints figures, asserts nothing).

Run: ``python tests/bench/bench_reports.py [--dossiers N] [--repeat R] [--db FILE]``

The demo database (``onestop demo``, clock pinned at NOW) is built once and cached under
``$ONESTOP_BENCH_DIR`` (default ``/tmp/onestop-bench-reports``): a million dossiers take
10–25 minutes to generate. Figures (medians of R warm runs, SQLite):

* **overview** — ``reports.overview(weeks=0)``: every open dossier now plus the current
  month (the tiles, the per-field chart, the per-procedure rows and processing times, the
  overdue and due-soon lists), against the **floor**: one hand-written SQL statement per
  number, pinned (``INDEXED BY``) to the same indexes, run back to back on one connection.
  Targets: ≤ 1.5 × floor and ≤ 300 ms.
* **overview + 12-week chart** — what the tab actually loads (``weeks=12``).
* **12-month period report** — ``reports.period_report`` over the last twelve months
  (target ≤ 3 s), and a past month (the statutory monthly report).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from datetime import time as dtime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from onestop.domain.calendar import VN_TZ
from onestop.services import demo, reports
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reports.types import Period

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
CACHE = Path(os.environ.get("ONESTOP_BENCH_DIR", "/tmp/onestop-bench-reports"))
OPEN, ACTIVE = "('processing', 'received')", "('awaiting-supplement', 'processing', 'received')"
FINISHED = "('result-ready', 'returned')"


def database(n: int, path: Path | None) -> str:
    """The cached demo database of ``n`` dossiers (built on first use), migrated to head."""
    target = path or CACHE / f"demo-{n}.sqlite3"
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        part = target.with_suffix(".part")
        part.unlink(missing_ok=True)
        print(f"building {n:,} demo dossiers in {target} (cached for later runs)…", flush=True)
        ctx = Context.open(f"sqlite:///{part}", clock=lambda: NOW)
        setup.init(ctx)
        started = time.perf_counter()
        demo.generate(ctx, n, seed=1)
        ctx.engine.dispose()
        print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
        part.rename(target)
    url = f"sqlite:///{target}"
    ctx = Context.open(url, clock=lambda: NOW)
    started = time.perf_counter()
    setup.migrate(ctx)  # adds the report indexes to a database built before them
    took = time.perf_counter() - started
    if took > 1:
        print(f"  migrated to head in {took:.1f} s (index build)")
    ctx.engine.dispose()
    return url


def _utc(moment: datetime) -> str:
    """A bound instant as SQLAlchemy stores it in SQLite (naive UTC text)."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(sep=" ")


def floor_queries(ctx: Context) -> list[tuple[str, dict[str, Any]]]:
    """One hand-written statement per number of the overview, on the indexes it uses.

    Counts of the period walk the procedure-first report indexes (``procedure_id IN`` all
    procedures, a local-day range); live counts are ranges of ``ix_dossier_status_sla``; each
    list is its cut-off key then its first 100 rows, like the service.
    """
    with ctx.reading() as session:
        cal = ctx.calendar(session)
    today = NOW.date()
    nxt = cal.next_working_day(today)
    month = Period.month_of(today)
    day = lambda d: _utc(datetime.combine(d, dtime(0), VN_TZ))
    b = {"now": _utc(NOW), "soon": _utc(cal.due_soon_bound(NOW, 1)),
         "t0": day(today), "t1": day(today + timedelta(days=1)), "n0": day(nxt),
         "n1": day(nxt + timedelta(days=1)), "s": _utc(month.start), "e": _utc(month.end),
         "d0": month.date_from.isoformat(), "d1": month.date_to.isoformat()}
    procs = "procedure_id IN (SELECT id FROM procedure)"
    rday, fday = "date(received_at, '+7 hours')", "date(finished_at, '+7 hours')"
    sla = f"FROM dossier INDEXED BY ix_dossier_status_sla WHERE status IN {OPEN} AND "
    rec = (f"FROM dossier INDEXED BY ix_dossier_report_received WHERE {procs} AND {rday} "
           ">= :d0 AND {rday} <= :d1 AND status != 'void'").replace("{rday}", rday)
    fin = (f"FROM dossier INDEXED BY ix_dossier_report_finished WHERE {procs} AND {fday} "
           f">= :d0 AND {fday} <= :d1 AND +status IN {FINISHED}")
    act = f"FROM dossier INDEXED BY ix_dossier_report_active WHERE {procs} AND "
    lst = ("SELECT d.code, d.applicant_name, p.code, p.name, d.department, d.received_by, "
           "d.status, d.sla_due_at, d.due_at, d.paused_since FROM dossier d INDEXED BY "
           "ix_dossier_status_sla JOIN procedure p ON p.id = d.procedure_id "
           f"WHERE d.status IN {OPEN} AND ")
    overdue, soon = "sla_due_at < :now", "sla_due_at >= :now AND sla_due_at <= :soon"
    q = [
        f"SELECT count(*) {sla} sla_due_at > :soon",
        f"SELECT count(*) {sla} {soon}",
        f"SELECT count(*) {sla} {overdue}",
        f"SELECT count(*) {sla} sla_due_at IS NULL",
        ("SELECT count(*) FROM dossier INDEXED BY ix_dossier_status_sla "
         "WHERE status = 'awaiting-supplement'"),
        f"SELECT count(*) {sla} sla_due_at >= :t0 AND sla_due_at < :t1",
        f"SELECT count(*) {sla} sla_due_at >= :n0 AND sla_due_at < :n1",
        f"SELECT count(*) {rec}",
        *[f"SELECT count(*) {rec} AND channel = '{c}'" for c in
          ("direct", "post", "online", "vneid")],
        f"SELECT count(*) {rec} AND status = 'refused'",
        f"SELECT count(*) {rec} AND status = 'withdrawn'",
        f"SELECT count(*) {act} status IN {ACTIVE} AND received_at < :s",
        (f"SELECT count(*) FROM dossier INDEXED BY ix_dossier_report_finished WHERE {procs} "
         f"AND {fday} >= :d0 AND {rday} < :d0 AND +status IN {FINISHED}"),
        *[f"SELECT count(*) {fin} AND timeliness = '{t}'" for t in ("early", "on-time", "late")],
        f"SELECT count(*) {fin} AND sla_due_at IS NULL",
        f"SELECT count(*) {act} status IN {OPEN} AND received_at < :e AND sla_due_at >= :now",
        f"SELECT count(*) {act} status IN {OPEN} AND received_at < :e AND sla_due_at < :now",
        f"SELECT count(*) {act} status IN {OPEN} AND received_at < :e AND sla_due_at IS NULL",
        f"SELECT count(*) {act} status = 'awaiting-supplement' AND received_at < :e",
        f"SELECT procedure_id, timeliness, count(*) {fin} GROUP BY procedure_id, timeliness",
        f"SELECT procedure_id, {fday}, {rday}, count(*) {fin} GROUP BY 1, 2, 3",
        f"SELECT sla_due_at {sla} {overdue} ORDER BY sla_due_at LIMIT 1 OFFSET 99",
        f"{lst} d.{overdue} AND d.sla_due_at <= :cut ORDER BY d.sla_due_at, d.code LIMIT 100",
        f"SELECT sla_due_at {sla} {soon} ORDER BY sla_due_at LIMIT 1 OFFSET 99",
        f"{lst} d.{soon.replace('AND ', 'AND d.')} ORDER BY d.sla_due_at, d.code LIMIT 100",
    ]
    return [(s, b) for s in q]


def run_floor(ctx: Context, queries: list[tuple[str, dict[str, Any]]]) -> None:
    from sqlalchemy import text

    with ctx.engine.connect() as conn:
        cut = None
        for statement, binds in queries:
            if ":cut" in statement:  # the list cut-off found by the statement before
                binds = {**binds, "cut": cut if cut is not None else "9999"}
            rows = conn.execute(text(statement), binds).all()
            cut = rows[0][0] if rows and len(rows[0]) == 1 else None


def months_before(first: date, n: int) -> date:
    """The first day of the month ``n`` months before the month of ``first``."""
    years, month0 = divmod(first.month - 1 - n, 12)
    return date(first.year + years, month0 + 1, 1)


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, float]:
    """(median, best) wall time in ms of ``repeat`` warm runs."""
    fn()  # warm: page cache, statement cache, calendar
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times)


def line(label: str, t: tuple[float, float], target: str = "") -> None:
    print(f"{label:<44} {t[0]:8.1f} ms  (best {t[1]:7.1f}){target}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=1_000_000)
    ap.add_argument("--repeat", type=int, default=7)
    ap.add_argument("--db", type=Path, help="use this SQLite file instead of the cache")
    args = ap.parse_args()
    url = database(args.dossiers, args.db)
    ctx = Context.open(url, clock=lambda: NOW)
    with ctx.engine.connect() as conn:
        total = conn.exec_driver_sql("SELECT count(*) FROM dossier").scalar_one()
        open_n = conn.exec_driver_sql(
            f"SELECT count(*) FROM dossier WHERE status IN {ACTIVE}").scalar_one()
    month = Period.month_of(NOW.date())
    year = Period(months_before(month.date_from, 11), month.date_to)
    past = Period.month_of(month.date_from - timedelta(days=1))
    floor = floor_queries(ctx)
    ov = reports.overview(ctx, weeks=0)
    print(f"database: {total:,} dossiers, {open_n:,} open or paused; now = {NOW.isoformat()}")
    print(f"month {month.date_from}..{month.date_to}: received {ov.period.total['received']:,},"
          f" finished {ov.period.total.finished.value:,}, overdue now {ov.live['overdue']:,}")
    r = args.repeat
    load = os.getloadavg()[0]
    t_over = timed(lambda: reports.overview(ctx, weeks=0), r)
    t_floor = timed(lambda: run_floor(ctx, floor), r)
    t_tab = timed(lambda: reports.overview(ctx), r)
    t_year = timed(lambda: reports.period_report(ctx, year), max(3, r // 2))
    t_past = timed(lambda: reports.period_report(ctx, past), r)
    t_brief = timed(lambda: reports.briefing(ctx, limit=40), max(3, r // 2))
    line("overview (open now + current month)", t_over, "  target ≤ 300 ms")
    line(f"floor: {len(floor)} hand-written queries", t_floor)
    print(f"{'ratio overview / floor':<44} {t_over[0] / t_floor[0]:8.2f} ×  "
          f"(best/best {t_over[1] / t_floor[1]:.2f}), target ≤ 1.5")
    line("overview + 12-week chart (the tab)", t_tab)
    line(f"period report {year.date_from}..{year.date_to}", t_year, "  target ≤ 3000 ms")
    line(f"period report {past.date_from}..{past.date_to}", t_past)
    line("morning briefing (data)", t_brief)
    print(f"load average: {load:.1f} at start, {os.getloadavg()[0]:.1f} at end "
          f"({os.cpu_count()} CPUs): other processes inflate every figure")
    ctx.engine.dispose()


if __name__ == "__main__":
    main()
