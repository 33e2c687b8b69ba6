"""Push: the local outbox, in order and in batches, into the central database.

One batch is one central transaction:

1. the rows named by the batch's outbox entries are read from the local database *as they
   are now* (the upsert keeps the higher version, so the latest state is always right), plus
   the dossier of every event in the batch (the parent must arrive first);
2. ``COPY`` into temporary staging tables, then per table one
   ``INSERT … SELECT … ON CONFLICT (id) DO UPDATE … WHERE excluded.version > t.version``
   (events and audit entries: ``DO NOTHING``) — the fast path of TECH_NOTES;
3. dossiers whose central event set differs from the pusher's are re-projected centrally in
   the same transaction (after locking them, so two counters pushing events of one dossier
   at the same moment cannot both miss the other's events);
4. commit — and only then, in a local transaction, the outbox entries are marked sent.

A replayed batch changes nothing (same versions, same event ids), so a crash between the
central commit and the local mark only costs a harmless re-send.

What a push may send depends on the login (:mod:`onestop.sync.scope`): a counter login sends
everything but the shared accounts, catalogue and calendar, which wait for a central
administrator's login.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from onestop.services.context import SYSTEM_USER, Context
from onestop.storage.db import session_factory
from onestop.storage.models import DossierEvent
from onestop.sync import converge, faults, scope, status
from onestop.sync.apply import apply_rows, bound_time, fetch, rekey
from onestop.sync.link import Link, forget
from onestop.sync.status import Conflict
from onestop.sync.tables import BY_NAME, ORDER, Spec
from onestop.storage.models import as_uuid
from onestop.services.retention import central_erase

BATCH = 20_000
_IN_BATCH = ("SELECT row_id FROM sync_outbox WHERE table_name = :t AND id BETWEEN :lo AND :hi "
             "AND sent_at IS NULL AND {scope}")


@dataclass
class Batch:
    """Outbox entries ``lo..hi`` (unsent) and the local rows they name."""

    lo: int
    hi: int
    entries: int
    scope: scope.Scope = scope.ALL
    rows: dict[str, list[tuple[Any, ...]]] = field(default_factory=dict)
    deleted: list[uuid.UUID] = field(default_factory=list)

    @property
    def size(self) -> int:
        return sum(len(r) for r in self.rows.values())


@dataclass
class Sent:
    """What the central transaction did."""

    rekeyed: dict[str, list[tuple[uuid.UUID, uuid.UUID]]] = field(default_factory=dict)
    central_rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    reprojected: int = 0


def _select_rows(conn: Connection, spec: Spec, batch: Batch, link: Link) -> list[Any]:
    cols = ", ".join(f'"{c}"' for c in spec.columns)
    cond, params = batch.scope.where()
    params.update({"t": spec.name, "lo": batch.lo, "hi": batch.hi})
    in_batch = _IN_BATCH.format(scope=cond)
    where = f"id IN ({in_batch})"
    if spec.name == "dossier":
        # the dossier of every event in the batch travels with it (its parent)
        where = (f"id IN ({in_batch} UNION SELECT dossier_id FROM dossier_event WHERE id IN "
                 f"({in_batch.replace(':t', ':te')}))")
        params["te"] = "dossier_event"
    if link.rls and spec.name == "dossier":
        # a dossier another unit received, returned here: its events go, its row stays
        # theirs (row-level security; the server projects the return, see central.py)
        where = f"({where}) AND agency_id = :unit"
        params["unit"] = _stored_id(conn, link.agency_id)
    elif link.rls and spec.name == "agency":
        # only this unit's own row: the other units and the handling agencies are central
        # reference data (central add-counter, an administrator)
        where += " AND id = :unit"
        params["unit"] = _stored_id(conn, link.agency_id)
    elif spec.name == "audit_entry":
        # entries written before this PC had an identity cannot belong to any agency
        where += " AND origin LIKE :prefix"
        params["prefix"] = link.agency_code + "#%"
    # raw values (no type processing): SQLite's text is exactly what COPY's text format reads
    return list(conn.execute(text(f"SELECT {cols} FROM {spec.name} WHERE {where}"),
                             params).fetchall())


def _stored_id(conn: Connection, value: uuid.UUID) -> Any:
    """A UUID as a ``text()`` parameter: SQLite stores the 32 hex digits."""
    return value.hex if conn.dialect.name == "sqlite" else value


def read_batch(ctx: Context, link: Link, size: int, where: scope.Scope = scope.ALL
               ) -> Batch | None:
    """The next unsent outbox entries (at most ``size``) of ``where`` and their rows, or None."""
    cond, params = where.where()
    with ctx.transaction() as session:
        conn = session.connection()
        lo, hi, n = conn.execute(text(
            f"SELECT min(id), max(id), count(*) FROM (SELECT id FROM sync_outbox "
            f"WHERE sent_at IS NULL AND {cond} ORDER BY id LIMIT :size) AS b"),
            {**params, "size": size}).one()
        if not n:
            return None
        batch = Batch(int(lo), int(hi), int(n), where)
        sqlite = conn.dialect.name == "sqlite"
        for spec in BY_NAME.values():
            rows = _select_rows(conn, spec, batch, link)
            if rows:
                batch.rows[spec.name] = rows if sqlite else [_portable(spec, r) for r in rows]
        if not where.sends_deletions:
            return batch
        batch.deleted = [as_uuid(r[0]) for r in conn.execute(text(
            "SELECT DISTINCT row_id FROM sync_outbox WHERE table_name = 'calendar_override' "
            "AND id BETWEEN :lo AND :hi AND sent_at IS NULL AND row_id NOT IN "
            "(SELECT id FROM calendar_override)"), {"lo": batch.lo, "hi": batch.hi})]
        return batch


def known_locally(ctx: Context, ids: list[uuid.UUID]) -> set[uuid.UUID]:
    """Which of the event ``ids`` the local database holds."""
    have: set[uuid.UUID] = set()
    with ctx.reading() as session:
        for part in range(0, len(ids), 2000):
            have.update(session.scalars(select(DossierEvent.id)
                                        .where(DossierEvent.id.in_(ids[part:part + 2000]))))
    return have


def _portable(spec: Spec, row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A row read from a local PostgreSQL: JSON values as text for COPY."""
    return tuple(json.dumps(v) if isinstance(v, (dict, list)) else v for v in row)


