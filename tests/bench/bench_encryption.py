"""Benchmark: the same work on the encrypted (SQLCipher) and the plain database, in one run.

Builds a plain demo database of N dossiers (``onestop demo``, cached), copies it and encrypts
the copy with ``onestop encrypt`` (timed: the figure for the closing note), then times on both
files, alternating, medians of warm runs:

* **cold open** — a new process opens the database and reads the first page of the list
  (``python -c`` with the services; the OS file cache is warm for both);
* **receive** — one dossier through ``reception.receive`` (one transaction, fsync);
* **list first page** — count + first 100 ids, newest first (what the dossier list does);
* **name search** — ``queries.find`` on an accent-free name (FTS5 index);
* **12-month report** — ``reports.period_report`` over the last twelve months.

Prints each figure, the plain floor measured in the same run, and the ratio (target ≤ 1.3×).

    python tests/bench/bench_encryption.py [N]        (default 1,000,000)

BENCH_ROUNDS=R (default 5) sets the rounds; BENCH_REUSE_ENCRYPTED=1 keeps the encrypted copy of
an earlier run (its encrypt time is then not measured again).
"""

from __future__ import annotations

import os
import shutil
import sqlite3 as stdlib_sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Callable

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))
CACHE = Path(os.environ.get("ONESTOP_BENCH_DIR", "/tmp/onestop-bench-encryption"))
KEY = "3c" * 32   # the encrypted file's key, given as ONESTOP_DB_KEY (no keyring involved)

from onestop.domain.calendar import VN_TZ  # noqa: E402

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)


def _env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_")}
    env.update(ONESTOP_HOME=str(CACHE / "home"), ONESTOP_NO_KEYRING="1",
               ONESTOP_NOW=NOW.isoformat(), PYTHONPATH=str(REPO), **extra)
    return env


def plain_db(n: int) -> Path:
    """The cached plain demo database of ``n`` dossiers (built once)."""
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"plain-{n}.sqlite3"
    if path.exists():
        return path
    part = path.with_suffix(".part")
    part.unlink(missing_ok=True)
    con = stdlib_sqlite3.connect(part)        # a plain header: the file stays plain
    con.execute("PRAGMA journal_mode=WAL")
    con.close()
    started = time.perf_counter()
    print(f"building {n:,} plain demo dossiers in {part} …", flush=True)
    subprocess.run([sys.executable, "-m", "onestop", "--db", f"sqlite:///{part}", "demo",
                    "--dossiers", str(n)], check=True, cwd=REPO, env=_env())
    con = stdlib_sqlite3.connect(part)
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()
    part.rename(path)
    print(f"built in {time.perf_counter() - started:.0f} s", flush=True)
    return path


def encrypted_copy(plain: Path) -> tuple[Path, float]:
    """A copy of ``plain`` encrypted by ``onestop encrypt``; the seconds it took."""
    target = plain.with_name(plain.name.replace("plain", "encrypted"))
    if os.environ.get("BENCH_REUSE_ENCRYPTED") and target.exists():
        return target, float("nan")        # encrypted by an earlier run: not timed again
    for p in target.parent.glob(target.name + "*"):
        p.unlink()
    shutil.rmtree(target.parent / "backups", ignore_errors=True)
    shutil.copyfile(plain, target)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "onestop", "--db", f"sqlite:///{target}", "encrypt"],
                   check=True, cwd=REPO, env=_env(ONESTOP_DB_KEY=KEY), capture_output=True)
    return target, time.perf_counter() - started


COLD = """
import sys, time
t = time.perf_counter()
from onestop.services.context import Context
from onestop.services import queries
ctx = Context.open(sys.argv[1], create=False)
f = queries.DossierFilter()
n = queries.count_ids(ctx, f)
queries.page_ids(ctx, f, "received_at", True, 0, 100, n)
print(time.perf_counter() - t)
"""


def cold_open(url: str, env: dict[str, str]) -> float:
    out = subprocess.run([sys.executable, "-c", COLD, url], check=True, cwd=REPO, env=env,
                         capture_output=True, text=True)
    return float(out.stdout.strip().splitlines()[-1])


def median(fn: Callable[[], Any], rounds: int) -> float:
    times = []
    for _ in range(rounds):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    rounds = int(os.environ.get("BENCH_ROUNDS", "5"))
    plain = plain_db(n)
    encrypted, t_encrypt = encrypted_copy(plain)
    os.environ.update(_env(ONESTOP_DB_KEY=KEY))
    from onestop.services import queries, reports
    from onestop.services.context import Context
    from onestop.services.reception import ReceiveRequest, receive
    from onestop.services.reports.types import Period
    from onestop.storage import keys

    assert keys.state(plain) == keys.PLAIN and keys.state(encrypted) == keys.ENCRYPTED
    clock = {"now": NOW}
    ctxs = {name: Context.open(f"sqlite:///{p}", clock=lambda: clock["now"])
            for name, p in (("plain", plain), ("encrypted", encrypted))}
    month = Period.month_of(NOW.date())
    from tests.bench.bench_reports import months_before

    year = Period(months_before(month.date_from, 11), month.date_to)
    proc = "2.001914"
    results: dict[str, dict[str, float]] = {"plain": {}, "encrypted": {}}

    def first_page(ctx: Context) -> None:
        f = queries.DossierFilter()
        count = queries.count_ids(ctx, f)
        queries.page_ids(ctx, f, "received_at", True, 0, 100, count)

    def one_receipt(ctx: Context) -> None:
        clock["now"] += timedelta(seconds=30)
        receive(ctx, ReceiveRequest(proc, "Nguyễn Thị Đo Hiệu Năng"))

    work: dict[str, Callable[[Context], Any]] = {
        "receive": one_receipt,
        "list first page": first_page,
        "name search": lambda ctx: queries.find(ctx, "nguyen thi", 100),
        "12-month report": lambda ctx: reports.period_report(ctx, year),
    }
    for name, fn in work.items():
        for side in ("plain", "encrypted"):                          # warm both
            fn(ctxs[side])
        times: dict[str, list[float]] = {"plain": [], "encrypted": []}
        for _ in range(rounds):              # interleaved: both sides see the same load
            for side in ("plain", "encrypted"):
                times[side].append(median(lambda: fn(ctxs[side]), 1))
        for side in times:
            results[side][name] = statistics.median(times[side])
    for c in ctxs.values():
        c.engine.dispose()
    env = _env(ONESTOP_DB_KEY=KEY)
    files = (("plain", plain), ("encrypted", encrypted))
    cold: dict[str, list[float]] = {"plain": [], "encrypted": []}
    for _ in range(rounds + 1):
        for side, p in files:
            cold[side].append(cold_open(f"sqlite:///{p}", env))
    for side in cold:
        results[side]["cold open"] = statistics.median(cold[side][1:])

    size = plain.stat().st_size / 1e6
    print(f"database: {n:,} demo dossiers ({size:,.0f} MB plain); load {os.getloadavg()[0]:.1f}")
    print(f"encrypt (onestop encrypt, in place, verified backup included): {t_encrypt:.1f} s")
    print(f"{'work':<20} {'encrypted':>12} {'plain floor':>12} {'ratio':>7}   target ≤ 1.3×")
    for name in ("cold open", *work):
        e, p = results["encrypted"][name], results["plain"][name]
        print(f"{name:<20} {e * 1000:>9.1f} ms {p * 1000:>9.1f} ms {e / p:>6.2f}×")


if __name__ == "__main__":
    main()
