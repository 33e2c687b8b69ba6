"""Writing central rows into the local database: upsert by version, re-keying, parents.

All functions work inside the caller's local transaction (``conn``), so a page of pulled
rows, the re-keying it needs and the cursor that records it commit together or not at all.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Connection, Date, Uuid, select, update

from onestop.storage import search
from onestop.storage.models import LocalSetting, Outbox, UTCDateTime, utcnow
from onestop.sync.tables import BY_NAME, REFERENCES, Spec

Row = dict[str, Any]
CHUNK = 500
#: Dossier pages at least this long update the name index in bulk (storage.search.bulk).
BULK_NAMES = 200
_JSON = json.JSONEncoder().encode  # the text SQLAlchemy's JSON type stores (json.dumps)


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _insert(conn: Connection) -> Callable[..., Any]:
    from sqlalchemy.dialects import postgresql, sqlite

    return sqlite.insert if conn.dialect.name == "sqlite" else postgresql.insert


def upsert(conn: Connection, spec: Spec, rows: Sequence[Row], tie_wins: bool) -> None:
    """Insert or update ``rows`` by id: a row replaces the local one only with a higher version
    (or an equal one when ``tie_wins``: the central copy of central-owned rows); insert-only
    tables keep what they have."""
    if not rows:
        return
    if conn.dialect.name == "sqlite":
        _upsert_sqlite(conn, spec, rows, tie_wins)
        return
    t = spec.table
    ins = _insert(conn)(t)
    if spec.insert_only:
        stmt = ins.on_conflict_do_nothing(index_elements=["id"])
    else:
        newer = (ins.excluded.version >= t.c.version) if tie_wins else (
            ins.excluded.version > t.c.version)
        stmt = ins.on_conflict_do_update(
            index_elements=["id"], where=newer,
            set_={c: ins.excluded[c] for c in spec.columns if c != "id"})
    for part in chunks(list(rows), 2000):
        conn.execute(stmt, list(part))


def _to_sqlite(column: Any) -> Callable[[Any], Any] | None:
    """What SQLAlchemy's SQLite types store for a value of ``column`` (None: as is)."""
    t = column.type
    if isinstance(t, UTCDateTime):
        return lambda v: None if v is None else v.astimezone(UTC).replace(
            tzinfo=None).isoformat(" ", "microseconds")
    if isinstance(t, Uuid):
        return lambda v: None if v is None else v.hex
    if isinstance(t, JSON):
        return _JSON
    if isinstance(t, Date):
        return lambda v: None if v is None else v.isoformat()
    if isinstance(t, Boolean):
        return lambda v: None if v is None else int(v)
    return None


def bound_time(conn: Connection, when: datetime) -> Any:
    """``when`` as a ``text()`` parameter: text binds skip the column type, so on SQLite pass
    what SQLAlchemy's DateTime stores there."""
    if conn.dialect.name == "sqlite":
        return when.astimezone(UTC).replace(tzinfo=None).isoformat(" ", "microseconds")
    return when


def _upsert_sqlite(conn: Connection, spec: Spec, rows: Sequence[Row], tie_wins: bool) -> None:
    # the bulk path of a first pull: values converted once to SQLite's stored form and sent
    # with one executemany (the typed Core statement costs ~3x more per row)
    t, cols = spec.table, spec.columns
    conv = [(c, _to_sqlite(t.c[c])) for c in cols]
    names = ", ".join(f'"{c}"' for c in cols)
    sql = f"INSERT INTO {t.name} ({names}) VALUES ({', '.join('?' for _ in cols)}) "
    if spec.insert_only:
        sql += "ON CONFLICT (id) DO NOTHING"
    else:
        sets = ", ".join(f'"{c}" = excluded."{c}"' for c in cols if c != "id")
        op = ">=" if tie_wins else ">"
        sql += f"ON CONFLICT (id) DO UPDATE SET {sets} WHERE excluded.version {op} {t.name}.version"
    data = [tuple(r[c] if f is None else f(r[c]) for c, f in conv) for r in rows]
    if t.name == "dossier" and len(data) >= BULK_NAMES:
        key = cols.index("id")
        with search.bulk(conn, [d[key] for d in data]):   # a page of a first pull
            conn.exec_driver_sql(sql, data)
        return
    conn.exec_driver_sql(sql, data)


