"""The audit log: security-relevant actions, hash-chained per origin.

Logged: logins (success and failure), lock-outs, user changes, settings/catalogue/calendar
changes, views of full personal data, exports, reprints, voids, refused (forbidden) actions.
Details never contain passwords, hashes or citizen personal data — only codes and field names.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from onestop.services import permissions
from onestop.services.consistency import reproject_all
from onestop.services.errors import Damaged
from onestop.storage import health
from onestop.storage.db import core
from onestop.storage.chain import (
    ChainBreak, audit_fields, chain_tip, count_entries, entry_hash, verify_all,
)
from onestop.storage.models import AuditEntry, LocalSetting, Outbox, uuid7

if TYPE_CHECKING:  # annotations only: the context builds actors, it is never imported here
    from onestop.services.context import Context

#: ``local_setting`` key prefix of the audit chain anchors, one per origin appended here.
ANCHOR = "anchor.audit."
#: Origin prefix of the entries a reader login writes on the central database itself
#: (``reader:<login>``, issue 19): nothing to queue for a sync.
READER_ORIGIN = "reader:"


@dataclass(frozen=True)
class Actor:
    """Who writes an audit entry, from which chain origin, at which instant.

    Built by :meth:`onestop.services.context.Context.actor` inside the caller's transaction.
    """

    user: str
    origin: str
    at: datetime


def append(session: Session, actor: Actor, action: str, target: str = "",
           outcome: str = "ok", **details: Any) -> AuditEntry:
    """Add an audit entry inside the caller's transaction."""
    origin = actor.origin
    seq, prev = chain_tip(session, AuditEntry, origin)
    entry = AuditEntry(id=uuid7(), origin=origin, seq=seq + 1, at=actor.at,
                       actor=actor.user, action=action, target=target[:100],
                       outcome=outcome, details=details, prev_hash=prev, hash="")
    entry.hash = entry_hash(prev, audit_fields(entry))
    session.add(entry)
    if not origin.startswith(READER_ORIGIN):   # a reader writes the central copy itself
        session.add(Outbox(table_name="audit_entry", row_id=entry.id))
    set_anchor(session, entry)
    return entry


def set_anchor(session: Session, entry: AuditEntry) -> None:
    """Record the new tip of the chain in ``local_setting``, in the same transaction.

    Called by every append, and by the sync when it renumbers this PC's unsent entries
    after the central copy (``sync.rechain``).

    A chain cut at its end (or deleted whole) is a shorter chain that verifies on its own:
    the anchor, kept in another table, says which entry must still be there. Backups and
    restores copy the whole file, so anchor and log always travel together. It also keeps
    the latest instant of the chain (``services.clock``: time never runs backwards here).
    """
    key = ANCHOR + entry.origin
    row = session.get(LocalSetting, key)
    value = {"seq": entry.seq, "hash": entry.hash, "id": str(entry.id),
             "latest": max(entry.at, anchor_latest(row.value if row else None) or entry.at)
             .isoformat()}
    if row is None:
        session.add(LocalSetting(key=key, value=json.dumps(value)))
    else:
        row.value = json.dumps(value)


def anchor_latest(value: str | None) -> datetime | None:
    """The latest instant any entry of the anchored chain was written at (the clock check
    compares the PC's clock with it), or None."""
    try:
        latest = datetime.fromisoformat(json.loads(value or "")["latest"])
    except (ValueError, TypeError, KeyError):
        return None
    return latest if latest.tzinfo else latest.replace(tzinfo=UTC)


def check_anchors(session: Session) -> Iterator[ChainBreak]:
    """Name each origin whose anchored entry is missing or no longer the one anchored.

    The chain may have grown past its anchor (entries of this origin pulled back from the
    central server after a restore); it must still hold the anchored entry unchanged.
    """
    keys = session.execute(select(LocalSetting.key, LocalSetting.value)
                           .where(LocalSetting.key.startswith(ANCHOR, autoescape=True)))
    for key, value in keys:
        origin = key[len(ANCHOR):]
        try:
            anchor = json.loads(value)
            seq, tip, entry_id = int(anchor["seq"]), str(anchor["hash"]), str(anchor["id"])
        except (ValueError, TypeError, KeyError):
            yield ChainBreak("audit_entry", origin, -1, "", "anchor")
            continue
        stored = session.scalar(select(AuditEntry.__table__.c.hash).where(
            AuditEntry.__table__.c.origin == origin, AuditEntry.__table__.c.seq == seq))
        if stored != tip:
            yield ChainBreak("audit_entry", origin, seq, entry_id, "anchor")


def check_integrity(ctx: Context, session: Session) -> None:
    """The full ``PRAGMA integrity_check`` of a SQLite database (reads every page).

    A failure is recorded beside the file so every process refuses to write into it; a pass
    clears an earlier record (the file was repaired or replaced by other means).

    Raises:
        Damaged: the check failed.
    """
    path = ctx.sqlite_file
    if path is None:
        return
    problem = health.check(core(session), full=True)
    if problem is None:
        health.clear_damage(path)
        return
    health.mark_damaged(path, problem)
    raise Damaged("db", "database_corrupt", value=str(path), detail=problem)


@dataclass(frozen=True)
class VerifyReport:
    """Result of ``onestop audit verify``."""

    audit_entries: int
    events: int
    breaks: list[dict[str, Any]]
    #: dossiers re-projected from their events
    dossiers: int = 0
    #: dossiers whose stored state differs from their events: code, id, fields
    mismatches: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.breaks and not self.mismatches


def verify(ctx: Context) -> VerifyReport:
    """Verify every chain (audit log and dossier events) and name each broken entry.

    Also checks the audit anchors (a log cut at its end or deleted whole) and re-projects
    every dossier from its events (a status or due date edited in the file).

    Raises:
        Damaged: the SQLite file fails ``PRAGMA integrity_check`` (recorded: writes refused).
    """
    with ctx.reading() as session:
        permissions.require(session, ctx, "audit_verify")
        check_integrity(ctx, session)
        breaks = verify_all(session)
        breaks += check_anchors(session)
        n_audit, n_events = count_entries(session)
        n_dossiers, mismatches = reproject_all(session, ctx)
    return VerifyReport(n_audit, n_events, [b.__dict__ for b in breaks], n_dossiers,
                        [m.__dict__ for m in mismatches])
