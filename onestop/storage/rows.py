"""Writing new mapped objects through a prepared Core INSERT, as the ORM's flush would.

The receipt is the desk's hot transaction (issue 19): the ORM unit of work costs several
times the INSERT itself (change tracking, dependency sort, identity map, post-fetch). A
receipt only *adds* rows, so it builds its objects as usual (transient: never added to the
session), then writes them here in one Core statement each, in the order the flush would
(parents before children, rows of one table in the order given).

Same rows byte for byte as the flush: an attribute left unset or set to None is left out of
the INSERT, so the column's Python default (``utcnow``, ``uuid7``, ``version = 1``…) or
NULL applies, exactly as ``persistence._collect_insert_commands`` does; every value goes
through the column's type (UTC instants, UUIDs, JSON) because the statement is the table's
own ``insert()``, compiled once and run on the DBAPI cursor (:mod:`onestop.storage.prepared`).
tests/services/test_receive_fast_path.py compares the two.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from sqlalchemy import Connection, Table, inspect

from onestop.storage.prepared import PreparedInsert


@lru_cache(maxsize=None)
def _columns(cls: type) -> tuple[PreparedInsert, tuple[tuple[str, str], ...]]:
    """The INSERT of a mapped class's table and its (attribute key, column key) pairs."""
    mapper = inspect(cls)
    table: Table = mapper.local_table  # type: ignore[assignment]
    pairs = tuple((mapper.get_property_by_column(col).key, col.key) for col in table.c)
    return PreparedInsert(table), pairs


@lru_cache(maxsize=None)
def _keys(cls: type) -> frozenset[str]:
    return frozenset(inspect(cls).column_attrs.keys())


def transient(cls: type, **attrs: Any) -> Any:
    """A new transient ``cls`` with ``attrs``, as ``cls(**attrs)`` builds it but without the
    instrumentation's per-attribute events (a third of a millisecond for a dossier's 35
    columns): the values go straight into the instance's ``__dict__``, where the instrumented
    attributes read them and :func:`values` (and an ORM flush, should the object ever be
    added to a session) finds them. Column attributes only (the models have no
    relationships); an unknown name is a TypeError, as in the constructor.
    """
    unknown = attrs.keys() - _keys(cls)
    if unknown:
        raise TypeError(f"{sorted(unknown)[0]!r} is an invalid keyword argument for "
                        f"{cls.__name__}")
    obj = inspect(cls).class_manager.new_instance()
    obj.__dict__.update(attrs)
    return obj


def values(obj: Any) -> dict[str, Any]:
    """The INSERT parameters of a transient mapped object (None and unset left out)."""
    _table, pairs = _columns(type(obj))
    state = obj.__dict__
    out = {}
    for attr, col in pairs:
        value = state.get(attr)
        if value is not None:
            out[col] = value
    return out


def insert_new(conn: Connection, *objs: Any) -> None:
    """INSERT ``objs`` (transient mapped objects) in the given order, one statement each;
    consecutive objects of one class with the same columns share one executemany."""
    i = 0
    while i < len(objs):
        cls = type(objs[i])
        insert, _pairs = _columns(cls)
        batch = [values(objs[i])]
        i += 1
        while i < len(objs) and type(objs[i]) is cls:
            batch.append(values(objs[i]))
            i += 1
        insert.execute(conn, batch)
