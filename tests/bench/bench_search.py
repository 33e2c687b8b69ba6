"""Benchmark: accent-free name search through the index vs the LIKE scan it replaced.

Times, on a demo database of N dossiers (SQLite; built once and cached like bench_gui's), what
the dossier list does when an officer types a name — count the matches and fetch the first
page of 100 ids, newest first — and what ``find()`` (the CLI's ``onestop find``) does, once
through the name index (storage/search.py, revision 0004) and once with the index switched
off for the same engine (the ``LIKE 'x%' OR LIKE '% x%'`` scan: the raw baseline). Prints
medians of warm runs and the ratio.

    python tests/bench/bench_search.py [N]          (default 1,000,000)
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from onestop.services import queries  # noqa: E402
from onestop.services.install import setup  # noqa: E402
from onestop.services.context import Context  # noqa: E402
from onestop.services.queries import DossierFilter  # noqa: E402
from onestop.storage import search  # noqa: E402
from tests.bench.bench_gui import demo_db  # noqa: E402

QUERIES = ["nguyen thi", "lan", "Trần Văn", "hoa", "le minh", "xyzq"]
ROUNDS = 5


def _list(ctx: Context, q: str) -> int:
    f = DossierFilter(text=q)
    n = queries.count_ids(ctx, f)
    queries.page_ids(ctx, f, "received_at", True, 0, 100, n)
    return n


def _time(fn, *args) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    runs, out = [], None
    for _ in range(ROUNDS):
        t = time.perf_counter()
        out = fn(*args)
        runs.append(time.perf_counter() - t)
    return statistics.median(runs), out


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    path = demo_db(n)
    ctx = Context.open(f"sqlite:///{path}")
    t = time.perf_counter()
    setup.migrate(ctx)    # a cached database from before revision 0004 gets the index here
    print(f"migrate (once; includes building the index when needed): "
          f"{time.perf_counter() - t:.1f} s")
    with ctx.reading() as session:
        assert search.has_index(session.connection()), "no FTS5 in this SQLite"
    print(f"name search on {n:,} dossiers, median of {ROUNDS} warm runs")
    print(f"{'query':14} {'matches':>8}  {'list idx':>9} {'list scan':>10} {'ratio':>7}   "
          f"{'find idx':>9} {'find scan':>10}")
    ratios = []
    for q in QUERIES:
        search.forget(ctx.engine)
        _list(ctx, q)
        li, hits = _time(_list, ctx, q)
        fi, _ = _time(queries.find, ctx, q)
        search.use_index(ctx.engine, False)         # the same database, index off
        _list(ctx, q)
        ls, hits2 = _time(_list, ctx, q)
        fs, _ = _time(queries.find, ctx, q)
        search.forget(ctx.engine)
        assert hits == hits2, (q, hits, hits2)      # same answers both ways
        ratios.append(ls / li)
        print(f"{q!r:14} {hits:8d}  {li * 1000:7.1f}ms {ls * 1000:8.1f}ms {ls / li:6.0f}×   "
              f"{fi * 1000:7.1f}ms {fs * 1000:8.1f}ms")
    print(f"list search: index {statistics.median(ratios):.0f}× faster than the scan (median)")
    ctx.engine.dispose()
    fold_figure()


def fold_figure() -> None:
    """``domain.text.fold`` per name (every receipt and every search folds one), beside its
    floor: NFD decomposition, lower case and an ASCII encode of the same names."""
    import timeit
    import unicodedata

    from onestop.domain.text import fold

    names = ["Nguyễn Thị Phương Thảo", "Trần Văn Đức", "Lê Hoàng Anh Tuấn", "Nguyen Van An"]

    def floor() -> None:
        for n in names:
            unicodedata.normalize("NFD", n.replace("đ", "d").replace("Đ", "D")).lower().encode(
                "ascii", "ignore")

    runs = 5_000
    per = {name: min(timeit.repeat(fn, number=runs, repeat=5)) / (runs * len(names)) * 1e6
           for name, fn in (("fold", lambda: [fold(n) for n in names]), ("floor", floor))}
    print(f"fold: {per['fold']:.2f} µs a name, floor (NFD + lower + ASCII) {per['floor']:.2f} µs, "
          f"{per['fold'] / per['floor']:.1f}×")


if __name__ == "__main__":
    main()
