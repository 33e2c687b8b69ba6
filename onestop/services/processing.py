"""Recording workflow events on a dossier: transfer, supplement, result, reschedule, return…"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select

from onestop import faults
from onestop.domain import validation as v
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ
from onestop.services import audit, notices, permissions, satisfaction
from onestop.services.context import Context
from onestop.services.dossiers import (
    add_event, event_records, load, reproject, terms_of, to_dto, touch,
)
from onestop.services.dto import DossierDTO
from onestop.services.dossiers import transition_error
from onestop.services.errors import ValidationError
from onestop.storage.models import Agency, Dossier
from sqlalchemy.orm import Session


@dataclass(frozen=True)
class EventRequest:
    """An action on a dossier as typed (CLI flags or a GUI dialog)."""

    kind: str
    reason: str | None = None
    to: str | None = None
    missing: Sequence[str] = field(default_factory=tuple)
    new_due: str | datetime | None = None
    collector: str | None = None
    collector_id: str | None = None
    override_reason: str | None = None
    at: str | datetime | None = None
    #: Legal ground of a ``stop`` (wf.STOP_GROUNDS; ``other`` when not given).
    ground: str | None = None
    #: The citizen's satisfaction at a ``return`` (domain.notices.RATINGS) and comment.
    rating: str | None = None
    comment: str | None = None


def _payload(req: EventRequest, now: datetime) -> dict[str, Any]:
    """Validate the fields the kind uses into the event payload (all errors at once)."""
    c = v.Collector()
    out: dict[str, Any] = {}
    if req.reason not in (None, ""):
        out["reason"] = c.check(v.free_text, req.reason, "reason", 1000, False, True)
    if req.to not in (None, ""):
        out["to"] = c.check(v.free_text, req.to, "to", 200)
    if req.missing:
        out["missing"] = [c.check(v.free_text, m, "missing", 300, True) for m in req.missing]
    if req.new_due not in (None, ""):
        due = c.check(v.parse_instant, req.new_due, "new_due", VN_TZ, now, timedelta(days=3660))
        # stored in agency local time: instants in the JSON output carry +07:00
        out["new_due"] = due.astimezone(VN_TZ).isoformat() if due else None
    if req.collector not in (None, ""):
        out["collector"] = c.check(v.person_name, req.collector, "collector")
    if req.collector_id not in (None, ""):
        out["collector_id"] = c.check(_doc_number, req.collector_id)
    if req.override_reason not in (None, ""):
        out["override_reason"] = c.check(v.free_text, req.override_reason, "override_reason",
                                         1000, True)
    if req.kind == "stop":
        out["ground"] = c.check(v.choice, req.ground or wf.DEFAULT_STOP_GROUND, "ground",
                                wf.STOP_GROUNDS)
    elif req.ground not in (None, ""):
        c.add("ground", "invalid_value")
    out.update(satisfaction.payload(c, req.kind, req.rating, req.comment))
    for name in wf.missing_payload(req.kind, out):
        if not any(e.field == name for e in c.errors):  # invalid is not also "missing"
            c.add(name, "required")
    c.raise_if_any()
    return out



def _doc_number(value: str) -> str:
    """An identity document number: a 12-digit citizen ID, or a passport-like 6–20 alnum."""
    text = (value or "").strip().replace(" ", "")
    if text.isdigit() and len(text) == 12:
        return v.citizen_id(text, "collector_id") or text
    if not (6 <= len(text) <= 20 and text.isascii() and text.isalnum()):
        raise ValidationError("collector_id", "invalid_value")
    return text.upper()


def record(ctx: Context, code: str, req: EventRequest) -> DossierDTO:
    """Record one workflow event and re-project the dossier, in one transaction.

    Raises:
        ValidationError: unknown kind, missing or invalid fields, a transition the workflow
            does not allow, a second reschedule without an override reason.
        NotFound: unknown dossier code.
        Forbidden: the role may not record this kind (void, reschedule override).
    """
    kind = v.choice(req.kind, "kind", wf.ACTION_KINDS)
    now = ctx.now()
    if kind == "transfer" and req.to in (None, ""):
        req = replace(req, to=handing_over_to(ctx, code))
    payload = _payload(req, now)
    at = now if req.at in (None, "") else v.parse_instant(req.at, "at", VN_TZ, now)
    with ctx.transaction() as session:
        override = kind == "reschedule" and "override_reason" in payload
        permissions.require(session, ctx, permissions.event_action(kind, override), target=code)
        d = load(session, code, for_update=True)
        if at < d.received_at:
            raise ValidationError("at", "before_receipt")
        _check_return_point(session, ctx, d, kind)
        if not wf.allowed(kind, d.status):
            raise transition_error("kind", kind, d.status)
        agency = session.get(Agency, d.agency_id)
        settings = ctx.agency_settings(agency) if agency else {}
        if kind == "reschedule":
            _check_reschedule(d, payload, override, int(settings.get("max_reschedules", 1)))
        _check_fits(session, ctx, d, kind, at, payload, agency, settings)
        event = add_event(session, ctx, d, kind, at, payload)
        notices.enqueue(session, d, event, now)  # result ready, appointment moved: opted in
        session.flush()  # the event row is written, uncommitted: a kill point
        faults.hit("event.after_insert")
        reproject(session, ctx, d)
        faults.hit("event.after_reproject")
        touch(session, d)
        if kind in ("void", "reschedule") and (kind == "void" or override):
            audit.append(session, ctx.actor(session), f"dossier.{kind}", target=d.code)
        dto = to_dto(session, d, with_events=True, ctx=ctx)
        faults.hit("event.before_commit")
        return dto


def handing_over_to(ctx: Context, code: str) -> str | None:
    """Whom a ``transfer`` without ``to`` hands the dossier over to: its handling agency (as
    at receipt) when another body than the receiving unit decides it (issue 14); None
    otherwise (``to`` stays required)."""
    with ctx.reading() as session:
        row = session.execute(select(Dossier.unit_code, Dossier.agency_code,
                                     Dossier.names_at_receipt)
                              .where(Dossier.code == code.strip().upper())).first()
    if row is None or not row.agency_code or row.agency_code == row.unit_code:
        return None
    agency = (row.names_at_receipt or {}).get("agency") or {}
    return str(agency.get("name") or row.agency_code)


#: What a counter may record on a dossier another unit received when its unit is the return
#: point the citizen chose (issue 14); the central database enforces the same.
RETURN_POINT_KINDS = ("return", "note")


def kinds_here(ctx: Context, d: DossierDTO, kinds: Sequence[str]) -> list[str]:
    """``kinds`` less those this counter may not record on ``d``: at the return point of a
    dossier another unit received, only the return and notes (what the detail view offers;
    :func:`record` refuses the rest)."""
    if not d.return_unit_code or d.return_unit_code == d.unit_code:
        return list(kinds)
    with ctx.reading() as session:   # cached after the first read
        me = ctx.identity(session)
    if d.unit_code != me.agency_code and d.return_unit_code == me.agency_code:
        return [k for k in kinds if k in RETURN_POINT_KINDS]
    return list(kinds)


def _check_return_point(session: Any, ctx: Context, d: Any, kind: str) -> None:
    """At the return point of another unit's dossier only the return and notes are recorded.

    Raises:
        ValidationError(``kind``): any other kind.
    """
    if kind in RETURN_POINT_KINDS or not d.return_unit_code:
        return
    me = ctx.identity(session)
    if d.agency_id != me.agency_id and d.return_unit_code == me.agency_code:
        raise ValidationError("kind", "return_point_only", value=d.code)


def _check_reschedule(d: Dossier, payload: dict[str, Any], override: bool, limit: int) -> None:
    if d.reschedules >= limit and not override:
        raise ValidationError("override_reason", "reschedule_once")
    new_due = datetime.fromisoformat(payload["new_due"])
    if d.due_at is not None and new_due <= d.due_at:
        raise ValidationError("new_due", "reschedule_not_later")


def _check_fits(session: Session, ctx: Context, d: Dossier, kind: str, at: datetime,
                payload: dict[str, Any], agency: Agency | None, settings: dict[str, Any]) -> None:
    """A back-dated event must still make a valid history once sorted in."""
    events = event_records(session, d.id)
    if all(at >= e.at for e in events):
        return
    new = wf.EventRecord(kind, at, payload, 99, 1 << 62, "new")
    terms, cal = terms_of(d, settings), ctx.calendar(session, agency)
    p = wf.project(terms, [*events, new], cal)
    # neither the new event nor any recorded one may become a conflict once it is sorted in
    if set(p.conflicts) - set(wf.project(terms, events, cal).conflicts):
        raise transition_error("at", kind, d.status)
