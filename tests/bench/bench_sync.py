"""Benchmark of the sync push (a plain script: prints figures, asserts nothing).

Run (needs the test PostgreSQL: ``eval "$(bash build_scripts/test_services.sh env)"``):
``python tests/bench/bench_sync.py [--dossiers 100000] [--batch 20000] [--changes 100]``

Figures:
* push of N dossiers and their events (about 3 per dossier), every row queued in the outbox
  as the services queue them (a dossier's events, then the dossier), from the local SQLite
  into a central database through a counter's login (row-level security on): rows/s;
* the floor: a raw psycopg ``COPY`` of exactly the same rows, already in memory, into the
  same tables of a second central database (same indexes and change-number trigger) by the
  superuser; the ratio push / floor;
* an incremental cycle (pull reference tables, push, pull everything) after ``--changes``
  service calls on one counter; a second counter's first full pull (a PC joining); the same
  incremental cycle on the second counter, and the first counter's cycle that receives it.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, text

from onestop import sync
from onestop.services import demo
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage import credentials
from onestop.sync.link import open_link
from onestop.sync.push import push
from onestop.sync.tables import BY_NAME
from tests.support.central import AGENCY, Central, PROCEDURE, drop_database, init_central

QUEUE_ALL = """
INSERT INTO sync_outbox (table_name, row_id, created_at, attempts)
SELECT t, rid, :now, 0 FROM (
  SELECT 'dossier_event' AS t, id AS rid, dossier_id AS d, 0 AS o, seq AS s FROM dossier_event
  UNION ALL SELECT 'dossier', id, id, 1, 0 FROM dossier) ORDER BY d, o, s
