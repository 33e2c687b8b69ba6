"""Benchmark of the supervisors' reads on a province's central PostgreSQL (issue 19).

Run: ``python tests/bench/bench_province.py --url postgresql://postgres@127.0.0.1:PORT/DB
[--agency CODE] [--repeat R]`` on a database filled by ``make_province.py`` (the admin URL
is used only to make the reader logins; every figure is measured through a **reader login**,
as a supervisor's dashboard or ``onestop --db postgresql://reader@… report`` opens it).

Figures (medians of R warm runs), each beside its **floor** — hand-written SQL returning the
same numbers, on the same indexes, on a raw psycopg connection of the same login, run back to
back — and the ratio (target ≤ 1.5×):

* one agency's overview (``reports.overview`` narrowed by ``--agency``, weeks=0: live tiles,
  the current month per procedure and per receiving unit, the overdue and due-soon lists) —
  target ≤ 300 ms; also through the agency's scoped reader (``add-reader --agency``: RLS);
* the whole province's overview (with its 40 agency rows and 122 unit rows) — ≤ 1 s;
* the 12-month period report of one agency — ≤ 3 s;
* the dossier list's first and last page (50 rows of every dossier, newest first) — ≤ 300 ms;
* a scan lookup (``queries.show``: the dossier with its history, as the detail view opens
  it) — ≤ 20 ms over loopback; also through the agency's scoped reader (its events' policy).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime, time as dtime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg

from onestop.domain.calendar import VN_TZ
from onestop.services import queries, reports
from onestop.services.context import Context
from onestop.services.queries import DossierFilter
from onestop.services.reports.types import Period, ReportFilter
from onestop.sync import roles
from tests.bench.bench_reports import timed

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
OPEN = "('processing', 'received')"
ACTIVE = "('awaiting-supplement', 'processing', 'received')"
FINISHED = "('result-ready', 'returned')"
RDAY = "(CAST((received_at AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE))"
FDAY = "(CAST((finished_at AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE))"
PAGE = 50


def months_before(first: date, n: int) -> date:
    years, month0 = divmod(first.month - 1 - n, 12)
    return date(first.year + years, month0 + 1, 1)


def period_sql(p: Period, as_of: datetime, agency: str | None, by: str = "procedure_id"
               ) -> list[tuple[str, dict[str, Any]]]:
    """The hand-written grouped statements of a period's numbers (received, finished with
    day pairs, open/paused), per ``by``."""
    w = "agency_code = %(ag)s AND " if agency else ""
    b = {"d0": p.date_from, "d1": p.date_to, "s": p.start, "e": p.end, "now": as_of,
         "ag": agency}
    chan = ", ".join(f"count(*) FILTER (WHERE channel = '{c}')"
                     for c in ("direct", "post", "online", "vneid"))
    st = ", ".join(f"count(*) FILTER (WHERE status = '{s}')"
                   for s in ("refused", "withdrawn", "stopped"))
    tl = ", ".join(f"count(*) FILTER (WHERE timeliness = '{t}')"
                   for t in ("early", "on-time", "late"))
    return [
        (f"SELECT {by}, count(*), {chan}, {st} FROM dossier WHERE {w}{RDAY} BETWEEN %(d0)s "
         f"AND %(d1)s AND status <> 'void' GROUP BY 1", b),
        (f"SELECT {by}, {FDAY}, {RDAY}, count(*), {tl}, count(*) FILTER (WHERE sla_due_at IS "
         f"NULL) FROM dossier WHERE {w}{FDAY} BETWEEN %(d0)s AND %(d1)s AND status IN "
         f"{FINISHED} GROUP BY 1, 2, 3", b),
        (f"SELECT {by}, count(*) FILTER (WHERE received_at < %(s)s), count(*) FILTER (WHERE "
         f"status IN {OPEN} AND sla_due_at < %(now)s), count(*) FILTER (WHERE status IN {OPEN} "
         f"AND sla_due_at >= %(now)s), count(*) FILTER (WHERE status IN {OPEN} AND sla_due_at "
         f"IS NULL), count(*) FILTER (WHERE status = 'awaiting-supplement') FROM dossier WHERE "
         f"{w}status IN {ACTIVE} AND received_at < %(e)s GROUP BY 1", b),
    ]


def ratings_sql(p: Period, agency: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The citizens' ratings of the period's returns, counted by hand from the dossiers (the
    rating and the returning officer are projected there, revision 0013), and the comments."""
    w = "d.agency_code = %(ag)s AND " if agency else ""
    b = {"s": p.start, "e": min(p.end, NOW), "ag": agency}
    join = ("FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
            "JOIN agency a ON a.id = d.agency_id "
            f"WHERE {w}d.returned_at >= %(s)s AND d.returned_at < %(e)s AND d.status <> 'void'")
    return [(f"SELECT d.rating, p.code, a.code, d.returned_by, count(*) {join} "
             "GROUP BY 1, 2, 3, 4", b),
            (f"SELECT p.code, d.rating_comment {join} AND d.rating_comment IS NOT NULL "
             "AND d.rating IS NOT NULL", b)]


