"""Benchmark of a counter login's reads of ``dossier_event`` under row-level security on a
province's central PostgreSQL (issue 19).

Run: ``python tests/bench/bench_counter_rls.py --url postgresql://postgres@127.0.0.1:PORT/DB
[--repeat R] [--window N]`` on a database filled by ``make_province.py`` (a superuser URL:
it makes one counter login of a commune unit and one of the provincial centre with
``central add-counter``, i.e. with the row-level security policies of this version).

Each statement is the application's own (``sync/tips.py``, ``sync/pull.py``,
``sync/push.py``) run through the **counter's login**; its floor is the same rows read on the
owner's connection (no row-level security) by hand-written SQL on the same indexes, the
unit's scope written as a per-row probe of the dossier's primary key. Medians of R warm runs,
the ratio beside them:

* **chain tip** — the last event of the counter's origin (``tips._tip``), run at every cycle;
* **incremental event pull** — one page of ``pull._page`` after a cursor ``--window`` events
  (default 2,000, a minute of a busy province) before the newest;
* **first-pull event page** — the events of 5,000 of the unit's dossiers by
  ``dossier_id = ANY(…)`` (``pull._first_pull``);
* **push: central events of known dossiers** — ``push._mismatched``'s read for 20 dossiers.
"""

from __future__ import annotations

import argparse
import os
import sys
import uuid
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from onestop.storage.models import DossierEvent
from onestop.sync import pull, roles, tips
from onestop.sync.link import Link
from onestop.sync.tables import BY_NAME
from tests.bench.bench_reports import timed

COMMUNE = "000.30.05.H36"
CENTRE = "000.00.00.H36"
SCOPE = ("EXISTS (SELECT 1 FROM dossier d WHERE d.id = e.dossier_id AND (d.agency_id = "
         ":unit OR d.return_unit_code = :code) OFFSET 0)")


def sa_url(url: str) -> str:
    return url.replace("postgresql://", "postgresql+psycopg://", 1)


def login(admin_url: str, code: str, number: int) -> str:
    settings = roles.add_counter(admin_url, code, number)
    return sa_url(make_url(settings.url).set(password=settings.password)
                  .render_as_string(hide_password=False))


def line(label: str, t: tuple[float, float], floor: tuple[float, float]) -> None:
    print(f"{label:<52} {t[0]:8.1f} ms (best {t[1]:7.1f})  floor {floor[0]:7.1f} ms  "
          f"ratio {t[0] / max(floor[0], 1e-3):6.2f}×", flush=True)


