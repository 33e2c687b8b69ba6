"""The sync state the GUI's status bar shows, and the plain-Vietnamese reading of failures.

The last outcome is kept in the local ``local_setting`` table (``sync.*`` keys), so the state
survives restarts and any process (GUI, ``onestop sync``) reads the same thing.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlcipher3 import dbapi2 as dbapi   # the driver of every local SQLite file
from sqlalchemy.orm import Session

from onestop.domain import messages
from onestop.domain.clock import to_agency
from onestop.services.context import Context
from onestop.storage.models import LocalSetting, Outbox
from sqlalchemy.exc import DBAPIError
from onestop.services.clock import K_SERVER_TIME

K_SUCCESS = "sync.last_success"
K_ATTEMPT = "sync.last_attempt"
K_ERROR = "sync.last_error"          # JSON {"code", "detail"}
K_CONFLICTS = "sync.conflicts"       # JSON list of conflict dicts (newest last)
MAX_CONFLICTS = 200
HELD = "held"                        # outbox last_error: waits for a central administrator


@dataclass(frozen=True)
class Conflict:
    """An event kept in a dossier's history but not applied (it contradicts the merged order)."""

    code: str
    event_id: str
    kind: str
    at: str
    counter: int

    @property
    def message(self) -> str:
        return messages.message("sync_conflict", code=self.code,
                                kind=messages.token_label(self.kind, messages.EVENT_LABELS),
                                at=self.at, counter=self.counter)


@dataclass(frozen=True)
class SyncStatus:
    """What the status bar shows: online/offline, pending changes, last error, last success.

    Attributes:
        joined: a central server is configured for this installation.
        online: the last attempt reached the central server.
        pending: outbox rows not yet accepted by the central server.
        last_error: the last failure in plain Vietnamese (None after a success).
        error_code: the message code of ``last_error`` (``sync_offline``, ``sync_auth``…).
        last_success: when a cycle last completed (UTC).
        pushed, pulled: rows sent and received by the cycle that returned this status.
        conflicts: merged events listed as conflicts so far.
        held: pending changes that wait for a central administrator's login (shared
            accounts, catalogue, calendar; see :mod:`onestop.sync.scope`).
    """

    joined: bool
    online: bool
    pending: int
    last_error: str | None = None
    error_code: str | None = None
    last_success: datetime | None = None
    last_attempt: datetime | None = None
    pushed: int = 0
    pulled: int = 0
    conflicts: int = 0
    exit_code: int = 0
    held: int = 0

    def to_json(self) -> dict[str, Any]:
        return {"joined": self.joined, "online": self.online, "pending": self.pending,
                "last_error": self.last_error, "error_code": self.error_code,
                "last_success": _iso(self.last_success), "last_attempt": _iso(self.last_attempt),
                "pushed": self.pushed, "pulled": self.pulled, "conflicts": self.conflicts,
                "held": self.held}


class SyncError(Exception):
    """An expected sync failure with a message code (see :func:`classify`)."""

    def __init__(self, code: str, exit_code: int = 1, **params: Any) -> None:
        self.code, self.exit_code, self.params = code, exit_code, params
        super().__init__(self.message)

    @property
    def message(self) -> str:
        return messages.message(self.code, **self.params)


def _iso(value: datetime | None) -> str | None:
    # stored in UTC; shown, like every instant of the CLI, with the agency's offset
    return to_agency(value).isoformat() if value else None


#: Unique constraints that only two installations sharing one counter number can violate.
_CLASH = ("uq_dossier_code", "uq_event_origin_seq", "uq_audit_origin_seq",
          "uq_dossier_register")


def classify(exc: BaseException) -> SyncError | None:
    """The expected failure ``exc`` stands for, or None when it is a bug."""
    import psycopg

    if isinstance(exc, SyncError):
        return exc
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    text = str(orig).strip().splitlines()[0] if str(orig).strip() else type(orig).__name__
    state = getattr(getattr(orig, "diag", None), "sqlstate", None) or ""
    if isinstance(orig, psycopg.errors.InvalidPassword) or state == "28P01" or (
            "password authentication failed" in text or "no password supplied" in text):
        return SyncError("sync_auth", 4)
    if state == "OSK01":
        return SyncError("sync_counter_taken", 4, value=text)
    if isinstance(orig, psycopg.errors.InsufficientPrivilege) or state == "42501":
        return SyncError("sync_refused", 4, detail=text)
    if isinstance(orig, psycopg.errors.UniqueViolation):
        name = getattr(orig.diag, "constraint_name", "") or ""
        if name in _CLASH:
            return SyncError("sync_origin_clash", 1, detail=name)
    if isinstance(orig, (sqlite3.IntegrityError, dbapi.IntegrityError)) and "UNIQUE" in text and any(
            k in text for k in ("dossier.code", "origin", "register")):
        return SyncError("sync_origin_clash", 1, detail=text)
    if isinstance(orig, (sqlite3.OperationalError, dbapi.OperationalError)):
        # the local file is busy (the GUI's writer held it too long) or unreadable
        return SyncError("database_unavailable", 5, detail=text)
    if isinstance(orig, (psycopg.OperationalError, OSError, TimeoutError)) or (
            isinstance(exc, DBAPIError) and exc.connection_invalidated):
        return SyncError("sync_offline", 5, detail=text)
    if isinstance(orig, psycopg.Error):
        return SyncError("sync_failed", 1, detail=text)
    return None


