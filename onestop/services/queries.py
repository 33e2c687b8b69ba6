"""Finding and showing dossiers: by code, by folded name, by citizen ID; ID-based lists."""

from __future__ import annotations

import re
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from sqlalchemy import Connection, Select, and_, func, or_, select
from sqlalchemy.orm import Session

from onestop.domain import text as tx
from onestop.domain import validation as v
from onestop.domain.calendar import VN_TZ
from onestop.domain import workflow as wf
from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.services.dossiers import load, to_dto
from onestop.services.dto import DossierDTO
from onestop.services import portal_scope
from onestop.services.portal_state import state_of
from onestop.storage import search
from onestop.storage.models import Dossier, Procedure
from onestop.domain.validation import mask_citizen_id
from onestop.services.privacy import note_full_view

_CODE_LIKE = re.compile(r"^[0-9A-Z.]+-\d{6}-\d{4}$", re.I)


def show(ctx: Context, code: str) -> DossierDTO:
    """A dossier with its full history.

    Raises:
        NotFound: unknown code.
    """
    with ctx.reading() as session:
        permissions.require(session, ctx, "event")
        d = load(session, code)
        return replace(to_dto(session, d, with_events=True, ctx=ctx),
                       portal=state_of(session, d.id))


@dataclass(frozen=True)
class DossierFilter:
    """Filters of the dossier list; every field optional."""

    text: str = ""
    statuses: Sequence[str] = ()
    timeliness: Sequence[str] = ()
    procedure_code: str = ""
    field: str = ""
    officer: str = ""
    date_from: date | None = None
    date_to: date | None = None
    include_void: bool = False
    # Added for the reports' drill-down (issue 5); each defaults to "no condition".
    #: channels (``direct``, ``post``, ``online``, ``vneid``)
    channels: Sequence[str] = ()
    #: handling department (``dossier.department``)
    department: str = ""
    #: result ready (``finished_at``) on or after / on or before these local days
    finished_from: date | None = None
    finished_to: date | None = None
    #: not finished at this instant: ``finished_at`` empty or at/after it
    unfinished_at: datetime | None = None
    #: statutory due moment (``sla_due_at``) in ``[due_from, due_before)``
    due_from: datetime | None = None
    due_before: datetime | None = None
    #: awaiting a supplement since before this instant (``paused_since < paused_before``)
    paused_before: datetime | None = None
    #: the instant live timeliness classes are judged at (default: now) and the due-soon
    #: lead time in working days (default 1), so a report's numbers replay exactly later
    as_of: datetime | None = None
    due_soon_days: int | None = None
    #: handling agency / receiving unit as recorded at receipt (issue 14)
    agency_code: str = ""
    unit_code: str = ""
    #: the national portal's state (issue 17): ``unseen``, ``pending``, ``acknowledged``,
    #: ``failed``, ``attention`` (:mod:`onestop.services.portal_scope`); judged at
    #: ``portal_as_of`` on a central database (a counter knows only the state last pulled)
    portal_states: Sequence[str] = ()
    portal_as_of: datetime | None = None


SORTABLE = {
    "received_at": Dossier.received_at, "code": Dossier.code, "name": Dossier.applicant_folded,
    "due_at": Dossier.sla_due_at, "status": Dossier.status,
}


def _live_timeliness(ctx: Context, session: Session, classes: Sequence[str],  # type: ignore[no-untyped-def]
                     as_of: datetime | None = None, soon_days: int | None = None):
    """SQL conditions for timeliness classes, open classes computed against ``as_of`` (now)."""
    now = as_of or ctx.now()
    soon = ctx.calendar(session).due_soon_bound(now, 1 if soon_days is None else soon_days)
    open_ = Dossier.status.in_(tuple(wf.OPEN_STATUSES))
    conds = {
        "overdue": and_(open_, Dossier.sla_due_at < now),
        "due-soon": and_(open_, Dossier.sla_due_at >= now, Dossier.sla_due_at <= soon),
        "on-track": and_(open_, Dossier.sla_due_at > soon),
        "paused": Dossier.status == wf.AWAITING,
        "no-limit": and_(Dossier.sla_due_at.is_(None),
                         Dossier.status.in_(tuple(wf.OPEN_STATUSES | wf.FINISHED_STATUSES))),
    }
    out = []
    for c in classes:
        out.append(conds.get(c, and_(Dossier.status.in_(tuple(wf.FINISHED_STATUSES)),
                                     Dossier.timeliness == c)))
    return or_(*out)


