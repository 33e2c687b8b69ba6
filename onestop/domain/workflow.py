"""Dossier workflow: statuses, allowed transitions and the projection of events.

The events of a dossier are the source of truth. Its status, appointment, due moment, pause
and timeliness are computed by :func:`project` — a pure function of the receipt terms and the
event list — so two counters that hold the same events always agree.

Rules (see the README's "Deadlines and statuses" section):

* **Supplement**: ``supplement-request`` pauses the clock (status ``awaiting-supplement``,
  timeliness ``paused``). When ``supplement-received`` arrives the time limit counts again
  from that day, because the procedures count "from receipt of a complete, valid dossier"
  (policy ``restart``). An agency may choose ``resume`` instead: the working days left at the
  pause are added from the day the supplement arrives.
* **Reschedule** (apology slip): moves the appointment (``due_at``) but not the statutory due
  moment (``sla_due_at``). Only once per dossier unless an admin overrides with a reason (the
  service checks that). A rescheduled dossier counts late once finished, and while open it is
  judged against its original due moment.
* **Finished** means the result is ready. Timeliness compares local *dates*: finished before
  the due date is ``early``, on it ``on-time``, after it ``late``. Open dossiers are
  ``on-track``, ``due-soon`` (due within the configured number of working days) or
  ``overdue``; paused ones ``paused``; procedures without a time limit ``no-limit``.
* **Stop** (*dừng giải quyết*, Mẫu 05 of TT 03/2025/TT-VPCP, under NĐ 118/2025/NĐ-CP): the
  handling of an open or paused dossier ends without a result, with a reason and a legal
  ground (``STOP_GROUNDS``). Final status ``stopped``; no timeliness, like a withdrawal.
* **Calendar reschedule**: a change of the holiday calendar moved the appointment. The event
  records the old and new moments and the decision for the history and the notices; the
  projection itself always counts on the calendar in force, so the event changes nothing.
* **Intake refusal** (Mẫu 03): a dossier received and refused at once. It has a code but no
  clock, and counts as refused.
* Events that arrive (through sync) in an order that makes them impossible — e.g. a
  ``result-ready`` recorded offline on a dossier another counter already returned — are kept
  in the history but do not change the projection; they are listed in ``conflicts`` so the
  outcome of a returned dossier is never rewritten silently.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:  # the projection only calls the calendar it is given
    from onestop.domain.calendar import WorkCalendar

RECEIVED = "received"
PROCESSING = "processing"
AWAITING = "awaiting-supplement"
RESULT_READY = "result-ready"
RETURNED = "returned"
REFUSED = "refused"
WITHDRAWN = "withdrawn"
VOID = "void"
STOPPED = "stopped"

STATUSES: tuple[str, ...] = (
    RECEIVED, PROCESSING, AWAITING, RESULT_READY, RETURNED, REFUSED, WITHDRAWN, VOID, STOPPED,
)
OPEN_STATUSES = frozenset({RECEIVED, PROCESSING})
ACTIVE_STATUSES = frozenset({RECEIVED, PROCESSING, AWAITING})
FINISHED_STATUSES = frozenset({RESULT_READY, RETURNED})
#: Statuses with no timeliness: the dossier left the clock without a result.
UNTIMED_STATUSES = frozenset({REFUSED, WITHDRAWN, VOID, STOPPED})

#: Legal grounds of a stop (``--ground``): the applicant asked in writing, the applicant did not
#: supplement within the time allowed, or another case. NĐ 118/2025/NĐ-CP and TT 03/2025/TT-VPCP
#: (Mẫu 05, Thông báo dừng giải quyết hồ sơ) are the basis; the text listing their cases was
#: not found (README "Stopping a dossier"), so no further grounds are added until it is.
STOP_GROUNDS: tuple[str, ...] = (
    "applicant-request", "no-supplement", "other",
)
DEFAULT_STOP_GROUND = "other"

TIMELINESS: tuple[str, ...] = (
    "early", "on-time", "late", "on-track", "due-soon", "overdue", "paused", "no-limit",
)

#: Event kinds a user records on an existing dossier (the CLI's ``event KIND``).
ACTION_KINDS: tuple[str, ...] = (
    "transfer", "supplement-request", "supplement-received", "result-ready", "reschedule",
    "return", "refuse", "withdraw", "stop", "void", "note",
)
#: Every kind stored in the history: the receipt itself, data corrections and the
#: appointments moved by a calendar change too.
EVENT_KINDS: tuple[str, ...] = ("received", *ACTION_KINDS, "correct", "calendar-reschedule")

_ALL_BUT_VOID = frozenset(STATUSES) - {VOID}

#: The statuses each kind may be recorded in.
ALLOWED_FROM: dict[str, frozenset[str]] = {
    "transfer": OPEN_STATUSES,
    "supplement-request": OPEN_STATUSES,
    "supplement-received": frozenset({AWAITING}),
    "result-ready": OPEN_STATUSES,
    "reschedule": ACTIVE_STATUSES,
    "return": frozenset({RESULT_READY}),
    "refuse": ACTIVE_STATUSES,
    "withdraw": ACTIVE_STATUSES,
    "stop": ACTIVE_STATUSES,
    "void": _ALL_BUT_VOID,
    "note": frozenset(STATUSES),
    "correct": _ALL_BUT_VOID,
    "calendar-reschedule": frozenset(STATUSES),  # record-only: never a conflict
}

#: Fields each kind requires in its payload (checked by the service before writing).
REQUIRED_PAYLOAD: dict[str, tuple[str, ...]] = {
    "transfer": ("to",),
    "supplement-request": ("missing",),
    "reschedule": ("reason", "new_due"),
    "return": ("collector",),
    "refuse": ("reason",),
    "withdraw": ("reason",),
    "stop": ("reason", "ground"),
    "void": ("reason",),
    "note": ("reason",),
    "correct": ("field", "reason"),
}

ResumePolicy = Literal["restart", "resume"]


@dataclass(frozen=True)
class EventRecord:
    """One history entry as the projection needs it."""

    kind: str
    at: datetime
    payload: Mapping[str, Any] = field(default_factory=dict)
    counter: int = 0
    seq: int = 0
    id: str = ""
    #: who recorded it (``dossier_event.user_name``): the returning officer of a return
    user: str = ""

    def sort_key(self) -> tuple[int, datetime, int, int, str]:
        """Deterministic order across counters: the receipt first, then time, counter, seq."""
        return (0 if self.kind == "received" else 1, self.at, self.counter, self.seq, self.id)


@dataclass(frozen=True)
class Terms:
    """What the clock of a dossier depends on, fixed at receipt."""

    received_at: datetime
    time_limit_days: int | None
    cutoff: time | None = None
    resume_policy: ResumePolicy = "restart"


@dataclass(frozen=True)
class Projection:
    """The state of a dossier derived from its events."""

    status: str
    due_at: datetime | None          # the appointment the citizen holds (moved by reschedule)
    sla_due_at: datetime | None      # the due moment timeliness is judged against
    finished_at: datetime | None = None
    returned_at: datetime | None = None
    paused_since: datetime | None = None
    reschedules: int = 0
    status_before_pause: str = RECEIVED
    # the citizen's satisfaction, given at the return (issue 18), and who returned the result:
    # kept on the row so a period's ratings are read from the dossiers (revision 0013)
    rating: str | None = None
    rating_comment: str | None = None
    returned_by: str | None = None
    conflicts: tuple[str, ...] = ()

    def timeliness(self, now: datetime, calendar: WorkCalendar, soon_days: int = 1) -> str | None:
        """The timeliness token at ``now`` (None for refused, withdrawn and void dossiers)."""
        return classify(self, now, calendar, soon_days)


_PROJECTION_FIELDS = frozenset(f.name for f in fields(Projection))


def _replace(p: Projection, **changes: Any) -> Projection:
    """``dataclasses.replace(p, **changes)`` without re-running the frozen ``__init__``
    field by field (every event of every dossier goes through here; the bulk demo folds
    millions): a copy of the fields with the changes; an unknown name is still an error."""
    if not changes.keys() <= _PROJECTION_FIELDS:
        raise TypeError(f"unknown Projection fields: {sorted(changes.keys() - _PROJECTION_FIELDS)}")
    new = object.__new__(Projection)
    values = new.__dict__
    values.update(p.__dict__)
    values.update(changes)
    return new


class TransitionError(Exception):
    """An event kind is not allowed in the dossier's current status."""

    def __init__(self, kind: str, status: str) -> None:
        super().__init__(f"{kind} not allowed in status {status}")
        self.kind = kind
        self.status = status