"""


def _counter(tmp: Path, cen: Central, number: int, first_sync: bool = True
             ) -> tuple[Context, str]:
    ctx = Context.open(f"sqlite:///{tmp / f'c{number}.sqlite3'}")
    setup.init(ctx, AGENCY, None, number)
    url = cen.add_counter(number).url
    if first_sync:
        st = sync.run_once(ctx, url)
        assert st.last_error is None, st.last_error
    return ctx, url


def _fill(ctx: Context, n: int) -> tuple[int, int]:
    started = time.perf_counter()
    # demo is the fast way to make a large outbox; it refuses a synced counter (fake dossiers
    # would reach the agency), which is exactly what this throw-away central wants here
    refuse, demo._refuse_unless_demo = demo._refuse_unless_demo, lambda _session: None
    try:
        r = demo.generate(ctx, n)
    finally:
        demo._refuse_unless_demo = refuse
    with ctx.engine.begin() as conn:
        conn.execute(text(QUEUE_ALL), {"now": datetime.now(UTC).replace(
            tzinfo=None).isoformat(" ")})
    print(f"local data: {r['dossiers']:,} dossiers, {r['events']:,} events "
          f"({time.perf_counter() - started:.1f} s to generate and queue)")
    return int(r["dossiers"]), int(r["events"])


def _read_rows(ctx: Context) -> dict[str, list[tuple[object, ...]]]:
    out = {}
    with ctx.engine.connect() as conn:
        for name in ("agency", "procedure", "dossier", "dossier_event"):
            cols = ", ".join(f'"{c}"' for c in BY_NAME[name].columns)
            out[name] = [tuple(r) for r in conn.exec_driver_sql(f"SELECT {cols} FROM {name}")]
    return out


def _copy(cur: object, name: str, rows: list[tuple[object, ...]]) -> None:
    cols = ", ".join(f'"{c}"' for c in BY_NAME[name].columns)
    with cur.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:  # type: ignore[attr-defined]
        for row in rows:
            copy.write_row(row)


def _copy_floor(admin_url: str, rows: dict[str, list[tuple[object, ...]]]) -> float:
    """COPY the same dossiers and events into an identical, empty central database."""
    cen = init_central(admin_url)
    engine = create_engine(cen.admin_url)
    try:
        with engine.connect() as conn:
            raw = conn.connection.dbapi_connection
            with raw.cursor() as cur:
                cur.execute("SET TIME ZONE 'UTC'")
                cur.execute("DELETE FROM procedure")           # the seed, under other ids
                _copy(cur, "agency", rows["agency"])             # parents: not timed
                _copy(cur, "procedure", rows["procedure"])
            raw.commit()
            started = time.perf_counter()
            with raw.cursor() as cur:
                cur.execute("SET TIME ZONE 'UTC'")
                _copy(cur, "dossier", rows["dossier"])
                _copy(cur, "dossier_event", rows["dossier_event"])
            raw.commit()
            elapsed = time.perf_counter() - started
    finally:
        engine.dispose()
        drop_database(admin_url, cen.database)
    return elapsed


def _incremental(ctx: Context, url: str, changes: int) -> None:
    with ctx.reading() as session:
        codes = [c for (c,) in session.execute(text(
            "SELECT code FROM dossier WHERE status IN ('received', 'processing') LIMIT :n"),
            {"n": changes // 2})]
    for code in codes:
        record(ctx, code, EventRequest(kind="note", reason="Ghi chú thử"))
    for i in range(changes - len(codes)):
        receive(ctx, ReceiveRequest(procedure=PROCEDURE, name="Nguyễn Văn An"))
    started = time.perf_counter()
    st = sync.run_once(ctx, url)
    elapsed = time.perf_counter() - started
    print(f"incremental cycle, {changes} changes ({st.pushed} rows pushed, {st.pulled} "
          f"pulled): {elapsed:.2f} s  (target ≤ 1 s)")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--dossiers", type=int, default=100_000)
    ap.add_argument("--batch", type=int, default=20_000)
    ap.add_argument("--changes", type=int, default=100)
    args = ap.parse_args()
    admin_url = os.environ.get("ONESTOP_TEST_PG_URL")
    if not admin_url:
        sys.exit("ONESTOP_TEST_PG_URL is not set (build_scripts/test_services.sh start)")
    tmp = Path(tempfile.mkdtemp(prefix="bench-sync-"))
    os.environ.setdefault("ONESTOP_HOME", str(tmp / "home"))
    cen = init_central(admin_url)
    try:
        ctx, url = _counter(tmp, cen, 1)
        n_dossiers, n_events = _fill(ctx, args.dossiers)
        rows = n_dossiers + n_events
        with open_link(ctx, credentials.normalise(url)) as link:
            started = time.perf_counter()
            pushed = push(ctx, link, args.batch)
            elapsed = time.perf_counter() - started
        floor = _copy_floor(admin_url, _read_rows(ctx))
        print(f"push: {pushed:,} rows in {elapsed:.2f} s = {rows / elapsed:,.0f} rows/s "
              f"(target ≥ 50,000 rows/s), batches of {args.batch:,} outbox entries")
        print(f"raw COPY floor: {floor:.2f} s = {rows / floor:,.0f} rows/s; "
              f"push / floor = {elapsed / floor:.2f}× (target ≤ 5×)")
        st = sync.run_once(ctx, url)   # settle: the first pull skips this counter's own rows
        print(f"first cycle after the push (pull of the agency, own rows skipped): "
              f"{st.pulled} rows pulled")
        _incremental(ctx, url, args.changes)
        other, other_url = _counter(tmp, cen, 2, first_sync=False)
        started = time.perf_counter()
        st = sync.run_once(other, other_url)
        took = time.perf_counter() - started
        print(f"second counter joins: first full pull of {st.pulled:,} rows in {took:.1f} s "
              f"= {st.pulled / took:,.0f} rows/s")
        _incremental(other, other_url, args.changes)
        started = time.perf_counter()
        st = sync.run_once(ctx, url)
        print(f"counter 1 receives those changes: {st.pulled} rows pulled in "
              f"{time.perf_counter() - started:.2f} s (target ≤ 1 s)")
    finally:
        drop_database(admin_url, cen.database)


if __name__ == "__main__":
    main()
