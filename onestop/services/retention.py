"""Retention: erase citizens' personal data from dossiers past the agency's retention period.

A dossier that ended (returned, refused, withdrawn or stopped) more than ``retention_years``
(agency setting, default 10 — see docs/privacy.md for the archive rules behind it) ago keeps
its code, dates, procedure, status, register number and every statistic; its personal fields
(name, identity number, birth date, phone, e-mail, address, organisation, notes) become the
marker :data:`MARKER` or empty, and so do the personal values inside its events' payloads
(the collector and their ID on a return, the old and new value of a correction of a
personal field).

Hash chains stay verifiable: an event's hash covers its payload, so an erased event no
longer matches its stored hash. For each erased event, one audit entry ``retention.erase``
(itself hash-chained, and pushed to the central database like every audit entry) records
the event's original hash and the SHA-256 of its fields *after* erasure. Verification
(storage.chain.verify_all) accepts an event whose hash does not match only when such an
entry names it, its stored hash is the one recorded, and its present fields give the
recorded digest: the personal values are gone, anything else changed is still caught.

The central database receives the erased dossier rows by the ordinary sync (their version is
bumped) and applies each ``retention.erase`` audit entry it receives to its copy of the
events (sync.apply calls :func:`apply_erasure`), so an erasure reaches both sides and
``audit verify`` stays clean on both.
"""

from __future__ import annotations

import json
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from onestop.domain import text as tx
from onestop.domain import workflow as wf
from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.services.dossiers import touch
from onestop.storage.chain import ERASE_ACTION as ACTION
from onestop.storage.chain import event_fields, fields_digest
from onestop.storage.models import Agency, Dossier, DossierEvent

log = logging.getLogger(__name__)

MARKER = "[đã xoá theo thời hạn lưu trữ]"
ENDED = (wf.RETURNED, wf.REFUSED, wf.WITHDRAWN, wf.STOPPED)
#: Dossier columns holding personal data: name gets the marker, the rest are emptied.
PERSONAL_COLUMNS = ("id_number", "birth_date", "phone", "email", "address", "org_name", "notes")
#: Payload keys holding personal data, by event kind.
PERSONAL_PAYLOAD = {"return": ("collector", "collector_id")}
#: Correctable fields whose old/new values are personal.
PERSONAL_CORRECTIONS = frozenset({"name", "id_number", "birth_date", "phone", "email",
                                  "address", "org", "org_name", "notes"})


@dataclass(frozen=True)
class RetentionResult:
    eligible: int
    erased: int
    codes: tuple[str, ...]


def erased_payload(kind: str, payload: dict[str, Any]) -> dict[str, Any]:
    """The payload with its personal values replaced by the marker (unchanged if none)."""
    out = dict(payload or {})
    for key in PERSONAL_PAYLOAD.get(kind, ()):
        if out.get(key) not in (None, ""):
            out[key] = MARKER
    if kind == "correct" and out.get("field") in PERSONAL_CORRECTIONS:
        for key in ("old", "new"):
            if out.get(key) not in (None, ""):
                out[key] = MARKER
    return out


def _cutoff(ctx: Context, session: Session) -> datetime:
    agency = session.get(Agency, ctx.identity(session).agency_id)
    years = int(ctx.agency_settings(agency)["retention_years"]) if agency else 10
    return ctx.now() - timedelta(days=round(365.25 * years))


def eligible(ctx: Context, session: Session) -> list[Dossier]:
    """Dossiers that ended before the cut-off and still hold personal data."""
    cutoff = _cutoff(ctx, session)
    ended_at = Dossier.returned_at
    stmt = (select(Dossier).where(Dossier.status.in_(ENDED))
            .where(Dossier.applicant_name != MARKER)
            .where(or_(ended_at < cutoff,
                       (ended_at.is_(None)) & (Dossier.finished_at < cutoff),
                       (ended_at.is_(None)) & (Dossier.finished_at.is_(None))
                       & (Dossier.updated_at < cutoff)))
            .order_by(Dossier.code))
    return list(session.scalars(stmt))


