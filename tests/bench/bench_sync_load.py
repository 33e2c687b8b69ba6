"""Sync under load (issue 19): N simulated counters syncing every minute with one central
PostgreSQL (a plain script: prints figures, asserts nothing).

Run against a province database (``make_province.py``; a superuser URL, the server on this
machine so its CPU can be read from ``/proc``)::

    python tests/bench/bench_sync_load.py --url postgresql://postgres@/prov6m?host=/work/pgprov&port=55534 \\
        [--counters 300] [--processes 10] [--minutes 15] [--interval 60] [--speedup 10]

Without ``--url`` it makes a throwaway central database on the test server
(``ONESTOP_TEST_PG_URL``) filled with a small province (``--province-dossiers``), and drops
it afterwards.

* **The counters.** ``--counters`` new counters (``central add-counter``: each its own login
  role, the next free counter numbers of each unit) of the province's commune units, three per
  unit (``--provincial K`` puts the first K at the provincial centre instead), run by
  ``--processes`` worker processes, one thread per counter; each has **its own encrypted
  SQLite file** (SQLCipher, a fresh key per file) made by ``setup.init`` and joined by a first
  sync — the first full pull of its unit (timed: figure *first pull, commune counter*).
* **The load.** A counter of a one-stop desk receives about 40 dossiers a working day (8 h),
  and each dossier gets about 5 more events in its life (the province database has 6.2 events
  a dossier): 240 writes a day, 0.5 a minute. ``--speedup S`` compresses time S-fold (default
  10: one bench minute is ten desk minutes), so every 60-s cycle carries a handful of changes
  (Poisson, mean 0.83 receipts and 4.2 events): receipts through ``reception.receive`` and
  events through ``processing.record`` (result-ready, return, notes) on the unit's live
  dossiers — pulled ones too, so the three counters of a unit write to the same dossiers
  (concurrent pushes of one dossier: the locking and re-projection path).
* **The cycles.** Every ``--interval`` seconds each counter runs ``onestop.sync.run_once`` — the
  code the application's timer runs — staggered evenly over the interval, for ``--minutes``.
  Figures: p50/p95/max cycle time (target p95 ≤ 2 s), server CPU (the postgres processes'
  ``/proc`` times, the ones that ended included through the postmaster's ``cutime``), deadlocks
  (``pg_stat_database.deadlocks``), failed cycles by message (a serialization failure or a
  deadlock reaching the user must be 0).
* **Afterwards.** A last cycle on every counter drains its outbox; then every dossier and
  event each counter made is looked up centrally: present exactly once (no lost, no
  duplicate row, nothing pending). Finally a **new counter at the provincial centre** does its
  first full pull (its unit's live dossiers, those to be returned there, reference data): timed.

Prints ``uptime`` at the start and the end.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from sqlalchemy import create_engine, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

PROVINCIAL = "000.00.00.H36"
RECEIPTS_A_DAY = 40
EVENTS_A_DOSSIER = 5.2
DAY_MINUTES = 8 * 60
NAMES = ["Nguyễn Văn An", "Trần Thị Bình", "Lê Hữu Cường", "Phạm Minh Dũng", "Hoàng Thu Hà",
         "Võ Ngọc Lan", "Đặng Quốc Hùng", "Bùi Thanh Hương", "Đỗ Khánh Linh", "K'Bình"]


def uptime() -> str:
    return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()


def pct(values: list[float], q: float) -> float:
    s = sorted(values)
    return s[min(len(s) - 1, max(0, int(round(q * (len(s) - 1)))))]


# --- the server side --------------------------------------------------------------------------

def server_cpu(engine: Any) -> float | None:
    """CPU seconds used so far by the server: live postgres processes + reaped children."""
    try:
        with engine.connect() as conn:
            data = conn.exec_driver_sql("SHOW data_directory").scalar_one()
        pm = int(Path(data, "postmaster.pid").read_text().split()[0])
        tick = os.sysconf("SC_CLK_TCK")
        total = 0
        for p in Path("/proc").iterdir():
            if not p.name.isdigit():
                continue
            try:
                f = p.joinpath("stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            pid, ppid = int(p.name), int(f[1])
            if pid == pm:
                total += int(f[11]) + int(f[12]) + int(f[13]) + int(f[14])
            elif ppid == pm:
                total += int(f[11]) + int(f[12])
        return total / tick
    except Exception:  # noqa: BLE001 - a remote server: no figure
        return None


def db_stats(engine: Any) -> dict[str, int]:
    with engine.connect() as conn:
        r = conn.execute(text(
            "SELECT deadlocks, xact_commit, xact_rollback, conflicts FROM pg_stat_database "
            "WHERE datname = current_database()")).one()
    return {"deadlocks": r[0], "commit": r[1], "rollback": r[2], "conflicts": r[3]}


def plan_counters(engine: Any, n: int, provincial: int) -> list[tuple[str, int]]:
    """(unit code, counter number): new counters, the next free numbers of each unit."""
    with engine.connect() as conn:
        rows = conn.execute(text(
            "SELECT a.code, coalesce(max(c.number), 0) FROM agency a LEFT JOIN counter c ON "
            "c.agency_id = a.id WHERE a.kind = 'unit' GROUP BY a.code ORDER BY a.code")).all()
    top = {code: int(m) for code, m in rows}
    communes = [c for c in top if c != PROVINCIAL and not c.startswith("000.00.")]
    out: list[tuple[str, int]] = []
    for _ in range(min(provincial, n)):
        top[PROVINCIAL] += 1
        out.append((PROVINCIAL, top[PROVINCIAL]))
    i = 0
    while len(out) < n:
        unit = communes[(i // 3) % len(communes)]
        top[unit] += 1
        out.append((unit, top[unit]))
        i += 1
    return out


# --- one worker process: T counters, one thread each -------------------------------------------

class Sim:
    """One simulated counter PC."""

    def __init__(self, index: int, unit: str, number: int, url: str, home: Path,
                 rnd: random.Random) -> None:
        self.index, self.unit, self.number, self.url = index, unit, number, url
        self.home, self.rnd = home, rnd
        self.ctx: Any = None
        self.procedures: list[str] = []
        self.cycles: list[dict[str, Any]] = []
        self.action_errors: dict[str, int] = {}
        self.made = {"receipts": 0, "events": 0}

    def join(self) -> dict[str, Any]:
        from onestop import sync
        from onestop.services.context import Context
        from onestop.domain.units import split_codes
        from onestop.services.install import setup
        path = self.home / f"c{self.index}.sqlite3"
        self.ctx = Context.open(f"sqlite:///{path}")
        setup.init(self.ctx, self.unit, None, self.number)
        started = time.perf_counter()
        st = sync.run_once(self.ctx, self.url)
        took = time.perf_counter() - started
        with self.ctx.reading() as session:
            handling = [c for (c,) in session.execute(text(
                "SELECT code FROM agency WHERE kind IN ('agency', 'both') ORDER BY code"))]
            self.procedures = [
                (c, list(split_codes(codes)) or handling)
                for c, codes in session.execute(text(
                    "SELECT code, agency_codes FROM procedure WHERE active ORDER BY code"))]
            encrypted = not path.read_bytes()[:16].startswith(b"SQLite format 3")
        return {"first_pull_s": took, "pulled": st.pulled, "error": st.last_error,
                "encrypted": encrypted}

    def act(self, receipts: int, events: int) -> None:
        from onestop.services.processing import EventRequest, record
        from onestop.services.reception import ReceiveRequest, receive
        for _ in range(receipts):
            for _attempt in range(5):
                proc = self.rnd.choice(self.procedures)
                try:
                    receive(self.ctx, ReceiveRequest(
                        procedure=proc[0], name=self.rnd.choice(NAMES),
                        agency=self.rnd.choice(proc[1]).strip() if proc[1] else None))
                    self.made["receipts"] += 1
                    break
                except Exception as exc:  # noqa: BLE001 - a procedure this desk cannot take
                    if proc in self.procedures and len(self.procedures) > 1:
                        self.procedures.remove(proc)
                    self._fail("receive", exc)
        with self.ctx.reading() as session:
            live = session.execute(text(
                "SELECT code, status, unit_code FROM dossier WHERE status IN ('received', 'processing', "
                "'result-ready') ORDER BY random() LIMIT :n"), {"n": events}).all()
        for code, st, unit in live:
            r = self.rnd.random()
            if st == "result-ready":
                req = EventRequest(kind="return", collector="Người nộp hồ sơ")
            elif unit != self.unit:   # returned here, handled by its receiving unit
                req = EventRequest(kind="note", reason="Công dân hỏi tiến độ.")
            elif st == "result-ready":
                req = EventRequest(kind="return", collector="Người nộp hồ sơ")
            elif r < 0.6:
                req = EventRequest(kind="result-ready")
            else:
                req = EventRequest(kind="note", reason="Đã chuyển phòng chuyên môn xử lý.")
            try:
                record(self.ctx, code, req)
                self.made["events"] += 1
            except Exception as exc:  # noqa: BLE001 - counted, shown in the report
                self._fail(req.kind, exc)

    def _fail(self, what: str, exc: Exception) -> None:
        key = f"{what}: {type(exc).__name__}: {str(exc)[:80]}"
        self.action_errors[key] = self.action_errors.get(key, 0) + 1

    def cycle(self) -> dict[str, Any]:
        from onestop import sync
        started = time.perf_counter()
        st = sync.run_once(self.ctx, self.url)
        return {"s": time.perf_counter() - started, "pushed": st.pushed, "pulled": st.pulled,
                "error": st.last_error}

    def own(self) -> dict[str, Any]:
        """What this counter made (ids), and what is still pending."""
        origin = f"{self.unit}#{self.number}"
        with self.ctx.reading() as session:
            events = [str(x) for (x,) in session.execute(text(
                "SELECT id FROM dossier_event WHERE origin = :o"), {"o": origin})]
            dossiers = [str(x) for (x,) in session.execute(text(
                "SELECT d.id FROM dossier d JOIN dossier_event e ON e.dossier_id = d.id "
                "WHERE e.kind = 'received' AND e.origin = :o"), {"o": origin})]
            pending = session.execute(text(
                "SELECT count(*) FROM sync_outbox WHERE sent_at IS NULL")).scalar_one()
        return {"origin": origin, "events": events, "dossiers": dossiers, "pending": pending}


def worker(spec_path: str) -> None:
    spec = json.loads(Path(spec_path).read_text())
    out = Path(spec["out"])
    home = Path(os.environ["ONESTOP_HOME"])
    home.mkdir(parents=True, exist_ok=True)
    sims = [Sim(c["index"], c["unit"], c["number"], c["url"], home,
                random.Random(c["index"] * 7919)) for c in spec["counters"]]
    joins = [dict(s.join(), index=s.index) for s in sims]
    (out / f"ready-{spec['worker']}.json").write_text(json.dumps(joins))
    go = out / "go"
    while not go.exists():
        time.sleep(0.2)
    start = float(go.read_text())
    interval, cycles, speed = spec["interval"], spec["cycles"], spec["speedup"]
    per_min_r = RECEIPTS_A_DAY / DAY_MINUTES * speed * interval / 60
    per_min_e = per_min_r * EVENTS_A_DOSSIER
    lock = threading.Lock()

    def poisson(rnd: random.Random, lam: float) -> int:
        # Knuth: small means only
        limit, k, p = pow(2.718281828459045, -lam), 0, 1.0
        while True:
            p *= rnd.random()
            if p <= limit:
                return k
            k += 1

    def loop(sim: Sim) -> None:
        offset = interval * sim.index / spec["total"]
        for k in range(cycles):
            tick = start + offset + k * interval
            time.sleep(max(0.0, tick - time.time()))
            sim.act(poisson(sim.rnd, per_min_r), poisson(sim.rnd, per_min_e))
            c = sim.cycle()
            c.update(index=sim.index, k=k, late=max(0.0, time.time() - c["s"] - tick))
            with lock:
                sim.cycles.append(c)

    threads = [threading.Thread(target=loop, args=(s,)) for s in sims]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    final = []
    for s in sims:                 # drain: the last changes reach the central database
        c = s.cycle()
        final.append(dict(s.own(), index=s.index, drain=c, made=s.made,
                          action_errors=s.action_errors))
    result = {"cycles": [c for s in sims for c in s.cycles], "final": final}
    (out / f"result-{spec['worker']}.json").write_text(json.dumps(result))


# --- the main process ---------------------------------------------------------------------------

def throwaway(admin_url: str, dossiers: int) -> tuple[str, str]:
    from tests.bench import make_province
    name = "syncload_" + uuid.uuid4().hex[:8]
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    assert make_province.main([str(dossiers), "--url", url, "--workers", "1"]) == 0
    return url, name


def new_counter_pull(admin_url: str, engine: Any, tmp: Path) -> None:
    from onestop import sync
    from onestop.services.context import Context
    from onestop.services.install import setup
    from onestop.sync import roles
    (code, number), = plan_counters(engine, 1, 1)
    login = roles.add_counter(admin_url, code, number)
    url = make_url(login.url).set(password=login.password).render_as_string(
        hide_password=False)
    ctx = Context.open(f"sqlite:///{tmp / 'newcounter.sqlite3'}")
    setup.init(ctx, code, None, number)
    with engine.connect() as conn:
        live, total = conn.execute(text(
            "SELECT count(*) FILTER (WHERE status IN ('received', 'processing', "
            "'awaiting-supplement', 'result-ready')), count(*) FROM dossier d JOIN agency a ON "
            "a.id = d.agency_id WHERE a.code = :u OR d.return_unit_code = :u"),
            {"u": code}).one()
    started = time.perf_counter()
    st = sync.run_once(ctx, url)
    took = time.perf_counter() - started
    with ctx.reading() as session:
        held = session.execute(text("SELECT count(*) FROM dossier")).scalar_one()
        events = session.execute(text("SELECT count(*) FROM dossier_event")).scalar_one()
    print(f"new counter's first full pull ({code} quầy {number}): {took:.1f} s, "
          f"{st.pulled:,} rows ({held:,} dossiers, {events:,} events; the unit has {live:,} "
          f"live of {total:,} dossiers){' ERROR ' + str(st.last_error) if st.last_error else ''}",
          flush=True)


def alone(admin_url: str, engine: Any, tmp: Path, args: argparse.Namespace,
          rounds: int = 5) -> float:
    """The floor: one more counter's cycles with the same changes, the others idle."""
    from onestop.sync import roles
    (unit, number), = plan_counters(engine, 1, 0)
    login = roles.add_counter(admin_url, unit, number)
    url = make_url(login.url).set(password=login.password).render_as_string(
        hide_password=False)
    sim = Sim(10_000, unit, number, url, tmp, random.Random(1))
    sim.join()
    per_r = RECEIPTS_A_DAY / DAY_MINUTES * args.speedup * args.interval / 60
    times = []
    for _ in range(rounds):
        sim.act(max(1, round(per_r)), max(1, round(per_r * EVENTS_A_DOSSIER)))
        times.append(sim.cycle()["s"])
    return statistics.median(times)


