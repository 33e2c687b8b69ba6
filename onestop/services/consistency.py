"""Re-projection of every dossier for ``onestop audit verify``.

The events are hash-chained; a dossier's status and dates are only their projection
(``domain.workflow.project``), stored for reports. Someone editing the file can change the
stored status or due date without touching the events: the chains still verify. Verify
therefore folds every dossier's events again and compares.

What the events alone decide (status, finished, returned, paused, number of reschedules) is
always compared. The due dates also depend on the calendar and the office hours *as they are
now*: an override entered after a receipt (a Tết decision typed in December) or new office
hours legitimately leave older dossiers with the dates computed at the time. A dossier's due
dates are compared only when no such change — a calendar day changed after its receipt
within its span, or an office-hours or resume-policy change after its receipt — could
explain a difference. Everything is read in three plain queries straight from the driver and
folded in memory (100 000 dossiers, 365 000 events: about 7 s of CPU, see SECURITY.md).
"""

from __future__ import annotations

import bisect
import json
import uuid
from collections import defaultdict
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import select, type_coerce
from sqlalchemy.orm import Session
from sqlalchemy.types import NullType

from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.services.dossiers import parse_hhmm
from onestop.storage.models import Agency, AuditEntry
from onestop.storage.models import uuid_text

if TYPE_CHECKING:  # annotations only (the context audits through this layer)
    from onestop.services.context import Context

#: Compared on every dossier: decided by the events alone.
EVENT_FIELDS = ("status", "finished_at", "returned_at", "paused_since", "reschedules",
                "rating", "rating_comment", "returned_by")
#: Compared when no later calendar or office-hours change can explain a difference.
DUE_FIELDS = ("due_at", "sla_due_at")
#: Agency settings that move due dates.
_CLOCK_SETTINGS = frozenset({"office_start", "office_end", "resume_policy"})

_DOSSIER_COLUMNS = ("id", "code", "agency_id", "received_at", "time_limit_days", "cutoff",
                    *EVENT_FIELDS, *DUE_FIELDS)
_EVENT_COLUMNS = ("dossier_id", "kind", "at", "payload", "counter_no", "seq", "id", "user_name")


@dataclass(frozen=True)
class Mismatch:
    """A dossier whose stored state is not what its events give."""

    code: str
    id: str
    #: the differing fields, or ["unreadable"] when a stored value no longer parses
    fields: list[str]


def _raw(session: Session, table: str, names: Sequence[str], order: str) -> Iterator[Any]:
    """Rows of ``table`` as the driver returns them, straight from the DB-API cursor.

    Untyped, so a tampered value cannot stop the query (the caller converts and checks each
    one), and without the result machinery, which costs more than the projection itself on
    half a million rows. Table and column names are this module's constants.
    """
    cursor = session.connection().connection.cursor()
    try:
        cursor.execute(f"SELECT {', '.join(names)} FROM {table} ORDER BY {order}")
        while rows := cursor.fetchmany(20000):
            yield from rows
    finally:
        cursor.close()


def _instant(value: Any) -> datetime | None:
    """A stored instant as aware UTC (SQLite: ISO text in UTC; PostgreSQL: timestamptz).

    Raises:
        ValueError: not an instant (a tampered value).
    """
    if value is None:
        return None
    if isinstance(value, str):
        # SQLite holds UTC without an offset: say so in the text (cheaper than replace())
        offset = value[-6:-5] in ("+", "-")
        value = datetime.fromisoformat(value if offset else value + "+00:00")
    if not isinstance(value, datetime):
        raise ValueError(value)
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _payload(kind: str, value: Any) -> dict[str, Any]:
    """The part of an event's payload the projection reads, parsed only when needed.

    Only an intake refusal (on ``received``), a reschedule's ``new_due`` and a return's
    rating change the projection: parsing 300 000 JSON payloads that cannot matter would
    double the time.
    """
    if isinstance(value, dict):
        return value
    if kind == "reschedule" or (kind in ("received", "return") and
                                ("intake_refusal" in str(value) or "rating" in str(value))):
        parsed = json.loads(value)
        if not isinstance(parsed, dict):
            raise ValueError(value)
        return parsed
    return {}


def _events(session: Session) -> tuple[dict[Any, list[wf.EventRecord]], set[Any]]:
    """Every dossier's events, and the dossiers with an unreadable event (not judged)."""
    by_dossier: dict[Any, list[wf.EventRecord]] = defaultdict(list)
    spoiled: set[Any] = set()
    record = wf.EventRecord
    for dossier_id, kind, at, payload, counter, seq, event_id, user in _raw(
            session, "dossier_event", _EVENT_COLUMNS, "dossier_id"):
        try:
            moment = _instant(at)
            if moment is None or not (isinstance(counter, int) and isinstance(seq, int)):
                raise ValueError(seq)
            by_dossier[dossier_id].append(record(kind, moment, _payload(kind, payload),
                                                 counter, seq, str(event_id), user or ""))
        except (ValueError, TypeError):
            # the chain check names the entry; its dossier cannot be re-projected
            spoiled.add(dossier_id)
    return by_dossier, spoiled