def apply(ctx: Context, dry_run: bool = False) -> RetentionResult:
    """Erase the personal data of every eligible dossier (admin), one transaction.

    Raises:
        Forbidden: the acting user is not an administrator.
    """
    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings")
        found = eligible(ctx, session)
        codes = tuple(d.code for d in found)
        if dry_run:
            session.rollback()
            return RetentionResult(len(found), 0, codes)
        for d in found:
            _erase(session, ctx, d)
        if found:
            audit.append(session, ctx.actor(session), "retention.apply", target=str(len(found)),
                         count=len(found))
    log.info("retention: %d dossiers erased", len(found))
    return RetentionResult(len(found), len(found), codes)


def _erase(session: Session, ctx: Context, d: Dossier) -> None:
    d.applicant_name = MARKER
    d.applicant_folded = tx.fold(MARKER)
    for column in PERSONAL_COLUMNS:
        setattr(d, column, None)
    touch(session, d)
    events = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id))
    erased: dict[str, list[str]] = {}
    for e in events:
        new = erased_payload(e.kind, e.payload)
        if new == (e.payload or {}):
            continue
        e.payload = new
        erased[str(e.id)] = [e.hash, fields_digest(event_fields(e))]
    # the audit entry carries the evidence (never the erased values)
    audit.append(session, ctx.actor(session), ACTION, target=d.code, dossier=str(d.id), events=erased)


def apply_erasure(session: Session, details: dict[str, Any]) -> int:
    """Apply one ``retention.erase`` entry to this database's copy of the events (central);
    returns how many were erased. An event whose present fields do not give the recorded
    digest once erased is left alone (verification then reports it)."""
    n = 0
    for event_id, pair in (details or {}).get("events", {}).items():
        e = session.get(DossierEvent, uuid.UUID(str(event_id)))
        if e is None:
            continue
        new = erased_payload(e.kind, e.payload)
        if new == (e.payload or {}):
            continue
        before = e.payload
        e.payload = new
        if fields_digest(event_fields(e)) != pair[1]:
            e.payload = before
            continue
        n += 1
    return n


def central_erase(cur: Any) -> int:
    """On the central database, inside a push's transaction (sync.push.send): apply the
    ``retention.erase`` audit entries just staged to the central copy of the events.

    ``cur`` is the push's psycopg cursor (``stage_audit_entry`` holds the batch's entries).
    An event whose fields, once erased, do not give the recorded digest is left alone:
    ``audit verify`` on the central database then names it.
    """
    cur.execute("SELECT details FROM stage_audit_entry WHERE action = %s", (ACTION,))
    n = 0
    for (details,) in cur.fetchall():
        if isinstance(details, str):
            details = json.loads(details)
        for event_id, pair in (details or {}).get("events", {}).items():
            cur.execute("SELECT id, dossier_id, kind, at, user_name, counter_no, origin, seq, "
                        "payload FROM dossier_event WHERE id = %s",
                        (uuid.UUID(str(event_id)),))
            row = cur.fetchone()
            if row is None:
                continue
            payload = row[8] if not isinstance(row[8], str) else json.loads(row[8])
            new = erased_payload(row[2], payload or {})
            fields = dict(zip(("id", "dossier_id", "kind", "at", "user_name", "counter_no",
                               "origin", "seq"), row[:8]))
            fields["payload"] = new
            if new == (payload or {}) or fields_digest(fields) != pair[1]:
                continue
            # counters never update events: the central's one allowed change, checked there
            # (sync.central._ERASE: this agency's event, values replaced by the marker only)
            cur.execute("SELECT onestop_erase_payload(%s, %s::json, %s)",
                        (row[0], json.dumps(new, ensure_ascii=False), MARKER))
            n += 1 if cur.fetchone()[0] else 0
    return n
