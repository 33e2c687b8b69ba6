"""Holiday changes that move appointments: preview, apply, notices.

Adding, changing or removing a calendar override moves the appointment of every open dossier
whose counted days cross that day. Before anything is written the desk sees each such
dossier with its old and new appointment (:func:`preview`); applying the change
(:func:`apply`) writes the override and, in the same transaction, records for each moved
dossier an event ``calendar-reschedule`` with the old and new moments and the decision, then
stores the new projection. The events are idempotent per (dossier, override change): a
retried or repeated change never records a second one. Finished dossiers (result ready,
returned) never move: only received, processing and paused dossiers are looked at.

The projection always counts on the calendar in force (``domain.workflow``), so "what the
appointment becomes" is exactly the projection under the new calendar; the preview computes
it the same way, which is why it is exact (tests compare it with recomputing every dossier).
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from onestop.domain import validation as v
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, DayOverride, OfficeHours, WorkCalendar
from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.services.dossiers import add_event, apply_projection, record_of, terms_of
from onestop.services.dto import iso
from onestop.services.errors import ValidationError
from onestop.storage.models import Agency, CalendarOverride, Dossier, DossierEvent, Outbox
from onestop.domain.messages import OVERRIDE_KIND_LABELS
from onestop.services.demo import is_joined
from onestop.services import form_data as fd
from onestop.services.dossiers import load, to_dto

__all__ = ["CalendarChange", "Move", "SyncedChange", "apply", "notices_pdf", "overrides",
           "preview", "record_synced"]

#: The latest day an override may be set on (as the calendar editor allows).
MAX_DAY = date(2100, 12, 31)
_CHUNK = 500


@dataclass(frozen=True)
class Move:
    """One open dossier whose appointment the change moves."""

    code: str
    old_due_at: datetime
    new_due_at: datetime

    def to_json(self) -> dict[str, str | None]:
        return {"code": self.code, "old_due_at": iso(self.old_due_at),
                "new_due_at": iso(self.new_due_at)}


@dataclass(frozen=True)
class CalendarChange:
    """A validated change of one day and the appointments it moves."""

    action: str             # "set" | "remove"
    day: date
    kind: str               # the day's override kind after a set; the removed kind on remove
    name: str
    decision: str
    tet: bool
    moved: tuple[Move, ...] = ()
    applied: bool = False
    #: Events recorded by :func:`apply` (fewer than ``moved`` when some already existed).
    recorded: int = 0
    extra: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"action": self.action, "date": self.day.isoformat(), "kind": self.kind,
                "name": self.name, "decision": self.decision, "tet": self.tet,
                "applied": self.applied, "recorded": self.recorded,
                "moved": [m.to_json() for m in self.moved]}


# --- validation ---------------------------------------------------------------------------

def _validate_set(day: str | date, kind: str, name: str, decision: str | None
                  ) -> tuple[date, str, str, str]:
    c = v.Collector()
    d = c.check(v.parse_date, day, "date", date(1900, 1, 1), MAX_DAY)
    k = c.check(v.choice, kind, "kind", ("off", "work"))
    label = c.check(v.free_text, name, "name", 200, True)
    basis = c.check(v.free_text, decision, "decision", 200) if decision else ""
    c.raise_if_any()
    return d, k, label, basis or ""


# --- the change itself ----------------------------------------------------------------------

def preview(ctx: Context, action: str, day: str | date, kind: str = "", name: str = "",
            decision: str | None = "", tet: bool = False) -> CalendarChange:
    """The appointments a change would move; nothing is written (admin).

    Raises:
        ValidationError: malformed date, kind or name; a day that is already what the change
            asks (field ``date``).
        Forbidden: not an admin.
    """
    with ctx.reading() as session:
        permissions.require(session, ctx, "calendar", target=str(day))
        change, _row = _plan(session, action, day, kind, name, decision, tet)
        old_cal, new_cal, settings = _calendars(session, ctx, change, _row)
        moves, _p = _moves(session, old_cal, new_cal, settings, change.day)
    return _with_moves(change, moves)


def apply(ctx: Context, action: str, day: str | date, kind: str = "", name: str = "",
          decision: str | None = "", tet: bool = False) -> CalendarChange:
    """Write the change, record a ``calendar-reschedule`` event per moved dossier and store
    their new projections, in one transaction (admin).

    Raises:
        ValidationError, Forbidden: as :func:`preview`.
    """
    with ctx.transaction() as session:
        permissions.require(session, ctx, "calendar", target=str(day))
        change, row = _plan(session, action, day, kind, name, decision, tet)
        old_cal, new_cal, settings = _calendars(session, ctx, change, row)
        moves, projections = _moves(session, old_cal, new_cal, settings, change.day)
        row_id = _write(session, change, row)
        key = f"{row_id}:{change.action}:{change.kind}"
        mine = _recorder(session, ctx, applied_here=True)
        recorded = _record(session, ctx, change, key, [(d, m) for d, m in moves if mine(d)],
                           projections, new_cal, settings)
        audit.append(session, ctx.actor(session), f"calendar.{change.action}", target=change.day.isoformat(),
                     kind=change.kind, moved=len(moves), recorded=recorded)
    ctx.calendar_changed()
    out = _with_moves(change, moves)
    return CalendarChange(**{**out.__dict__, "applied": True, "recorded": recorded})


def _with_moves(change: CalendarChange, moves: Sequence[tuple[Dossier, Move]]
                ) -> CalendarChange:
    ordered = tuple(m for _d, m in sorted(moves, key=lambda dm: (dm[1].old_due_at, dm[1].code)))
    return CalendarChange(change.action, change.day, change.kind, change.name, change.decision,
                          change.tet, ordered)


def _plan(session: Session, action: str, day: str | date, kind: str, name: str,
          decision: str | None, tet: bool) -> tuple[CalendarChange, CalendarOverride | None]:
    """Validate the change against the stored override of that day."""
    if action == "remove":
        d = v.parse_date(day, "date", max_date=MAX_DAY)
        row = session.scalar(select(CalendarOverride).where(CalendarOverride.day == d))
        if row is None:   # the day already has no override: nothing to remove (exit 2)
            raise ValidationError("date", "calendar_no_override", value=d.strftime("%d/%m/%Y"))
        return CalendarChange("remove", d, row.kind, row.name, row.decision, row.tet), row
    d, k, label, basis = _validate_set(day, kind, name, decision)
    row = session.scalar(select(CalendarOverride).where(CalendarOverride.day == d))
    if row is not None and (row.kind, row.name, row.decision, bool(row.tet)) == (
            k, label, basis, bool(tet)):
        raise ValidationError("date", "calendar_unchanged", value=d.strftime("%d/%m/%Y"))
    return CalendarChange("set", d, k, label, basis, bool(tet)), row


def _calendars(session: Session, ctx: Context, change: CalendarChange,
               row: CalendarOverride | None) -> tuple[WorkCalendar, WorkCalendar, dict[str, Any]]:
    """The calendar in force and the one the change makes (same office hours, same rules).

    A ``set`` on a day with no override of its own that is already what it asks (a Sunday
    "off", a statutory holiday "off", a weekday "work") changes nothing: refused.
    """
    agency = session.get(Agency, ctx.identity(session).agency_id)
    settings = ctx.agency_settings(agency) if agency else {}
    rows = session.scalars(select(CalendarOverride)).all()
    current = [DayOverride(r.day, r.kind, r.name, r.decision, r.tet) for r in rows]  # type: ignore[arg-type]
    others = [o for o in current if o.day != change.day]
    if change.action == "set":
        after = [*others, DayOverride(change.day, change.kind, change.name,  # type: ignore[arg-type]
                                      change.decision, change.tet)]
    else:
        after = others

    old_cal, new_cal = _make_calendar(current, settings), _make_calendar(after, settings)
    if change.action == "set" and row is None and \
            old_cal.is_working_day(change.day) == (change.kind == "work"):
        raise ValidationError("date", "calendar_already", value=change.day.strftime("%d/%m/%Y"),
                              kind=_kind_word(change.kind))
    return old_cal, new_cal, settings


def _kind_word(kind: str) -> str:
    return OVERRIDE_KIND_LABELS.get(kind, kind)


def _hhmm(value: str) -> time:
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


def _moves(session: Session, old_cal: WorkCalendar, new_cal: WorkCalendar,
           settings: dict[str, Any], day: date
           ) -> tuple[list[tuple[Dossier, Move]], dict[uuid.UUID, wf.Projection]]:
    """Every open dossier whose appointment or statutory due moment the change moves.

    Only dossiers due on or after the day before the change can move (counting crosses the
    day, or starts from it); each candidate is projected under both calendars from its
    events, exactly as a reprojection would.

    Returns:
        The moved appointments, and the new projection of every dossier that changes at all
        (a rescheduled dossier may change only its statutory due moment).
    """
    bound = datetime.combine(day - timedelta(days=1), time(0), VN_TZ)
    stmt = select(Dossier).where(
        Dossier.status.in_(sorted(wf.ACTIVE_STATUSES)), Dossier.time_limit_days.is_not(None),
        or_(Dossier.due_at >= bound, Dossier.sla_due_at >= bound))
    candidates = list(session.scalars(stmt))
    events = _events_of(session, [d.id for d in candidates])
    moves: list[tuple[Dossier, Move]] = []
    changed: dict[uuid.UUID, wf.Projection] = {}
    for d in candidates:
        terms = terms_of(d, settings)
        before = wf.project(terms, events[d.id], old_cal)
        after = wf.project(terms, events[d.id], new_cal)
        if (after.due_at, after.sla_due_at) != (before.due_at, before.sla_due_at):
            changed[d.id] = after
        if after.due_at != before.due_at and before.due_at and after.due_at:
            moves.append((d, Move(d.code, before.due_at.astimezone(VN_TZ),
                                  after.due_at.astimezone(VN_TZ))))
    return moves, changed


def _events_of(session: Session, ids: Sequence[uuid.UUID]
               ) -> dict[uuid.UUID, list[wf.EventRecord]]:
    out: dict[uuid.UUID, list[wf.EventRecord]] = defaultdict(list)
    for i in range(0, len(ids), _CHUNK):
        rows = session.scalars(select(DossierEvent).where(
            DossierEvent.dossier_id.in_(ids[i:i + _CHUNK])))
        for e in rows:
            out[e.dossier_id].append(record_of(e))
    return out


def _write(session: Session, change: CalendarChange, row: CalendarOverride | None) -> uuid.UUID:
    """Write the override change (queued for sync); returns the override's id."""
    if change.action == "remove":
        assert row is not None
        session.add(Outbox(table_name="calendar_override", row_id=row.id))
        row_id = row.id
        session.delete(row)
        return row_id
    if row is None:
        row = CalendarOverride(day=change.day, kind=change.kind, name=change.name,
                               decision=change.decision, tet=change.tet)
        session.add(row)
    else:
        row.kind, row.name, row.decision, row.tet = (change.kind, change.name,
                                                     change.decision, change.tet)
        row.version += 1
    session.flush()
    session.add(Outbox(table_name="calendar_override", row_id=row.id))
    return row.id