@dataclass
class _Changes:
    """Calendar days and clock settings changed, with when (UTC), per agency code."""

    days: list[tuple[datetime, date]]          # sorted by time of change
    settings: dict[str, datetime]              # agency code -> latest clock-setting change
    unknown: bool = False                      # the changes could not be read: judge none

    def explain(self, agency_code: str, received: datetime, until: date) -> bool:
        """Whether a change after ``received`` may have moved a due date up to ``until``."""
        if self.unknown:
            return True
        latest = self.settings.get(agency_code)
        if latest is not None and latest > received:
            return True
        first_day = received.astimezone(VN_TZ).date()
        start = bisect.bisect_right(self.days, (received, date.max))
        return any(first_day <= day <= until for _, day in self.days[start:])


def _changes(session: Session) -> _Changes:
    """Calendar overrides changed (current rows, and removals from the audit log) and
    office-hours or resume-policy changes (audited), each with its time."""
    days: list[tuple[datetime, date]] = []
    for day, updated in _raw(session, "calendar_override", ("day", "updated_at"), "day"):
        try:
            changed = _instant(updated)
            if changed is None:
                raise ValueError(updated)
            days.append((changed, day if isinstance(day, date) else date.fromisoformat(day)))
        except (ValueError, TypeError):
            return _Changes([], {}, unknown=True)
    settings: dict[str, datetime] = {}
    audit = AuditEntry.__table__
    stmt = select(audit.c.at, audit.c.action, audit.c.target, type_coerce(
        audit.c.details, NullType())).where(audit.c.action.in_(
            ("calendar.set", "calendar.remove", "calendar.synced", "settings.agency")))
    try:
        rows = list(session.execute(stmt))
    except Exception:  # noqa: BLE001 - a broken instant: judge no due date at all
        return _Changes([], {}, unknown=True)
    for at, action, target, details in rows:
        if action == "settings.agency":
            if _CLOCK_SETTINGS & set(_fields(details)):
                settings[target] = max(at, settings.get(target, at))
            continue
        try:
            days.append((at, date.fromisoformat(target)))
        except (TypeError, ValueError):
            continue
    days.sort()
    return _Changes(days, settings)


def _fields(details: Any) -> list[str]:
    try:
        value = json.loads(details) if isinstance(details, str) else details
        return [str(f) for f in value.get("fields", [])]
    except (ValueError, AttributeError, TypeError):
        return list(_CLOCK_SETTINGS)  # unreadable: assume the worst, judge no due date


def reproject_all(session: Session, ctx: Context) -> tuple[int, list[Mismatch]]:
    """Re-project every dossier from its events; return how many and the mismatches."""
    events, spoiled = _events(session)
    changes = _changes(session)
    agencies: dict[Any, tuple[str, dict[str, Any], WorkCalendar]] = {}
    for a in session.scalars(select(Agency)):
        agencies[_key(session, a.id)] = (a.code, ctx.agency_settings(a), ctx.calendar(session, a))
    count, out = 0, []
    for raw in _raw(session, "dossier", _DOSSIER_COLUMNS, "code"):
        count += 1
        row = dict(zip(_DOSSIER_COLUMNS, raw))
        if row["id"] in spoiled or row["agency_id"] not in agencies:
            continue
        fields = _compare(row, events.get(row["id"], []), agencies[row["agency_id"]], changes)
        if fields:
            out.append(Mismatch(str(row["code"]), uuid_text(row["id"]), fields))
    return count, out


def _key(session: Session, value: uuid.UUID) -> Any:
    """A UUID as the driver returns it untyped (SQLite: 32 hex digits), to match raw rows."""
    return value.hex if session.get_bind().dialect.name == "sqlite" else value


def _compare(row: dict[str, Any], records: list[wf.EventRecord],
             agency: tuple[str, dict[str, Any], WorkCalendar], changes: _Changes) -> list[str]:
    code, settings, cal = agency
    try:
        for name in ("received_at", "finished_at", "returned_at", "paused_since", *DUE_FIELDS):
            row[name] = _instant(row[name])
        terms = wf.Terms(row["received_at"], row["time_limit_days"], parse_hhmm(row["cutoff"]),
                         settings.get("resume_policy", "restart"))
        p = wf.project(terms, records, cal)
    except Exception:  # noqa: BLE001 - tampered values (a date that is not one, a bad cut-off)
        return ["unreadable"]
    differ = [f for f in EVENT_FIELDS if getattr(p, f) != row[f]]
    due = [f for f in DUE_FIELDS if getattr(p, f) != row[f]]
    if due and not changes.explain(code, row["received_at"], _last_day(p, row)):
        differ += due
    return differ


def _last_day(p: wf.Projection, row: dict[str, Any]) -> date:
    """The last local day any version of the due dates reaches."""
    moments = [m for m in (p.due_at, p.sla_due_at, row["due_at"], row["sla_due_at"])
               if isinstance(m, datetime)]
    return max(m.astimezone(VN_TZ).date() for m in moments) if moments else date.max
