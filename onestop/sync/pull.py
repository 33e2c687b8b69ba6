"""Pull: rows changed centrally since the stored cursor, applied locally.

Every central row carries ``change_xid``, the id of the transaction that last wrote it. One
pull reads, in a single REPEATABLE READ snapshot, the rows with
``cursor < (change_xid, id)`` and ``change_xid < pg_snapshot_xmin(pg_current_snapshot())``:
all transactions below that horizon have ended, so no row can later appear behind the cursor
(a plain sequence would let a slow transaction commit a *lower* number after a reader has
moved past it). Pages are applied locally each in one transaction together with the cursor,
so a pull killed at any point resumes where its last page committed.

Scope: the shared catalogue, calendar and users; the register of units and agencies; this
unit's counters, the dossiers it received and those whose return point it is (issue 14),
their events, and its audit entries. Rows this counter pushed itself come back only
on a full pull (cursor at the start) — they are already here.

A counter's **first pull** (issue 19: dossier and event cursors both at the start, a counter
login) does not walk the province's change index: it takes, by the unit's own indexes, the
unit's *live* dossiers (received, processing, awaiting a supplement, result ready), the live
ones whose result is collected here, and every dossier the PC already holds (a restored
backup or ``sync --full`` refreshes them all), each page with all its events. Closed dossiers
(returned, refused, withdrawn, stopped, void) of earlier years stay central; one that changes
again later arrives with its change (a pulled event fetches its missing dossier).
"""

from __future__ import annotations

import uuid
from typing import Any

from sqlalchemy import (
    ColumnElement, Connection, delete, literal_column, or_, select, text, true,
)

from onestop.services import calendar_change
from onestop.services.context import Context
from onestop.storage.models import CalendarOverride, Dossier
from onestop.sync import converge, faults, status
from onestop.sync.apply import apply_rows
from onestop.sync.link import START, Link, forget, load_cursor, save_cursor
from onestop.sync.tables import BY_NAME, Spec

PAGE = 5_000
#: The statuses a new counter needs locally: the dossiers still handled or to be returned.
LIVE = ("received", "processing", "awaiting-supplement", "result-ready")
NIL = "00000000-0000-0000-0000-000000000000"


def _scope(spec: Spec, link: Link) -> ColumnElement[bool]:
    t = spec.table
    if spec.name == "agency":
        return true()   # the register of receiving units and handling agencies
    if spec.name == "counter":
        return t.c.agency_id == link.agency_id
    if spec.name == "dossier":
        return _mine_or_returned_here(link)
    if spec.name == "dossier_event":
        if link.rls:
            # the policy already keeps this unit's events, as a hashed filter on an ordered
            # index scan; an explicit IN would be planned as a join (seconds per page)
            return true()
        return t.c.dossier_id.in_(select(Dossier.id).where(_mine_or_returned_here(link)))
    if spec.name == "audit_entry":
        return t.c.origin.startswith(link.agency_code + "#", autoescape=True)
    return true()


def _mine_or_returned_here(link: Link) -> ColumnElement[bool]:
    """The dossiers this unit received, and those whose result the citizen collects here."""
    return or_(Dossier.agency_id == link.agency_id, Dossier.return_unit_code == link.agency_code)


def _page(cconn: Connection, spec: Spec, link: Link, cursor: tuple[int, str], bound: int,
          size: int, full: bool) -> list[dict[str, Any]]:
    stmt = (select(*spec.table.c, literal_column("change_xid::text").label("_xid"))
            .where(_scope(spec, link))
            .where(text("(change_xid, id) > (CAST(:cx AS xid8), CAST(:cid AS uuid))"))
            .where(text("change_xid < CAST(:bound AS xid8)"))
            .order_by(text("change_xid, id")).limit(size))
    params: dict[str, Any] = {"cx": str(cursor[0]), "cid": cursor[1] or NIL,
                              "bound": str(bound)}
    if not full:
        # what this login wrote is already here; a full pull (from START) takes it all. The
        # server stamped the writer's session_user: nobody can make this counter skip a row
        stmt = stmt.where(text("change_origin IS DISTINCT FROM session_user::text"))
    return [dict(r._mapping) for r in cconn.execute(stmt, params)]


