"""The audit log: security-relevant actions, hash-chained per origin.

Logged: logins (success and failure), lock-outs, user changes, settings/catalogue/calendar
changes, views of full personal data, exports, reprints, voids, refused (forbidden) actions.
Details never contain passwords, hashes or citizen personal data — only codes and field names.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from onestop.services import permissions
from onestop.services.context import Context
from onestop.services.errors import Damaged, Forbidden
from onestop.storage import health
from onestop.storage.db import core
from onestop.storage.chain import audit_fields, chain_tip, count_entries, entry_hash, verify_all
from onestop.storage.models import AuditEntry, Outbox, uuid7


def append(session: Session, ctx: Context, action: str, target: str = "",
           outcome: str = "ok", actor: str | None = None, **details: Any) -> AuditEntry:
    """Add an audit entry inside the caller's transaction."""
    origin = _origin(session, ctx)
    seq, prev = chain_tip(session, AuditEntry, origin)
    entry = AuditEntry(id=uuid7(), origin=origin, seq=seq + 1, at=ctx.now(),
                       actor=actor or ctx.username, action=action, target=target[:100],
                       outcome=outcome, details=details, prev_hash=prev, hash="")
    entry.hash = entry_hash(prev, audit_fields(entry))
    session.add(entry)
    session.add(Outbox(table_name="audit_entry", row_id=entry.id))
    return entry


def _origin(session: Session, ctx: Context) -> str:
    try:
        return ctx.identity(session).origin
    except Exception:  # before init: entries still chain, under a fixed origin
        return "local#0"


def require(session: Session, ctx: Context, action: str, target: str = "") -> str:
    """Check that the acting user may do ``action``; return their role.

    Raises:
        Forbidden: unknown, disabled or locked user, or a role the matrix does not allow.
            The context audits the refusal once the refused transaction is rolled back.
    """
    from onestop.services.users import acting_role

    role = acting_role(session, ctx)
    if role is None or not permissions.allows(role, action):
        raise Forbidden("user", "forbidden", action=action, target=target)
    return role


def check(ctx: Context, action: str, target: str = "") -> str:
    """Check, in a read of its own, that the acting user may do ``action``; return the role.

    For work that is not itself a database transaction: backup, restore, joining a server.

    Raises:
        Forbidden: as :func:`require`; the refusal is audited.
    """
    with ctx.reading() as session:
        return require(session, ctx, action, target)


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

    @property
    def ok(self) -> bool:
        return not self.breaks


def verify(ctx: Context) -> VerifyReport:
    """Verify every chain (audit log and dossier events) and name each broken entry.

    Raises:
        Damaged: the SQLite file fails ``PRAGMA integrity_check`` (recorded: writes refused).
    """
    with ctx.reading() as session:
        require(session, ctx, "audit_verify")
        check_integrity(ctx, session)
        breaks = verify_all(session)
        n_audit, n_events = count_entries(session)
    return VerifyReport(n_audit, n_events, [b.__dict__ for b in breaks])