def existing(conn: Connection, spec: Spec, ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``ids`` exist locally."""
    ids = list(ids)
    have: set[uuid.UUID] = set()
    for part in chunks(ids):
        have.update(conn.scalars(select(spec.table.c.id).where(spec.table.c.id.in_(part))))
    return have


def clashes(conn: Connection, spec: Spec, rows: Sequence[Row]) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """(local id, central id) of local rows holding a central row's natural key."""
    if not spec.natural_key or not rows:
        return []
    t = spec.table
    cols = [t.c[k] for k in spec.natural_key]
    local = {tuple(r[1:]): r[0] for r in conn.execute(select(t.c.id, *cols))}
    out = []
    for r in rows:
        mine = local.get(tuple(r[k] for k in spec.natural_key))
        if mine is not None and mine != r["id"]:
            out.append((mine, r["id"]))
    return out


def rekey(conn: Connection, spec: Spec, pairs: Sequence[tuple[uuid.UUID, uuid.UUID]]) -> None:
    """Give local rows the central id of the same thing, references included.

    The version is reset so the central content, applied next, always wins; pending outbox
    entries of the old id are settled (the central copy is the authority).
    """
    if not pairs:
        return
    if conn.dialect.name == "sqlite":
        # parent and children change in one transaction; check the keys at commit
        conn.exec_driver_sql("PRAGMA defer_foreign_keys = ON")
    t = spec.table
    for old, new in pairs:
        conn.execute(update(t).where(t.c.id == old).values(id=new, version=0))
        for child, column in REFERENCES.get(spec.name, ()):
            ct = BY_NAME[child].table
            conn.execute(update(ct).where(ct.c[column] == old).values({column: new}))
        conn.execute(update(Outbox).where(Outbox.table_name == spec.name, Outbox.row_id == old,
                                          Outbox.sent_at.is_(None))
                     .values(sent_at=utcnow(), last_error="rekeyed"))
        if spec.name == "agency":
            conn.execute(update(LocalSetting).where(LocalSetting.key == "agency_id",
                                                    LocalSetting.value == str(old))
                         .values(value=str(new)))


def fetch(cconn: Connection, spec: Spec, ids: Iterable[uuid.UUID]) -> list[Row]:
    """Rows of ``spec`` by id from the central database (what the role may see of them)."""
    out: list[Row] = []
    ids = list(ids)
    for part in chunks(ids):
        out += [dict(r._mapping) for r in cconn.execute(
            select(*spec.table.c).where(spec.table.c.id.in_(part)))]
    return out


def apply_rows(conn: Connection, cconn: Connection, spec: Spec, rows: Sequence[Row]
               ) -> tuple[list[Row], bool]:
    """Apply central rows locally (re-key, fetch missing parents, upsert).

    Returns:
        The rows that were new locally (insert-only tables; all rows otherwise) and whether
        the agency row was re-keyed (the caller must reload its identity).
    """
    pairs = clashes(conn, spec, rows)
    rekey(conn, spec, pairs)
    agency_rekeyed = bool(pairs) and spec.name == "agency"
    for column, parent in spec.parents:
        pspec = BY_NAME[parent]
        wanted = {r[column] for r in rows if r[column] is not None}
        missing = wanted - existing(conn, pspec, wanted)
        if missing:
            # the parent changed again after this cycle's horizon: take its current row now
            _, moved = apply_rows(conn, cconn, pspec, fetch(cconn, pspec, missing))
            agency_rekeyed |= moved
    new = rows
    if spec.insert_only:
        have = existing(conn, spec, [r["id"] for r in rows])
        new = [r for r in rows if r["id"] not in have]
    upsert(conn, spec, new if spec.insert_only else rows, tie_wins=spec.central_owned)
    return list(new), agency_rekeyed