def one_unit(admin: Connection, admin_url: str, code: str, repeat: int, window: int
             ) -> dict[str, Any]:
    unit = admin.execute(text("SELECT id FROM agency WHERE code = :c"), {"c": code}).scalar_one()
    origin = admin.execute(text(
        "SELECT origin FROM dossier_event WHERE origin LIKE :p GROUP BY 1 "
        "ORDER BY count(*) DESC LIMIT 1"), {"p": code + "#%"}).scalar_one()
    number = int(str(origin).split("#")[1])
    mine = admin.execute(text("SELECT count(*) FROM dossier WHERE agency_id = :u OR "
                              "return_unit_code = :c"), {"u": unit, "c": code}).scalar_one()
    admin.rollback()   # add-counter changes policies: no lock of ours may stand in its way
    engine = create_engine(login(admin_url, code, number))
    link = Link(engine, "bench", uuid.UUID(str(unit)), code, number, rls=True)
    role = make_url(engine.url).username
    cx, cid = admin.execute(text(
        "SELECT change_xid::text, id::text FROM dossier_event ORDER BY change_xid DESC, id DESC "
        "OFFSET :n LIMIT 1"), {"n": window}).one()
    bound = int(admin.execute(text(
        "SELECT pg_snapshot_xmin(pg_current_snapshot())::text")).scalar_one())
    ids = [r[0] for r in admin.execute(text(
        "SELECT id FROM dossier WHERE agency_id = :u ORDER BY received_at DESC LIMIT 5000"),
        {"u": unit})]
    p = {"unit": unit, "code": code}
    spec = BY_NAME["dossier_event"]
    out: dict[str, Any] = {"unit": code, "dossiers": mine}
    print(f"{code} (counter {number}, {mine:,} dossiers readable)", flush=True)
    with engine.connect() as conn:
        conn.execute(text("SELECT 1"))
        got = tips._tip(conn, DossierEvent, origin)
        floor_sql = text("SELECT seq, hash FROM dossier_event e WHERE origin = :o AND "
                         f"{SCOPE} ORDER BY seq DESC LIMIT 1")
        assert got == tuple(admin.execute(floor_sql, {**p, "o": origin}).one())
        t = timed(lambda: tips._tip(conn, DossierEvent, origin), repeat)
        f = timed(lambda: admin.execute(floor_sql, {**p, "o": origin}).all(), repeat)
        line("  chain tip (tips._tip, dossier_event)", t, f)
        out["tip"] = (t, f)
        conn.rollback()

        rows = pull._page(conn, spec, link, (int(cx), cid), bound, pull.PAGE, False)
        floor_sql = text(
            "SELECT e.* FROM dossier_event e WHERE (change_xid, id) > (CAST(:cx AS xid8), "
            "CAST(:cid AS uuid)) AND change_xid < CAST(:bound AS xid8) AND change_origin IS "
            f"DISTINCT FROM :role AND {SCOPE} ORDER BY change_xid, id LIMIT :size")
        fp = {**p, "cx": cx, "cid": cid, "bound": str(bound), "role": role, "size": pull.PAGE}
        assert len(rows) == len(admin.execute(floor_sql, fp).all())
        t = timed(lambda: pull._page(conn, spec, link, (int(cx), cid), bound, pull.PAGE,
                                     False), repeat)
        f = timed(lambda: admin.execute(floor_sql, fp).all(), repeat)
        line(f"  incremental event pull ({window:,} new, {len(rows)} here)", t, f)
        out["pull"] = (t, f)
        conn.rollback()

        page = text("SELECT * FROM dossier_event WHERE dossier_id = ANY(:ids) "
                    "ORDER BY dossier_id, at")
        floor_sql = text("SELECT * FROM dossier_event e WHERE dossier_id = ANY(:ids) AND "
                         f"{SCOPE} ORDER BY dossier_id, at")
        n = len(conn.execute(page, {"ids": ids}).all())
        assert n == len(admin.execute(floor_sql, {**p, "ids": ids}).all())
        t = timed(lambda: conn.execute(page, {"ids": ids}).all(), repeat)
        f = timed(lambda: admin.execute(floor_sql, {**p, "ids": ids}).all(), repeat)
        line(f"  first-pull event page ({len(ids):,} dossiers, {n:,} events)", t, f)
        out["first_page"] = (t, f)
        conn.rollback()

        few = ids[:20]
        known = text("SELECT dossier_id, id FROM dossier_event WHERE dossier_id = ANY(:ids)")
        floor_sql = text("SELECT dossier_id, id FROM dossier_event e WHERE dossier_id = "
                         f"ANY(:ids) AND {SCOPE}")
        t = timed(lambda: conn.execute(known, {"ids": few}).all(), repeat)
        f = timed(lambda: admin.execute(floor_sql, {**p, "ids": few}).all(), repeat)
        line("  push: central events of 20 known dossiers", t, f)
        out["known"] = (t, f)
        conn.rollback()
    engine.dispose()
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", required=True, help="a superuser URL of the central database")
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--window", type=int, default=2000)
    ap.add_argument("--units", nargs="*", default=[COMMUNE, CENTRE])
    args = ap.parse_args(argv)
    admin_url = sa_url(args.url)
    engine = create_engine(admin_url)
    out: dict[str, Any] = {"load_start": os.getloadavg()[0], "units": []}
    with engine.connect() as admin:
        total = admin.execute(text("SELECT count(*) FROM dossier")).scalar_one()
        events = admin.execute(text("SELECT count(*) FROM dossier_event")).scalar_one()
        print(f"database: {total:,} dossiers, {events:,} events; load "
              f"{out['load_start']:.1f} ({os.cpu_count()} CPUs)", flush=True)
        for code in args.units:
            out["units"].append(one_unit(admin, admin_url, code, args.repeat, args.window))
            admin.rollback()
    engine.dispose()
    out["load_end"] = os.getloadavg()[0]
    print(f"load average {out['load_start']:.1f} at start, {out['load_end']:.1f} at end",
          flush=True)
    return out


if __name__ == "__main__":
    main()