def allowed(kind: str, status: str) -> bool:
    """Whether an event of ``kind`` may be recorded on a dossier in ``status``."""
    return status in ALLOWED_FROM.get(kind, frozenset())


def allowed_actions(status: str) -> list[str]:
    """The action kinds a dossier in ``status`` offers (used by the GUI's action bar)."""
    return [k for k in ACTION_KINDS if allowed(k, status)]


def initial(terms: Terms, calendar: WorkCalendar, intake_refusal: bool = False) -> Projection:
    """The projection right after receipt."""
    if intake_refusal:
        return Projection(status=REFUSED, due_at=None, sla_due_at=None)
    if terms.time_limit_days is None:
        return Projection(status=RECEIVED, due_at=None, sla_due_at=None)
    due = calendar.due(terms.received_at, terms.time_limit_days, terms.cutoff).due_at
    return Projection(status=RECEIVED, due_at=due, sla_due_at=due)


def apply(p: Projection, e: EventRecord, terms: Terms, calendar: WorkCalendar) -> Projection:
    """Apply one event to a projection.

    Raises:
        TransitionError: the event is not allowed in the current status.
    """
    if e.kind in _RECORD_ONLY:
        if e.kind != "received" and not allowed(e.kind, p.status):
            raise TransitionError(e.kind, p.status)
        return p
    if not allowed(e.kind, p.status):
        raise TransitionError(e.kind, p.status)
    handler = _HANDLERS[e.kind]
    return handler(p, e, terms, calendar)