def filtered(ctx: Context, session: Session, f: DossierFilter) -> Select[tuple[uuid.UUID]]:
    """The SELECT of matching dossier ids (no order, no limit)."""
    stmt = select(Dossier.id)
    conds = []
    text = f.text.strip()
    if text:
        conds.append(_text_condition(text, session.connection()))
    if f.statuses:
        conds.append(Dossier.status.in_(tuple(f.statuses)))
    elif not f.include_void:
        conds.append(Dossier.status != wf.VOID)
    if f.timeliness:
        conds.append(_live_timeliness(ctx, session, f.timeliness, f.as_of, f.due_soon_days))
    if f.procedure_code or f.field:
        conds.append(Dossier.procedure_id.in_(procedure_ids(f.procedure_code, f.field)))
    if f.officer:
        conds.append(Dossier.received_by == f.officer)
    if f.date_from:
        conds.append(Dossier.received_at >= local_start(f.date_from))
    if f.date_to:
        conds.append(Dossier.received_at < local_start(f.date_to + timedelta(days=1)))
    conds.extend(_report_conditions(f))
    if f.portal_states:
        conds.append(portal_scope.condition(portal_scope.source(session), f.portal_states,
                                            f.portal_as_of))
    return stmt.where(*conds)


def _report_conditions(f: DossierFilter) -> list:  # type: ignore[type-arg]
    """Conditions of the fields added for the reports' drill-down (issue 5)."""
    conds = []
    if f.channels:
        conds.append(Dossier.channel.in_(tuple(f.channels)))
    if f.department:
        conds.append(Dossier.department == f.department)
    if f.agency_code:
        conds.append(Dossier.agency_code == f.agency_code)
    if f.unit_code:
        conds.append(Dossier.unit_code == f.unit_code)
    if f.finished_from:
        conds.append(Dossier.finished_at >= local_start(f.finished_from))
    if f.finished_to:
        conds.append(Dossier.finished_at < local_start(f.finished_to + timedelta(days=1)))
    if f.unfinished_at:
        conds.append(or_(Dossier.finished_at.is_(None), Dossier.finished_at >= f.unfinished_at))
    if f.due_from:
        conds.append(Dossier.sla_due_at >= f.due_from)
    if f.due_before:
        conds.append(Dossier.sla_due_at < f.due_before)
    if f.paused_before:
        conds.append(Dossier.paused_since < f.paused_before)
    return conds


def procedure_ids(code: str = "", field: str = "") -> Select[tuple[uuid.UUID]]:
    """The ids of the procedures with ``code`` and/or in ``field`` (either may be empty)."""
    sub = select(Procedure.id)
    if code:
        sub = sub.where(Procedure.code == code)
    if field:
        sub = sub.where(Procedure.field == field)
    return sub


def _text_condition(text: str, conn: Connection):  # type: ignore[no-untyped-def]
    """What a search box or ``onestop find`` matches; every character is taken literally.

    A full code, a 12-digit citizen ID, a phone number in any usual spelling (``+84…``,
    ``0084…``, spaces, dots, dashes), a code prefix, else the words of a name. ``%`` and
    ``_`` are never wildcards (the code prefix is escaped; see ``storage.search`` for names).
    """
    upper = text.upper()
    if _CODE_LIKE.match(upper):
        return Dossier.code == upper
    key = v.phone_search_key(text)
    if key is not None:
        if len(key) == 12 and not text.lstrip().startswith("+"):
            return Dossier.id_number == key
        return Dossier.phone == key
    if "-" in upper and upper[:3].isalnum():
        return Dossier.code.startswith(upper, autoescape=True)
    # the words in order at a word start, the last as a prefix (an index: storage.search)
    return search.name_condition(conn, tx.fold(text), Dossier.applicant_folded)


def local_start(day: date) -> datetime:
    """The first instant of a local (Asia/Ho_Chi_Minh) day."""
    return datetime.combine(day, time(0, 0), VN_TZ)


def list_ids(ctx: Context, f: DossierFilter, sort: str = "received_at",
             descending: bool = True) -> list[uuid.UUID]:
    """All matching dossier ids in display order (cheap: ids only, ordered in SQL)."""
    with ctx.reading() as session:
        column = SORTABLE.get(sort, Dossier.received_at)
        order = column.desc() if descending else column.asc()
        stmt = filtered(ctx, session, f).order_by(order, Dossier.id.desc())
        return list(session.scalars(stmt))


def count_ids(ctx: Context, f: DossierFilter) -> int:
    """How many dossiers match ``f`` (the size of the list before any row is read)."""
    with ctx.reading() as session:
        sub = filtered(ctx, session, f).subquery()
        return int(session.scalar(select(func.count()).select_from(sub)) or 0)