def overview_sql(ctx: Context, agency: str | None) -> list[tuple[str, dict[str, Any]]]:
    """The overview's numbers by hand: live classes (one pass over the open dossiers), the
    month per procedure and per party, the two urgent lists."""
    with ctx.reading() as session:
        cal = ctx.calendar(session)
    soon = cal.due_soon_bound(NOW, 1)
    today = NOW.date()
    nxt = cal.next_working_day(today)
    day = lambda d: datetime.combine(d, dtime(0), VN_TZ)  # noqa: E731
    w = "agency_code = %(ag)s AND " if agency else ""
    b = {"now": NOW, "soon": soon, "t0": day(today), "t1": day(today + timedelta(days=1)),
         "n0": day(nxt), "n1": day(nxt + timedelta(days=1)), "ag": agency}
    month = Period.month_of(today)
    out = [(
        "SELECT count(*) FILTER (WHERE status IN ('processing', 'received') AND sla_due_at > "
        "%(soon)s), count(*) FILTER (WHERE status IN ('processing', 'received') AND sla_due_at "
        "BETWEEN %(now)s AND %(soon)s), count(*) FILTER (WHERE status IN ('processing', "
        "'received') AND sla_due_at < %(now)s), count(*) FILTER (WHERE status IN "
        "('processing', 'received') AND sla_due_at IS NULL), count(*) FILTER (WHERE status = "
        "'awaiting-supplement'), count(*) FILTER (WHERE status IN ('processing', 'received') "
        "AND sla_due_at >= %(t0)s AND sla_due_at < %(t1)s), count(*) FILTER (WHERE status IN "
        "('processing', 'received') AND sla_due_at >= %(n0)s AND sla_due_at < %(n1)s) "
        f"FROM dossier WHERE {w}status IN {ACTIVE}", b)]
    out += period_sql(month, NOW, agency)
    parties = ["unit_code"] if agency else ["agency_code", "unit_code"]
    for by in parties:
        out += period_sql(month, NOW, agency, by)
    out += ratings_sql(month, agency)
    lst = ("SELECT d.code, d.applicant_name, p.code, p.name, d.department, d.received_by, "
           "d.status, d.sla_due_at, d.due_at, d.paused_since FROM dossier d JOIN procedure p "
           f"ON p.id = d.procedure_id WHERE {w.replace('agency_code', 'd.agency_code')}"
           f"d.status IN {OPEN} AND ")
    out += [(lst + "d.sla_due_at < %(now)s ORDER BY d.sla_due_at, d.code LIMIT 100", b),
            (lst + "d.sla_due_at BETWEEN %(now)s AND %(soon)s ORDER BY d.sla_due_at, d.code "
             "LIMIT 100", b)]
    return out


def run_all(conn: psycopg.Connection, statements: list[tuple[str, dict[str, Any]]]) -> None:
    with conn.transaction():
        for sql, binds in statements:
            conn.execute(sql, binds).fetchall()


def page_sql(conn: psycopg.Connection, last: bool) -> None:
    order = "ASC" if last else "DESC"
    with conn.transaction():
        ids = [r[0] for r in conn.execute(
            f"SELECT id FROM dossier WHERE status <> 'void' ORDER BY received_at {order}, "
            f"id {order} LIMIT {PAGE}").fetchall()]
        conn.execute("SELECT d.*, p.name, p.field FROM dossier d JOIN procedure p ON p.id = "
                     "d.procedure_id WHERE d.id = ANY(%s)", (ids,)).fetchall()


def scan_sql(conn: psycopg.Connection, code: str) -> None:
    with conn.transaction():
        d = conn.execute("SELECT d.id, d.*, p.code, p.name FROM dossier d JOIN procedure p "
                         "ON p.id = d.procedure_id WHERE d.code = %s", (code,)).fetchone()
        conn.execute("SELECT * FROM dossier_event WHERE dossier_id = %s ORDER BY at, seq",
                     (d[0],)).fetchall()


def reader(url: str, name: str, agency: str | None = None) -> str:
    settings = roles.add_reader(url, name, agency=agency)
    from sqlalchemy.engine import make_url
    return make_url(settings.url).set(password=settings.password).render_as_string(
        hide_password=False)


def line(label: str, t: tuple[float, float], floor: tuple[float, float] | None = None,
         target: str = "") -> None:
    text = f"{label:<46} {t[0]:8.1f} ms (best {t[1]:7.1f})"
    if floor is not None:
        text += f"  floor {floor[0]:7.1f} ms  ratio {t[0] / floor[0]:5.2f}×"
    print(text + (f"  target {target}" if target else ""), flush=True)


