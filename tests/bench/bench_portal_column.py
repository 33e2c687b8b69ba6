"""Benchmark of the period report's portal column (issue 17 item 6; prints, asserts nothing).

Run: ``python tests/bench/bench_portal_column.py [--dossiers N] [--repeat R]``

On the cached demo database of ``bench_reports`` (SQLite, a counter), copied, every dossier
gets a pulled portal state (``portal_status``: 4 in 5 acknowledged, the rest pending /
failed / attention / none). Figures (medians of R warm runs):

* **without** — the month's period report on the original file (no portal information: the
  column costs one ``EXISTS`` on an empty table);
* **with** — the same report on the copy (the column's grouped count runs);
* **floor** — the column's count alone, hand-written (``NOT EXISTS`` an acknowledged state,
  grouped by procedure, on the same index), run on one connection.

The column's cost is ``with − without``; its ratio to the floor is printed.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import sqlite3
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from onestop.services import reports  # noqa: E402
from onestop.services.context import Context  # noqa: E402
from onestop.services.reports.types import Period  # noqa: E402
from tests.bench.bench_reports import NOW, database, line, timed  # noqa: E402

FLOOR = """
SELECT procedure_id, count(*) FROM dossier INDEXED BY ix_dossier_report_received
WHERE procedure_id IN (SELECT id FROM procedure) AND date(received_at, '+7 hours') >= :d0
  AND date(received_at, '+7 hours') <= :d1 AND status <> 'void'
  AND NOT EXISTS (SELECT 1 FROM portal_status s WHERE s.dossier_id = dossier.id
                  AND s.state = 'acknowledged')
GROUP BY procedure_id
"""


def with_states(src: str) -> str:
    """A copy of the database where every dossier has a pulled portal state (seeded)."""
    path = Path(src.removeprefix("sqlite:///"))
    copy = path.with_name(path.stem + "-portal.sqlite3")
    if not copy.exists():
        part = copy.with_suffix(".part")
        shutil.copy(path, part)
        rng = random.Random(17)
        con = sqlite3.connect(part)
        ids = [r[0] for r in con.execute("SELECT id FROM dossier")]
        rows = []
        for rev, did in enumerate(ids, start=1):
            roll = rng.random()
            if roll < 0.05:
                continue                      # never seen by the link
            state = "acknowledged" if roll < 0.85 else rng.choice(
                ("pending", "failed", "attention"))
            rows.append((did, state, "2026-11-01 00:00:00.000000", "", rev))
        con.executemany("INSERT INTO portal_status (dossier_id, state, at, error, rev) "
                        "VALUES (?, ?, ?, ?, ?)", rows)
        con.commit()
        con.close()
        part.rename(copy)
    return f"sqlite:///{copy}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dossiers", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=7)
    args = ap.parse_args()
    bare_url = database(args.dossiers, None)
    stated_url = with_states(bare_url)
    month = Period.month_of(NOW.date())
    bare = Context.open(bare_url, clock=lambda: NOW)
    stated = Context.open(stated_url, clock=lambda: NOW)
    rep = reports.period_report(stated, month)
    assert rep.portal == "counter" and rep.total.portal_pending is not None
    print(f"{args.dossiers:,} dossiers; month {month.date_from}..{month.date_to}: received "
          f"{rep.total['received']:,}, not acknowledged {rep.total.portal_pending.value:,}")
    binds = {"d0": month.date_from.isoformat(), "d1": month.date_to.isoformat()}

    def floor() -> None:
        with stated.engine.connect() as conn:
            conn.exec_driver_sql(FLOOR.replace(":d0", "?").replace(":d1", "?"),
                                 (binds["d0"], binds["d1"])).all()

    load = os.getloadavg()[0]
    r = args.repeat
    t_without = timed(lambda: reports.period_report(bare, month), r)
    t_with = timed(lambda: reports.period_report(stated, month), r)
    t_floor = timed(floor, r)
    line("month report, no portal information", t_without)
    line("month report with the portal column", t_with)
    line("floor: the column's count alone (SQL)", t_floor)
    extra = t_with[0] - t_without[0]
    print(f"column cost {extra:.1f} ms = {extra / t_floor[0]:.2f} x floor; "
          f"load average at start {load:.2f}")
    bare.engine.dispose()
    stated.engine.dispose()


if __name__ == "__main__":
    main()