def page_ids(ctx: Context, f: DossierFilter, sort: str, descending: bool, offset: int,
             limit: int, total: int) -> list[uuid.UUID]:
    """The ids at positions ``[offset, offset + limit)`` of the ordered list.

    A million-row list cannot be read whole for every screen, so the GUI reads it a window
    at a time. SQL's OFFSET walks the index from one end; a window past the middle is read
    from the *other* end (reversed order, small offset) and flipped, so the last page costs
    what the first does. Ties are broken by id in the same direction, which makes the
    reversed order the exact mirror of the forward one.
    """
    offset, limit = max(0, offset), max(0, min(limit, total - offset))
    if limit == 0:
        return []
    column = SORTABLE.get(sort, Dossier.received_at)
    from_end = offset + limit / 2 > total / 2
    desc = descending != from_end
    order = (column.desc(), Dossier.id.desc()) if desc else (column.asc(), Dossier.id.asc())
    start = total - offset - limit if from_end else offset
    with ctx.reading() as session:
        stmt = filtered(ctx, session, f).order_by(*order).offset(start).limit(limit)
        ids = list(session.scalars(stmt))
    return ids[::-1] if from_end else ids


@dataclass(frozen=True)
class DossierRow:
    """One row of the dossier list (citizen ID and phone masked)."""

    id: uuid.UUID
    code: str
    applicant_name: str
    id_number_masked: str
    procedure_name: str
    field: str
    status: str
    timeliness: str | None
    received_at: datetime
    due_at: datetime | None
    received_by: str
    department: str


def rows_by_ids(ctx: Context, ids: Sequence[uuid.UUID]) -> list[DossierRow]:
    """The list rows for ``ids``, in the same order (one query for a page)."""

    with ctx.reading() as session:
        stmt = (select(Dossier, Procedure.name, Procedure.field)
                .join(Procedure, Procedure.id == Dossier.procedure_id)
                .where(Dossier.id.in_(list(ids))))
        now = ctx.now()
        cal = ctx.calendar(session)
        soon = cal.due_soon_bound(now, 1)
        found = {}
        for d, pname, pfield in session.execute(stmt):
            found[d.id] = DossierRow(
                d.id, d.code, d.applicant_name, mask_citizen_id(d.id_number or ""), pname,
                pfield, d.status, _live(d, now, soon), d.received_at, d.due_at,
                d.received_by, d.department)
        return [found[i] for i in ids if i in found]


def _live(d: Dossier, now: datetime, soon: datetime) -> str | None:
    if d.status in wf.OPEN_STATUSES and d.sla_due_at is not None:
        if now > d.sla_due_at:
            return "overdue"
        return "due-soon" if d.sla_due_at <= soon else "on-track"
    return d.timeliness


@dataclass(frozen=True)
class Found:
    """One page of search results and how many dossiers matched in all."""

    total: int
    rows: list[DossierRow]

    @property
    def truncated(self) -> bool:
        """More dossiers matched than are shown: the search should be narrowed."""
        return self.total > len(self.rows)


#: The most rows ``find`` returns at once (``--limit``).
FIND_MAX = 1000


def search_dossiers(ctx: Context, query: str, limit: int = 50) -> Found:
    """Search by code, citizen ID, phone or accent-insensitive name (newest first), with the
    number of matches, so a cut list says so instead of looking complete.

    Raises:
        ValidationError: ``limit`` outside 1–:data:`FIND_MAX`.
        Forbidden: the acting user may not see dossiers.
    """
    limit = v.int_range(limit, "limit", 1, FIND_MAX)
    with ctx.reading() as session:
        permissions.require(session, ctx, "event")
        matching = filtered(ctx, session, DossierFilter(text=query))
        ids = list(session.scalars(
            matching.order_by(Dossier.received_at.desc(), Dossier.id.desc()).limit(limit)))
        total = len(ids)
        if total == limit:  # a full page: count them all (an index count, as the list does)
            total = int(session.scalar(
                select(func.count()).select_from(matching.subquery())) or 0)
    return Found(total, rows_by_ids(ctx, ids))


def find(ctx: Context, query: str, limit: int = 50) -> list[DossierRow]:
    """Search by code, citizen ID, phone or accent-insensitive name (newest first)."""
    return search_dossiers(ctx, query, limit).rows


@dataclass(frozen=True)
class PersonalData:
    """The unmasked personal data of one dossier (detail view only)."""

    code: str
    id_number: str | None
    phone: str | None
    birth_date: date | None


def reveal_personal(ctx: Context, code: str) -> PersonalData:
    """The full citizen ID number and phone of a dossier; every call is audited.

    Lists and prints show these masked; the detail view asks for them explicitly so that each
    full view leaves a ``personal.view`` entry naming the user and the dossier (never the data).

    Raises:
        NotFound: unknown code.
        Forbidden: the role may not view personal data.
    """
    with ctx.transaction() as session:
        permissions.require(session, ctx, "view_personal", target=code)
        d = load(session, code)
        audit.append(session, ctx.actor(session), "personal.view", target=d.code)
        note_full_view(session, ctx)   # issue 16: too many full views in an hour alert
        return PersonalData(d.code, d.id_number, d.phone, d.birth_date)