# --- the central transaction -----------------------------------------------------------------

def _stage(cur: Any, spec: Spec, rows: list[tuple[Any, ...]]) -> None:
    t = spec.name
    cur.execute(f"CREATE TEMP TABLE IF NOT EXISTS stage_{t} (LIKE {t}) ON COMMIT DELETE ROWS")
    cols = ", ".join(f'"{c}"' for c in spec.columns)
    with cur.copy(f"COPY stage_{t} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _clashes(cur: Any, spec: Spec) -> list[tuple[uuid.UUID, uuid.UUID]]:
    """Staged rows whose natural key the central copy holds under another id: drop them and
    return (local id, central id) so the counter adopts the central row."""
    if not (spec.central_owned and spec.natural_key):
        return []
    same = " AND ".join(f'c."{k}" = s."{k}"' for k in spec.natural_key)
    cur.execute(f"DELETE FROM stage_{spec.name} s USING {spec.name} c "
                f"WHERE {same} AND c.id <> s.id RETURNING s.id, c.id")
    return [(r[0], r[1]) for r in cur.fetchall()]


def _merge(cur: Any, spec: Spec) -> None:
    t, cols = spec.name, ", ".join(f'"{c}"' for c in spec.columns)
    if spec.insert_only:
        cur.execute(f"INSERT INTO {t} ({cols}) SELECT {cols} FROM stage_{t} "
                    f"ON CONFLICT (id) DO NOTHING")
        return
    sets = ", ".join(f'"{c}" = excluded."{c}"' for c in spec.columns if c != "id")
    # ORDER BY id: row locks in one global order, so two pushers never deadlock
    cur.execute(f"INSERT INTO {t} AS cur ({cols}) SELECT {cols} FROM stage_{t} ORDER BY id "
                f"ON CONFLICT (id) DO UPDATE SET {sets} WHERE excluded.version > cur.version")


def _mismatched(cur: Any, ctx: Context, known: list[uuid.UUID]) -> list[uuid.UUID]:
    """Dossiers whose central events include some this counter has not seen (another
    counter's): their merged history needs a central re-projection.

    Only dossiers the central database had before this batch can have events from another
    counter (a new dossier's events can only come from its creator), so only they are looked
    at. Events of the pusher's that are still waiting in a later batch are no reason: the
    pushed dossier row already reflects them (re-projecting without them would step the
    dossier back until they arrive).
    """
    if not known:
        return []
    cur.execute("SELECT dossier_id, id FROM dossier_event WHERE dossier_id = ANY(%s)", (known,))
    central = cur.fetchall()
    mine = known_locally(ctx, [e for _, e in central])
    return sorted({d for d, e in central if e not in mine})


def send(ctx: Context, link: Link, batch: Batch) -> Sent:
    """Run one batch's central transaction (see the module docstring)."""
    sent = Sent()
    with link.engine.connect() as conn:
        with conn.begin():
            raw: Any = conn.connection.dbapi_connection
            with raw.cursor() as cur:
                cur.execute("SET LOCAL TIME ZONE 'UTC'")
                for name in ORDER:
                    if name in batch.rows:
                        _stage(cur, BY_NAME[name], batch.rows[name])
                faults.hit("push.after_copy")
                known: list[uuid.UUID] = []
                if "dossier" in batch.rows:
                    cur.execute("SELECT id FROM dossier WHERE id IN (SELECT id FROM stage_dossier)"
                                " ORDER BY id FOR NO KEY UPDATE")
                    known = [r[0] for r in cur.fetchall()]
                if batch.deleted:
                    cur.execute("DELETE FROM calendar_override WHERE id = ANY(%s)",
                                (batch.deleted,))
                if link.rls and "agency" in batch.rows:
                    # the central copy of another unit's or agency's row wins: an
                    # administrator edits those centrally
                    cur.execute("DELETE FROM stage_agency s USING agency c WHERE c.id = s.id "
                                "AND c.id <> %s", (link.agency_id,))
                for name in ORDER:
                    if name in batch.rows:
                        pairs = _clashes(cur, BY_NAME[name])
                        if pairs:
                            sent.rekeyed[name] = pairs
                        _merge(cur, BY_NAME[name])
                if "audit_entry" in batch.rows:   # issue 16: erasures reach the central
                    central_erase(cur)
                faults.hit("push.after_upsert")
                changed = _mismatched(cur, ctx, known)
                if changed:
                    # the merged row is everyone's news, the pusher's included: no echo mark
                    # (the server stamps the login otherwise; a client can only clear it)
                    cur.execute("SELECT set_config('onestop.merged', 'on', true)")
            if changed:
                sent.conflicts = _reproject(conn, ctx, changed)
                sent.reprojected = len(changed)
            faults.hit("push.before_commit")
        for name, pairs in sent.rekeyed.items():
            sent.central_rows[name] = fetch(conn, BY_NAME[name], [c for _, c in pairs])
        conn.rollback()
    return sent


def _reproject(conn: Connection, ctx: Context, ids: list[uuid.UUID]) -> list[Conflict]:
    central_ctx = Context(engine=conn.engine, factory=session_factory(conn.engine),
                          username=SYSTEM_USER, clock=ctx.clock)
    with Session(bind=conn) as session:
        return converge.central(session, central_ctx, ids)


# --- after the central commit ----------------------------------------------------------------

def mark_sent(ctx: Context, link: Link, batch: Batch, sent: Sent) -> None:
    """Settle the batch locally: adopt central ids where needed, mark the entries sent."""
    with ctx.transaction() as session:
        conn = session.connection()
        for name, pairs in sent.rekeyed.items():
            spec = BY_NAME[name]
            rekey(conn, spec, pairs)
            apply_rows(conn, conn, spec, sent.central_rows.get(name, []))
        conn.execute(text(
            "UPDATE sync_outbox SET last_error = 'skipped: not this agency' WHERE "
            "table_name = 'audit_entry' AND id BETWEEN :lo AND :hi AND sent_at IS NULL AND "
            "row_id IN (SELECT id FROM audit_entry WHERE origin NOT LIKE :prefix)"),
            {"lo": batch.lo, "hi": batch.hi, "prefix": link.agency_code + "#%"})
        cond, params = batch.scope.where()
        params.update({"lo": batch.lo, "hi": batch.hi})
        conn.execute(text(
            "UPDATE sync_outbox SET last_error = NULL WHERE id BETWEEN :lo AND :hi "
            f"AND sent_at IS NULL AND last_error IS NOT NULL AND last_error NOT LIKE 'skipped%' "
            f"AND {cond}"), params)
        conn.execute(text(
            "UPDATE sync_outbox SET sent_at = :now, attempts = attempts + 1 "
            f"WHERE id BETWEEN :lo AND :hi AND sent_at IS NULL AND {cond}"),
            {**params, "now": bound_time(conn, ctx.now())})
        status.add_conflicts(session, sent.conflicts)
    if "agency" in sent.rekeyed:
        forget(ctx)
        link.agency_id = sent.rekeyed["agency"][0][1]  # the pull that follows scopes by it


def note_failure(ctx: Context, batch: Batch, error: str) -> None:
    """Count a failed attempt on the batch's entries (best effort: the error is re-raised)."""
    cond, params = batch.scope.where()
    try:
        with ctx.transaction() as session:
            session.connection().execute(text(
                "UPDATE sync_outbox SET attempts = attempts + 1, last_error = :e "
                f"WHERE id BETWEEN :lo AND :hi AND sent_at IS NULL AND {cond}"),
                {**params, "e": error[:500], "lo": batch.lo, "hi": batch.hi})
    except Exception:  # noqa: BLE001, S110 - a failing local database must not hide the error
        pass


def push(ctx: Context, link: Link, size: int = BATCH,
         stop: Callable[[], bool] | None = None, where: scope.Scope | None = None) -> int:
    """Push every pending outbox entry this login may send; returns the number of rows sent.

    ``where`` defaults to the counter scope on a counter login and to everything otherwise.
    """
    if where is None:
        where = scope.for_counter(ctx, link) if link.rls else scope.ALL
    total = 0
    while not (stop and stop()):
        batch = read_batch(ctx, link, size, where)
        if batch is None:
            break
        faults.hit("push.begin")
        try:
            sent = send(ctx, link, batch)
        except Exception as exc:
            note_failure(ctx, batch, str(exc).splitlines()[0] if str(exc) else repr(exc))
            raise
        faults.hit("push.after_commit")
        mark_sent(ctx, link, batch, sent)
        faults.hit("push.after_mark")
        total += batch.size
    return total