def _record(session: Session, ctx: Context, change: CalendarChange, key: str,
            moves: Sequence[tuple[Dossier, Move]], projections: dict[uuid.UUID, wf.Projection],
            cal: WorkCalendar, settings: dict[str, Any]) -> int:
    """One ``calendar-reschedule`` event per moved dossier (unless this change already has
    one there), then every changed projection stored."""
    moved_ids = [d.id for d, _m in moves]
    seen = _already_recorded(session, moved_ids, key)
    now, soon = ctx.now(), int(settings.get("due_soon_days", 1))
    recorded = 0
    for d, m in moves:
        if d.id in seen:
            continue
        p = projections[d.id]
        payload = {"override": key, "date": change.day.isoformat(), "change": change.action,
                   "kind": change.kind, "name": change.name, "decision": change.decision,
                   "old_due": m.old_due_at.isoformat(), "new_due": m.new_due_at.isoformat(),
                   "old_sla_due": iso(d.sla_due_at),
                   "new_sla_due": iso(p.sla_due_at)}
        add_event(session, ctx, d, "calendar-reschedule", now, payload)
        recorded += 1
    by_id = {d.id: d for d, _m in moves}
    for dossier_id, p in projections.items():
        d = by_id.get(dossier_id) or session.get(Dossier, dossier_id)
        assert d is not None
        apply_projection(d, p, now, cal, soon)
        d.version = (d.version or 0) + 1
        session.add(Outbox(table_name="dossier", row_id=d.id))
    return recorded


