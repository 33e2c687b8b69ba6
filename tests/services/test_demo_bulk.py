"""The bulk demo's fast paths store exactly what the ordinary path stores, and a bulk load
killed without its secondary indexes leaves a database whose next open re-creates them."""

from __future__ import annotations

import itertools
import json
import random
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import insert

from onestop.domain.calendar import VN_TZ
from onestop.services import demo
from onestop.services.context import Context, open_checked
from onestop.services.install import setup
from onestop.storage import bulkindex
from onestop.storage.chain import entry_hash, event_fields, verify_all
from onestop.storage.models import Dossier, DossierEvent
from tests import rawdb as sqlite3
from tests.support.cli import Runner
from tests.support.db import copy_sqlite

NOW = datetime(2026, 11, 26, 9, 30, tzinfo=VN_TZ)
TABLES = ("dossier", "dossier_event")


def _ctx(path: Path) -> Context:
    ctx = Context.open(f"sqlite:///{path}", clock=lambda: NOW)
    setup.init(ctx)
    return ctx


def _rows(ctx: Context, sqlite: bool, monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """One generator's chunks with the same ids on both paths (ids from a counter)."""
    ids = itertools.count(0x0190_0000_0000_7000_8000_0000_0000_0000)
    monkeypatch.setattr(demo, "_uuid7_int", lambda: next(ids))
    with ctx.reading() as session:
        job = demo._job(ctx, session, 300, 1)
    return list(demo._run(job, job.counters, sqlite))


def _stored(path: Path, table: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        cols = [r[1] for r in conn.execute(f"PRAGMA table_info({table})")]
        return conn.execute(f"SELECT {', '.join(cols)} FROM {table} ORDER BY id").fetchall()
    finally:
        conn.close()


def test_event_tuples_store_what_sqlalchemy_stores(tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    core, fast = tmp_path / "core.sqlite3", tmp_path / "fast.sqlite3"
    _ctx(core).engine.dispose()
    copy_sqlite(core, fast)   # the same agency and procedures in both
    ctx_core = Context.open(f"sqlite:///{core}", clock=lambda: NOW)
    ctx_fast = Context.open(f"sqlite:///{fast}", clock=lambda: NOW)
    try:
        plain = _rows(ctx_core, False, monkeypatch)
        tuples = _rows(ctx_fast, True, monkeypatch)
        assert sum(len(e) for _, e in plain) == sum(len(e[1]) for _, e in tuples) > 300
        with ctx_core.engine.begin() as conn:   # SQLAlchemy's own types convert the values
            for d_rows, e_rows in plain:
                conn.execute(insert(Dossier.__table__), d_rows)
                conn.execute(insert(DossierEvent.__table__), e_rows)
        with ctx_fast.engine.begin() as conn:
            for d_rows, e_rows in tuples:
                demo._write_rows(conn, Dossier.__table__, d_rows, True)
                demo._write_rows(conn, DossierEvent.__table__, e_rows, True)
    finally:
        ctx_core.engine.dispose()
        ctx_fast.engine.dispose()
    for table in TABLES:
        assert _stored(core, table) == _stored(fast, table)   # byte for byte
    for _, e_rows in plain:   # the hash from texts is entry_hash over the event's fields
        for row in e_rows:
            assert row["hash"] == entry_hash(row["prev_hash"], event_fields(row))


def _indexes(path: Path) -> dict[str, str]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            "AND tbl_name IN ('dossier', 'dossier_event')").fetchall())
    finally:
        conn.close()


def test_a_demo_reindexes_what_it_loaded_without_indexes(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    ctx = _ctx(path)
    before = _indexes(path)
    assert len(before) >= 10
    try:
        demo.generate(ctx, 120, seed=3)
        with ctx.reading() as session:
            assert verify_all(session) == []
        with ctx.engine.connect() as conn:
            assert bulkindex._pending(conn) == {}
    finally:
        ctx.engine.dispose()
    assert _indexes(path) == before   # the same statements, re-created


def test_a_killed_bulk_demo_leaves_its_indexes_to_the_next_open(tmp_path: Path) -> None:
    path = tmp_path / "demo.sqlite3"
    ctx = _ctx(path)
    before = _indexes(path)
    ctx.engine.dispose()
    run = Runner(path, tmp_path / "home", now=NOW.isoformat())
    killed = run("demo", "--dossiers", "60", fault="demo.after_chunk")
    assert killed.rc != 0
    # the kill came after the indexes were dropped: the file says which ones it lacks
    assert set(_indexes(path)) < set(before)
    conn = sqlite3.connect(path)
    try:
        (record,) = conn.execute("SELECT value FROM local_setting WHERE key = ?",
                                 (bulkindex.PENDING,)).fetchone()
    finally:
        conn.close()
    assert set(before) - set(_indexes(path)) <= set(json.loads(record))
    ctx = open_checked(f"sqlite:///{path}")   # the next start
    try:
        with ctx.reading() as session:
            assert verify_all(session) == []
    finally:
        ctx.engine.dispose()
    assert _indexes(path) == before
    # and the demo goes on where it stopped, indexed again at its end
    assert run("demo", "--dossiers", "60").rc == 0
    assert _indexes(path) == before



def test_the_generators_draws_are_randoms_own() -> None:
    """The faster draws leave every demo as it was: the same numbers for the same seed."""
    plain, fast = random.Random("5:(0, 2)"), demo._Draws("5:(0, 2)")
    weights = [8, 14, 20, 30, 10, 8, 6, 4]
    cum = list(itertools.accumulate(weights))
    for i in range(50_000):
        n = 1 + i % 1000
        assert plain.randint(7, 7 + n) == fast.randint(7, 7 + n)
        assert plain.choice(range(n)) == fast.choice(range(n))
        assert plain.choices(range(8), weights)[0] == fast.choices(range(8), cum_weights=cum)[0]
        assert plain.random() == fast.random()
    with pytest.raises(IndexError):
        fast.choice([])
