"""Recording workflow events on a dossier: transfer, supplement, result, reschedule, return…"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from onestop import faults
from onestop.domain import validation as v
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ
from onestop.services import audit, permissions
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
    payload = _payload(req, now)
    at = now if req.at in (None, "") else v.parse_instant(req.at, "at", VN_TZ, now)
    with ctx.transaction() as session:
        override = kind == "reschedule" and "override_reason" in payload
        permissions.require(session, ctx, permissions.event_action(kind, override), target=code)
        d = load(session, code, for_update=True)
        if at < d.received_at:
            raise ValidationError("at", "before_receipt")
        if not wf.allowed(kind, d.status):
            raise transition_error("kind", kind, d.status)
        agency = session.get(Agency, d.agency_id)
        settings = ctx.agency_settings(agency) if agency else {}
        if kind == "reschedule":
            _check_reschedule(d, payload, override, int(settings.get("max_reschedules", 1)))
        _check_fits(session, ctx, d, kind, at, payload, agency, settings)
        add_event(session, ctx, d, kind, at, payload)
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
