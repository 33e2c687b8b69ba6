"""Which outbox entries a push may send over a link, and the changes held for an administrator.

The shared tables — accounts, the catalogue, the calendar — are written centrally only by a
central administrator's login (``onestop central add-admin``); a counter login reads them.
So an admin's edit made at a counter waits in the outbox, *held*, until someone with that
login sends it (``onestop sync --admin-url``, or the GUI's outbox view), while the counter's
own dossiers keep flowing:

* ``counter`` scope (a counter login): everything except the shared tables, and except the
  dossiers (and their events) of a procedure created at this counter that the central
  database does not have yet — their parent must arrive first;
* ``shared`` scope (a central administrator's login): only the shared tables;
* ``all`` (the database owner's URL, a one-PC set-up or tests): everything.

Before a counter push, held entries the central copy already covers (the counter's seeded
catalogue and calendar, an edit a central administrator made again) are settled: the central
copy wins a version tie, so there is nothing left to send for them.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, text

from onestop.services.context import Context
from onestop.storage.models import utcnow
from onestop.sync.apply import bound_time
from onestop.sync.central import SHARED
from onestop.sync.link import Link
from onestop.sync.status import HELD
from onestop.storage.models import as_uuid

SETTLED = "settled: central copy current"   # last_error of an entry nothing was left to send for
_SHARED_SQL = ", ".join(f"'{t}'" for t in SHARED)


@dataclass(frozen=True)
class Scope:
    """A push's selection of outbox entries, as a SQL condition on ``sync_outbox`` columns."""

    kind: str                                   # "all", "counter" or "shared"
    new_procedures: tuple[Any, ...] = ()        # raw local ids the central database lacks

    def where(self) -> tuple[str, dict[str, Any]]:
        """``(condition, parameters)`` selecting the entries this push may send."""
        if self.kind == "shared":
            return f"table_name IN ({_SHARED_SQL})", {}
        if self.kind == "all":
            return "1 = 1", {}
        cond = f"table_name NOT IN ({_SHARED_SQL})"
        params: dict[str, Any] = {}
        if self.new_procedures:
            names = ", ".join(f":np{i}" for i in range(len(self.new_procedures)))
            params = {f"np{i}": v for i, v in enumerate(self.new_procedures)}
            waiting = f"SELECT id FROM dossier WHERE procedure_id IN ({names})"
            cond += (f" AND NOT (table_name = 'dossier' AND row_id IN ({waiting}))"
                     f" AND NOT (table_name = 'dossier_event' AND row_id IN (SELECT id FROM "
                     f"dossier_event WHERE dossier_id IN ({waiting})))")
        return cond, params

    @property
    def sends_deletions(self) -> bool:
        """Whether deleted calendar overrides go out with this push."""
        return self.kind != "counter"


ALL = Scope("all")
SHARED_ONLY = Scope("shared")


def for_counter(ctx: Context, link: Link) -> Scope:
    """Settle what the central copy covers, mark the rest held; the counter push's scope."""
    with ctx.reading() as session:
        waiting = session.connection().execute(text(
            f"SELECT DISTINCT table_name, row_id FROM sync_outbox WHERE sent_at IS NULL "
            f"AND table_name IN ({_SHARED_SQL})")).all()
    by_table: dict[str, list[Any]] = {}
    for table, raw in waiting:
        by_table.setdefault(table, []).append(raw)
    settled: list[tuple[str, Any]] = []
    new_procedures: list[Any] = []
    if by_table:
        with link.engine.connect() as cconn:
            for table, raws in by_table.items():
                central = _versions(cconn, table, [as_uuid(r) for r in raws])
                with ctx.reading() as session:
                    local = _local_versions(session.connection(), table, raws)
                for raw in raws:
                    key = as_uuid(raw)
                    mine, theirs = local.get(key), central.get(key)
                    if (mine is None and theirs is None) or (
                            mine is not None and theirs is not None and theirs >= mine):
                        settled.append((table, raw))
                    elif table == "procedure" and theirs is None and mine is not None:
                        new_procedures.append(raw)
            cconn.rollback()
    scope = Scope("counter", tuple(new_procedures))
    cond, params = scope.where()
    with ctx.transaction() as session:
        conn = session.connection()
        for table, raw in settled:
            conn.execute(text("UPDATE sync_outbox SET sent_at = :now, last_error = :e WHERE "
                              "table_name = :t AND row_id = :r AND sent_at IS NULL"),
                         {"now": bound_time(conn, utcnow()), "e": SETTLED, "t": table, "r": raw})
        conn.execute(text(f"UPDATE sync_outbox SET last_error = NULL WHERE sent_at IS NULL "
                          f"AND last_error = '{HELD}' AND {cond}"), params)
        conn.execute(text(f"UPDATE sync_outbox SET last_error = '{HELD}' WHERE sent_at IS NULL "
                          f"AND NOT ({cond}) AND (last_error IS NULL OR last_error <> '{HELD}')"),
                     params)
    return scope


def _versions(cconn: Connection, table: str, ids: list[uuid.UUID]) -> dict[uuid.UUID, int]:
    rows = cconn.execute(text(f"SELECT id, version FROM {table} WHERE id = ANY(:ids)"),
                         {"ids": ids}).all()
    return {as_uuid(r[0]): int(r[1]) for r in rows}


def _local_versions(conn: Connection, table: str, raws: list[Any]) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    for i in range(0, len(raws), 500):
        part = raws[i:i + 500]
        names = ", ".join(f":r{j}" for j in range(len(part)))
        for rid, version in conn.execute(
                text(f"SELECT id, version FROM {table} WHERE id IN ({names})"),
                {f"r{j}": v for j, v in enumerate(part)}):
            out[as_uuid(rid)] = int(version)
    return out


def held(ctx: Context) -> int:
    """How many outbox entries wait for a central administrator (as of the last push)."""
    with ctx.reading() as session:
        return int(session.connection().execute(text(
            f"SELECT count(*) FROM sync_outbox WHERE sent_at IS NULL "
            f"AND last_error = '{HELD}'")).scalar_one())
