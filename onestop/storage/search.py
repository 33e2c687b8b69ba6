"""Word-prefix search over applicants' folded names without scanning the dossier table.

A name search ("nguyen thi", "lan") matches dossiers whose folded name contains those words
in that order, the last one as a prefix — the same rule as the ``LIKE 'x%' OR LIKE '% x%'``
scan it replaces, answered from an index:

* SQLite: an FTS5 table ``dossier_name`` over ``dossier.applicant_folded`` (external content,
  kept in step by triggers, so rows written by the services, the sync and the demo generator
  are all indexed), queried with a phrase-prefix ``"nguyen thi"*``;
* PostgreSQL: a GIN index on ``to_tsvector('simple', applicant_folded)``, queried with
  ``nguyen <-> thi:*``.

Both are created by revision 0004. An SQLite built without FTS5 keeps the scan (the revision
skips the table and :func:`has_index` says so).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from sqlalchemy import (
    ColumnElement, Connection, Engine, false, func, literal_column, or_, select, text,
)

FTS_TABLE = "dossier_name"
PG_INDEX = "ix_dossier_name_words"
PG_VECTOR = "to_tsvector('simple'::regconfig, applicant_folded)"
#: Letters and digits only: ``_`` and every FTS5 / tsquery operator (``" * - : ( ) ^ & | ! <``)
#: stay out of the terms, so no query can be a syntax error or a wildcard.
_WORD = re.compile(r"[^\W_]+")
#: LIKE's wildcards: a query holding one is matched literally (escaped), never as a pattern.
_LIKE_WILDCARDS = frozenset("%_")
#: Whether a database has the index, by database URL (a context's writer and reader engines
#: are two engines on one database).
_known: dict[str, bool] = {}


def _key(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=True)


def is_search_object(name: str | None) -> bool:
    """The FTS table, its shadow tables and the GIN index (not in the models)."""
    return bool(name) and (name == PG_INDEX or str(name).startswith(FTS_TABLE))


def include_name(name: str | None, type_: str, parent_names: Any) -> bool:
    """Alembic autogenerate filter: leave the search objects to revision 0004."""
    return not is_search_object(name)


def has_index(conn: Connection) -> bool:
    """Whether this database has the name index (cached per engine)."""
    key = _key(conn.engine)
    found = _known.get(key)
    if found is None:
        if conn.dialect.name == "sqlite":
            found = conn.exec_driver_sql(
                "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?",
                (FTS_TABLE,)).first() is not None
        else:
            found = conn.exec_driver_sql(
                "SELECT 1 FROM pg_indexes WHERE indexname = %(n)s AND tablename = 'dossier'",
                {"n": PG_INDEX}).first() is not None
        _known[key] = found
    return found


#: The triggers of revision 0004 (the revision keeps its own literal copy; a test compares).
TRIGGERS = {
    "dossier_name_ai": (
        "CREATE TRIGGER dossier_name_ai AFTER INSERT ON dossier BEGIN "
        "INSERT INTO dossier_name (rowid, applicant_folded) "
        "VALUES (new.rowid, new.applicant_folded); END"),
    "dossier_name_ad": (
        "CREATE TRIGGER dossier_name_ad AFTER DELETE ON dossier BEGIN "
        "INSERT INTO dossier_name (dossier_name, rowid, applicant_folded) "
        "VALUES ('delete', old.rowid, old.applicant_folded); END"),
    "dossier_name_au": (
        "CREATE TRIGGER dossier_name_au AFTER UPDATE OF applicant_folded ON dossier BEGIN "
        "INSERT INTO dossier_name (dossier_name, rowid, applicant_folded) "
        "VALUES ('delete', old.rowid, old.applicant_folded); "
        "INSERT INTO dossier_name (rowid, applicant_folded) "
        "VALUES (new.rowid, new.applicant_folded); END"),
}
_CHUNK = 500


@contextmanager
def bulk(conn: Connection, ids: Sequence[Any] = ()) -> Iterator[None]:
    """Write many dossiers in the caller's transaction without a trigger call per row.

    SQLite only (elsewhere a no-op): the name triggers are dropped *inside the transaction*,
    the body writes, then the new rows (rowid above the previous maximum) and the rows of
    ``ids`` (raw stored ids of rows the body may update) are indexed in two statements and the
    triggers are created again — all in the same transaction, so no other connection ever sees
    the database without them, and a crash rolls the whole thing back. Per row this costs a
    sixth of the trigger path (the demo generator and the first pull of the sync use it).
    """
    if conn.dialect.name != "sqlite" or not has_index(conn):
        yield
        return
    top = conn.exec_driver_sql("SELECT coalesce(max(rowid), 0) FROM dossier").scalar_one()
    old: list[tuple[int, str]] = []
    for i in range(0, len(ids), _CHUNK):
        part = list(ids[i:i + _CHUNK])
        old += [(int(r[0]), str(r[1])) for r in conn.exec_driver_sql(
            f"SELECT rowid, applicant_folded FROM dossier WHERE id IN "
            f"({', '.join('?' for _ in part)})", tuple(part))]
    for name in TRIGGERS:
        conn.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
    yield
    if old:
        conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, applicant_folded) "
                             "VALUES ('delete', ?, ?)", old)
        rowids = [r[0] for r in old]
        for i in range(0, len(rowids), _CHUNK):
            part = rowids[i:i + _CHUNK]
            conn.exec_driver_sql(
                f"INSERT INTO {FTS_TABLE} (rowid, applicant_folded) SELECT rowid, "
                f"applicant_folded FROM dossier WHERE rowid IN ({', '.join('?' for _ in part)})",
                tuple(part))
    conn.exec_driver_sql(f"INSERT INTO {FTS_TABLE} (rowid, applicant_folded) SELECT rowid, "
                         "applicant_folded FROM dossier WHERE rowid > ?", (top,))
    for sql in TRIGGERS.values():
        conn.exec_driver_sql(sql)


def forget(engine: Engine) -> None:
    """Look again next time (after a migration or a restore)."""
    _known.pop(_key(engine), None)


def use_index(engine: Engine, flag: bool) -> None:
    """Force the index on or off for ``engine``'s database (benchmarks and tests compare the
    index with the scan on the same data)."""
    _known[_key(engine)] = flag


def words(folded: str) -> list[str]:
    """The words of a folded query (letters and digits only: safe inside FTS quotes)."""
    return _WORD.findall(folded)


def name_condition(conn: Connection, folded: str, column: Any) -> ColumnElement[bool]:
    """The condition "``column`` has ``folded`` at a word start" for this database.

    Every character of the query is literal. A query holding ``%`` or ``_``, or no letter or
    digit at all, is compared as escaped text (``LIKE … ESCAPE``: a scan, but such a query
    matches no validated name anyway), so neither ever works as a wildcard; elsewhere the
    letters and digits go to the index and other punctuation only separates words.
    """
    terms = words(folded)
    if not folded:
        return false()
    if not terms or _LIKE_WILDCARDS & set(folded):
        return or_(column.startswith(folded, autoescape=True),
                   column.contains(" " + folded, autoescape=True))
    if has_index(conn):
        if conn.dialect.name == "sqlite":
            phrase = '"' + " ".join(terms) + '"*'
            matching = select(literal_column("rowid")).select_from(text(FTS_TABLE)).where(
                text(f"{FTS_TABLE} MATCH :name_phrase").bindparams(name_phrase=phrase))
            return literal_column("dossier.rowid").in_(matching)
        query = " <-> ".join(terms) + ":*"
        return literal_column(PG_VECTOR).op("@@")(
            func.to_tsquery(literal_column("'simple'::regconfig"), query))
    like = " ".join(terms)
    return or_(column.like(like + "%"), column.like("% " + like + "%"))
