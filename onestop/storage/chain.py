"""Hash chains for the audit log and the dossier events, one chain per origin.

An origin is one installation (agency code + counter number). Each new entry stores the hash
of the previous entry of the same origin and its own hash over its content, so an edit, a
deletion or a reordering breaks the chain at a place :func:`verify_chain` can name. Merging the
chains of several counters centrally never breaks any of them.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.storage.models import AuditEntry, DossierEvent

GENESIS = "0" * 64


def _canon(value: Any) -> str:
    """JSON fallback for the two non-JSON types entries hold (called by the C encoder)."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return str(value)


def entry_hash(prev_hash: str, fields: Mapping[str, Any]) -> str:
    """SHA-256 over the previous hash and the canonical JSON of the entry's fields.

    Canonical: keys sorted, no spaces, UTF-8, instants as ISO 8601, UUIDs with dashes.
    """
    body = json.dumps(fields, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_canon)
    return hashlib.sha256((prev_hash + body).encode("utf-8")).hexdigest()


def event_fields(e: DossierEvent | Mapping[str, Any]) -> dict[str, Any]:
    """The fields of a dossier event covered by its hash."""
    get = (lambda k: e[k]) if isinstance(e, Mapping) else (lambda k: getattr(e, k))
    return {k: get(k) for k in ("id", "dossier_id", "kind", "at", "user_name", "counter_no",
                                "origin", "seq", "payload")}


def audit_fields(a: AuditEntry | Mapping[str, Any]) -> dict[str, Any]:
    """The fields of an audit entry covered by its hash."""
    get = (lambda k: a[k]) if isinstance(a, Mapping) else (lambda k: getattr(a, k))
    return {k: get(k) for k in ("id", "origin", "seq", "at", "actor", "action", "target",
                                "outcome", "details")}


def chain_tip(session: Session, model: type[AuditEntry] | type[DossierEvent],
              origin: str) -> tuple[int, str]:
    """The last (seq, hash) of ``origin``'s chain, or (0, GENESIS)."""
    last = session.execute(
        select(model.seq, model.hash).where(model.origin == origin)
        .order_by(model.seq.desc()).limit(1)
    ).first()
    return (int(last[0]), str(last[1])) if last else (0, GENESIS)


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain is broken and why."""

    table: str
    origin: str
    seq: int
    entry_id: str
    problem: str  # "hash" (content edited), "link" (entry deleted/reordered), "gap" (seq missing)


def verify_chain(table: str, rows: Iterable[tuple[str, int, str, str, dict[str, Any]]]
                 ) -> Iterator[ChainBreak]:
    """Check rows ``(origin, seq, prev_hash, hash, fields)`` sorted by origin then seq."""
    prev_origin: str | None = None
    expected_prev, expected_seq = GENESIS, 1
    for origin, seq, prev_hash, stored_hash, fields in rows:
        if origin != prev_origin:
            prev_origin, expected_prev, expected_seq = origin, GENESIS, 1
        entry_id = str(fields.get("id"))
        if seq != expected_seq:
            yield ChainBreak(table, origin, seq, entry_id, "gap")
        elif prev_hash != expected_prev:
            yield ChainBreak(table, origin, seq, entry_id, "link")
        if entry_hash(prev_hash, fields) != stored_hash:
            yield ChainBreak(table, origin, seq, entry_id, "hash")
        expected_prev, expected_seq = stored_hash, seq + 1


def verify_all(session: Session) -> list[ChainBreak]:
    """Verify the audit log and the dossier event chains of every origin."""
    breaks: list[ChainBreak] = []
    audit = session.scalars(select(AuditEntry).order_by(AuditEntry.origin, AuditEntry.seq))
    breaks += verify_chain("audit_entry", ((a.origin, a.seq, a.prev_hash, a.hash,
                                            audit_fields(a)) for a in audit))
    events = session.scalars(select(DossierEvent).order_by(DossierEvent.origin,
                                                           DossierEvent.seq)
                             .execution_options(yield_per=5000))
    breaks += verify_chain("dossier_event", ((e.origin, e.seq, e.prev_hash, e.hash,
                                              event_fields(e)) for e in events))
    return breaks


def count_entries(session: Session) -> tuple[int, int]:
    """Number of audit entries and dossier events checked by a full verification."""
    return (session.scalar(select(func.count()).select_from(AuditEntry)) or 0,
            session.scalar(select(func.count()).select_from(DossierEvent)) or 0)
