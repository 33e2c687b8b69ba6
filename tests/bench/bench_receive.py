"""Benchmark: receive N dossiers through the services vs a raw sqlite3 floor.

Both sides use the same SQLite settings (WAL, synchronous=FULL) and one transaction per
dossier, and both files are encrypted with the same key (SQLCipher, ``ONESTOP_DB_KEY``: a
random one for the run when the environment sets none). Each floor does the same per-dossier
work with hand-written SQL: read the next code, register number and event-chain tip, then
insert the dossier row, its ``received`` event and two outbox rows.

Two floors, measured in the same run:

* ``minimal schema``: the historical floor, a hand-made schema with four indexes on dossier;
* ``app schema``: the same raw SQL on the application's own schema (made by ``setup.init``,
  not timed): its 17 dossier indexes, CHECKs and the FTS5 name index trigger, i.e. the rows
  and indexes the services must write. The target ratio is taken against this one: a floor
  that skips indexes the application must keep is not the same work.

Prints wall and CPU (process) time per dossier of each side and the ratios (target:
services ≤ 3× the floor). On a loaded machine the CPU figures are the steadier ones.

    python tests/bench/bench_receive.py [N]        (default 10,000)
    python tests/bench/bench_receive.py --demo 1000000   (times ``onestop demo``)
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("ONESTOP_DB_KEY", secrets.token_hex(32))  # both sides: one key
from tests import rawdb as sqlite3  # noqa: E402 - SQLCipher: the files are encrypted

from onestop.storage import keys  # noqa: E402

from onestop.domain.validation import citizen_id_for  # noqa: E402
from onestop.services.install import setup  # noqa: E402
from onestop.services.context import Context  # noqa: E402
from onestop.services.reception import ReceiveRequest, receive  # noqa: E402

NAMES = ["Nguyễn Thị Ánh Tuyết", "Trần Văn Đức", "Lê Hoàng Phúc", "Phạm Ngọc Lan"]


def _requests(n: int) -> list[ReceiveRequest]:
    # 100 receipts a day (a counter's share of the daily code sequence), from 1 October 2026
    start = datetime(2026, 10, 1, 1, 0, tzinfo=timezone.utc)
    out = []
    for i in range(n):
        born = datetime(1980 + i % 25, 1 + i % 12, 1 + i % 28).date()
        out.append(ReceiveRequest(
            procedure="2.001914", name=NAMES[i % 4],
            id_number=citizen_id_for("068", born, i % 2 == 1, i), birth_date=born,
            phone=f"09{i:08d}", received_at=start + timedelta(days=i // 100, seconds=240 * (i % 100))))
    return out


def bench_services(n: int, folder: Path) -> tuple[float, float]:
    url = f"sqlite:///{folder / 'services.sqlite3'}"
    ctx = Context.open(url)
    reqs = _requests(n)
    # installed the day before the first receipt; then the clock just after the last receipt,
    # so every receipt is in the past and none before the installation
    first, last = reqs[0].received_at, reqs[-1].received_at
    ctx.clock = lambda: first - timedelta(days=1)  # type: ignore[operator]
    setup.init(ctx)
    ctx.clock = lambda: last + timedelta(minutes=1)  # type: ignore[operator]
    t0, c0 = time.perf_counter(), time.process_time()
    for r in reqs:
        receive(ctx, r)
    out = time.perf_counter() - t0, time.process_time() - c0
    ctx.engine.dispose()
    return out


def _floor_db(path: Path) -> sqlite3.Connection:
    conn = _connect_floor(path)
    conn.executescript("""
    CREATE TABLE dossier (id TEXT PRIMARY KEY, code TEXT UNIQUE, counter_no INT,
        applicant_name TEXT, applicant_folded TEXT, id_number TEXT, birth_date TEXT, phone TEXT,
        received_at TEXT, register_book TEXT, register_no INT, status TEXT, due_at TEXT,
        sla_due_at TEXT, timeliness TEXT, documents TEXT, version INT, created_at TEXT,
        updated_at TEXT, UNIQUE (register_book, register_no));
    CREATE INDEX ix_folded ON dossier(applicant_folded);
    CREATE INDEX ix_idn ON dossier(id_number);
    CREATE INDEX ix_recv ON dossier(received_at);
    CREATE INDEX ix_status ON dossier(status, sla_due_at);
    CREATE TABLE dossier_event (id TEXT PRIMARY KEY, dossier_id TEXT REFERENCES dossier(id),
        kind TEXT, at TEXT, user_name TEXT, counter_no INT, origin TEXT, seq INT, payload TEXT,
        prev_hash TEXT, hash TEXT, UNIQUE (origin, seq));
    CREATE INDEX ix_ev ON dossier_event(dossier_id);
    CREATE TABLE sync_outbox (id INTEGER PRIMARY KEY, table_name TEXT, row_id TEXT,
        created_at TEXT, sent_at TEXT);
    """)
    return conn


@dataclass(frozen=True)
class Schema:
    """What differs between the two floors: the schema's SQL and its row values."""

    prefix: str          # the dossier codes' identity code
    register: str        # SELECT the last register number (parameters: ``register_args``)
    register_args: tuple[Any, ...]
    origin: str          # the event chain's origin
    dossier: str         # INSERT a dossier (parameters: ``dossier_row``)
    dossier_row: Callable[[ReceiveRequest, str, str, int, str, str], tuple[Any, ...]]
    event: str           # INSERT an event (parameters: ``event_row``)
    event_row: Callable[[str, str, str, int, str, str, str], tuple[Any, ...]]
    outbox: str          # INSERT an outbox row (table name, row id, instant)