def _already_recorded(session: Session, ids: Iterable[uuid.UUID], key: str) -> set[uuid.UUID]:
    ids = list(ids)
    found: set[uuid.UUID] = set()
    for i in range(0, len(ids), _CHUNK):
        rows = session.execute(select(DossierEvent.dossier_id, DossierEvent.payload).where(
            DossierEvent.kind == "calendar-reschedule",
            DossierEvent.dossier_id.in_(ids[i:i + _CHUNK])))
        found |= {dossier_id for dossier_id, payload in rows
                  if (payload or {}).get("override") == key}
    return found


# --- changes that arrive by sync -----------------------------------------------------------

@dataclass(frozen=True)
class SyncedChange:
    """One calendar override as a pull changed it: ``set`` (new or edited) or ``remove``."""

    action: str
    row_id: uuid.UUID
    override: DayOverride


def overrides(session: Session) -> dict[uuid.UUID, DayOverride]:
    """Every stored override by id, read past the session's identity map (the sync layer
    writes overrides with plain SQL in the same transaction)."""
    t = CalendarOverride.__table__
    return {r.id: DayOverride(r.day, r.kind, r.name, r.decision or "", bool(r.tet))  # type: ignore[arg-type]
            for r in session.execute(select(t.c.id, t.c.day, t.c.kind, t.c.name,
                                            t.c.decision, t.c.tet))}


