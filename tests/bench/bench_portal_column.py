"""Benchmark of the period report's portal column (issue 17 item 6; prints, asserts nothing).

Run: ``python tests/bench/bench_portal_column.py [--dossiers N] [--repeat R]``

On the cached demo database of ``bench_reports`` (SQLite, a counter). Figures (medians of R
warm runs):

* **without** — the month's period report with no portal information (the column costs one
  ``EXISTS`` on the empty ``portal_status``);
* **with** — the same report after every dossier got a pulled portal state (4 in 5
  acknowledged, the rest pending / failed / attention / none; removed again at the end);
* **floor** — the column's count alone, hand-written (``NOT EXISTS`` an acknowledged state,
  grouped by procedure, on the same index), run on one connection.

The column's cost is ``with − without``; its ratio to the floor is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import delete, insert, select

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from onestop.services import reports  # noqa: E402
from onestop.services.context import Context  # noqa: E402
from onestop.services.reports.types import Period  # noqa: E402
from onestop.storage.models import Dossier, PortalStatus  # noqa: E402
from tests.bench.bench_reports import NOW, database, line, timed  # noqa: E402

FLOOR = """
SELECT procedure_id, count(*) FROM dossier INDEXED BY ix_dossier_report_received
WHERE procedure_id IN (SELECT id FROM procedure) AND date(received_at, '+7 hours') >= :d0
  AND date(received_at, '+7 hours') <= :d1 AND status <> 'void'
  AND NOT EXISTS (SELECT 1 FROM portal_status s WHERE s.dossier_id = dossier.id
                  AND s.state = 'acknowledged')
GROUP BY procedure_id
"""


def add_states(ctx: Context) -> None:
    """Give every dossier a pulled portal state (seeded; a few never seen by the link)."""
    rng = random.Random(17)
    at = datetime(2026, 11, 1, tzinfo=UTC)
    with ctx.engine.begin() as conn:
        ids = conn.execute(select(Dossier.id)).scalars().all()
        rows = []
        for rev, did in enumerate(ids, start=1):
            roll = rng.random()
            if roll < 0.05:
                continue
            state = "acknowledged" if roll < 0.85 else rng.choice(
                ("pending", "failed", "attention"))
            rows.append({"dossier_id": did, "state": state, "at": at, "error": "", "rev": rev})
        conn.execute(insert(PortalStatus), rows)


def clear_states(ctx: Context) -> None:
    with ctx.engine.begin() as conn:
        conn.execute(delete(PortalStatus))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    url = database(args.dossiers, None)
    month = Period.month_of(NOW.date())
    ctx = Context.open(url, clock=lambda: NOW)
    clear_states(ctx)               # the cached file stays without portal states
    binds = (month.date_from.isoformat(), month.date_to.isoformat())

    def floor() -> None:
        with ctx.engine.connect() as conn:
            conn.exec_driver_sql(FLOOR.replace(":d0", "?").replace(":d1", "?"), binds).all()

    load = os.getloadavg()[0]
    r = args.repeat
    try:
        t_without = timed(lambda: reports.period_report(ctx, month), r)
        add_states(ctx)
        rep = reports.period_report(ctx, month)
        assert rep.portal == "counter" and rep.total.portal_pending is not None
        print(f"{args.dossiers:,} dossiers; month {month.date_from}..{month.date_to}: "
              f"received {rep.total['received']:,}, not acknowledged "
              f"{rep.total.portal_pending.value:,}")
        t_with = timed(lambda: reports.period_report(ctx, month), r)
        t_floor = timed(floor, r)
    finally:
        clear_states(ctx)
        ctx.engine.dispose()
    line("month report, no portal information", t_without)
    line("month report with the portal column", t_with)
    line("floor: the column's count alone (SQL)", t_floor)
    extra = t_with[0] - t_without[0]
    print(f"column cost {extra:.1f} ms = {extra / t_floor[0]:.2f} x floor; "
          f"load average at start {load:.2f}, now {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