def _raw_loop(conn: sqlite3.Connection, n: int, schema: Schema) -> tuple[float, float]:
    """The floor's per-dossier work, one transaction each: read the next code, register number
    and event-chain tip, then insert the dossier row, its ``received`` event and two outbox
    rows. Returns (wall, CPU) seconds."""
    reqs = _requests(n)
    # a due instant after each receipt (the app schema CHECKs it), made before the clock starts
    dues = [(r.received_at + timedelta(days=14)).strftime(  # type: ignore[operator]
        "%Y-%m-%d %H:%M:%S.%f") for r in reqs]
    t0, c0 = time.perf_counter(), time.process_time()
    for r, due in zip(reqs, dues):
        at = r.received_at.strftime("%Y-%m-%d %H:%M:%S.%f")  # type: ignore[union-attr]
        conn.execute("BEGIN IMMEDIATE")
        prefix = f"{schema.prefix}-{r.received_at:%y%m%d}-"  # type: ignore[union-attr]
        last = conn.execute("SELECT max(code) FROM dossier WHERE code >= ? AND code <= ?",
                            (prefix + "0100", prefix + "0199")).fetchone()[0]
        code = f"{prefix}{(int(last[-4:]) + 1) if last else 100:04d}"
        reg = (conn.execute(schema.register, schema.register_args).fetchone()[0] or 0) + 1
        tip = conn.execute("SELECT seq, hash FROM dossier_event WHERE origin = ? "
                           "ORDER BY seq DESC LIMIT 1", (schema.origin,)).fetchone() \
            or (0, "0" * 64)
        did, eid = uuid.uuid4().hex, uuid.uuid4().hex
        conn.execute(schema.dossier, schema.dossier_row(r, did, code, reg, at, due))
        payload = json.dumps({"procedure": "2.001914", "channel": "direct"})
        h = hashlib.sha256((tip[1] + did + payload).encode()).hexdigest()
        conn.execute(schema.event, schema.event_row(did, eid, at, tip[0] + 1, payload, tip[1], h))
        conn.executemany(schema.outbox, [("dossier_event", eid, at), ("dossier", did, at)])
        conn.execute("COMMIT")
    return time.perf_counter() - t0, time.process_time() - c0


def _connect_floor(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(path, isolation_level=None)
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        conn.execute(f"PRAGMA {pragma}")
    return conn


def bench_floor(n: int, folder: Path) -> tuple[float, float]:
    """The historical floor: a hand-made schema with four indexes on dossier."""
    conn = _floor_db(folder / "floor.sqlite3")
    schema = Schema(
        prefix="000.00.15.H36",
        register="SELECT max(register_no) FROM dossier WHERE register_book = ?",
        register_args=("01/2026",), origin="o",
        dossier="INSERT INTO dossier VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        dossier_row=lambda r, did, code, reg, at, due: (
            did, code, 1, r.name, r.name.lower(), r.id_number, str(r.birth_date), r.phone, at,
            "01/2026", reg, "received", due, due, "on-track", "[]", 1, at, at),
        event="INSERT INTO dossier_event VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        event_row=lambda did, eid, at, seq, payload, prev, h: (
            eid, did, "received", at, "system", 1, "o", seq, payload, prev, h),
        outbox="INSERT INTO sync_outbox (table_name, row_id, created_at) VALUES (?,?,?)")
    try:
        return _raw_loop(conn, n, schema)
    finally:
        conn.close()