def check_rows(engine: Any, final: list[dict[str, Any]]) -> tuple[int, int, int, int, int]:
    """(dossiers made, events made, lost, duplicated or foreign, pending) over every counter."""
    made_d = made_e = lost = extra = pending = 0
    with engine.connect() as conn:
        for f in final:
            ev = {uuid.UUID(x).hex for x in f["events"]}
            ds = {uuid.UUID(x).hex for x in f["dossiers"]}
            made_d += len(ds)
            made_e += len(ev)
            pending += int(f["pending"])
            central_ev = [r[0].hex for r in conn.execute(text(
                "SELECT id FROM dossier_event WHERE origin = :o"), {"o": f["origin"]})]
            central_ds = [r[0].hex for r in conn.execute(text(
                "SELECT DISTINCT d.id FROM dossier d JOIN dossier_event e ON e.dossier_id = d.id "
                "WHERE e.kind = 'received' AND e.origin = :o"), {"o": f["origin"]})]
            lost += len(ev - set(central_ev)) + len(ds - set(central_ds))
            extra += (len(central_ev) - len(set(central_ev) & ev)
                      + len(central_ds) - len(set(central_ds) & ds))
            unit, number = f["origin"].split("#")
            codes = conn.execute(text(
                "SELECT count(*), count(DISTINCT d.code) FROM dossier d JOIN agency a ON "
                "a.id = d.agency_id WHERE a.code = :u AND d.counter_no = :n"),
                {"u": unit, "n": int(number)}).one()
            extra += int(codes[0]) - len(ds) + int(codes[0]) - int(codes[1])
    return made_d, made_e, lost, extra, pending


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--url", help="superuser URL of the central database (default: a "
                    "throwaway one on ONESTOP_TEST_PG_URL)")
    ap.add_argument("--counters", type=int, default=300)
    ap.add_argument("--processes", type=int, default=10)
    ap.add_argument("--minutes", type=float, default=15)
    ap.add_argument("--interval", type=float, default=60)
    ap.add_argument("--speedup", type=float, default=10)
    ap.add_argument("--provincial", type=int, default=0)
    ap.add_argument("--province-dossiers", type=int, default=3000)
    ap.add_argument("--worker", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.worker:
        worker(args.worker)
        return 0
    from onestop.sync import roles
    tmp = Path(tempfile.mkdtemp(prefix="bench-syncload-"))
    os.environ.setdefault("ONESTOP_HOME", str(tmp / "home"))
    os.environ.pop("ONESTOP_DB_KEY", None)       # every file its own fresh key
    made_db = None
    admin_url = args.url
    if not admin_url:
        base = os.environ.get("ONESTOP_TEST_PG_URL")
        if not base:
            sys.exit("--url or ONESTOP_TEST_PG_URL (build_scripts/test_services.sh start)")
        admin_url, made_db = throwaway(base, args.province_dossiers)
        base_url = base
    admin_url = admin_url.replace("postgresql://", "postgresql+psycopg://", 1)
    engine = create_engine(admin_url)
    try:
        print(f"start: {uptime()}", flush=True)
        with engine.connect() as conn:
            n_dossiers = conn.execute(text("SELECT count(*) FROM dossier")).scalar_one()
            maxconn = conn.exec_driver_sql("SHOW max_connections").scalar_one()
        print(f"central: {n_dossiers:,} dossiers; max_connections = {maxconn}", flush=True)
        plan = plan_counters(engine, args.counters, args.provincial)
        started = time.perf_counter()
        counters = []
        for i, (unit, number) in enumerate(plan):
            login = roles.add_counter(admin_url, unit, number)
            url = make_url(login.url).set(password=login.password).render_as_string(
                hide_password=False)
            counters.append({"index": i, "unit": unit, "number": number, "url": url})
        print(f"{len(counters)} counter logins (add-counter) in "
              f"{time.perf_counter() - started:.1f} s", flush=True)
        cycles = max(1, int(args.minutes * 60 // args.interval))
        procs = []
        out = tmp / "out"
        out.mkdir()
        started = time.perf_counter()
        for w in range(args.processes):
            mine = counters[w::args.processes]
            if not mine:
                continue
            spec = tmp / f"spec-{w}.json"
            spec.write_text(json.dumps({
                "worker": w, "counters": mine, "out": str(out), "interval": args.interval,
                "cycles": cycles, "speedup": args.speedup, "total": len(counters)}))
            env = dict(os.environ, ONESTOP_HOME=str(tmp / f"w{w}"), PYTHONPATH=str(REPO))
            procs.append(subprocess.Popen([sys.executable, __file__, "--worker", str(spec)],
                                          env=env))
        while len(list(out.glob("ready-*.json"))) < len(procs):
            if any(p.poll() not in (None, 0) for p in procs):
                sys.exit("a worker failed while joining")
            time.sleep(0.5)
        joins = [j for f in out.glob("ready-*.json") for j in json.loads(f.read_text())]
        firsts = [j["first_pull_s"] for j in joins]
        print(f"joined {len(joins)} counters in {time.perf_counter() - started:.0f} s "
              f"({sum(j['encrypted'] for j in joins)} encrypted files); first pull of a "
              f"commune counter: median {statistics.median(firsts):.2f} s, max "
              f"{max(firsts):.2f} s, median {statistics.median(j['pulled'] for j in joins):,.0f}"
              f" rows; errors: {sum(1 for j in joins if j['error'])}", flush=True)
        floor = alone(admin_url, engine, tmp, args)
        stats0, cpu0 = db_stats(engine), server_cpu(engine)
        t0 = time.time() + 3
        (out / "go").write_text(str(t0))
        for p in procs:
            p.wait()
        wall = time.time() - t0
        stats1, cpu1 = db_stats(engine), server_cpu(engine)
        if any(p.returncode for p in procs):
            print("a worker failed", flush=True)
        results = [json.loads(f.read_text()) for f in out.glob("result-*.json")]
        cyc = [c for r in results for c in r["cycles"]]
        final = [f for r in results for f in r["final"]]
        times = [c["s"] for c in cyc]
        errors: dict[str, int] = {}
        for c in cyc + [f["drain"] for f in final]:
            if c["error"]:
                errors[c["error"][:120]] = errors.get(c["error"][:120], 0) + 1
        serial = sum(n for e, n in errors.items() if any(
            k in e.lower() for k in ("serializ", "deadlock", "could not serialize")))
        print(f"end of cycles: {uptime()}", flush=True)
        print(f"{len(counters)} counters x {cycles} cycles every {args.interval:.0f} s "
              f"({len(procs)} processes), speedup {args.speedup:g}: {len(cyc)} cycles; "
              f"pushed {sum(c['pushed'] for c in cyc):,} rows, pulled "
              f"{sum(c['pulled'] for c in cyc):,}", flush=True)
        if times:
            print(f"cycle time: p50 {pct(times, .5):.2f} s, p95 {pct(times, .95):.2f} s, max "
                  f"{max(times):.2f} s (target p95 <= 2 s); started late (> 1 s): "
                  f"{sum(1 for c in cyc if c['late'] > 1)}", flush=True)
            print(f"floor: the same cycle of one counter alone {floor:.2f} s (median); ratio "
                  f"p50/floor {pct(times, .5) / floor:.2f}x, p95/floor "
                  f"{pct(times, .95) / floor:.2f}x", flush=True)
        if cpu0 is not None and cpu1 is not None:
            used = cpu1 - cpu0
            print(f"server CPU: {used:.0f} s over {wall:.0f} s = {used / wall:.2f} cores "
                  f"({100 * used / wall / (os.cpu_count() or 1):.0f} % of {os.cpu_count()})",
                  flush=True)
        print(f"deadlocks: {stats1['deadlocks'] - stats0['deadlocks']}; transactions "
              f"{stats1['commit'] - stats0['commit']:,} committed, "
              f"{stats1['rollback'] - stats0['rollback']:,} rolled back", flush=True)
        print(f"failed cycles: {sum(errors.values())}; serialization failures or deadlocks "
              f"reaching a user: {serial} (must be 0)", flush=True)
        for e, n in sorted(errors.items(), key=lambda x: -x[1])[:10]:
            print(f"  {n:5d}  {e}")
        action_errors: dict[str, int] = {}
        for f in final:
            for k, n in f["action_errors"].items():
                action_errors[k] = action_errors.get(k, 0) + n
        made = {k: sum(f["made"][k] for f in final) for k in ("receipts", "events")}
        print(f"service calls: {made['receipts']:,} receipts, {made['events']:,} events "
              f"recorded; refused by the services: {sum(action_errors.values())}", flush=True)
        for e, n in sorted(action_errors.items(), key=lambda x: -x[1])[:5]:
            print(f"  {n:5d}  {e}")
        d, e, lost, extra, pending = check_rows(engine, final)
        print(f"rows check: {d:,} dossiers and {e:,} events made by the counters; centrally "
              f"lost {lost}, duplicated or unexpected {extra}, still pending {pending} "
              f"({'OK' if lost == extra == pending == 0 else 'FAILED'})", flush=True)
        new_counter_pull(admin_url, engine, tmp)
        print(f"end: {uptime()}", flush=True)
    finally:
        engine.dispose()
        if made_db:
            from tests.support.central import drop_database
            drop_database(base_url, made_db)
    return 0


if __name__ == "__main__":
    sys.exit(main())
