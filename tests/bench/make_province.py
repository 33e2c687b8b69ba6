"""Fill a central PostgreSQL with a province's dossiers (issue 19): the database the
province benchmarks read (``bench_province.py``).

Run: ``python tests/bench/make_province.py [N] --url postgresql://postgres@127.0.0.1:PORT/DB
[--workers W] [--now 2026-11-26T09:30]``

* The database is made by ``onestop central init`` (:func:`onestop.sync.central.init`: the real
  schema, roles, row-level security, the shipped catalogue and calendar) and must be empty
  of dossiers (a new database is created when it does not exist).
* The register: 2 provincial receiving units (the public service centre and its branch,
  30 counters each) and 120 commune units (3 counters each), 40 handling agencies (Sở,
  ngành); every procedure of the catalogue is handled by one of them.
* ``N`` dossiers (default 10,000,000) received over the three years before ``--now`` on
  working days, with their events, written by ``COPY`` from ``W`` worker processes, each
  owning a share of the units (so codes, register numbers and event sequences are allocated
  without coordination, as the counters do). The mix of a real desk: most dossiers returned,
  a few results waiting for collection, some open (on track, due soon, overdue — a few stuck
  for months), awaiting a supplement, refused, withdrawn, stopped, void; channels
  direct/online/post/VNeID; procedures with and without a time limit.
* Codes are in the legal format (``<unit code>-YYMMDD-XXXX``, counter ``k`` owning ordinals
  ``k00``–``k99``, register books ``KK/YYYY``). Event hash chains are *linked* per origin
  (``prev_hash`` of entry ``n`` is ``hash`` of entry ``n-1``, sequence numbers unique per
  origin) but the hashes are not the real entry hashes (computing the canonical hash of 37
  million entries in Python would double the build): ``onestop audit verify`` on this
  database reports them broken. Appointments skip weekends but not public holidays.
* Secondary indexes, unique constraints and foreign keys are dropped before the load and
  re-created from their saved definitions afterwards (the same objects ``central init``
  made), then ``VACUUM ANALYZE`` (the visibility map is what makes the report scans
  index-only). The load needs a superuser URL (``session_replication_role = replica`` skips
  the per-row triggers during ``COPY``).

Free disk is checked first (about 3.4 kB a dossier with its events and indexes, plus a
margin): too little and it stops with exit 2 and a message. It prints the time of each
step and the size on disk.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import random
import shutil
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import psycopg

from onestop.domain.calendar import VN_TZ

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
#: Bytes on disk a dossier costs with its events and every index (measured at 200k: 3.3 kB).
BYTES_PER_DOSSIER = 3400
PROVINCE = "H36"
UTC = timezone.utc

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "K'"]
MIDDLE = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thị", "Ngọc", "Thu", "Thanh", "Khánh"]
GIVEN = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long", "Nam",
         "Phúc", "Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai"]
STREETS = ["Trần Phú", "Phan Đình Phùng", "Hùng Vương", "Lê Hồng Phong", "Ba Tháng Hai",
           "Nguyễn Văn Cừ", "Yersin", "Bùi Thị Xuân", "Hai Bà Trưng", "Quang Trung"]
CHANNELS = (("direct", 0.58), ("online", 0.30), ("post", 0.05), ("vneid", 0.07))


def fold(text: str) -> str:
    from onestop.domain import text as tx
    return tx.fold(text)


# --- the register -------------------------------------------------------------------------

def units() -> list[tuple[str, str, int]]:
    """(code, name, counters) of the receiving units."""
    out = [(f"000.00.00.{PROVINCE}", "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", 30),
           (f"000.00.01.{PROVINCE}", "CHI NHÁNH TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH", 30)]
    for i in range(120):
        out.append((f"000.{30 + i // 100:02d}.{i % 100:02d}.{PROVINCE}",
                    f"BỘ PHẬN MỘT CỬA XÃ SỐ {i + 1}", 3))
    return out


def agencies() -> list[tuple[str, str]]:
    """(code, name) of the 40 handling agencies."""
    return [(f"000.00.{10 + i:02d}.{PROVINCE}", f"SỞ NGÀNH SỐ {i + 1} TỈNH") for i in range(40)]


# --- the calendar (weekends only: enough for a benchmark's appointments) -------------------

class Days:
    """The working days from ``first`` to well after NOW, by index."""

    def __init__(self, first: date, last: date) -> None:
        self.days = [first + timedelta(days=k) for k in range((last - first).days + 1)
                     if (first + timedelta(days=k)).weekday() < 5]
        self.index = {d: i for i, d in enumerate(self.days)}


def _uuid7(ms: int, rnd: random.Random) -> str:
    value = (ms << 80) | (0x7 << 76) | (rnd.getrandbits(12) << 64) | (0b10 << 62) \
        | rnd.getrandbits(62)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _ts(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M:%S+00")


def _esc(text: str) -> str:
    """COPY text-format escaping of a value (backslash, tab, newline)."""
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


DOSSIER_COLS = (
    "id, created_at, updated_at, version, code, agency_id, counter_no, procedure_id, "
    "applicant_name, applicant_folded, id_number, birth_date, sex, phone, email, address, "
    "org_name, channel, sets, documents, fee_vnd, fee_paid, notes, received_at, received_by, "
    "register_book, register_no, time_limit_days, cutoff, status, due_at, sla_due_at, "
    "finished_at, returned_at, paused_since, reschedules, timeliness, department, unit_code, "
    "agency_code, return_unit_code, names_at_receipt, notify_email, notify_sms, rating, "
    "rating_comment, returned_by")
EVENT_COLS = ("id, created_at, updated_at, version, dossier_id, kind, at, user_name, "
              "counter_no, origin, seq, payload, prev_hash, hash")
N = "\\N"


def worker(args: tuple[Any, ...]) -> tuple[int, int]:
    """Generate and COPY the dossiers of the units ``mine`` (indexes into the unit list).

    Instants are whole seconds since the epoch, formatted through two lookup tables (day,
    time of day): ``datetime`` arithmetic and ``strftime`` would cost more than the COPY.
    """
    import bisect
    import hashlib
    (url, wid, mine, per_day, first, now_iso, ctx_json) = args
    ctx = json.loads(ctx_json)
    now = datetime.fromisoformat(now_iso)
    now_e = int(now.timestamp())
    rnd = random.Random(1000 + wid)
    rand, bits = rnd.random, rnd.getrandbits
    first_day = date.fromisoformat(first)
    days = Days(first_day, now.date() + timedelta(days=400))
    # local midnight of each working day, as epoch seconds
    midnights = [int(datetime(d.year, d.month, d.day, tzinfo=VN_TZ).timestamp())
                 for d in days.days]
    n_work = len(midnights)
    epoch0 = midnights[0] // 86400 - 2
    day_text = [(datetime(1970, 1, 1) + timedelta(days=epoch0 + k)).strftime("%Y-%m-%d ")
                for k in range(((midnights[-1] + 86400) // 86400) - epoch0 + 30)]
    hms = [f"{h:02d}:{m:02d}:{s:02d}+00" for h in range(24) for m in range(60)
           for s in range(60)]

    def ts(e: int) -> str:
        return day_text[e // 86400 - epoch0] + hms[e % 86400]

    def uid(ms: int) -> str:
        h = "%012x7%03x%016x" % (ms, bits(12), (0b10 << 62) | bits(62))
        return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"

    today_i = max(i for i, d in enumerate(days.days) if d <= now.date())
    unit_rows = ctx["units"]
    procs = ctx["procedures"]
    weights = ctx["proc_weights"]
    ag_names = dict(ctx["agencies"])
    cum = []
    acc = 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    names_cache: dict[tuple[str, str], str] = {}
    seq: dict[str, int] = {}
    tip: dict[str, str] = {}
    register: dict[tuple[str, int, int], int] = {}
    person = [f"{a} {b} {c}" for a in FAMILY for b in MIDDLE for c in GIVEN]
    person = [(p, fold(p)) for p in person]
    n_person = len(person)
    streets = [f"{k} {s}" for k in range(1, 301) for s in STREETS]
    n_d = n_e = 0
    conn_d = psycopg.connect(url, autocommit=False)
    conn_e = psycopg.connect(url, autocommit=False)
    for c in (conn_d, conn_e):
        c.execute("SET session_replication_role = replica")
        c.execute("SET synchronous_commit = off")
    cur_d, cur_e = conn_d.cursor(), conn_e.cursor()
    zero = "0" * 64
    p_refuse = '{"reason": "Không đủ điều kiện."}'
    p_withdraw = '{"reason": "Công dân rút hồ sơ."}'
    p_stop = '{"reason": "Không bổ sung.", "ground": "no-supplement"}'
    p_void = '{"reason": "Nhập nhầm."}'
    p_ask = '{"missing": "Bản sao giấy tờ."}'
    # the citizen's rating at the return (issue 18): mostly satisfied, some without one
    # (payload, then the dossier's rating, comment and returning officer: revision 0013)
    p_returns = [('{"collector": "Người nộp hồ sơ.", "rating": "%s"}' % r, r, N)
                 for r in ("very-satisfied",) * 13 + ("satisfied",) * 4 + ("dissatisfied",)]
    p_returns.append(('{"collector": "Người nộp hồ sơ."}', N, N))
    p_returns.append(('{"collector": "Người nộp hồ sơ.", "rating": "dissatisfied", '
                      '"rating_comment": "Phải chờ lâu."}', "dissatisfied", "Phải chờ lâu."))
    with cur_d.copy(f"COPY dossier ({DOSSIER_COLS}) FROM STDIN") as cp_d, \
            cur_e.copy(f"COPY dossier_event ({EVENT_COLS}) FROM STDIN") as cp_e:
        for di in range(today_i + 1):
            day = days.days[di]
            midnight = midnights[di]
            dbuf: list[str] = []
            ebuf: list[str] = []
            yymmdd = day.strftime("%y%m%d")
            year = day.year
            for ui in mine:
                ucode, uname, ncounters, agency_uuid = unit_rows[ui]
                n_today = per_day[ui][di]
                for k in range(n_today):
                    counter = 1 + k % ncounters
                    code = f"{ucode}-{yymmdd}-{counter * 100 + k // ncounters:04d}"
                    pid, pcode, limit, cutoff, fee, docs, dept, acode, to = \
                        procs[bisect.bisect(cum, rand() * acc)]
                    received = midnight + 27000 + int(rand() * 32400)   # 07:30–16:30
                    if received > now_e:
                        received = now_e - int(rand() * 3600)
                    did = uid(received * 1000 + int(rand() * 1000))
                    r = rand()
                    channel = "direct" if r < 0.58 else "online" if r < 0.88 else \
                        "post" if r < 0.93 else "vneid"
                    officer = f"cb{ui:03d}_{counter}" if r < 0.58 or 0.88 <= r < 0.93 \
                        else "system"
                    key = (ucode, counter, year)
                    register[key] = reg_no = register.get(key, 0) + 1
                    sla = due_i = None
                    if limit is not None:
                        due_i = min(di + max(1, limit), n_work - 1)
                        sla = midnights[due_i] + (received - midnight)
                    status = "returned"
                    finished = returned = paused = None
                    timeliness = None
                    events = [("received", received,
                               f'{{"channel": "{channel}", "procedure": "{pcode}"}}')]
                    fate = rand()
                    span = limit if limit else 5
                    if fate < 0.028:
                        if fate < 0.012:
                            status, kind, p, at = "refused", "refuse", p_refuse, \
                                received + 86400 * (1 + int(rand() * span))
                        elif fate < 0.022:
                            status, kind, p, at = "withdrawn", "withdraw", p_withdraw, \
                                received + 7200 + int(rand() * 172800)
                        elif fate < 0.026:
                            status, kind, p, at = "stopped", "stop", p_stop, \
                                received + 86400 * (2 + int(rand() * span))
                        else:
                            status, kind, p, at = "void", "void", p_void, received + 300
                        events.append((kind, min(at, now_e), p))
                    else:
                        stuck = fate > 0.996 and today_i - di < 260
                        supp = fate < 0.08
                        q = rand()
                        if limit is None:
                            took = 1 + int(rand() * 6)
                        elif q < 0.55:
                            took = max(1, int(span * (0.3 + 0.6 * rand())))
                        elif q < 0.9:
                            took = span
                        else:
                            took = span + 1 + int(rand() * max(2, span // 2))
                        if supp:
                            took += 3 + int(rand() * 8)
                        fi = min(di + took, n_work - 1)
                        f_e = midnights[fi] + 28800 + int(rand() * 32400)
                        if rand() < 0.7:
                            events.append(("transfer", received + 3600, to))
                        if supp:
                            ask = received + 86400
                            back = ask + 86400 * (2 + int(rand() * 6))
                            events.append(("supplement-request", ask, p_ask))
                            if back < now_e and not stuck:
                                events.append(("supplement-received", back, "{}"))
                            else:
                                status, paused = "awaiting-supplement", ask
                        if status == "awaiting-supplement":
                            pass
                        elif stuck or f_e >= now_e:
                            status = "processing" if len(events) > 1 else "received"
                            timeliness = None if sla is None else \
                                "overdue" if sla < now_e else "on-track"
                        else:
                            finished = f_e
                            events.append(("result-ready", f_e, "{}"))
                            if sla is None:
                                timeliness = "no-limit"
                            else:
                                timeliness = "early" if fi < due_i else \
                                    "on-time" if fi == due_i else "late"
                            ret = f_e + 7200 + int(rand() * 691200)
                            if ret < now_e and rand() < 0.97:
                                returned = ret
                                p_return, *rated = p_returns[int(rand() * len(p_returns))]
                                events.append(("return", ret, p_return))
                            else:
                                status = "result-ready"
                    name, folded = person[int(rand() * n_person)]
                    ret_code = ucode if rand() > 0.03 else \
                        unit_rows[int(rand() * len(unit_rows))][0]
                    names = names_cache.get((ucode, acode))
                    if names is None:
                        names = names_cache[(ucode, acode)] = _esc(json.dumps(
                            {"unit": {"code": ucode, "name": uname},
                             "agency": {"code": acode, "name": ag_names[acode]},
                             "return_unit": {}}, ensure_ascii=False))
                    origin = f"{ucode}#{counter}"
                    s = seq.get(origin, 0)
                    prev = tip.get(origin, zero)
                    last_at = received
                    for kind, at, payload in events:
                        s += 1
                        h = hashlib.sha256(f"{prev}{s}".encode()).hexdigest()
                        t = ts(at)
                        ebuf.append(f"{uid(at * 1000)}\t{t}\t{t}\t1\t{did}\t{kind}\t{t}\t"
                                    f"{officer}\t{counter}\t{origin}\t{s}\t{payload}\t{prev}\t"
                                    f"{h}\n")
                        prev = h
                        if at > last_at:
                            last_at = at
                    seq[origin] = s
                    tip[origin] = prev
                    n_e += len(events)
                    due_s = ts(sla) if sla is not None else N
                    rs = ts(received)
                    dbuf.append("\t".join((
                        did, rs, ts(last_at), str(len(events)), code, agency_uuid,
                        str(counter), pid, name, folded,
                        "0%011d" % int(rand() * 1e11),
                        "%d-%02d-%02d" % (1950 + int(rand() * 55), 1 + int(rand() * 12),
                                          1 + int(rand() * 28)),
                        "male" if rand() < 0.5 else "female", "09%08d" % int(rand() * 1e8),
                        N, streets[int(rand() * 3000)], N, channel, "1", docs, fee,
                        "f" if fee == N else "t", N, rs, officer, f"{counter:02d}/{year}",
                        str(reg_no), N if limit is None else str(limit), cutoff, status,
                        due_s, due_s, N if finished is None else ts(finished),
                        N if returned is None else ts(returned),
                        N if paused is None else ts(paused), "0", timeliness or N, dept,
                        ucode, acode, ret_code, names, N, N,
                        *((N, N, N) if returned is None else (*rated, officer)))) + "\n")
                    n_d += 1
            if dbuf:
                cp_d.write("".join(dbuf))
                cp_e.write("".join(ebuf))
    conn_d.commit()
    conn_e.commit()
    conn_d.close()
    conn_e.close()
    return n_d, n_e


fold_cache: dict[str, str] = {}


def distribute(n: int, unit_list: list[tuple[str, str, int]], n_days: int,
               seed: int = 7) -> list[list[int]]:
    """Dossiers per unit per working day: provincial units take ~40 %, communes share the
    rest unevenly; the volume grows ~15 % a year and dips at the start of each year."""
    rnd = random.Random(seed)
    uw = [0.2, 0.2] + [rnd.uniform(0.4, 1.6) for _ in unit_list[2:]]
    s = sum(uw[2:])
    uw = [0.2, 0.2] + [0.6 * w / s for w in uw[2:]]
    dw = [(1 + 0.15 * d / 250) * (0.9 + 0.2 * rnd.random()) for d in range(n_days)]
    sd = sum(dw)
    out = []
    for ui, (_code, _name, counters) in enumerate(unit_list):
        row = []
        carry = 0.0
        for d in range(n_days):
            x = n * uw[ui] * dw[d] / sd + carry
            k = int(x)
            carry = x - k
            row.append(min(k, counters * 100))
        out.append(row)
    # exact total: add the remainder to the busiest days of the provincial centre
    diff = n - sum(map(sum, out))
    d = n_days - 1
    while diff > 0:
        add = min(diff, 30 * 100 - out[0][d])
        out[0][d] += add
        diff -= add
        d -= 1
    return out


def _sizes(conn: psycopg.Connection) -> str:
    db = conn.execute("SELECT pg_size_pretty(pg_database_size(current_database()))").fetchone()
    rows = conn.execute(
        "SELECT relname, pg_size_pretty(pg_table_size(oid)), "
        "pg_size_pretty(pg_indexes_size(oid)) FROM pg_class "
        "WHERE relname IN ('dossier', 'dossier_event')").fetchall()
    return f"database {db[0]}; " + "; ".join(f"{r[0]}: table {r[1]}, indexes {r[2]}"
                                              for r in rows)


def libpq(url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://``) as libpq takes it."""
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dossiers", nargs="?", type=int, default=10_000_000)
    ap.add_argument("--url", required=True, help="superuser URL of the central database")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--now", default=NOW.isoformat())
    ap.add_argument("--data-dir", default="/", help="where the server keeps its files "
                    "(for the free-space check)")
    args = ap.parse_args(argv)
    args.url = libpq(args.url)
    n = args.dossiers
    need = n * BYTES_PER_DOSSIER * 1.2 + 2e9
    free = shutil.disk_usage(args.data_dir).free
    if free < need:
        print(f"disk: {free / 1e9:.1f} GB trống tại {args.data_dir}, cần khoảng "
              f"{need / 1e9:.1f} GB cho {n:,} hồ sơ.", file=sys.stderr)
        return 2
    now = datetime.fromisoformat(args.now)
    if now.tzinfo is None:
        now = now.replace(tzinfo=VN_TZ)
    t0 = time.perf_counter()
    _create_db(args.url)
    from onestop.sync import central
    info = central.init(args.url)
    print(f"central init: {info.database}, {info.procedures_loaded} procedures "
          f"({time.perf_counter() - t0:.1f} s)", flush=True)
    with psycopg.connect(args.url, autocommit=True) as conn:
        if conn.execute("SELECT count(*) FROM dossier").fetchone()[0]:
            print("url: cơ sở dữ liệu đã có hồ sơ.", file=sys.stderr)
            return 2
        unit_list = units()
        ag_list = agencies()
        ids: dict[str, str] = {}
        for code, name, kind in ([(c, nm, "unit") for c, nm, _ in unit_list]
                                 + [(c, nm, "agency") for c, nm in ag_list]):
            row = conn.execute(
                "INSERT INTO agency (id, created_at, updated_at, version, code, name, "
                "parent_name, unit_name, address, phone, place_name, settings, kind) VALUES "
                "(gen_random_uuid(), now(), now(), 1, %s, %s, 'UBND TỈNH', %s, '', '', '', "
                "'{}', %s) ON CONFLICT (code) DO UPDATE SET name = excluded.name RETURNING id",
                (code, name, name, kind)).fetchone()
            ids[code] = str(row[0])
        for code, _name, counters in unit_list:
            for k in range(1, counters + 1):
                conn.execute("INSERT INTO counter (id, created_at, updated_at, version, "
                             "agency_id, number, name) VALUES (gen_random_uuid(), now(), now(),"
                             " 1, %s, %s, %s) ON CONFLICT DO NOTHING",
                             (ids[code], k, f"Quầy {k}"))
        procs = []
        weights = []
        rnd = random.Random(3)
        for i, (pid, pcode, limit, cutoff, fee, docs, dept) in enumerate(conn.execute(
                "SELECT id, code, time_limit_days, cutoff, fee_vnd, documents::text, "
                "department FROM procedure ORDER BY code").fetchall()):
            acode = ag_list[i % len(ag_list)][0]
            procs.append([str(pid), pcode, limit, cutoff or N, str(fee) if fee is not None
                          else N, _esc(docs or "[]"), _esc(dept or ag_list[i % 40][1]), acode,
                          _esc(json.dumps({"to": dept or ag_list[i % 40][1]},
                                          ensure_ascii=False))])
            weights.append(1.0 / (1 + i % 97) ** 0.8 * rnd.uniform(0.5, 1.5))
        # drop secondary indexes, unique constraints and foreign keys; keep their definitions
        saved = _drop_indexes(conn)
    first = (now - timedelta(days=3 * 365)).date()
    days = Days(first, now.date())
    n_days = len(days.days)
    per_day = distribute(n, unit_list, n_days)
    unit_rows = [(c, nm, k, ids[c]) for c, nm, k in unit_list]
    ctx_json = json.dumps({"units": unit_rows, "procedures": procs, "proc_weights": weights,
                           "agencies": ag_list})
    w = max(1, args.workers)
    shares: list[list[int]] = [[] for _ in range(w)]
    load = [0] * w
    for ui in sorted(range(len(unit_list)), key=lambda u: -sum(per_day[u])):
        j = load.index(min(load))
        shares[j].append(ui)
        load[j] += sum(per_day[ui])
    t1 = time.perf_counter()
    jobs = [(args.url, j, sorted(shares[j]), per_day, first.isoformat(), now.isoformat(),
             ctx_json) for j in range(w)]
    if w == 1:
        results = [worker(jobs[0])]
    else:
        with multiprocessing.get_context("fork").Pool(w) as pool:
            results = pool.map(worker, jobs)
    nd, ne = sum(r[0] for r in results), sum(r[1] for r in results)
    t2 = time.perf_counter()
    print(f"COPY: {nd:,} dossiers, {ne:,} events in {t2 - t1:.0f} s "
          f"({nd / (t2 - t1):,.0f} dossiers/s)", flush=True)
    # the indexes of the two tables in two sessions at once, then the constraints
    from concurrent.futures import ThreadPoolExecutor
    indexes = [s for s in saved if s.startswith("CREATE")]
    lanes = [[s for s in indexes if " ON public.dossier_event " in s],
             [s for s in indexes if " ON public.dossier_event " not in s],
             [s for s in saved if not s.startswith("CREATE")]]

    def run(statements: list[str]) -> None:
        with psycopg.connect(args.url, autocommit=True) as c:
            c.execute("SET maintenance_work_mem = '1GB'")
            for sql in statements:
                t = time.perf_counter()
                c.execute(sql)
                print(f"  {time.perf_counter() - t:6.1f} s  {sql[:110]}", flush=True)

    with ThreadPoolExecutor(2) as ex:
        list(ex.map(run, lanes[:2]))
    run(lanes[2])
    with psycopg.connect(args.url, autocommit=True) as conn:
        t3 = time.perf_counter()
        print(f"indexes and constraints: {t3 - t2:.0f} s", flush=True)
        conn.execute("VACUUM (ANALYZE) dossier")
        conn.execute("VACUUM (ANALYZE) dossier_event")
        conn.execute("ANALYZE")
        t4 = time.perf_counter()
        print(f"vacuum analyze: {t4 - t3:.0f} s", flush=True)
        print(f"total {t4 - t0:.0f} s; {_sizes(conn)}", flush=True)
    return 0


