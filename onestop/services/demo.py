"""Demo data: realistic dossiers over the past 12 months, through a bulk path.

Every dossier's events are generated first and its state is computed by the same projection
the services use (``domain.workflow.project``), so demo rows are indistinguishable from real
ones: codes follow the allocation rule, events are hash-chained per counter origin, and every
status and timeliness class occurs (some dossiers are overdue). Rows are written with
SQLAlchemy Core ``executemany`` in chunks, which is what makes 1,000,000 dossiers take
minutes. Demo rows are not queued for sync.

On SQLite a demo that at least doubles the dossiers loads them without the secondary indexes
of ``dossier`` and ``dossier_event`` and builds each once at the end (one sort instead of a
million random updates; the unique constraints stay and check every row):
:mod:`onestop.storage.bulkindex` records what it dropped in the same transaction, so a
demo killed half-way leaves a database whose next open re-creates them. The SQLite rows are
made directly as the values SQLAlchemy's types store (events hashed from their texts by
:func:`onestop.storage.chain.event_hash`); a test compares both paths byte for byte.

The demo tells the truth about the desk it imitates:

* **Walk-in and postal dossiers** are received at the counters 1–4, each staffed by its
  officer (``canbo1`` at counter 1 … ``canbo4`` at counter 4, the demo accounts); a database
  of more dossiers than four counters can number in a year (benchmarks) opens counters 5–9,
  staffed by the same officers in turn.
* **Online and VNeID dossiers** do not walk in: they are imported centrally from the online
  portal, so they are numbered in the central block ``K = 0`` (``…-0SSS``, register book
  ``00/YYYY``, see :mod:`onestop.domain.codes`) and recorded by the ``system`` account, with
  no counter officer.
* The ``received`` event records the dossier's real channel (and its procedure), as
  :func:`onestop.services.reception.receive` does.
* Each dossier's documents are its procedure's checklist; procedures whose checklist the
  catalogue lacks are left out of the demo (their receipts would print an empty table).
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import multiprocessing
import os
import random
import sys
import time as _time
from time import time_ns
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from sqlalchemy import func, insert, literal_column, select

from onestop import faults
from onestop.domain import codes
from onestop.domain import text as tx
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.domain.validation import citizen_id_for
from onestop.services import audit, permissions, users
from onestop.services.context import SYSTEM_USER, Context
from onestop.services.dossiers import parse_hhmm
from onestop.services.errors import Unavailable
from onestop.services.users import DEMO_MARK, is_demo  # noqa: F401 (re-exported)
from onestop.storage import bulkindex, search
from onestop.storage.chain import canonical, chain_tip, event_hash
from onestop.storage.models import (
    CURSOR, K_CENTRAL, Agency, AuditEntry, Dossier, DossierEvent, LocalSetting, Procedure,
)
from onestop.services.errors import ValidationError
from sqlalchemy.orm import Session
import uuid
from onestop.services.agencies import agency_of, unit_of
from onestop.domain.units import NamesAtReceipt

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
          "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trịnh", "Mai", "Lương", "K'"]
MIDDLE_M = ["Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Gia", "Xuân", "Đình"]
MIDDLE_F = ["Thị", "Ngọc", "Thu", "Thanh", "Minh", "Khánh", "Diệu", "Bảo", "Mỹ", "Hồng"]
GIVEN_M = ["An", "Bình", "Cường", "Dũng", "Đạt", "Hải", "Hiếu", "Hùng", "Khoa", "Long",
           "Nam", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Tuấn", "Việt", "Vinh", "Đông"]
GIVEN_F = ["Anh", "Châu", "Dung", "Giang", "Hà", "Hằng", "Hương", "Lan", "Linh", "Mai",
           "Ngân", "Nhung", "Oanh", "Phương", "Quỳnh", "Thảo", "Trang", "Tuyết", "Uyên", "Yến"]
PROVINCES = ["068", "067", "060", "001", "079", "048", "038", "040", "052", "066"]
STREETS = ["Trần Phú", "Phan Đình Phùng", "Hùng Vương", "Lê Hồng Phong", "Ba Tháng Hai",
           "Nguyễn Văn Cừ", "Yersin", "Bùi Thị Xuân", "Hai Bà Trưng", "Quang Trung"]
WARDS = ["Phường Xuân Hương - Đà Lạt", "Phường Lâm Viên - Đà Lạt", "Phường Bảo Lộc",
         "Xã Đức Trọng", "Phường Phan Thiết", "Phường Gia Nghĩa", "Xã Di Linh"]
OFFICERS = ["canbo1", "canbo2", "canbo3", "canbo4"]
#: Counter number of the dossiers created centrally (online portal and VNeID imports).
CENTRAL_COUNTER = 0
#: Who records the central imports (the built-in account of non-interactive work).
CENTRAL_USER = SYSTEM_USER
#: Channels of dossiers received at a counter, and of central imports, with their weights.
WALK_IN_CHANNELS = ["direct"] * 7 + ["post"]
CENTRAL_CHANNELS = ["online"] * 3 + ["vneid"]
#: The desk's receipts, in minutes after midnight (agency time): 07:30 to 16:45.
FIRST_MINUTE, LAST_MINUTE = 7 * 60 + 30, 16 * 60 + 45
#: Above this many dossiers counters 5–9 open too (a counter numbers 999 dossiers a day).
FOUR_COUNTERS_MAX = 400_000
CHUNK = 20_000


@dataclass
class _Plan:
    """What happens to one demo dossier, as event kinds with local times."""

    events: list[tuple[str, datetime, dict[str, Any]]]


def generate(ctx: Context, n: int, seed: int = 1, workers: int | None = None) -> dict[str, Any]:
    """Add ``n`` demo dossiers; returns counts and the wall time.

    On SQLite with many dossiers the rows are generated by worker processes, each owning a
    disjoint set of counters (so their codes, register numbers and event chains never
    interleave), while this process only writes.
    """
    if n < 0 or n > 5_000_000:
        raise ValidationError("dossiers", "number_range", min=0, max=5_000_000)
    started = _time.perf_counter()
    with ctx.reading() as session:
        permissions.require(session, ctx, "settings")
    with ctx.transaction() as session:  # checked and marked at once: no receipt slips between
        _refuse_unless_demo(session)
        _mark_demo(session)
        _legacy_codes(ctx, session)
    with ctx.reading() as session:
        job = _job(ctx, session, n, seed)
    sqlite = ctx.engine.dialect.name == "sqlite"
    if workers is None:
        workers = min(2, os.cpu_count() or 1) if sqlite and n >= 50_000 else 0
    dossiers = events = 0
    # at least doubling the dossiers: load without the secondary indexes, build them after
    unindexed = sqlite and n > 0 and n >= job.existing
    if unindexed:
        with ctx.engine.begin() as conn:
            bulkindex.drop(conn, (Dossier.__tablename__, DossierEvent.__tablename__))
    try:
        for d_rows, e_rows in _produce(job, workers, sqlite):
            with ctx.engine.begin() as conn:
                if sqlite:
                    conn.exec_driver_sql("PRAGMA cache_size=-262144")  # 256 MiB for the indexes
                with search.bulk(conn):   # the name index in one statement per chunk
                    _write_rows(conn, Dossier.__table__, d_rows, sqlite)
                _write_rows(conn, DossierEvent.__table__, e_rows, sqlite)
            dossiers += len(d_rows[1]) if sqlite else len(d_rows)
            events += len(e_rows[1]) if sqlite else len(e_rows)
            faults.hit("demo.after_chunk")
    finally:
        # also after an error; a killed process leaves the record for the next open
        if unindexed:
            with ctx.engine.begin() as conn:
                # the generators are done: the index sorts may use both cores
                conn.exec_driver_sql("PRAGMA cache_size=-262144")
                conn.exec_driver_sql(f"PRAGMA threads={min(4, os.cpu_count() or 1)}")
                try:
                    bulkindex.restore(conn)
                finally:
                    conn.exec_driver_sql("PRAGMA threads=0")
    with ctx.transaction() as session:
        audit.append(session, ctx.actor(session), "demo.generate", target=str(n), seed=seed)
    return {"dossiers": dossiers, "events": events, "accounts": ensure_demo_accounts(ctx),
            "seconds": round(_time.perf_counter() - started, 1)}


def is_joined(session: Session) -> bool:
    """Whether this database was ever joined to a central server or synced with one."""
    synced = session.scalar(select(func.count()).select_from(LocalSetting).where(
        (LocalSetting.key == K_CENTRAL) | LocalSetting.key.like(CURSOR + "%")))
    joined = session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action == "sync.join"))
    return bool(synced or joined)


def _refuse_unless_demo(session: Session) -> None:
    """Demo dossiers only go into a database of their own.

    Raises:
        ValidationError: the database is joined to a central server (fake dossiers would be
            pushed to every counter and break the audit there) or holds real dossiers.
    """

    if is_joined(session):
        raise ValidationError("db", "demo_on_joined")
    if not is_demo(session) and session.scalar(select(func.count(Dossier.id))):
        raise ValidationError("db", "demo_on_real_data")


def check_demo_allowed(ctx: Context) -> None:
    """Refuse ``demo`` before anything is written (the CLI calls it before ``init``).

    Raises:
        Forbidden: the acting user may not change settings (checked first, audited).
        ValidationError: see :func:`_refuse_unless_demo`.
    """
    try:
        with ctx.reading() as session:
            permissions.require(session, ctx, "settings")
            _refuse_unless_demo(session)
    except Unavailable as exc:
        if exc.code != "not_initialised":
            raise  # a fresh file has no tables yet: nothing real in it


def _legacy_codes(ctx: Context, session: Any) -> None:
    """The bulk demo numbers like the desks of the earlier releases (``code_block`` 1000:
    nine counters of 999 dossiers a day, room for a million dossiers a year)."""
    agency = session.get(Agency, ctx.identity(session).agency_id)
    if agency is not None and int(ctx.agency_settings(agency)["code_block"]) != \
            codes.LEGACY_BLOCK:
        agency.settings = {**(agency.settings or {}), "code_block": codes.LEGACY_BLOCK}


def _mark_demo(session: Session) -> None:
    if session.get(LocalSetting, DEMO_MARK) is None:
        session.add(LocalSetting(key=DEMO_MARK, value="1"))


#: Accounts a demo database gets so evaluators can log in (documented in the README).
DEMO_PASSWORD = "Demo@2026"
DEMO_ACCOUNTS = (
    ("admin", "admin", "Nguyễn Quản Trị"),
    ("giamsat", "supervisor", "Trần Thị Giám Sát"),
    *((name, "officer", full) for name, full in (
        ("canbo1", "Lê Văn Một"), ("canbo2", "Phạm Thị Hai"), ("canbo3", "Hoàng Văn Ba"),
        ("canbo4", "Đỗ Thị Bốn"))),
)


def ensure_demo_accounts(ctx: Context) -> list[str]:
    """Create the demo accounts that do not exist yet (password :data:`DEMO_PASSWORD`)."""
    existing = {u.username for u in users.list_users(ctx)}
    made = []
    for username, role, full_name in DEMO_ACCOUNTS:
        if username not in existing:
            users.add_user(ctx, username, role, full_name, DEMO_PASSWORD)
            made.append(username)
    return made


@dataclass(frozen=True)
class _Job:
    """Everything a generator needs, as plain picklable data."""

    n: int
    seed: int
    overrides: tuple[Any, ...]
    office: Any
    agency_id: Any
    agency_code: str
    procs: list[Any]
    now: datetime
    seqs: dict[str, int]
    regs: dict[str, int]
    tips: dict[int, tuple[int, str]]
    settings: dict[str, Any]
    counters: tuple[int, ...]
    #: the unit, handling agency and return point as at receipt (all the desk's own agency)
    names: dict[str, Any] = dataclasses.field(default_factory=dict)
    #: dossiers already in the database
    existing: int = 0


def demo_counters(n: int) -> tuple[int, ...]:
    """The central block and the walk-in counters a demo of ``n`` dossiers uses."""
    last = 4 if n <= FOUR_COUNTERS_MAX else codes.max_counter(codes.LEGACY_BLOCK)
    return (CENTRAL_COUNTER, *range(1, last + 1))


def counter_user(counter: int) -> str:
    """Who receives at ``counter``: its officer, or the central import."""
    return CENTRAL_USER if counter == CENTRAL_COUNTER else OFFICERS[(counter - 1) % len(OFFICERS)]


def _job(ctx: Context, session: Any, n: int, seed: int) -> _Job:
    ident = ctx.identity(session)
    agency = session.get(Agency, ident.agency_id)
    assert agency is not None
    cal = ctx.calendar(session, agency)
    procs = [(p.id, p.code, p.time_limit_days, parse_hhmm(p.cutoff), p.department,
              [{"name": d["name"], "original": 1, "copy": 0} for d in p.documents or []])
             for p in session.scalars(select(Procedure).where(Procedure.active.is_(True))
                                      .order_by(Procedure.code))]
    # documents follow the checklist: a procedure without one would print an empty table
    procs = [p for p in procs if p[5]] or procs
    counters = demo_counters(n)
    return _Job(n, seed, cal.overrides, cal.office, agency.id, agency.code, procs, ctx.now(),
                _code_tips(session, agency.code), _register_tips(session, agency.id),
                {k: chain_tip(session, DossierEvent, f"{agency.code}#{k}") for k in counters},
                ctx.agency_settings(agency), counters, _names(agency),
                session.scalar(select(func.count(Dossier.id))) or 0)


def _names(agency: Agency) -> dict[str, Any]:

    unit = unit_of(agency).frozen()
    return NamesAtReceipt(unit, agency_of(agency).frozen(), unit).as_json()


def _share(job: _Job, counters: tuple[int, ...]) -> int:
    """How many of the ``n`` dossiers the generator owning ``counters`` makes."""
    total = len(job.counters)
    per = {c: job.n * (i + 1) // total - job.n * i // total for i, c in enumerate(job.counters)}
    return sum(per[c] for c in counters)


def _run(job: _Job, counters: tuple[int, ...], sqlite: bool) -> Iterator[tuple[list[Any], list[Any]]]:
    cal = WorkCalendar(job.overrides, office=job.office)
    rng = _Draws(f"{job.seed}:{counters}")
    gen = _Generator(rng, cal, job, counters, sqlite)
    for d_rows, e_rows in gen.chunks(_share(job, counters)):
        if sqlite:   # the rows are already the values SQLite stores (_Generator._one)
            yield (list(DOSSIER_COLUMNS), d_rows), (list(EVENT_COLUMNS), e_rows)
        else:
            yield d_rows, e_rows


def _worker(job: _Job, counters: tuple[int, ...], queue: Any) -> None:
    try:
        for chunk in _run(job, counters, True):
            queue.put(chunk)
    finally:
        queue.put(None)


def _produce(job: _Job, workers: int, sqlite: bool) -> Iterator[tuple[list[Any], list[Any]]]:
    """Chunks of rows, from this process or from ``workers`` processes."""
    if workers < 2:
        yield from _run(job, job.counters, sqlite)
        return
    mp = multiprocessing.get_context("spawn" if sys.platform == "win32" else "fork")
    queue = mp.Queue(maxsize=4)
    parts = [job.counters[w::workers] for w in range(workers)]
    procs = [mp.Process(target=_worker, args=(job, part, queue), daemon=True) for part in parts]
    for p in procs:
        p.start()
    done = 0
    try:
        while done < len(procs):
            chunk = queue.get()
            if chunk is None:
                done += 1
            else:
                yield chunk
    finally:
        for p in procs:
            p.join(timeout=5)
    if any(p.exitcode for p in procs):
        raise RuntimeError("demo: a generator process failed")


def _write_rows(conn: Any, table: Any, rows: Any, sqlite: bool) -> None:
    if not rows:
        return
    if sqlite:
        cols, data = rows
        sql = (f"INSERT INTO {table.name} ({', '.join(cols)}) "
               f"VALUES ({', '.join('?' for _ in cols)})")
        conn.exec_driver_sql(sql, data)
    else:
        conn.execute(insert(table), rows)


def _shared_json() -> Any:
    """An encoder that encodes each distinct object once (by identity, kept alive)."""
    memo: dict[int, tuple[Any, str]] = {}

    def encode(value: Any) -> str:
        hit = memo.get(id(value))
        if hit is not None and hit[0] is value:
            return hit[1]
        text = _JSON(value)
        memo[id(value)] = (value, text)
        return text
    return encode


def _last_value(convert: Any) -> Any:
    """``convert`` remembering its last argument: a row's instants are often one object
    (an event's ``at``, ``created_at`` and ``updated_at``; a dossier's receipt and creation)."""
    last: list[Any] = [None, None]

    def again(value: Any) -> Any:
        if value is not last[0]:
            last[0], last[1] = value, convert(value)
        return last[1]
    return again


_UTC = timezone.utc
_JSON = json.JSONEncoder().encode  # the same text json.dumps gives, minus its per-call set-up


def _sqlite_datetime(v: datetime | None) -> str | None:
    if v is None:
        return None
    if v.tzinfo is _UTC:   # the generator's instants: skip the conversion ("+00:00" cut)
        return v.isoformat(" ", "microseconds")[:-6]
    return v.astimezone(_UTC).replace(tzinfo=None).isoformat(" ", "microseconds")


_UUID_HEX = uuid.UUID.hex.fget   # type: ignore[attr-defined]


def _dashed(hex_: str) -> str:
    """``str(uuid.UUID(hex_))`` of a 32-digit lower-case hex."""
    return f"{hex_[:8]}-{hex_[8:12]}-{hex_[12:16]}-{hex_[16:20]}-{hex_[20:]}"


def _code_tips(session: Session, agency_code: str) -> dict[str, int]:
    """Highest ordinal already used per day prefix (so demo codes never collide)."""
    prefix_len = len(agency_code) + 9  # "-YYMMDD-K"
    # literal lengths: PostgreSQL does not match GROUP BY expressions with bound parameters
    prefix = func.substr(Dossier.code, literal_column("1"), literal_column(str(prefix_len)))
    rows = session.execute(select(prefix, func.max(Dossier.code)).group_by(prefix))
    return {p: int(c[-3:]) for p, c in rows}


def _register_tips(session: Session, agency_id: uuid.UUID) -> dict[str, int]:
    rows = session.execute(select(Dossier.register_book, func.max(Dossier.register_no))
                           .where(Dossier.agency_id == agency_id)
                           .group_by(Dossier.register_book))
    return {b: int(n) for b, n in rows}


#: The columns of a dossier row as :meth:`_Generator._one` makes it for SQLite.
DOSSIER_COLUMNS = (
    "id", "created_at", "updated_at", "version", "code", "agency_id", "counter_no",
    "procedure_id", "applicant_name", "applicant_folded", "id_number", "birth_date", "phone",
    "address", "email", "org_name", "channel", "sets", "documents", "fee_vnd", "fee_paid",
    "notes", "received_at", "received_by", "register_book", "register_no", "time_limit_days",
    "cutoff", "status", "due_at", "sla_due_at", "finished_at", "returned_at", "paused_since",
    "reschedules", "rating", "rating_comment", "returned_by", "timeliness", "department",
    "unit_code", "agency_code", "return_unit_code", "names_at_receipt")
#: The columns of an event row as :meth:`_Generator._event_tuples` makes it for SQLite.
EVENT_COLUMNS = ("id", "created_at", "updated_at", "version", "dossier_id", "kind", "at",
                 "user_name", "counter_no", "origin", "seq", "payload", "prev_hash", "hash")


def _uuid7_int() -> int:
    """The 128 bits of :func:`onestop.storage.models.uuid7` (the same layout), as an int;
    the random bits read from ``os.urandom`` 40 KiB at a time."""
    global _random_bytes, _random_at
    if _random_at >= len(_random_bytes):
        _random_bytes, _random_at = os.urandom(40_960), 0
    rand = int.from_bytes(_random_bytes[_random_at:_random_at + 10], "big")
    _random_at += 10
    return ((time_ns() // 1_000_000 & _MS_MASK) << 80 | 0x7 << 76
            | ((rand >> 62) & 0xFFF) << 64 | 0b10 << 62 | rand & _RAND_MASK)


_MS_MASK, _RAND_MASK = (1 << 48) - 1, (1 << 62) - 1
_random_bytes, _random_at = b"", 0


def _fresh_random_bytes() -> None:
    """A forked generator never reuses its parent's unread random bytes (duplicate ids)."""
    global _random_bytes, _random_at
    _random_bytes, _random_at = b"", 0


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_fresh_random_bytes)