def sample_codes(admin: Any, percent: int, agency: str | None = None) -> list[str]:
    """20 dossier codes (of ``agency``) from a ``percent`` % page sample, spread over the table;
    a sample of a small table may hold no page at all: then the first 20."""
    where, params = ("WHERE agency_code = %s", (agency,)) if agency else ("", ())
    for sample in (f"TABLESAMPLE SYSTEM ({percent})", ""):
        codes = [c for (c,) in admin.execute(
            f"SELECT code FROM dossier {sample} {where} LIMIT 20", params).fetchall()]
        if codes:
            break
    return codes


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="an administrator's URL (makes the readers)")
    ap.add_argument("--agency", help="the handling agency (default: the one with most dossiers)")
    ap.add_argument("--repeat", type=int, default=5)
    args = ap.parse_args(argv)
    os.environ.setdefault("ONESTOP_CENTRAL_PASSWORD", "")
    r = args.repeat
    args.url = args.url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(args.url) as admin:
        prefix = roles.role_prefix(admin.execute("SELECT current_database()").fetchone()[0])
        total = admin.execute("SELECT count(*) FROM dossier").fetchone()[0]
        agency = args.agency or admin.execute(
            "SELECT agency_code FROM dossier WHERE received_at > now() - interval '30 days' "
            "GROUP BY 1 ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        codes = sample_codes(admin, 1)
        agency_codes = sample_codes(admin, 5, agency)
    url = reader(args.url, f"{prefix}_bench_rd")
    scoped_url = reader(args.url, f"{prefix}_bench_sgd", agency=agency)
    ctx = Context.open(url, clock=lambda: NOW)
    sctx = Context.open(scoped_url, clock=lambda: NOW)
    raw = psycopg.connect(url.replace("postgresql+psycopg", "postgresql"), autocommit=True)
    rf = ReportFilter(agency_code=agency)
    month = Period.month_of(NOW.date())
    year = Period(months_before(month.date_from, 11), month.date_to)
    print(f"database: {total:,} dossiers; agency {agency}; now {NOW.isoformat()}; "
          f"load {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)", flush=True)
    out: dict[str, Any] = {"dossiers": total, "load_start": os.getloadavg()[0]}

    floor = overview_sql(ctx, agency)
    t = timed(lambda: reports.overview(ctx, rf, weeks=0), r)
    f = timed(lambda: run_all(raw, floor), r)
    line("agency overview (reader, --agency)", t, f, "≤ 300 ms")
    out["agency_overview"] = (t, f)
    t = timed(lambda: reports.overview(sctx, rf, weeks=0), r)
    line("agency overview (scoped reader, RLS)", t, f, "≤ 300 ms")
    out["agency_overview_scoped"] = (t, f)

    floor = overview_sql(ctx, None)
    t = timed(lambda: reports.overview(ctx, weeks=0), max(3, r // 2))
    f = timed(lambda: run_all(raw, floor), max(3, r // 2))
    line("province overview (reader)", t, f, "≤ 1000 ms")
    out["province_overview"] = (t, f)

    floor = (period_sql(year, NOW, agency) + period_sql(year, NOW, agency, "unit_code")
             + ratings_sql(year, agency))
    t = timed(lambda: reports.period_report(ctx, year, rf), max(3, r // 2))
    f = timed(lambda: run_all(raw, floor), max(3, r // 2))
    line(f"12-month period report, agency ({year.date_from}..)", t, f, "≤ 3000 ms")
    out["agency_year"] = (t, f)

    flt = DossierFilter()
    n = queries.count_ids(ctx, flt)

    def page(last: bool) -> None:
        offset = max(0, n - PAGE) if last else 0
        queries.rows_by_ids(ctx, queries.page_ids(ctx, flt, "received_at", True, offset,
                                                  PAGE, n))
    t = timed(lambda: page(False), r)
    f = timed(lambda: page_sql(raw, False), r)
    line(f"list first page ({PAGE} of {n:,})", t, f, "≤ 300 ms")
    out["first_page"] = (t, f)
    t = timed(lambda: page(True), r)
    f = timed(lambda: page_sql(raw, True), r)
    line("list last page", t, f, "≤ 300 ms")
    out["last_page"] = (t, f)
    t_count = timed(lambda: queries.count_ids(ctx, flt), max(3, r // 2))
    line("list count (once per filter change)", t_count)

    it = iter(codes * (r + 2))
    t = timed(lambda: queries.show(ctx, next(it)), len(codes))
    it2 = iter(codes * (r + 2))
    f = timed(lambda: scan_sql(raw, next(it2)), len(codes))
    line("scan lookup (queries.show)", t, f, "≤ 20 ms")
    out["scan"] = (t, f)
    it = iter(agency_codes * (r + 2))
    t = timed(lambda: queries.show(sctx, next(it)), len(agency_codes))
    it2 = iter(agency_codes * (r + 2))
    f = timed(lambda: scan_sql(raw, next(it2)), len(agency_codes))
    line("scan lookup (scoped reader, RLS)", t, f, "≤ 20 ms")
    out["scan_scoped"] = (t, f)
    out["load_end"] = os.getloadavg()[0]
    print(f"load average {out['load_start']:.1f} at start, {out['load_end']:.1f} at end",
          flush=True)
    raw.close()
    ctx.engine.dispose()
    sctx.engine.dispose()
    return out


if __name__ == "__main__":
    main()