def _pull_table(ctx: Context, link: Link, cconn: Connection, spec: Spec, bound: int,
                size: int, cursor: tuple[int, str], idle: list[tuple[str, tuple[int, str]]]
                ) -> int:
    total = 0
    full = cursor == START
    while True:
        rows = _page(cconn, spec, link, cursor, bound, size, full)
        faults.hit("pull.after_fetch")
        done = len(rows) < size
        xids = [int(r.pop("_xid")) for r in rows]
        cursor = (bound, "") if done else (xids[-1], str(rows[-1]["id"]))
        if not rows:
            idle.append((spec.name, cursor))  # saved with the other idle tables, one commit
            return total
        with ctx.transaction() as session:
            conn = session.connection()
            before = calendar_change.overrides(session) if spec.name == "calendar_override" \
                else {}
            new, rekeyed = apply_rows(conn, cconn, spec, rows)
            if spec.name == "calendar_override":
                _calendar_moves(session, ctx, before, [r["id"] for r in rows])
            if spec.name == "dossier_event" and new:
                found = converge.local(session, ctx, {r["dossier_id"] for r in new})
                status.add_conflicts(session, found)
            save_cursor(session, spec.name, *cursor)
            faults.hit("pull.before_commit")
        faults.hit("pull.after_commit")
        if rekeyed:
            _reload_identity(ctx, link)
        if spec.name == "calendar_override" and rows:
            _calendar_changed(ctx)
        total += len(rows)
        if done:
            return total


def _calendar_moves(session: Any, ctx: Context, before: dict[uuid.UUID, Any],
                    ids: list[Any]) -> None:
    """Record, in the page's transaction, the appointments the pulled overrides move."""
    if session.execute(select(Dossier.id).limit(1)).first() is None:
        return   # a PC joining: no appointment to move (the calendar of 87 overrides costs 3 s)
    now = calendar_change.overrides(session)
    changes = [calendar_change.SyncedChange("set", i, now[i])
               for i in (uuid.UUID(str(x)) for x in ids) if i in now]
    calendar_change.record_synced(session, ctx, before, changes)


def _calendar_changed(ctx: Context) -> None:
    fn = getattr(ctx, "calendar_changed", None)  # the calendar cache must see pulled overrides
    if fn is not None:
        fn()


def _reload_identity(ctx: Context, link: Link) -> None:
    forget(ctx)
    with ctx.reading() as session:
        link.agency_id = ctx.identity(session).agency_id


def _pull_tombstones(ctx: Context, cconn: Connection, bound: int, cursor: tuple[int, str],
                     idle: list[tuple[str, tuple[int, str]]]) -> int:
    """Deletions of calendar overrides made elsewhere."""
    rows = cconn.execute(text(
        "SELECT table_name, row_id, change_xid::text FROM sync_tombstone "
        "WHERE (change_xid, row_id) > (CAST(:cx AS xid8), CAST(:cid AS uuid)) "
        "AND change_xid < CAST(:bound AS xid8) ORDER BY change_xid, row_id"),
        {"cx": str(cursor[0]), "cid": cursor[1] or NIL, "bound": str(bound)}).all()
    if not rows:
        idle.append(("sync_tombstone", (bound, "")))
        return 0
    with ctx.transaction() as session:
        before = calendar_change.overrides(session)
        removed = []
        for table, row_id, _ in rows:
            spec = BY_NAME.get(table)
            if spec is not None and spec.deletable:
                rid = uuid.UUID(str(row_id))
                session.execute(delete(spec.table).where(spec.table.c.id == rid))
                if spec.table is CalendarOverride.__table__ and rid in before:
                    removed.append(calendar_change.SyncedChange("remove", rid, before[rid]))
        if removed:
            ctx.calendar_changed()
            calendar_change.record_synced(session, ctx, before, removed)
        save_cursor(session, "sync_tombstone", bound, "")
    _calendar_changed(ctx)
    return len(rows)


