"""Appointments explained: the due date of a receipt to come, or of a dossier on record.

Both return the :class:`~onestop.services.dto.DueDTO` the receive form and the dossier view
show (the appointment, its start day, every skipped day and why).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from onestop.domain import validation as v
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ
from onestop.services import permissions
from onestop.services.context import Context
from onestop.services.dossiers import event_records, load, parse_hhmm, terms_of
from onestop.services.dto import DueDTO
from onestop.services.errors import Unavailable, ValidationError
from onestop.storage.models import Agency, Procedure


def due_preview(ctx: Context, received_at: str | datetime | None, days: int | str | None = None,
                procedure: str | None = None) -> DueDTO:
    """The appointment for a receipt at ``received_at``, with every skipped day and why."""

    now = ctx.now()
    at = now if received_at in (None, "") else v.parse_instant(received_at, "received_at", VN_TZ,
                                                               now, timedelta(days=3660))
    with ctx.reading() as session:
        cutoff = None
        if procedure:
            proc = session.scalar(select(Procedure).where(Procedure.code == procedure.upper()))
            if proc is None:
                raise ValidationError("procedure", "unknown_procedure", value=procedure)
            limit, cutoff = proc.time_limit_days, parse_hhmm(proc.cutoff)
        else:
            limit = v.int_range(days, "days", 0, 365)
        try:
            agency = session.get(Agency, ctx.identity(session).agency_id)
        except Unavailable:
            agency = None
        cal = ctx.calendar(session, agency)
    if limit is None:
        return DueDTO(None, None, (), ())
    r = cal.due(at, limit, cutoff)
    return DueDTO(r.due_at, r.start_day, tuple((s.day, s.reason) for s in r.skipped), r.notes)


def explain_due(ctx: Context, code: str) -> DueDTO:
    """Why dossier ``code`` is due when it is: counted from where its clock last started.

    That is the receipt, or the last supplement received, with the full time limit under the
    agency's ``restart`` policy or the working days left at the pause under ``resume``
    (:func:`onestop.domain.workflow.clock_start`), and the dossier's own cut-off.

    Raises:
        NotFound: unknown code.
    """
    with ctx.reading() as session:
        permissions.require(session, ctx, "event")
        d = load(session, code)
        if d.time_limit_days is None:
            return DueDTO(None, None, (), ())
        agency = session.get(Agency, d.agency_id)
        terms = terms_of(d, ctx.agency_settings(agency) if agency else {})
        events = event_records(session, d.id)
        cal = ctx.calendar(session, agency)
    start, days = wf.clock_start(terms, events, cal)
    r = cal.due(start, days or 0, terms.cutoff)
    return DueDTO(r.due_at, r.start_day, tuple((s.day, s.reason) for s in r.skipped), r.notes,
                  None if days == terms.time_limit_days else days)