def _create_db(url: str) -> None:
    from sqlalchemy.engine import make_url
    u = make_url(url)
    admin = u.set(database="postgres").render_as_string(hide_password=False).replace(
        "postgresql+psycopg", "postgresql")
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                            (u.database,)).fetchone():
            conn.execute(f'CREATE DATABASE "{u.database}"')


#: Tables the load writes (their secondary objects are dropped and re-made around it).
LOADED = ("dossier", "dossier_event")


def _drop_indexes(conn: psycopg.Connection) -> list[str]:
    """Drop the load tables' foreign keys, unique constraints and secondary indexes; return
    the statements that re-create them (constraints after indexes)."""
    cons = conn.execute(
        "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), contype "
        "FROM pg_constraint WHERE conrelid::regclass::text = ANY(%s) AND contype IN ('f', 'u') "
        "ORDER BY contype DESC, conname", (list(LOADED),)).fetchall()
    idx = conn.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid::regclass::text = ANY(%s) AND NOT i.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        (list(LOADED),)).fetchall()
    redo = [f"ALTER TABLE {t} ADD CONSTRAINT {c} {d}" for t, c, d, k in cons if k == "u"]
    redo = [d for _n, d in idx] + redo
    redo += [f"ALTER TABLE {t} ADD CONSTRAINT {c} {d}" for t, c, d, k in cons if k == "f"]
    for t, c, _d, k in cons:
        if k == "f":
            conn.execute(f"ALTER TABLE {t} DROP CONSTRAINT {c}")
    for t, c, _d, k in cons:
        if k == "u":
            conn.execute(f"ALTER TABLE {t} DROP CONSTRAINT {c}")
    for name, _d in idx:
        conn.execute(f"DROP INDEX {name}")
    return redo


if __name__ == "__main__":
    sys.exit(main())