#: Kinds kept in the history that never change the projection.
_RECORD_ONLY = frozenset({"note", "correct", "received", "calendar-reschedule"})


def project(
    terms: Terms, events: Iterable[EventRecord], calendar: WorkCalendar
) -> Projection:
    """Fold the events (in deterministic order) into the dossier's projection.

    A ``return`` is a physical fact (the citizen holds the result), so when events merged
    from another counter would make it impossible, those events become the conflicts
    instead (see :func:`_keep_return`).
    """
    ordered = sorted(events, key=EventRecord.sort_key)
    p = _fold(terms, ordered, calendar)
    if _returns_lost(p, ordered):
        p = _keep_return(terms, ordered, calendar, p)
    return p


def clock_start(terms: Terms, events: Iterable[EventRecord], calendar: WorkCalendar
                ) -> tuple[datetime, int | None]:
    """Where the dossier's clock last started and with how many working days.

    The receipt with the time limit; after a supplement received, its instant with the full
    limit (policy ``restart``) or with the working days left at the pause (policy ``resume``)
    — the same rule :func:`_supplement_received` applies to the due date.
    """
    ordered = sorted(events, key=EventRecord.sort_key)
    start, days = terms.received_at, terms.time_limit_days
    if days is None:
        return start, None
    for i, e in enumerate(ordered):
        if e.kind != "supplement-received":
            continue
        before = _fold(terms, ordered[:i], calendar)
        if terms.resume_policy == "resume" and before.paused_since is not None \
                and before.sla_due_at is not None:
            days = max(0, calendar.working_days_between(
                calendar.to_local(before.paused_since).date(),
                calendar.to_local(before.sla_due_at).date()))
        else:
            days = terms.time_limit_days
        start = e.at
    return start, days


def _event_key(e: EventRecord) -> str:
    return e.id or f"{e.kind}@{e.at.isoformat()}"


def _returns_lost(p: Projection, ordered: Sequence[EventRecord]) -> bool:
    """Whether the history holds a ``return`` but the projection could apply none."""
    return p.returned_at is None and any(e.kind == "return" for e in ordered)


#: Kinds never dropped to keep a return: the outcome itself and what cannot block it.
_PROTECTED = frozenset({"received", "result-ready", "return", "note", "correct",
                        "calendar-reschedule"})


def _keep_return(terms: Terms, ordered: list[EventRecord], calendar: WorkCalendar,
                 p: Projection) -> Projection:
    """Re-fold, dropping each event that would turn a still-possible return impossible.

    Deterministic (the same events give the same answer on every counter and centrally);
    the dropped events stay in the history and are listed first in ``conflicts``.
    """
    kept: list[EventRecord] = []
    dropped: list[str] = []
    for i, e in enumerate(ordered):
        rest = ordered[i + 1:]
        if (e.kind not in _PROTECTED and _can_return(terms, kept, rest, calendar)
                and not _can_return(terms, [*kept, e], rest, calendar)):
            dropped.append(_event_key(e))
            continue
        kept.append(e)
    best = _fold(terms, kept, calendar)
    return _replace(best, conflicts=tuple(dropped) + best.conflicts) if dropped else p


def _can_return(terms: Terms, head: list[EventRecord], rest: list[EventRecord],
                calendar: WorkCalendar) -> bool:
    """Whether a return in ``rest`` still applies after ``head`` (all of rest, or its
    outcome events alone)."""
    if not _returns_lost(_fold(terms, [*head, *rest], calendar), rest):
        return any(e.kind == "return" for e in rest) or not _returns_lost(
            _fold(terms, head, calendar), head)
    outcome = [e for e in rest if e.kind in _PROTECTED]
    return not _returns_lost(_fold(terms, [*head, *outcome], calendar), rest)


