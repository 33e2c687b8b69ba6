"""The receipt's prepared statements read and write what ``Connection.execute`` does.

:mod:`onestop.storage.prepared` runs a statement compiled once on the DBAPI cursor (SQLite;
elsewhere it goes through ``conn.execute``). Each form is compared with ``conn.execute`` of
the same statement on the same database: the rows read (values and their Python types), the
rows written (column defaults included), and the errors raised.
"""

from __future__ import annotations

import uuid
from datetime import datetime, timezone
from typing import Any

import pytest
from sqlalchemy import Connection, bindparam, select, text
from sqlalchemy.exc import IntegrityError, NoResultFound

from onestop.services import clock, reception
from onestop.services.context import Context
from onestop.services.install import backup
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import AuditEntry, Outbox, uuid7
from onestop.storage.prepared import Prepared, PreparedInsert


def _typed(row: Any) -> list[tuple[type, Any]]:
    return [(type(v), v) for v in row]


def test_selects_read_what_execute_reads(ctx: Context) -> None:
    first = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    with ctx.engine.connect() as conn:
        ident = ctx.identity(conn)
        state = {"agency_id": ident.agency_id, "username": ctx.username,
                 **clock.reference_params(ident)}
        lo, hi = first.code[:-4] + "0100", first.code[:-4] + "0199"
        last = {"agency": ident.agency_id, "book": first.register_book,
                **backup.reserved_params(lo, hi, first.register_book)}
        for prepared, params in ((reception._STATE, state),
                                 (reception._PROCEDURE, {"code": "2.001914"}),
                                 (reception._LAST_USED, last)):
            expected = conn.execute(prepared.stmt, params).one()
            row = prepared.one(conn, params)
            assert _typed(row) == _typed(expected)
            assert row._fields == tuple(expected._fields)
        # the values the receipt relies on, read back as their Python types
        row = reception._STATE.one(conn, state)
        assert row.tip_seq == 1 and len(row.tip_hash) == 64
        assert isinstance(row.settings, dict) and row.clock_event_at.tzinfo is not None
        assert reception._LAST_USED.one(conn, last).used_code == first.code
        assert reception._PROCEDURE.first(conn, {"code": "KHONG-CO"}) is None
        with pytest.raises(NoResultFound):
            reception._PROCEDURE.one(conn, {"code": "KHONG-CO"})


def _written(conn: Connection, write: Any) -> list[dict[str, Any]]:
    """The outbox rows ``write`` adds, read back in a transaction rolled back after."""
    trans = conn.begin()
    try:
        before = conn.execute(text("SELECT max(id) FROM sync_outbox")).scalar() or 0
        write(conn)
        rows = conn.execute(select(Outbox.__table__).where(Outbox.__table__.c.id > before)
                            .order_by(Outbox.__table__.c.id)).all()
        return [r._asdict() for r in rows]
    finally:
        trans.rollback()


def test_inserts_write_what_a_core_insert_writes(ctx: Context) -> None:
    a, b = uuid7(), uuid7()
    sent = datetime(2026, 3, 2, 1, 2, 3, 456789, tzinfo=timezone.utc)
    given = [{"table_name": "dossier", "row_id": a, "last_error": None},   # None: left out
             {"table_name": "dossier_event", "row_id": b, "last_error": None},
             {"table_name": "dossier", "row_id": b, "sent_at": sent, "attempts": 3,
              "last_error": "lỗi mạng"}]
    table = Outbox.__table__

    def core(conn: Connection) -> None:
        for row in given:
            conn.execute(table.insert(), {k: v for k, v in row.items() if v is not None})

    with ctx.engine.connect() as conn:
        expected = _written(conn, core)
        got = _written(conn, lambda c: PreparedInsert(table).execute(c, given))
    assert len(got) == 3
    for row in (*expected, *got):   # the Python default of created_at: the wall clock
        assert row.pop("id") and row.pop("created_at").tzinfo is not None
    assert got == expected
    assert [r["attempts"] for r in got] == [0, 0, 3]   # the scalar default, as in Core
    assert got[2]["sent_at"] == sent and got[2]["last_error"] == "lỗi mạng"


def test_driver_errors_are_sqlalchemy_errors_without_the_values(ctx: Context) -> None:
    entry = {"id": uuid.UUID(int=7), "origin": "x#1", "seq": 1, "actor": "Nguyễn Bí Mật",
             "action": "test", "at": datetime(2026, 3, 2, tzinfo=timezone.utc),
             "prev_hash": "0" * 64, "hash": "1" * 64}
    insert = PreparedInsert(AuditEntry.__table__)
    with ctx.engine.connect() as conn:
        trans = conn.begin()
        insert.execute(conn, [entry])
        with pytest.raises(IntegrityError) as err:   # the same primary key again
            insert.execute(conn, [entry])
        trans.rollback()
    assert "Bí Mật" not in str(err.value)


def test_statements_that_cannot_be_prepared_are_refused(ctx: Context) -> None:
    expanding = Prepared(select(Outbox.__table__.c.id).where(
        Outbox.__table__.c.table_name.in_(bindparam("names", expanding=True))))
    with ctx.engine.connect() as conn:
        if conn.dialect.name != "sqlite":
            pytest.skip("other dialects run the statement through conn.execute")
        with pytest.raises(ValueError, match="expanding"):
            expanding.all(conn, {"names": ["dossier"]})