class _Draws(random.Random):
    """``random.Random`` drawing exactly the same numbers with fewer Python calls per draw
    (``randint`` and ``choice`` without the ``randrange``/``_randbelow`` layers: the demo
    draws some 25 numbers a dossier). A test compares the two streams."""

    def randint(self, a: int, b: int) -> int:
        n = b - a + 1
        k, bits = n.bit_length(), self.getrandbits
        r = bits(k)
        while r >= n:
            r = bits(k)
        return a + r

    def choice(self, seq: Any) -> Any:
        n = len(seq)
        if not n:
            raise IndexError("Cannot choose from an empty sequence")
        k, bits = n.bit_length(), self.getrandbits
        r = bits(k)
        while r >= n:
            r = bits(k)
        return seq[r]


#: The finishing day's offset from the due day, and its cumulative weights.
_OFFSETS = [-3, -2, -1, 0, 0, 1, 2, 4]
_OFFSET_CUM = list(itertools.accumulate([8, 14, 20, 30, 10, 8, 6, 4]))


class _Generator:
    def __init__(self, rng: random.Random, cal: WorkCalendar, job: _Job,
                 counters: tuple[int, ...], sqlite: bool = False) -> None:
        self.rng, self.cal, self.now, self.counters = rng, cal, job.now, counters
        self.sqlite = sqlite
        self._events = self._event_tuples if sqlite else self._event_dicts
        self.agency_hex = _UUID_HEX(job.agency_id)
        self.hexes: dict[Any, str] = {}
        self.shared_json = _shared_json()   # a procedure's checklist encoded once
        self.names_json = _JSON(job.names)
        self._instant = _last_value(_sqlite_datetime)
        #: an event payload's canonical and stored JSON by its repr (few distinct payloads)
        self._payload_texts: dict[str, tuple[str, str]] = {}
        self.agency_code, self.agency_id, self.procs = job.agency_code, job.agency_id, job.procs
        self.seqs, self.regs, self.tips = dict(job.seqs), dict(job.regs), dict(job.tips)
        self.settings, self.names = job.settings, job.names
        local_now = job.now.astimezone(VN_TZ)
        today = local_now.date()
        # receipts happen in office hours: today only once the desk has been open a while
        self.last_minute = local_now.hour * 60 + local_now.minute - 1
        open_today = self.last_minute >= FIRST_MINUTE
        self.days = [d for d in (today - timedelta(days=i) for i in range(365, -1, -1))
                     if cal.is_working_day(d) and (d < today or open_today)]
        self.today = today
        self.weights = [8 if p[2] in (0, 5) else 3 if p[2] else 1 for p in self.procs]
        self.cum_weights = list(itertools.accumulate(self.weights))   # what choices sums
        self.soon = int(self.settings.get("due_soon_days", 1))

    def chunks(self, n: int) -> Iterator[tuple[list[dict[str, Any]], list[dict[str, Any]]]]:
        d_rows: list[dict[str, Any]] = []
        e_rows: list[dict[str, Any]] = []
        for _ in range(n):
            self._one(d_rows, e_rows)
            if len(d_rows) >= CHUNK:
                yield d_rows, e_rows
                d_rows, e_rows = [], []
        if d_rows:
            yield d_rows, e_rows

    def _slot(self) -> tuple[date, int, str]:
        """A receipt day and counter with ordinals left, and the code."""
        for _ in range(100):
            day = self.rng.choice(self.days)
            counter = self.rng.choice(self.counters)
            prefix = codes.day_prefix(self.agency_code, day, counter)
            seq = self.seqs.get(prefix, 0) + 1
            if seq <= codes.MAX_DAILY_SEQ:
                self.seqs[prefix] = seq
                return day, counter, codes.make_code(self.agency_code, day, counter, seq)
        raise RuntimeError("demo: no free dossier codes left in the past year")

    def _received_at(self, day: date) -> datetime:
        last = min(LAST_MINUTE, self.last_minute) if day == self.today else LAST_MINUTE
        minute = self.rng.randint(FIRST_MINUTE, last)
        local = datetime.combine(day, time(minute // 60, minute % 60, self.rng.randint(0, 59)),
                                 VN_TZ)
        return min(local.astimezone(timezone.utc), self.now - timedelta(minutes=1))

    def _person(self) -> dict[str, Any]:
        r = self.rng
        female = r.random() < 0.55
        name = " ".join([r.choice(FAMILY), r.choice(MIDDLE_F if female else MIDDLE_M),
                         r.choice(GIVEN_F if female else GIVEN_M)]).replace("K' ", "K'")
        birth = date(r.randint(1955, 2008), r.randint(1, 12), r.randint(1, 28))
        ident = citizen_id_for(r.choice(PROVINCES), birth, female, r.randint(0, 999_999))
        phone = r.choice(["09", "08", "03", "07", "05"]) + f"{r.randint(0, 99_999_999):08d}"
        address = f"{r.randint(1, 250)} {r.choice(STREETS)}, {r.choice(WARDS)}, Lâm Đồng"
        return {"applicant_name": name, "applicant_folded": tx.fold(name), "id_number": ident,
                "birth_date": birth, "phone": phone, "address": address,
                "email": None if r.random() < 0.7 else f"congdan{r.randint(1, 99999)}@gmail.com"}

    def _one(self, d_rows: list[dict[str, Any]], e_rows: list[dict[str, Any]]) -> None:
        r = self.rng
        proc = r.choices(self.procs, cum_weights=self.cum_weights)[0]
        pid, pcode, days, cutoff, dept, docs = proc
        day, counter, code = self._slot()
        received = self._received_at(day)
        officer = counter_user(counter)
        channel = r.choice(CENTRAL_CHANNELS if counter == CENTRAL_COUNTER else WALK_IN_CHANNELS)
        terms = wf.Terms(received, days, cutoff, self.settings.get("resume_policy", "restart"))
        plan = self._plan(terms, dept, {"procedure": pcode, "channel": channel})
        dossier_int = _uuid7_int()
        records = [wf.EventRecord(k, at, p, counter, i, user=officer)
                   for i, (k, at, p) in enumerate(plan.events)]
        p = wf.project(terms, records, self.cal)
        book = codes.register_book(counter, day.year)
        reg = self.regs.get(book, 0) + 1
        self.regs[book] = reg
        person = self._person()
        sets = 1 if r.random() < 0.9 else 2
        timeliness = wf.classify(p, self.now, self.cal, self.soon)
        cutoff_text = cutoff and cutoff.strftime("%H:%M")
        updated = plan.events[-1][1]
        code_of = self.agency_code
        if self.sqlite:   # the values SQLAlchemy's types store, in DOSSIER_COLUMNS' order
            dt = _sqlite_datetime
            stored_received = dt(received)
            pid_hex = self.hexes.get(pid)
            if pid_hex is None:
                pid_hex = self.hexes[pid] = _UUID_HEX(pid)
            d_rows.append((
                f"{dossier_int:032x}", stored_received,
                stored_received if updated is received else dt(updated), len(plan.events),
                code, self.agency_hex, counter, pid_hex, person["applicant_name"],
                person["applicant_folded"], person["id_number"],
                person["birth_date"].isoformat(), person["phone"], person["address"],
                person["email"], None, channel, sets, self.shared_json(docs), None, 0, None,
                stored_received, officer, book, reg, days, cutoff_text, p.status, dt(p.due_at),
                dt(p.sla_due_at), dt(p.finished_at), dt(p.returned_at), dt(p.paused_since),
                p.reschedules, p.rating, p.rating_comment, p.returned_by, timeliness, dept,
                code_of, code_of, code_of, self.names_json))
        else:
            d_rows.append({
                "id": uuid.UUID(int=dossier_int), "created_at": received, "updated_at": updated,
                "version": len(plan.events), "code": code, "agency_id": self.agency_id,
                "counter_no": counter, "procedure_id": pid, **person, "org_name": None,
                "channel": channel, "sets": sets,
                "documents": docs, "fee_vnd": None, "fee_paid": False, "notes": None,
                "received_at": received, "received_by": officer, "register_book": book,
                "register_no": reg, "time_limit_days": days, "cutoff": cutoff_text,
                "status": p.status, "due_at": p.due_at, "sla_due_at": p.sla_due_at,
                "finished_at": p.finished_at, "returned_at": p.returned_at,
                "paused_since": p.paused_since, "reschedules": p.reschedules,
                "rating": p.rating, "rating_comment": p.rating_comment,
                "returned_by": p.returned_by, "timeliness": timeliness, "department": dept,
                "unit_code": code_of, "agency_code": code_of, "return_unit_code": code_of,
                "names_at_receipt": self.names,
            })
        self._events(e_rows, plan.events, dossier_int, counter, officer)

    def _event_dicts(self, e_rows: list[Any], events: list[tuple[str, datetime, dict[str, Any]]],
                     dossier_int: int, counter: int, officer: str) -> None:
        """The dossier's events as rows of Python values, hash-chained on their counter."""
        origin = f"{self.agency_code}#{counter}"
        dossier_id = uuid.UUID(int=dossier_int)
        dossier_text = str(dossier_id)
        seq, prev = self.tips[counter]
        for kind, at, payload in events:
            seq += 1
            event_id = uuid.UUID(int=_uuid7_int())
            hash_ = event_hash(prev, str(event_id), dossier_text, kind, at.isoformat(), officer,
                               counter, origin, seq, canonical(payload))
            e_rows.append({"id": event_id, "dossier_id": dossier_id, "kind": kind, "at": at,
                           "user_name": officer, "counter_no": counter, "origin": origin,
                           "seq": seq, "payload": payload, "hash": hash_, "prev_hash": prev,
                           "created_at": at, "updated_at": at, "version": 1})
            prev = hash_
        self.tips[counter] = (seq, prev)

    def _event_tuples(self, e_rows: list[Any], events: list[tuple[str, datetime, dict[str, Any]]],
                      dossier_int: int, counter: int, officer: str) -> None:
        """The same rows directly as the values SQLAlchemy's SQLite types store
        (:data:`EVENT_COLUMNS`; the hot loop of a million-dossier demo: no dict, no UUID
        object, each instant's text made once). A test compares them with :func:`_to_tuples`
        of :meth:`_event_dicts`."""
        origin = f"{self.agency_code}#{counter}"
        dossier_hex = f"{dossier_int:032x}"
        dossier_text = _dashed(dossier_hex)
        instant, texts = self._instant, self._payload_texts
        seq, prev = self.tips[counter]
        for kind, at, payload in events:
            seq += 1
            event_hex = f"{_uuid7_int():032x}"
            key = repr(payload)   # its content in its order: both texts follow from it
            text = texts.get(key)
            if text is None:
                text = texts[key] = (canonical(payload), _JSON(payload))
            iso = at.isoformat()
            hash_ = event_hash(prev, _dashed(event_hex), dossier_text, kind, iso,
                               officer, counter, origin, seq, text[0])
            # the stored text from the same ISO text: "YYYY-MM-DD HH:MM:SS.ffffff" in UTC
            stored_at = (f"{iso[:10]} {iso[11:19]}.000000"
                         if len(iso) == 25 and iso[19:] == "+00:00" else instant(at))
            e_rows.append((event_hex, stored_at, stored_at, 1, dossier_hex, kind, stored_at,
                           officer, counter, origin, seq, text[1], prev, hash_))
            prev = hash_
        self.tips[counter] = (seq, prev)

    # --- lifecycles -----------------------------------------------------------------------

    def _at(self, day: date, base: datetime) -> datetime:
        """A moment on ``day`` in office hours, never before ``base`` nor after now."""
        minute = self.rng.randint(8 * 60, 16 * 60 + 30)
        local = datetime.combine(day, time(minute // 60, minute % 60), VN_TZ)
        return max(base + timedelta(minutes=5), local.astimezone(timezone.utc))

    def _plan(self, terms: wf.Terms, dept: str, receipt: dict[str, Any]) -> _Plan:
        """The events of one dossier; ``receipt`` is the ``received`` payload (procedure and
        channel, as the reception service records them)."""
        r, cal, now = self.rng, self.cal, self.now
        received = terms.received_at
        ev: list[tuple[str, datetime, dict[str, Any]]] = [("received", received, receipt)]
        roll = r.random()
        if roll < 0.01:
            ev[0] = ("received", received, {**receipt, "intake_refusal": True,
                                            "reason": "Hồ sơ không thuộc thẩm quyền giải quyết"})
            return _Plan(ev)
        local_day = received.astimezone(VN_TZ).date()
        limit = terms.time_limit_days
        due_day = cal.add_working_days(local_day, limit if limit is not None else r.randint(3, 20))
        t = received + timedelta(minutes=r.randint(20, 240))
        if t >= now:
            return _Plan(ev)
        ev.append(("transfer", t, {"to": dept or "Phòng chuyên môn"}))
        if roll < 0.02:
            return _Plan(ev + [("void", t + timedelta(minutes=10),
                                {"reason": "Nhập trùng hồ sơ"})])
        if roll < 0.05:
            return _Plan(ev + [("refuse", self._at(cal.add_working_days(local_day, 1), t),
                                {"reason": "Hồ sơ không đủ điều kiện theo quy định"})])
        if roll < 0.07:
            return _Plan(ev + [("withdraw", self._at(cal.add_working_days(local_day, 1), t),
                                {"reason": "Người nộp xin rút hồ sơ"})])
        if roll < 0.13 and limit:
            return self._supplement(ev, terms, local_day, t)
        if roll < 0.16 and limit:
            return self._rescheduled(ev, due_day, t)
        # finished around the due day: mostly early or on time, some late, some still open
        offset = r.choices(_OFFSETS, cum_weights=_OFFSET_CUM)[0]
        finish_day = cal.add_working_days(due_day, offset) if offset else due_day
        finish_day = max(finish_day, local_day)
        finished = self._at(finish_day, t)
        if finished >= now or r.random() < 0.04:
            return _Plan(ev)  # still in progress (on track, due soon or overdue)
        ev.append(("result-ready", finished, {}))
        ret = self._at(cal.add_working_days(finish_day, r.randint(0, 5)), finished)
        if ret < now and r.random() < 0.88:
            ev.append(("return", ret, {"collector": "Người nộp hồ sơ", **_demo_rating(ret)}))
        return _Plan(ev)

    def _supplement(self, ev: list[Any], terms: wf.Terms, day: date, t: datetime) -> _Plan:
        r, cal = self.rng, self.cal
        ask = self._at(cal.add_working_days(day, r.randint(1, 3)), t)
        if ask >= self.now:
            return _Plan(ev)
        ev.append(("supplement-request", ask, {"missing": ["Bản sao giấy khai sinh"],
                                               "reason": "Thiếu giấy tờ"}))
        back = self._at(cal.add_working_days(ask.astimezone(VN_TZ).date(), r.randint(2, 15)), ask)
        if back >= self.now or r.random() < 0.3:
            return _Plan(ev)  # still paused
        ev.append(("supplement-received", back, {}))
        new_due = cal.due(back, terms.time_limit_days or 0, terms.cutoff).due_at.date()
        done = self._at(cal.add_working_days(new_due, r.choice([-1, 0, 0, 1])), back)
        if done < self.now:
            ev.append(("result-ready", done, {}))
        return _Plan(ev)

    def _rescheduled(self, ev: list[Any], due_day: date, t: datetime) -> _Plan:
        cal = self.cal
        notice = self._at(cal.add_working_days(due_day, -1), t)
        if notice >= self.now:
            return _Plan(ev)
        new_day = cal.add_working_days(due_day, self.rng.randint(3, 10))
        new_due = datetime.combine(new_day, time(16, 0), VN_TZ)  # payload instants in +07:00
        ev.append(("reschedule", notice, {"reason": "Cần xác minh thêm thông tin",
                                          "new_due": new_due.isoformat()}))
        done = self._at(cal.add_working_days(due_day, self.rng.randint(1, 4)), notice)
        if done < self.now:
            ev.append(("result-ready", done, {}))
        return _Plan(ev)


def count_by_status(ctx: Context) -> dict[str, int]:
    with ctx.reading() as session:
        return dict(session.execute(select(Dossier.status, func.count()).group_by(Dossier.status)).all())  # type: ignore[arg-type]


def _demo_rating(returned: datetime) -> dict[str, str]:
    """A satisfaction rating for a demo return (issue 18), derived from its time so the
    generator's random sequence (and every other demo figure) stays as it was; 1 in 6 not
    rated."""
    n = int(returned.timestamp()) // 60 % 12
    if n < 2:
        return {}
    return {"rating": "very-satisfied" if n < 8 else "satisfied" if n < 11 else "dissatisfied"}
