"""Power-loss settings, read back from the live SQLite connections the services really use.

Office PCs lose power. A commit must be on the disk when the service returns: WAL journal,
``synchronous=FULL`` (2: the WAL is fsynced at every commit, not only at checkpoints) and
foreign keys enforced, so a half-applied change can neither survive nor point nowhere.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from onestop.services import queries
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage import keys
from onestop.storage.db import BUSY_TIMEOUT_MS, make_engine
from tests import rawdb
from tests.reliability.common import PROCEDURE

EXPECTED = {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
            "busy_timeout": BUSY_TIMEOUT_MS}


def pragmas(conn: object) -> dict[str, object]:
    return {name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()  # type: ignore[attr-defined]
            for name in EXPECTED}


@pytest.fixture
def ctx(seeded_db: Path) -> Iterator[Context]:
    c = Context.open(f"sqlite:///{seeded_db}")
    yield c
    c.engine.dispose()


def test_service_connections_run_wal_full_sync_and_foreign_keys(ctx: Context) -> None:
    d = receive(ctx, ReceiveRequest(PROCEDURE, "Vũ Thị Hoa"))
    queries.show(ctx, d.code)
    # the pool hands the same kind of connection to the next service call: ask it
    with ctx.engine.connect() as conn:
        assert pragmas(conn) == EXPECTED
    # and inside a service transaction, on the session's own connection
    with ctx.transaction() as session:
        conn = session.connection()
        assert pragmas(conn) == EXPECTED
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_every_new_connection_gets_the_settings(seeded_db: Path) -> None:
    engine = make_engine(f"sqlite:///{seeded_db}")
    try:
        conns = [engine.connect() for _ in range(3)]   # three distinct pooled connections
        seen = []
        for c in conns:
            seen.append(pragmas(c))
            c.rollback()   # each read began a (write-locking) transaction: end it
        assert seen == [EXPECTED] * 3
        assert len({id(c.connection.dbapi_connection) for c in conns}) == 3
        for c in conns:
            c.close()
    finally:
        engine.dispose()


def test_the_file_itself_is_in_wal_mode(ctx: Context, seeded_db: Path) -> None:
    receive(ctx, ReceiveRequest(PROCEDURE, "Vũ Thị Hoa"))
    # encrypted (issue 16): the header is ciphertext behind the salt, so the file's own mode
    # is read through a keyed connection; asking for journal_mode does not change it
    assert keys.state(seeded_db) == keys.ENCRYPTED
    assert not seeded_db.read_bytes().startswith(b"SQLite format 3\x00")
    fresh = rawdb.connect(seeded_db)
    try:
        assert fresh.execute("PRAGMA journal_mode").fetchone()[0] == "wal"   # persistent
    finally:
        fresh.close()
    assert seeded_db.with_name(seeded_db.name + "-wal").exists()


def test_foreign_keys_are_enforced_on_the_live_connection(ctx: Context) -> None:
    with pytest.raises(IntegrityError), ctx.transaction() as session:
        session.execute(text(
            "INSERT INTO dossier_event (id, dossier_id, kind, at, user_name, counter_no, origin,"
            " seq, payload, prev_hash, hash, created_at, updated_at, version) VALUES ("
            "'0190000000007000800000000000000a', '0190000000007000800000000000000b', 'note',"
            " '2026-03-02 03:00:00', 'x', 1, 'x#1', 1, '{}', '', '', '2026-03-02 03:00:00',"
            " '2026-03-02 03:00:00', 1)"))
