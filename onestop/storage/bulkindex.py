"""A bulk load into SQLite without its secondary indexes, crash-safe.

Inserting a million rows into tables with a dozen secondary indexes updates every index row
by row at random places; building each index once at the end (one sort) costs a fraction of
that. :func:`drop` removes the plain (non-unique, named) indexes of some tables and records
their exact ``CREATE INDEX`` statements in ``local_setting`` **in the same transaction**, and
:func:`restore` re-creates them and deletes the record in one transaction too: at every
instant the database either has its indexes or says which ones it lacks. A process killed in
between leaves the record, and the next open (:func:`restore_if_pending`, called by
``services.context.open_checked``) or the next bulk load re-creates them from it.

The unique constraints (primary keys, codes, register numbers, event chains) are never
dropped: they keep checking every row written meanwhile. Only ``services.demo`` uses this,
on a database of demo dossiers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import OperationalError

#: The ``local_setting`` key recording the dropped indexes (``{name: create statement}``).
PENDING = "bulk.dropped_indexes"


def _pending(conn: Connection) -> dict[str, str]:
    row = conn.exec_driver_sql("SELECT value FROM local_setting WHERE key = ?",
                               (PENDING,)).first()
    return dict(json.loads(row[0])) if row else {}


def drop(conn: Connection, tables: Iterable[str]) -> dict[str, str]:
    """Drop the named non-unique indexes of ``tables`` in the caller's transaction and record
    them (merged with any still recorded); returns what is recorded. SQLite only."""
    names = list(tables)
    found = conn.exec_driver_sql(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
        f"AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN ({', '.join('?' for _ in names)}) "
        "ORDER BY name", tuple(names)).all()
    record = {**_pending(conn), **{str(n): str(s) for n, s in found}}
    if not record:
        return record
    conn.exec_driver_sql("INSERT INTO local_setting (key, value) VALUES (?, ?) "
                         "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                         (PENDING, json.dumps(record, ensure_ascii=False, sort_keys=True)))
    for name, _ in found:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    return record


def restore(conn: Connection) -> list[str]:
    """Re-create the recorded indexes (those still missing) and forget the record, in the
    caller's transaction; the names re-created."""
    record = _pending(conn)
    if not record:
        return []
    present = {r[0] for r in conn.exec_driver_sql(
        "SELECT name FROM sqlite_master WHERE type = 'index'")}
    made = []
    for name, sql in sorted(record.items()):
        if name not in present:
            conn.exec_driver_sql(sql)
            made.append(name)
    conn.exec_driver_sql("DELETE FROM local_setting WHERE key = ?", (PENDING,))
    return made


def restore_if_pending(engine: Engine) -> list[str]:
    """At open: finish what a killed bulk load left (nothing to do costs one lookup)."""
    if engine.dialect.name != "sqlite":
        return []
    try:
        with engine.connect() as conn:
            pending = bool(_pending(conn))
    except OperationalError:   # not initialised yet: no local_setting table
        return []
    if not pending:
        return []
    with engine.begin() as conn:
        return restore(conn)