def _fold(terms: Terms, ordered: list[EventRecord], calendar: WorkCalendar) -> Projection:
    """Apply already-sorted events; the ones not allowed where they fall are conflicts."""
    intake = bool(ordered and ordered[0].kind == "received"
                  and ordered[0].payload.get("intake_refusal"))
    p = initial(terms, calendar, intake_refusal=intake)
    conflicts: list[str] = []
    for e in ordered[1:] if ordered and ordered[0].kind == "received" else ordered:
        try:
            p = apply(p, e, terms, calendar)
        except TransitionError:
            conflicts.append(e.id or f"{e.kind}@{e.at.isoformat()}")
    return _replace(p, conflicts=tuple(conflicts)) if conflicts else p


def classify(
    p: Projection, now: datetime, calendar: WorkCalendar, soon_days: int = 1
) -> str | None:
    """Timeliness token of a projection at ``now``."""
    if p.status in UNTIMED_STATUSES:
        return None
    if p.status == AWAITING:
        return "paused"
    if p.sla_due_at is None:
        return "no-limit"
    if p.status in FINISHED_STATUSES and p.finished_at is not None:
        if p.reschedules:
            return "late"
        return compare_dates(calendar.to_local(p.finished_at).date(),
                             calendar.to_local(p.sla_due_at).date())
    if now > p.sla_due_at:
        return "overdue"
    if p.sla_due_at <= calendar.due_soon_bound(now, soon_days):
        return "due-soon"
    return "on-track"


def compare_dates(finished: date, due: date) -> str:
    """``early`` / ``on-time`` / ``late`` by calendar date."""
    if finished < due:
        return "early"
    return "on-time" if finished == due else "late"


# --- event handlers -------------------------------------------------------------------------

def _transfer(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
    return _replace(p, status=PROCESSING)


def _supplement_request(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
    return _replace(p, status=AWAITING, paused_since=e.at, status_before_pause=p.status)


def _supplement_received(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
    resumed = _replace(p, status=p.status_before_pause, paused_since=None)
    if t.time_limit_days is None or p.sla_due_at is None:
        return resumed
    if t.resume_policy == "resume" and p.paused_since is not None:
        new_due = _resume_due(p.paused_since, p.sla_due_at, e.at, c)
    else:
        new_due = c.due(e.at, t.time_limit_days, t.cutoff).due_at
    return _replace(resumed, due_at=new_due, sla_due_at=new_due)


def _resume_due(paused: datetime, due: datetime, resumed: datetime, c: WorkCalendar) -> datetime:
    """Add the working days that were left at the pause from the day the clock resumes."""
    left = max(0, c.working_days_between(c.to_local(paused).date(), c.to_local(due).date()))
    local_due = c.to_local(due)
    day = c.add_working_days(c.to_local(resumed).date(), left)
    return datetime.combine(day, local_due.timetz())


def _result_ready(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
    return _replace(p, status=RESULT_READY, finished_at=e.at)


def _reschedule(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
    new_due = e.payload["new_due"]
    if isinstance(new_due, str):
        new_due = datetime.fromisoformat(new_due)
    return _replace(p, due_at=new_due, reschedules=p.reschedules + 1)


def _return(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
    return _replace(p, status=RETURNED, returned_at=e.at, rating=e.payload.get("rating") or None,
                   rating_comment=e.payload.get("rating_comment") or None,
                   returned_by=e.user or None)


def _terminal(status: str):  # type: ignore[no-untyped-def]
    def handler(p: Projection, e: EventRecord, t: Terms, c: WorkCalendar) -> Projection:
        return _replace(p, status=status, paused_since=None)
    return handler


_HANDLERS = {
    "transfer": _transfer,
    "supplement-request": _supplement_request,
    "supplement-received": _supplement_received,
    "result-ready": _result_ready,
    "reschedule": _reschedule,
    "return": _return,
    "refuse": _terminal(REFUSED),
    "withdraw": _terminal(WITHDRAWN),
    "stop": _terminal(STOPPED),
    "void": _terminal(VOID),
}


def missing_payload(kind: str, payload: Mapping[str, Any]) -> Sequence[str]:
    """The required payload fields of ``kind`` that are absent or empty."""
    return [f for f in REQUIRED_PAYLOAD.get(kind, ()) if not payload.get(f)]
