"""The link's reads and writes in the central database.

Every statement runs on an AUTOCOMMIT connection: the link never keeps a transaction open
while it talks to the adapter, so it holds no row lock a counter's push could wait for and
never holds back the counters' pull horizon (``pg_snapshot_xmin``, docs/sync.md). One link
per unit runs at a time: a session-level advisory lock (released by the server when the
process dies, even by ``kill -9``).
"""

from __future__ import annotations

import json
import zlib
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Connection, Engine, create_engine, text

from onestop.portal.client import LinkConfig
from onestop.portal.payload import Maps
from onestop.storage.credentials import full_text, normalise


def unit_clause(unit: str) -> tuple[str, dict[str, Any]]:
    """The SQL condition (on ``dossier d``) selecting a receiving unit's dossiers.

    The one place that says what a unit is: the receiving unit recorded on the dossier at
    receipt (``dossier.unit_code``, issue 14); '' = every dossier.
    """
    if not unit:
        return "TRUE", {}
    return "d.unit_code = :unit", {"unit": unit}


def engine(url: str) -> Engine:
    return create_engine(full_text(normalise(url)), isolation_level="AUTOCOMMIT",
                         pool_pre_ping=True, hide_parameters=True,
                         connect_args={"connect_timeout": 10,
                                       "application_name": "onestop-portal"})


def lock_unit(conn: Connection, unit: str) -> bool:
    """Take the unit's link lock for this connection's life (False: another link runs)."""
    key = 1717_0000 + (zlib.crc32(unit.encode()) % 10000)
    return bool(conn.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar())


def read_config(conn: Connection, unit: str | None) -> LinkConfig | None:
    """The link of ``unit`` (None: the only link, or None when there are several/none)."""
    if unit is None:
        rows = conn.execute(text("SELECT * FROM portal_link ORDER BY unit")).mappings().all()
        row = rows[0] if len(rows) == 1 else None
    else:
        row = conn.execute(text("SELECT * FROM portal_link WHERE unit = :u"),
                           {"u": unit}).mappings().first()
    if row is None:
        return None
    return LinkConfig(row["unit"], row["adapter_url"], row["auth_path"], row["integration_path"],
                      row["share_path"], row["username"], row["dstcode"], row["madonvi"])


def read_maps(conn: Connection) -> Maps:
    m = Maps()
    for kind, ours, theirs, confirmed in conn.execute(text(
            "SELECT kind, ours, theirs, confirmed FROM portal_map")):
        if confirmed:
            getattr(m, kind)[ours] = theirs
    return m


_CANDIDATES = """
SELECT d.id FROM dossier d LEFT JOIN portal_state s ON s.dossier_id = d.id
WHERE ({unit}) AND (s.dossier_id IS NULL OR NOT s.created OR s.state <> 'acknowledged'
   OR d.version IS DISTINCT FROM s.acked_version
   OR (SELECT count(*) FROM dossier_event e WHERE e.dossier_id = d.id)
      > (SELECT count(DISTINCT l.event_id) FROM portal_ledger l
         WHERE l.dossier_id = d.id AND l.item = 'event' AND l.action = 'ack'))
ORDER BY d.received_at, d.code
"""


def candidates(conn: Connection, unit: str) -> list[Any]:
    """Ids of the unit's dossiers with something not yet acknowledged, oldest first."""
    clause, params = unit_clause(unit)
    return [r[0] for r in conn.execute(text(_CANDIDATES.format(unit=clause)), params)]


def load(conn: Connection, ids: list[Any]) -> dict[Any, dict[str, Any]]:
    """Dossiers (with procedure, events in order, acknowledged event ids, created flag)."""
    out: dict[Any, dict[str, Any]] = {}
    if not ids:
        return out
    rows = conn.execute(text(
        "SELECT d.*, p.code AS p_code, p.name AS p_name, p.is_local AS p_is_local, "
        "p.field AS p_field, p.field_code AS p_field_code, a.name AS a_name, "
        "COALESCE(s.created, false) AS portal_created, s.acked_version AS portal_version "
        "FROM dossier d JOIN procedure p ON p.id = d.procedure_id "
        "JOIN agency a ON a.id = d.agency_id LEFT JOIN portal_state s ON s.dossier_id = d.id "
        "WHERE d.id = ANY(:ids)"), {"ids": ids}).mappings().all()
    for r in rows:
        d = dict(r)
        d["events"], d["acked"] = [], set()
        out[d["id"]] = d
    for e in conn.execute(text(
            "SELECT id, dossier_id, kind, at, user_name, counter_no, seq FROM dossier_event "
            "WHERE dossier_id = ANY(:ids) ORDER BY dossier_id, (kind <> 'received'), at, "
            "counter_no, seq, id"), {"ids": ids}).mappings():
        out[e["dossier_id"]]["events"].append(dict(e))
    for did, eid in conn.execute(text(
            "SELECT dossier_id, event_id FROM portal_ledger WHERE dossier_id = ANY(:ids) "
            "AND item = 'event' AND action = 'ack'"), {"ids": ids}):
        out[did]["acked"].add(eid)
    return out


_INSERT = text(
    "INSERT INTO portal_ledger (unit, item, dossier_id, event_id, code, action, is_updating, "
    "version, digest, attempt, answer, error, state) VALUES (:unit, :item, :dossier_id, "
    ":event_id, :code, :action, :is_updating, :version, :digest, :attempt, :answer, :error, "
    ":state)")


def append(conn: Connection, rows: Iterable[dict[str, Any]]) -> None:
    """Append ledger rows (one statement; autocommit: durable when it returns)."""
    rows = list(rows)
    if rows:
        for r in rows:
            r["answer"] = r.get("answer", "")[:500]
            r["error"] = r.get("error", "")[:500]
        conn.execute(_INSERT, rows)


def status(conn: Connection, unit: str) -> dict[str, Any]:
    """Counts by portal state of the unit's dossiers (no row yet = pending), attention list."""
    clause, params = unit_clause(unit)
    counts = dict(conn.execute(text(
        f"SELECT COALESCE(s.state, 'pending'), count(*) FROM dossier d LEFT JOIN portal_state s "
        f"ON s.dossier_id = d.id WHERE {clause} GROUP BY 1"), params).all())
    attention = [{"code": c, "error": e} for c, e in conn.execute(text(
        f"SELECT d.code, s.error FROM dossier d JOIN portal_state s ON s.dossier_id = d.id "
        f"WHERE {clause} AND s.state = 'attention' ORDER BY d.code"), params)]
    return {"pending": int(counts.get("pending", 0)),
            "acknowledged": int(counts.get("acknowledged", 0)),
            "failed": int(counts.get("failed", 0)), "attention": attention}


def answer_text(answer: Any) -> str:
    return json.dumps(answer, ensure_ascii=False)[:500] if answer is not None else ""


@contextmanager
def atomic(conn: Connection) -> Iterator[Connection]:
    """A real transaction for a multi-statement write (the link's own connection is
    autocommit): a second connection of the same engine, committed or rolled back whole."""
    with conn.engine.connect().execution_options(isolation_level="READ COMMITTED") as c:
        with c.begin():
            yield c
