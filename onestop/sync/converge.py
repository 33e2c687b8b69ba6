"""Re-projection of merged dossiers, on the central side and locally.

A dossier's status, dates and timeliness are a projection of its events
(``domain.workflow.project``, deterministic: events sorted by time, counter, seq). Its
applicant data changes only through ``correct`` events, so the same order replays them: the
latest correction of each field wins. Two counters holding the same events therefore
compute the same row, whichever of them computes it.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.domain import text as tx
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ
from onestop.services.context import Context
from onestop.services.dossiers import record_of, terms_of
from onestop.storage.models import Agency, Dossier, DossierEvent
from onestop.sync.status import Conflict

PROJECTED = ("status", "due_at", "sla_due_at", "finished_at", "returned_at", "paused_since",
             "reschedules", "rating", "rating_comment", "returned_by")
#: correction field -> dossier column (the others have the same name)
_COLUMN = {"name": "applicant_name", "org": "org_name"}


def _records(events: Iterable[DossierEvent]) -> list[wf.EventRecord]:
    return [record_of(e) for e in events]


def _correction_value(field: str, value: Any) -> dict[str, Any]:
    column = _COLUMN.get(field, field)
    if field == "birth_date":
        return {column: date.fromisoformat(value) if value else None}
    if field == "sets":
        return {column: int(value)}
    if field == "name":
        return {column: value, "applicant_folded": tx.fold(str(value))}
    return {column: value}


def _corrections(records: list[wf.EventRecord]) -> dict[str, Any]:
    """The data fields as the ``correct`` events, replayed in order, leave them."""
    out: dict[str, Any] = {}
    for r in sorted(records, key=wf.EventRecord.sort_key):
        if r.kind == "correct" and r.payload.get("field"):
            out.update(_correction_value(str(r.payload["field"]), r.payload.get("new")))
    return out


def target(session: Session, ctx: Context, d: Dossier
           ) -> tuple[dict[str, Any], wf.Projection, list[DossierEvent]]:
    """The values the dossier row should hold given every event stored for it."""
    agency = session.get(Agency, d.agency_id)
    settings = ctx.agency_settings(agency) if agency else {}
    cal = ctx.calendar(session, agency)
    events = list(session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == d.id)))
    records = _records(events)
    p = wf.project(terms_of(d, settings), records, cal)
    values: dict[str, Any] = {k: getattr(p, k) for k in PROJECTED}
    values["timeliness"] = wf.classify(p, ctx.now(), cal, int(settings.get("due_soon_days", 1)))
    values.update(_corrections(records))
    return values, p, events


def _differs(d: Dossier, values: dict[str, Any]) -> bool:
    # timeliness of an open dossier depends on when it was computed, not on the events
    return any(getattr(d, k) != v for k, v in values.items() if k != "timeliness")


def _conflicts(d: Dossier, p: wf.Projection, events: list[DossierEvent]) -> list[Conflict]:
    by_id = {str(e.id): e for e in events}
    out = []
    for key in p.conflicts:
        e = by_id.get(key)
        if e is not None:
            out.append(Conflict(d.code, key, e.kind,
                                e.at.astimezone(VN_TZ).strftime("%H:%M %d/%m/%Y"), e.counter_no))
    return out


def central(session: Session, ctx: Context, ids: Iterable[uuid.UUID]) -> list[Conflict]:
    """Re-project dossiers on the central side and bump their version.

    The higher version makes every counter (the pushing one included) pull the merged row.
    """
    found: list[Conflict] = []
    for d in session.scalars(select(Dossier).where(Dossier.id.in_(list(ids)))):
        values, p, events = target(session, ctx, d)
        for k, v in values.items():
            setattr(d, k, v)
        d.version = (d.version or 0) + 1
        found += _conflicts(d, p, events)
    session.flush()
    return found


def multi_origin(session: Session, ids: Iterable[uuid.UUID]) -> list[uuid.UUID]:
    """The dossiers among ``ids`` whose events come from more than one counter."""
    ids = list(ids)
    out: list[uuid.UUID] = []
    for i in range(0, len(ids), 500):
        out += session.scalars(
            select(DossierEvent.dossier_id).where(DossierEvent.dossier_id.in_(ids[i:i + 500]))
            .group_by(DossierEvent.dossier_id)
            .having(func.count(func.distinct(DossierEvent.origin)) > 1)).all()
    return out


def local(session: Session, ctx: Context, ids: Iterable[uuid.UUID]) -> list[Conflict]:
    """Re-project merged dossiers locally after a pull, without a version bump.

    Only dossiers written by several counters can disagree with the row that came with them
    (a single writer already projected its own events); the row is corrected only when the
    events say otherwise, and the central server's next, higher version replaces it anyway.
    """
    found: list[Conflict] = []
    for dossier_id in multi_origin(session, ids):
        d = session.get(Dossier, dossier_id)
        if d is None:
            continue
        values, p, events = target(session, ctx, d)
        if _differs(d, values):
            for k, v in values.items():
                setattr(d, k, v)
        found += _conflicts(d, p, events)
    session.flush()
    return found
