"""Benchmark: how the counter's hot paths grow with the database (issue 19, item 5).

For each size (default 10,000 and 100,000; 1,000,000 by hand) an encrypted database is made by
``setup.init`` and filled by raw SQL with that many dossiers of this counter in the current
register book (01/2026, received January–September 2026), each with its ``received`` event in
this counter's chain (not timed). Then, per size:

* receive: ``reception.receive`` of 200 new dossiers (October 2026), ms each;
* scan lookup: ``queries.show`` of a code (what the barcode scanner opens), ms each;
* list page: ``queries.page_ids`` of the first (and last) page of 100 + ``rows_by_ids``
  (the list's window), ms; and ``queries.count_ids`` (the list's total) apart.

Prints each figure per size and the growth factor from the smallest size: ~1 is constant,
~log, a factor near the size ratio is linear (a defect for receive, scan and page; expected
for the count). The figure here is the growth itself, each size's figure its own floor; the
ratios to raw-SQL floors are bench_receive's, bench_gui's and bench_search's.

    python tests/bench/bench_growth.py [10000,100000[,1000000]]
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import sys
import tempfile
import time
import uuid
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ONESTOP_DB_KEY", secrets.token_hex(32))
from tests import rawdb as sqlite3  # noqa: E402

from onestop.services import queries  # noqa: E402
from onestop.services.context import Context  # noqa: E402
from onestop.services.install import setup  # noqa: E402
from onestop.services.queries import DossierFilter  # noqa: E402
from onestop.services.reception import receive  # noqa: E402
from tests.bench.bench_receive import NAMES, _requests  # noqa: E402

RECEIPTS = 200
PER_DAY = 4000


def _fill(path: Path, n: int) -> list[str]:
    """``n`` dossiers with their events, by raw SQL; returns a sample of codes."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    agency, unit = conn.execute("SELECT id, code FROM agency").fetchone()
    proc = conn.execute("SELECT id FROM procedure WHERE code = '2.001914'").fetchone()[0]
    origin = f"{unit}#1"
    names = json.dumps({"unit": {"code": unit}, "agency": {"code": unit},
                        "return_unit": {"code": unit}})
    docs = json.dumps([{"name": "Đơn đề nghị", "original": 1, "copy": 0}])
    start = datetime(2026, 1, 2, 1, 0)
    prev, sample = "0" * 64, []
    for lo in range(0, n, 20_000):
        drows, erows = [], []
        for i in range(lo, min(n, lo + 20_000)):
            day, k = divmod(i, PER_DAY)
            at_dt = start + timedelta(days=day, seconds=8 * k)
            at = at_dt.strftime("%Y-%m-%d %H:%M:%S.%f")
            due = (at_dt + timedelta(days=7)).strftime("%Y-%m-%d %H:%M:%S.%f")
            code = f"{unit}-{at_dt:%y%m%d}-{1000 + k:04d}"
            if i % max(1, n // 50) == 0:
                sample.append(code)
            did, eid = uuid.uuid4().hex, uuid.uuid4().hex
            name = NAMES[i % 4]
            status = "returned" if i < n * 0.8 else "received"
            drows.append((code, agency, 1, proc, name, name.lower(), f"09{i:08d}", "direct",
                          1, docs, 0, at, "system", "01/2026", i + 1, 5, status, due, due, 0,
                          "on-track", "Phòng", did, at, at, 1, unit, unit, unit, names))
            payload = '{"channel":"direct","procedure":"2.001914"}'
            h = hashlib.sha256((prev + eid).encode()).hexdigest()
            erows.append((did, "received", at, "system", 1, origin, i + 1, payload, prev, h,
                          eid, at, at, 1))
            prev = h
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO dossier (code, agency_id, counter_no, procedure_id, applicant_name, "
            "applicant_folded, phone, channel, sets, documents, fee_paid, received_at, "
            "received_by, register_book, register_no, time_limit_days, status, due_at, "
            "sla_due_at, reschedules, timeliness, department, id, created_at, updated_at, "
            "version, unit_code, agency_code, return_unit_code, names_at_receipt) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", drows)
        conn.executemany(
            "INSERT INTO dossier_event (dossier_id, kind, at, user_name, counter_no, origin, "
            "seq, payload, prev_hash, hash, id, created_at, updated_at, version) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)", erows)
        conn.execute("COMMIT")
    conn.execute("ANALYZE")
    conn.close()
    return sample


def _ms(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    t0 = time.perf_counter()
    for _ in range(repeat):
        fn()
    return 1000 * (time.perf_counter() - t0) / repeat


def measure(n: int, folder: Path) -> dict[str, float]:
    path = folder / f"growth-{n}.sqlite3"
    ctx = Context.open(f"sqlite:///{path}")
    ctx.clock = lambda: datetime(2026, 1, 1, tzinfo=timezone.utc)  # type: ignore[assignment]
    setup.init(ctx)
    ctx.engine.dispose()
    t0 = time.perf_counter()
    sample = _fill(path, n)
    print(f"  [{n:,} dossiers filled in {time.perf_counter() - t0:.0f} s]", flush=True)
    ctx = Context.open(f"sqlite:///{path}")
    reqs = [replace(r, received_at=r.received_at + timedelta(days=30))  # type: ignore[operator]
            for r in _requests(RECEIPTS)]
    ctx.clock = lambda: reqs[-1].received_at + timedelta(minutes=1)  # type: ignore[assignment,return-value,operator]
    it = iter(reqs)
    out = {"receive": _ms(lambda: receive(ctx, next(it)), RECEIPTS)}
    codes = iter(sample * 4)
    out["scan lookup (show)"] = _ms(lambda: queries.show(ctx, next(codes)), min(100, len(sample) * 4))
    f = DossierFilter()

    def page() -> None:
        ids = queries.page_ids(ctx, f, "received_at", True, 0, 100, n + RECEIPTS)
        queries.rows_by_ids(ctx, ids)

    out["list first page"] = _ms(page, 20)
    out["list last page"] = _ms(lambda: queries.rows_by_ids(ctx, queries.page_ids(
        ctx, f, "received_at", True, n + RECEIPTS - 100, 100, n + RECEIPTS)), 20)
    out["list total (count)"] = _ms(lambda: queries.count_ids(ctx, f), 5)
    ctx.engine.dispose()
    return out


def main() -> None:
    sizes = [int(s) for s in (sys.argv[1] if len(sys.argv) > 1 else "10000,100000").split(",")]
    results = {}
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            results[n] = measure(n, Path(tmp))
            Path(tmp, f"growth-{n}.sqlite3").unlink()
    load = os.getloadavg()
    print(f"growth, encrypted SQLite; load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    base = sizes[0]
    print(f"  {'ms each':24s}" + "".join(f"{n:>12,}" for n in sizes) + "   growth")
    for key in results[base]:
        row = "".join(f"{results[n][key]:12.2f}" for n in sizes)
        growth = " ".join(f"×{results[n][key] / results[base][key]:.2f}" for n in sizes[1:])
        print(f"  {key:24s}{row}   {growth} (size ×{sizes[-1] / base:g})")


if __name__ == "__main__":
    main()
