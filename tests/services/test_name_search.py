"""Name search through the index (FTS5 on SQLite, GIN on PostgreSQL) matches the plain rule.

The rule (unchanged from the ``LIKE`` scan it replaced): the query's words, folded, appear in
that order at word starts of the folded name, the last one as a prefix. A plain-Python oracle
states it; every query below must give exactly the oracle's dossiers, before and after the
names change (corrections) — the index is kept in step by the database itself.
"""

from __future__ import annotations

import random

import pytest
from onestop.domain import text as tx
from onestop.services.context import Context
from onestop.services.queries import DossierFilter, count_ids, find, list_ids, rows_by_ids
from onestop.services.reception import ReceiveRequest, correct, receive
from onestop.storage import search
from onestop.storage.models import Dossier
from tests.support.clock import Clock, vn

NAMES = ["Nguyễn Thị Ánh", "Nguyễn Thị Anh Thư", "Trần Văn Đức", "Lê Ánh Dương",
         "Phạm Nguyễn Thị Lan", "Đặng Văn An", "Hoàng Anh", "Nguyễn  Văn   Thị",
         "Vũ Thị Hoa", "Bùi Hoài An", "Ngô Thanh Tâm", "Đỗ Annh Khoa"]
QUERIES = ["nguyen", "nguyen thi", "Nguyễn Thị Ánh", "thi anh", "an", "anh", "van thi",
           "đức", "DUC", "hoa", "hoai an", "tam", "nguyen thi lan", "thi lan", "x", "ng th",
           "  nguyen   thi  ", "le anh duong", "anh duong", "ann", "an h", "khoa", "o"]


def oracle(names: dict[str, str], query: str) -> set[str]:
    words = tx.fold(query).split()
    out = set()
    for code, name in names.items():
        have = tx.fold(name).split()
        for i in range(len(have) - len(words) + 1):
            window = have[i:i + len(words)]
            if words and window[:-1] == words[:-1] and window[-1].startswith(words[-1]):
                out.add(code)
                break
    return out


@pytest.fixture
def people(ctx: Context, clock: Clock) -> dict[str, str]:
    out = {}
    for i, name in enumerate(NAMES):
        clock.set(vn(2026, 3, 2, 9, i))
        out[receive(ctx, ReceiveRequest("2.001914", name)).code] = name
    return out


def _codes(ctx: Context, query: str) -> set[str]:
    return {r.code for r in rows_by_ids(ctx, list_ids(ctx, DossierFilter(text=query)))}


def test_the_index_exists_and_is_used(ctx: Context, people: dict[str, str]) -> None:
    with ctx.reading() as session:
        conn = session.connection()
        assert search.has_index(conn)
        cond = search.name_condition(conn, "nguyen thi", None)
        sql = str(cond.compile(dialect=conn.dialect))
    assert ("MATCH" in sql) if ctx.engine.dialect.name == "sqlite" else ("@@" in sql)


@pytest.mark.parametrize("query", QUERIES)
def test_search_gives_exactly_the_rule(ctx: Context, people: dict[str, str], query: str) -> None:
    want = oracle(people, query)
    assert _codes(ctx, query) == want
    assert count_ids(ctx, DossierFilter(text=query)) == len(want)
    assert {r.code for r in find(ctx, query)} == want


def test_corrected_names_are_found_by_their_new_name(ctx: Context, people: dict[str, str],
                                                     clock: Clock) -> None:
    rng = random.Random(7)
    changed = dict(people)
    for code in rng.sample(sorted(people), 4):
        new = rng.choice(["Trịnh Công Sơn", "Mai Thị Lan Anh", "Quách Tuấn Du"])
        correct(ctx, code, "name", new, "Sai chính tả khi nhập")
        changed[code] = new
    for query in [*QUERIES, "trinh cong", "lan anh", "quach tuan du", "son"]:
        assert _codes(ctx, query) == oracle(changed, query), query


def test_without_the_index_the_scan_gives_the_same_answers(ctx: Context,
                                                           people: dict[str, str]) -> None:
    """An SQLite built without FTS5 skips the table: the LIKE scan still follows the rule."""
    search.use_index(ctx.engine, False)   # as if revision 0004 had found no FTS5 module
    try:
        with ctx.reading() as session:
            conn = session.connection()
            sql = str(search.name_condition(conn, "nguyen thi", Dossier.applicant_folded)
                      .compile(dialect=conn.dialect))
        assert "LIKE" in sql.upper() and "MATCH" not in sql and "@@" not in sql
        for query in QUERIES:
            assert _codes(ctx, query) == oracle(people, query), query
    finally:
        search.forget(ctx.engine)


def test_the_revision_keeps_the_triggers_the_bulk_writer_restores(ctx: Context) -> None:
    """Revision 0004 spells its triggers literally; storage.search.bulk recreates them from
    its own copy: the two must stay the same text."""
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("triggers are the SQLite side")
    with ctx.reading() as session:
        stored = dict(session.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all())
    assert stored == search.TRIGGERS


def test_bulk_writes_index_new_and_updated_rows_and_keep_the_triggers(
        ctx: Context, people: dict[str, str]) -> None:
    if ctx.engine.dialect.name != "sqlite":
        pytest.skip("SQLite only (a no-op elsewhere)")
    with ctx.engine.begin() as conn:
        ids = [r[0] for r in conn.exec_driver_sql("SELECT id FROM dossier ORDER BY code")]
        with search.bulk(conn, ids[:3]):
            assert conn.exec_driver_sql("SELECT count(*) FROM sqlite_master WHERE type = "
                                        "'trigger'").scalar_one() == 0
            conn.exec_driver_sql("UPDATE dossier SET applicant_name = 'Kha Văn Mới', "
                                 "applicant_folded = 'kha van moi' WHERE id IN (?, ?, ?)",
                                 tuple(ids[:3]))
        conn.exec_driver_sql("INSERT INTO dossier_name (dossier_name, rank) "
                             "VALUES ('integrity-check', 1)")
    changed = dict(people)
    for code in sorted(people)[:3]:
        changed[code] = "Kha Văn Mới"
    for query in ["kha van", "moi", *QUERIES]:
        assert _codes(ctx, query) == oracle(changed, query), query
    with pytest.raises(RuntimeError), ctx.engine.begin() as conn:   # a failed bulk write
        with search.bulk(conn):
            raise RuntimeError("rolled back, triggers and all")
    with ctx.reading() as session:
        assert dict(session.connection().exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").all()) == search.TRIGGERS