# --- persistence in local_setting ------------------------------------------------------------

def _get(session: Session, key: str) -> str | None:
    row = session.get(LocalSetting, key)
    return row.value if row else None


def put(session: Session, key: str, value: str | None) -> None:
    """Set (or clear, with None) one ``local_setting`` key in the caller's transaction."""
    row = session.get(LocalSetting, key)
    if value is None:
        if row is not None:
            session.delete(row)
    elif row is None:
        session.add(LocalSetting(key=key, value=value))
    else:
        row.value = value


def get(session: Session, key: str) -> str | None:
    """One ``local_setting`` value, or None."""
    return _get(session, key)


def record_attempt(ctx: Context, error: SyncError | None,
                   server_time: datetime | None = None) -> None:
    """Store the outcome of a cycle (its own short transaction).

    ``server_time``: the central server's clock during a successful cycle, which the clock
    check of a receipt compares this PC's clock with (``services.clock``).
    """

    now = ctx.now().isoformat()
    with ctx.transaction() as session:
        put(session, K_ATTEMPT, now)
        if error is None:
            put(session, K_SUCCESS, now)
            put(session, K_ERROR, None)
            if server_time is not None:
                put(session, K_SERVER_TIME, server_time.isoformat())
        else:
            put(session, K_ERROR, json.dumps({"code": error.code, "params": _plain(error.params),
                                              "exit": error.exit_code}, ensure_ascii=False))


def _plain(params: dict[str, Any]) -> dict[str, str]:
    return {k: str(v) for k, v in params.items()}


def add_conflicts(session: Session, items: list[Conflict]) -> None:
    """Remember conflicts (deduplicated by event id, the newest ``MAX_CONFLICTS`` kept)."""
    if not items:
        return
    known = json.loads(_get(session, K_CONFLICTS) or "[]")
    seen = {c["event_id"] for c in known}
    known += [c.__dict__ for c in items if c.event_id not in seen]
    put(session, K_CONFLICTS, json.dumps(known[-MAX_CONFLICTS:], ensure_ascii=False))


def conflicts(ctx: Context) -> list[Conflict]:
    """The merged events listed as conflicts (oldest first)."""
    with ctx.reading() as session:
        return [Conflict(**c) for c in json.loads(_get(session, K_CONFLICTS) or "[]")]


def current(ctx: Context, joined: bool, pushed: int = 0, pulled: int = 0) -> SyncStatus:
    """The stored state plus the live pending count (no network)."""
    with ctx.reading() as session:
        pending = session.scalar(select(func.count()).select_from(Outbox)
                                 .where(Outbox.sent_at.is_(None))) or 0
        held = session.scalar(select(func.count()).select_from(Outbox)
                              .where(Outbox.sent_at.is_(None), Outbox.last_error == HELD)) or 0
        success, attempt = _get(session, K_SUCCESS), _get(session, K_ATTEMPT)
        error = json.loads(_get(session, K_ERROR) or "null")
        n_conflicts = len(json.loads(_get(session, K_CONFLICTS) or "[]"))
    err = SyncError(error["code"], int(error.get("exit", 1)), **error.get("params", {})) \
        if error else None
    return SyncStatus(
        joined=joined, online=joined and attempt is not None and (
            err is None or err.code not in ("sync_offline",)),
        pending=int(pending), last_error=err.message if err else None,
        error_code=err.code if err else None,
        last_success=datetime.fromisoformat(success) if success else None,
        last_attempt=datetime.fromisoformat(attempt) if attempt else None,
        pushed=pushed, pulled=pulled, conflicts=n_conflicts,
        exit_code=err.exit_code if err else 0, held=int(held))
