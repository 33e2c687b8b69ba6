"""What must hold in a local database after any crash: checked on the file, from the outside.

:func:`check` opens the SQLite file the way the next start would (which also replays or
discards the WAL), runs ``PRAGMA integrity_check`` and the structural rules below, and returns
a :class:`Snapshot` of what is committed so a test can compare before and after a kill:

* every dossier has exactly one ``received`` event, every event its dossier;
* no pending outbox row points at a row that does not exist (deleted calendar days
  excepted: their deletion is what the outbox carries);
* each dossier's stored status and dates equal the projection of its events;
* codes and register numbers are unique;
* the hash chains verify (``onestop audit verify`` runs in-process on the same file).
"""

from __future__ import annotations

import contextlib
import io
import json
from tests import rawdb as sqlite3
import uuid
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from onestop.cli import main
from onestop.domain import workflow as wf
from onestop.services.context import Context
from onestop.services.dossiers import event_records, terms_of
from onestop.storage import db
from onestop.storage.models import Agency, Dossier

#: Outbox tables whose rows are never deleted locally.
KEPT_TABLES = ("agency", "counter", "procedure", "dossier", "dossier_event", "app_user",
               "audit_entry")
PROJECTED = ("status", "due_at", "sla_due_at", "finished_at", "returned_at", "paused_since",
             "reschedules")


@dataclass(frozen=True)
class Snapshot:
    """The committed content that matters, by id."""

    revision: str | None
    dossiers: dict[str, str]            # id -> code
    events: dict[str, str]              # id -> dossier id
    audit: frozenset[str]
    procedures: frozenset[str]          # codes
    users: frozenset[str]
    outbox: Counter[tuple[str, str]]    # (table, row id) -> number of queued changes

    def codes(self) -> set[str]:
        return set(self.dossiers.values())


def _uid(raw: object) -> str:
    return str(uuid.UUID(str(raw)))


def _tables(conn: sqlite3.Connection) -> set[str]:
    return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def check(path: Path, *, verify: bool = True) -> Snapshot:
    """Assert the crash invariants on the SQLite file ``path``; return what it holds."""
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = _tables(conn)
        if "dossier" not in tables:   # killed before the first revision committed
            return Snapshot(None, {}, {}, frozenset(), frozenset(), frozenset(), Counter())
        snap = _snapshot(conn)
        _structure(conn, snap)
        _name_index(conn, tables)
    finally:
        conn.close()
    # projections and audit verify read through today's models: an old file (the rev0001
    # fixture, or one killed before its upgrade) lacks their newer columns; the matrix
    # checks it again once the retry has upgraded it
    current = snap.revision == db.head_revision()
    if snap.dossiers and current:
        _projections(path)
    if verify and current and snap.audit | set(snap.events):
        assert audit_verify(path)["ok"] is True
    return snap


def _name_index(conn: sqlite3.Connection, tables: set[str]) -> None:
    """The name-search index (revision 0004) holds exactly the dossiers' folded names, and its
    triggers are all in place (a bulk write drops them inside its transaction only)."""
    if "dossier_name" not in tables:
        return
    # raises "database disk image is malformed" when the index and the table disagree
    conn.execute("INSERT INTO dossier_name (dossier_name, rank) VALUES ('integrity-check', 1)")
    triggers = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = "
                                           "'trigger' AND tbl_name = 'dossier'")}
    assert triggers == {"dossier_name_ai", "dossier_name_ad", "dossier_name_au"}, triggers
    conn.rollback()


def _snapshot(conn: sqlite3.Connection) -> Snapshot:
    rev = conn.execute("SELECT version_num FROM alembic_version").fetchall()
    dossiers = {_uid(i): c for i, c in conn.execute("SELECT id, code FROM dossier")}
    events = {_uid(i): _uid(d) for i, d in conn.execute("SELECT id, dossier_id FROM "
                                                         "dossier_event")}
    outbox = Counter((t, _uid(r)) for t, r in conn.execute("SELECT table_name, row_id FROM "
                                                           "sync_outbox"))
    return Snapshot(
        revision=rev[0][0] if rev else None, dossiers=dossiers, events=events,
        audit=frozenset(_uid(i) for (i,) in conn.execute("SELECT id FROM audit_entry")),
        procedures=frozenset(c for (c,) in conn.execute("SELECT code FROM procedure")),
        users=frozenset(u for (u,) in conn.execute("SELECT username FROM app_user")),
        outbox=outbox)


def _structure(conn: sqlite3.Connection, snap: Snapshot) -> None:
    # exactly one "received" event per dossier: no dossier without its receipt, none twice
    received = Counter(d for (d,) in conn.execute(
        "SELECT dossier_id FROM dossier_event WHERE kind = 'received'"))
    assert {_uid(d): n for d, n in received.items()} == dict.fromkeys(snap.dossiers, 1)
    assert set(snap.events.values()) <= set(snap.dossiers)
    assert len(snap.codes()) == len(snap.dossiers)
    dup = conn.execute("SELECT register_book, register_no FROM dossier GROUP BY 1, 2 "
                       "HAVING count(*) > 1").fetchall()
    assert dup == []
    existing = {"dossier": set(snap.dossiers), "dossier_event": set(snap.events),
                "audit_entry": set(snap.audit)}
    for table in ("agency", "counter", "procedure", "app_user"):
        existing[table] = {_uid(i) for (i,) in conn.execute(f'SELECT id FROM "{table}"')}
    # a pending change must name a row that exists (sent entries are history: the sync
    # re-keys rows to the central ids and moves only the pending entries along)
    pending = {(t, _uid(r)) for t, r in conn.execute(
        "SELECT table_name, row_id FROM sync_outbox WHERE sent_at IS NULL")}
    orphans = [(t, r) for t, r in pending if t in KEPT_TABLES and r not in existing[t]]
    assert orphans == [], f"outbox rows without their rows: {orphans[:5]} ({len(orphans)})"


def _projections(path: Path) -> None:
    """Each dossier's stored projection equals the projection of its events."""
    ctx = Context.open(f"sqlite:///{path}")
    try:
        with ctx.reading() as session:
            for d in session.scalars(select(Dossier)):
                agency = session.get(Agency, d.agency_id)
                settings = ctx.agency_settings(agency) if agency else {}
                p = wf.project(terms_of(d, settings), event_records(session, d.id),
                               ctx.calendar(session, agency))
                assert {k: getattr(p, k) for k in PROJECTED} == \
                       {k: getattr(d, k) for k in PROJECTED}, d.code
    finally:
        ctx.engine.dispose()


def audit_verify(path: Path) -> dict[str, object]:
    """``onestop audit verify --json`` on ``path``, run in-process; its JSON answer."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["--db", f"sqlite:///{path}", "audit", "verify", "--json"])
    data = json.loads(out.getvalue())
    assert (rc == 0) is data["ok"], err.getvalue()
    return data  # type: ignore[no-any-return]


def queued(snap: Snapshot, table: str, ids: set[str]) -> bool:
    """Whether every row of ``ids`` in ``table`` has at least one outbox entry."""
    return all(snap.outbox[(table, i)] > 0 for i in ids)
