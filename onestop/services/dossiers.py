"""Helpers shared by the dossier services: loading, projecting, events, DTOs."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.domain import workflow as wf
from onestop.domain.calendar import WorkCalendar
from onestop.services.dto import DossierDTO, EventDTO
from onestop.domain import messages
from onestop.services.errors import NotFound, ValidationError
from onestop.storage.chain import chain_tip, entry_hash, event_fields
from onestop.storage.models import Agency, Dossier, DossierEvent, Outbox, Procedure, uuid7

if TYPE_CHECKING:  # annotations only (the context audits through this layer)
    from onestop.services.context import Context


def parse_hhmm(value: str | None) -> time | None:
    if not value:
        return None
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


def terms_of(d: Dossier, settings: dict[str, Any]) -> wf.Terms:
    """The clock terms frozen on the dossier at receipt."""
    return wf.Terms(d.received_at, d.time_limit_days, parse_hhmm(d.cutoff),
                    settings.get("resume_policy", "restart"))


def record_of(e: DossierEvent) -> wf.EventRecord:
    """A stored event as the projection reads it."""
    return wf.EventRecord(e.kind, e.at, e.payload or {}, e.counter_no, e.seq, str(e.id),
                          e.user_name)


def event_records(session: Session, dossier_id: uuid.UUID) -> list[wf.EventRecord]:
    rows = session.scalars(select(DossierEvent).where(DossierEvent.dossier_id == dossier_id))
    return [record_of(e) for e in rows]


def apply_projection(d: Dossier, p: wf.Projection, now: datetime, cal: WorkCalendar,
                     soon_days: int) -> None:
    """Copy a projection onto the dossier row (timeliness as of ``now``)."""
    d.status = p.status
    d.due_at, d.sla_due_at = p.due_at, p.sla_due_at
    d.finished_at, d.returned_at = p.finished_at, p.returned_at
    d.paused_since, d.reschedules = p.paused_since, p.reschedules
    d.rating, d.rating_comment, d.returned_by = p.rating, p.rating_comment, p.returned_by
    d.timeliness = wf.classify(p, now, cal, soon_days)


def reproject(session: Session, ctx: Context, d: Dossier) -> wf.Projection:
    """Recompute a dossier's projection from all its events and store it."""
    agency = session.get(Agency, d.agency_id)
    settings = ctx.agency_settings(agency) if agency else {}
    cal = ctx.calendar(session, agency)
    p = wf.project(terms_of(d, settings), event_records(session, d.id), cal)
    apply_projection(d, p, ctx.now(), cal, int(settings.get("due_soon_days", 1)))
    return p


def new_event(session: Session, ctx: Context, d: Dossier, kind: str, at: datetime,
              payload: dict[str, Any]) -> DossierEvent:
    """The next hash-chained event of this origin for the dossier, not yet added (the
    receipt writes it through :func:`onestop.storage.rows.insert_new`)."""
    ident = ctx.identity(session)
    seq, prev = chain_tip(session, DossierEvent, ident.origin)
    e = DossierEvent(id=uuid7(), dossier_id=d.id, kind=kind, at=at.astimezone(_UTC),
                     user_name=ctx.username, counter_no=ident.counter_no, origin=ident.origin,
                     seq=seq + 1, payload=payload, prev_hash=prev, hash="")
    e.hash = entry_hash(prev, event_fields(e))
    return e


def add_event(session: Session, ctx: Context, d: Dossier, kind: str, at: datetime,
              payload: dict[str, Any]) -> DossierEvent:
    """Append a hash-chained event to the dossier's history (caller's transaction)."""
    e = new_event(session, ctx, d, kind, at, payload)
    session.add(e)
    session.add(Outbox(table_name="dossier_event", row_id=e.id))
    return e


def touch(session: Session, d: Dossier) -> None:
    """Bump the dossier's version and queue it for sync."""
    d.version = (d.version or 0) + 1
    session.add(Outbox(table_name="dossier", row_id=d.id))


def load(session: Session, code: str, *, for_update: bool = False) -> Dossier:
    """The dossier with ``code``.

    Raises:
        NotFound: no such code.
    """
    stmt = select(Dossier).where(Dossier.code == code.strip().upper())
    if for_update and session.get_bind().dialect.name == "postgresql":
        stmt = stmt.with_for_update()
    d = session.scalar(stmt)
    if d is None:
        raise NotFound("code", "unknown_dossier", value=code)
    return d


def to_dto(session: Session, d: Dossier, with_events: bool = False,
           procedure: Procedure | None = None, now: datetime | None = None,
           ctx: Context | None = None,
           known_events: list[DossierEvent] | None = None) -> DossierDTO:
    """Build the DTO; timeliness of open dossiers is recomputed for ``now``.

    ``known_events`` saves the history query when the caller holds every event (receipt).
    """
    proc = procedure or session.get(Procedure, d.procedure_id)
    events: tuple[EventDTO, ...] = ()
    if with_events:
        rows = known_events if known_events is not None else session.scalars(
            select(DossierEvent).where(DossierEvent.dossier_id == d.id))
        recs = sorted(rows, key=lambda e: (0 if e.kind == "received" else 1, e.at,
                                           e.counter_no, e.seq))
        events = tuple(EventDTO(e.kind, e.at, e.user_name, e.counter_no, dict(e.payload or {}),
                                str(e.id)) for e in recs)
    timeliness = d.timeliness
    if ctx is not None and d.status in wf.OPEN_STATUSES and d.sla_due_at is not None:
        agency = session.get(Agency, d.agency_id)
        settings = ctx.agency_settings(agency) if agency else {}
        p = wf.Projection(d.status, d.due_at, d.sla_due_at, d.finished_at, d.returned_at,
                          d.paused_since, d.reschedules)
        timeliness = wf.classify(p, now or ctx.now(), ctx.calendar(session, agency),
                                 int(settings.get("due_soon_days", 1)))
    return DossierDTO(
        id=str(d.id), code=d.code, procedure_code=proc.code if proc else "",
        procedure_name=proc.name if proc else "", field=proc.field if proc else "",
        applicant_name=d.applicant_name, id_number=d.id_number, birth_date=d.birth_date,
        phone=d.phone, email=d.email, address=d.address, org_name=d.org_name,
        channel=d.channel, sets=d.sets, documents=list(d.documents or []), fee_vnd=d.fee_vnd,
        fee_paid=d.fee_paid, notes=d.notes, received_at=d.received_at,
        received_by=d.received_by, counter_no=d.counter_no, register_book=d.register_book,
        register_no=d.register_no, time_limit_days=d.time_limit_days, status=d.status,
        timeliness=timeliness, due_at=d.due_at, sla_due_at=d.sla_due_at,
        finished_at=d.finished_at, returned_at=d.returned_at, paused_since=d.paused_since,
        reschedules=d.reschedules, department=d.department, version=d.version, events=events,
        unit_code=d.unit_code, agency_code=d.agency_code, return_unit_code=d.return_unit_code,
        names_at_receipt=dict(d.names_at_receipt) if d.names_at_receipt else None,
        sex=d.sex,
        notify_email=d.notify_email, notify_sms=d.notify_sms,
    )


def count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Dossier)) or 0



_UTC = timezone.utc


def transition_error(field: str, kind: str, status: str) -> ValidationError:
    """The error for an event kind the workflow does not allow in ``status``."""
    return ValidationError(field, "transition_not_allowed",
                           kind=messages.token_label(kind, messages.EVENT_LABELS),
                           status=messages.token_label(status, messages.STATUS_LABELS))