def _first_pull(ctx: Context, link: Link, cconn: Connection, bound: int, size: int,
                idle: list[tuple[str, tuple[int, str]]]) -> int:
    """A counter's first pull of dossiers and events (see the module docstring)."""
    dspec, espec = BY_NAME["dossier"], BY_NAME["dossier_event"]
    live = select(Dossier.id).where(_mine_or_returned_here(link), Dossier.status.in_(LIVE))
    wanted = {r[0] for r in cconn.execute(live)}
    with ctx.reading() as session:
        held = list(session.scalars(select(Dossier.id)))
    for part in range(0, len(held), 5000):   # what this PC holds, if the server has it
        chunk = held[part:part + 5000]
        wanted.update(r[0] for r in cconn.execute(
            select(Dossier.id).where(Dossier.id.in_(chunk))))
    ids = sorted(wanted)
    total = 0
    for part in range(0, len(ids), size):
        chunk = ids[part:part + size]
        drows = [dict(r._mapping) for r in cconn.execute(
            select(*dspec.table.c).where(dspec.table.c.id.in_(chunk)))]
        # one array parameter: a list of 5,000 literals is planned 5× slower here
        erows = [dict(r._mapping) for r in cconn.execute(
            select(*espec.table.c).where(text("dossier_id = ANY(:ids)"))
            .order_by(espec.table.c.dossier_id, espec.table.c.at), {"ids": chunk})]
        faults.hit("pull.after_fetch")
        with ctx.transaction() as session:
            conn = session.connection()
            apply_rows(conn, cconn, dspec, drows)
            new, _ = apply_rows(conn, cconn, espec, erows)
            if new:
                found = converge.local(session, ctx, {r["dossier_id"] for r in new})
                status.add_conflicts(session, found)
            faults.hit("pull.before_commit")
        total += len(drows) + len(erows)
    # the cursors move only once every page is in: a pull stopped half-way starts again
    # (replayed rows change nothing)
    idle.append(("dossier", (bound, "")))
    idle.append(("dossier_event", (bound, "")))
    return total


def pull(ctx: Context, link: Link, tables: tuple[str, ...], size: int = PAGE) -> int:
    """Pull ``tables`` (in the given, foreign-key order); returns the number of rows received."""
    total = 0
    with link.engine.connect() as cconn:
        cconn = cconn.execution_options(isolation_level="REPEATABLE READ")
        with cconn.begin():
            bound = int(cconn.exec_driver_sql(
                "SELECT pg_snapshot_xmin(pg_current_snapshot())::text").scalar_one())
            idle: list[tuple[str, tuple[int, str]]] = []
            with ctx.reading() as session:
                cursors = {n: load_cursor(session, n) for n in (*tables, "sync_tombstone")}
            first = (link.rls and "dossier" in tables and "dossier_event" in tables
                     and cursors["dossier"] == START and cursors["dossier_event"] == START)
            for name in tables:
                if first and name in ("dossier", "dossier_event"):
                    if name == "dossier":
                        total += _first_pull(ctx, link, cconn, bound, size, idle)
                    continue
                total += _pull_table(ctx, link, cconn, BY_NAME[name], bound, size,
                                     cursors[name], idle)
            if "calendar_override" in tables:
                total += _pull_tombstones(ctx, cconn, bound, cursors["sync_tombstone"], idle)
    if idle:
        # nothing new, but the horizon moved: skip the rows this counter pushed next time
        with ctx.transaction() as session:
            for name, cursor in idle:
                save_cursor(session, name, *cursor)
    return total