def bench_app_floor(n: int, folder: Path) -> tuple[float, float]:
    """The same hand-written SQL on the application's schema (indexes, CHECKs, FTS trigger)."""
    path = folder / "app_floor.sqlite3"
    ctx = Context.open(f"sqlite:///{path}")
    ctx.clock = lambda: datetime(2026, 9, 30, tzinfo=timezone.utc)  # type: ignore[assignment]
    setup.init(ctx)
    ctx.engine.dispose()
    conn = _connect_floor(path)
    agency, unit = conn.execute("SELECT id, code FROM agency").fetchone()
    proc = conn.execute("SELECT id FROM procedure WHERE code = '2.001914'").fetchone()[0]
    names = json.dumps({"unit": {"code": unit}, "agency": {"code": unit},
                        "return_unit": {"code": unit}})
    docs = json.dumps([{"name": "Đơn đề nghị", "original": 1, "copy": 0}] * 5)
    schema = Schema(
        prefix=unit,
        register="SELECT max(register_no) FROM dossier WHERE agency_id = ? AND "
                 "register_book = '01/2026'",
        register_args=(agency,), origin=f"{unit}#1",
        dossier="INSERT INTO dossier (code, agency_id, counter_no, procedure_id, "
                "applicant_name, applicant_folded, id_number, birth_date, phone, channel, sets, "
                "documents, fee_paid, received_at, received_by, register_book, register_no, "
                "time_limit_days, status, due_at, sla_due_at, reschedules, timeliness, "
                "department, id, created_at, updated_at, version, unit_code, agency_code, "
                "return_unit_code, names_at_receipt) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        dossier_row=lambda r, did, code, reg, at, due: (
            code, agency, 1, proc, r.name, r.name.lower(), r.id_number, str(r.birth_date),
            r.phone, "direct", 1, docs, 0, at, "system", "01/2026", reg, 5, "received", due,
            due, 0, "on-track", "Phòng", did, at, at, 1, unit, unit, unit, names),
        event="INSERT INTO dossier_event (dossier_id, kind, at, user_name, counter_no, origin, "
              "seq, payload, prev_hash, hash, id, created_at, updated_at, version) "
              "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
        event_row=lambda did, eid, at, seq, payload, prev, h: (
            did, "received", at, "system", 1, f"{unit}#1", seq, payload, prev, h, eid, at, at,
            1),
        outbox="INSERT INTO sync_outbox (table_name, row_id, created_at, attempts) "
               "VALUES (?,?,?,0)")
    try:
        return _raw_loop(conn, n, schema)
    finally:
        conn.close()


def bench_demo(n: int) -> None:
    import resource   # Unix: the CPU time of the child processes

    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "ONESTOP_HOME": tmp}
        cmd = [sys.executable, "-m", "onestop"]
        subprocess.run([*cmd, "init"], env=env, check=True, capture_output=True)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        load = os.getloadavg()[0]
        t0 = time.perf_counter()
        out = subprocess.run([*cmd, "demo", "--dossiers", str(n), "--json"], env=env,
                             check=True, capture_output=True, text=True).stdout
        wall = time.perf_counter() - t0
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        size = sum(f.stat().st_size for f in Path(tmp).rglob("*.sqlite3*"))
    # CPU of the demo process and its generator processes (steadier than wall under load)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    print(f"demo --dossiers {n}: {wall:.1f} s wall, {cpu:.1f} s CPU "
          f"({cpu / max(n, 1) * 1e6:.0f} µs a dossier), load {load:.1f} → "
          f"{os.getloadavg()[0]:.1f} ({json.loads(out)}), database {size / 2**20:.0f} MiB  "
          f"[target ≤ 300 s for 1,000,000 on 2 cores]")


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--demo":
        bench_demo(int(sys.argv[2]))
        return
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        minimal = bench_floor(n, folder)
        floor = bench_app_floor(n, folder)
        services = bench_services(n, folder)
        states = {keys.state(folder / f) for f in ("floor.sqlite3", "app_floor.sqlite3",
                                                    "services.sqlite3")}
    load = os.getloadavg()
    print(f"receive {n} dossiers, SQLite WAL synchronous=FULL, one transaction each; files "
          f"{'/'.join(sorted(states))} (SQLCipher, one key); load average "
          f"{load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
    print("                                 wall ms each   CPU ms each")
    for label, (wall, cpu) in (("raw floor, minimal schema", minimal),
                               ("raw floor, app schema", floor), ("services", services)):
        print(f"  {label:28s} {1000 * wall / n:10.2f}   {1000 * cpu / n:10.2f}")
    print(f"  ratio services/floor (app schema)     : wall {services[0] / floor[0]:.2f}×   "
          f"CPU {services[1] / floor[1]:.2f}×  [target ≤ 3×]")
    print(f"  ratio services/floor (minimal schema) : wall {services[0] / minimal[0]:.2f}×   "
          f"CPU {services[1] / minimal[1]:.2f}×")


if __name__ == "__main__":
    main()