def _recorder(session: Session, ctx: Context, applied_here: bool):  # type: ignore[no-untyped-def]
    """Which dossiers this database records a ``calendar-reschedule`` event for.

    Standalone, every dossier. Once joined, one counter records each dossier's event so the
    event exists once per (dossier, change) whatever the order of syncs: the counter that
    received it; dossiers of the central block (counter 0, imported centrally) are recorded
    where the administrator applied the change. Every counter still re-projects what it holds.
    """

    if not is_joined(session):
        return lambda d: True
    ident = ctx.identity(session)
    own = {ident.counter_no, 0} if applied_here else {ident.counter_no}
    return lambda d: d.agency_id == ident.agency_id and d.counter_no in own


def record_synced(session: Session, ctx: Context, before: dict[uuid.UUID, DayOverride],
                  changes: Sequence[SyncedChange]) -> int:
    """Record the appointment moves of calendar changes a pull brought (caller's transaction).

    The changes are taken one by one in the order given, each against the calendar the
    previous ones left, so each is attributed exactly as the counter that applied it did
    (same idempotency key: override id, action, kind). This counter records the events of
    the dossiers it received (:func:`_recorder`) and stores their new projections; the other
    dossiers it holds are re-projected locally without a version bump, their owner's own
    re-projection reaches everyone through the normal sync. Returns the events recorded.
    """
    agency = session.get(Agency, ctx.identity(session).agency_id)
    if agency is None or not changes:
        return 0
    settings = ctx.agency_settings(agency)
    mine = _recorder(session, ctx, applied_here=False)
    system = ctx.as_user("system")
    current = dict(before)
    recorded = 0
    for ch in changes:
        after = {k: o for k, o in current.items() if k != ch.row_id and o.day != ch.override.day}
        if ch.action == "set":
            after[ch.row_id] = ch.override
        old_cal = _make_calendar(list(current.values()), settings)
        new_cal = _make_calendar(list(after.values()), settings)
        current = after
        if old_cal.is_working_day(ch.override.day) == new_cal.is_working_day(ch.override.day):
            continue   # a renamed day, a decision number filled in, a row re-keyed at join
        moves, projections = _moves(session, old_cal, new_cal, settings, ch.override.day)
        if not projections:
            continue
        change = CalendarChange(ch.action, ch.override.day, ch.override.kind, ch.override.name,
                                ch.override.decision, ch.override.tet)
        key = f"{ch.row_id}:{ch.action}:{ch.override.kind}"
        own_moves = [(d, m) for d, m in moves if mine(d)]
        own_ids = {d.id for d in session.scalars(select(Dossier).where(
            Dossier.id.in_(list(projections))))  if mine(d)}
        recorded += _record(session, system, change, key, own_moves,
                            {i: p for i, p in projections.items() if i in own_ids},
                            new_cal, settings)
        now, soon = ctx.now(), int(settings.get("due_soon_days", 1))
        for dossier_id, p in projections.items():
            if dossier_id not in own_ids:
                d = session.get(Dossier, dossier_id)
                assert d is not None
                apply_projection(d, p, now, new_cal, soon)
        if own_moves:
            audit.append(session, system.actor(session), "calendar.synced", target=ch.override.day.isoformat(),
                         kind=ch.override.kind, moved=len(own_moves))
    return recorded


def _make_calendar(overrides_: list[DayOverride], settings: dict[str, Any]) -> WorkCalendar:
    office = OfficeHours(_hhmm(settings["office_start"]), _hhmm(settings["office_end"]))
    return WorkCalendar(overrides_, office=office, after_hours=settings["after_hours"])


# --- notices --------------------------------------------------------------------------------

def notices_pdf(ctx: Context, change: CalendarChange) -> bytes:
    """One page per moved dossier telling the citizen the new appointment."""
    from onestop.printing import render_calendar_notices

    with ctx.reading() as session:
        permissions.require(session, ctx, "print", target="calendar")
        agency_row = session.get(Agency, ctx.identity(session).agency_id)
        assert agency_row is not None
        agency = fd.agency_header(agency_row)
        pages = []
        for m in change.moved:
            d = to_dto(session, load(session, m.code))
            pages.append((fd.dossier_print(d, agency, {}), m.old_due_at, m.new_due_at))
    what = ("Nghỉ" if change.kind == "off" else "Làm việc") if change.action == "set" else \
        "Bỏ ngày nghỉ, làm bù"
    words = f"{what} ngày {change.day.strftime('%d/%m/%Y')}: {change.name}"
    return render_calendar_notices(pages, agency, words, change.decision, ctx.now())
