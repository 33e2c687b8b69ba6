"""The SQL of the reports: a few grouped scans along covering indexes (SQLite, PostgreSQL).

Every scan names ``procedure_id IN (SELECT id FROM procedure …)`` so it walks one of the
procedure-first indexes of migration ``0003_report_indexes``: one contiguous range per
procedure, per-procedure groups in index order (no sort), no table row read. Several numbers
come out of one scan as ``count(*) FILTER (WHERE …)`` columns. Each condition is, term for
term, the one of the :class:`~onestop.services.queries.DossierFilter` the number carries
(built in ``report_rows``/``reports``): local days here, their first instants there — the
same thing at a fixed +07:00 — and the tests list every number's dossiers to prove it.

No calendar arithmetic happens in SQL: now, the due-soon bound and day bounds are computed
in Python with :class:`~onestop.domain.calendar.WorkCalendar` and bound as parameters.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import ColumnElement, String, and_, func, select, type_coerce
from sqlalchemy.orm import Session

from onestop.domain import workflow as wf
from onestop.services import portal_scope
from onestop.services.queries import procedure_ids
from onestop.services.reports.types import CHANNELS, Period, ReportFilter
from onestop.storage.models import Dossier, Procedure
from onestop.storage.sqlfn import local_day, unindexed

D = Dossier
OPEN = tuple(sorted(wf.OPEN_STATUSES))
ACTIVE = tuple(sorted(wf.ACTIVE_STATUSES))
FINISHED = tuple(sorted(wf.FINISHED_STATUSES))
RDAY, FDAY = local_day(D.received_at), local_day(D.finished_at)
#: Procedure ids as the driver returns them (text on SQLite, UUID on PostgreSQL): group keys
#: only, so the tens of thousands of day-pair rows of a year skip the UUID conversion.
PID = type_coerce(D.procedure_id, String)
#: "Result ready" filters the rows of a finished-day range; it must never pick the index.
FINISHED_STATUS = unindexed(D.status).in_(FINISHED)

Counts = dict[str, int]
DayPairs = Counter[tuple[date, date]]


@lru_cache(maxsize=8192)
def _iso_day(text: str) -> date:
    return date.fromisoformat(text)


def as_date(value: date | str) -> date:
    """SQLite returns ``date()`` as text, PostgreSQL as a date."""
    return value if isinstance(value, date) else _iso_day(value)


def base_conditions(rf: ReportFilter, by_procedure: bool = True) -> list[ColumnElement[bool]]:
    """The narrowing of a report (the terms ``queries.filtered`` builds for the same filter).

    ``by_procedure`` always names the procedures (all of them without a narrowing), which is
    what steers the scans onto the procedure-first report indexes.
    """
    conds: list[ColumnElement[bool]] = []
    if by_procedure or rf.procedure_code or rf.field:
        conds.append(D.procedure_id.in_(procedure_ids(rf.procedure_code, rf.field)))
    if rf.department:
        conds.append(D.department == rf.department)
    if rf.officer:
        conds.append(D.received_by == rf.officer)
    if rf.channel:
        conds.append(D.channel.in_((rf.channel,)))
    if rf.agency_code:
        conds.append(D.agency_code == rf.agency_code)
    if rf.unit_code:
        conds.append(D.unit_code == rf.unit_code)
    return conds


def parties(session: Session, rf: ReportFilter, column: str) -> list[str]:
    """The handling agencies (``column`` = ``agency_code``) or receiving units
    (``unit_code``) of the dossiers the narrowing keeps, by code (one index scan)."""
    col = getattr(D, column)
    conds = base_conditions(rf, by_procedure=False)
    seekable = not (rf.procedure_code or rf.field or rf.department or rf.officer
                    or rf.channel) and (not conds or session.get_bind().dialect.name
                                        == "postgresql")
    if conds and not seekable:   # a narrowed report: a grouped scan of what it keeps
        stmt = (select(col).where(*conds, col.is_not(None)).group_by(col).order_by(col))
        return [str(r[0]) for r in _rows(session, stmt)]
    # the whole database: one index seek per distinct code (a handful), never a scan of
    # every dossier — the Theo dõi tab of a single-agency desk pays two seeks. Narrowed to
    # one agency or unit (PostgreSQL), the same seeks within it, on an index that starts
    # with that column (the central ``ix_central_agency_unit``, issue 19). One recursive
    # statement walks them all: a round trip each would cost more than the seeks.
    first = select(func.min(col).label("v")).where(*conds, col.is_not(None))
    walk = first.cte("party_walk", recursive=True)
    step = select(select(func.min(col)).where(*conds, col > walk.c.v).scalar_subquery()
                  ).where(walk.c.v.is_not(None))
    walk = walk.union_all(step)
    return [str(r[0]) for r in _rows(session, select(walk.c.v).where(walk.c.v.is_not(None)))]


def _count(cond: ColumnElement[bool] | None = None) -> Any:
    return func.count() if cond is None else func.count().filter(cond)


def _rows(session: Session, stmt: Any) -> Any:
    """Plain Core rows: these results are counts and keys, never ORM entities."""
    return session.connection().execute(stmt)


def _grouped(session: Session, columns: dict[str, Any], where: Sequence[Any],
             by: Any = None) -> dict[Any, Counts]:
    """``SELECT procedure_id, <columns> … GROUP BY procedure_id`` into dicts; with ``by``
    (a party column: ``agency_code``, ``unit_code``) grouped by that column instead."""
    stmt = (select(PID if by is None else by, *[c.label(k) for k, c in columns.items()])
            .where(*where).group_by(D.procedure_id if by is None else by))
    out: dict[Any, Counts] = {}
    for row in _rows(session, stmt):
        out[row[0]] = {k: int(v or 0) for k, v in zip(columns, row[1:])}
    return out


def received(session: Session, rf: ReportFilter, p: Period, by: Any = None
             ) -> dict[Any, Counts]:
    """Received in the period: total, per channel, refused, withdrawn, stopped (per
    procedure, or per ``by``)."""
    cols: dict[str, Any] = {"received": _count()}
    for c in CHANNELS:
        cols[f"channel:{c}"] = _count(D.channel == c)
    cols["refused"] = _count(D.status == wf.REFUSED)
    cols["withdrawn"] = _count(D.status == wf.WITHDRAWN)
    cols["stopped"] = _count(D.status == wf.STOPPED)
    where = [*base_conditions(rf), RDAY >= p.date_from, RDAY <= p.date_to, D.status != wf.VOID]
    return _grouped(session, cols, where, by)


def portal_pending(session: Session, rf: ReportFilter, p: Period, kind: str,
                   as_of: datetime | None) -> dict[Any, Counts]:
    """Received in the period (as :func:`received` counts them) and not acknowledged by the
    national portal: judged at ``as_of`` on a central database (``portal_scope``)."""
    cond = portal_scope.condition(kind, portal_scope.NOT_ACKNOWLEDGED, as_of)
    where = [*base_conditions(rf), RDAY >= p.date_from, RDAY <= p.date_to, D.status != wf.VOID,
             cond]
    return _grouped(session, {"portal_pending": _count()}, where)


_TIMELY = {"finished_early": "early", "finished_on_time": "on-time", "finished_late": "late"}


def finished_in(session: Session, rf: ReportFilter, p: Period, by: Any = None
                ) -> tuple[dict[Any, Counter[str]], dict[Any, DayPairs]]:
    """Finished in the period, per procedure (or per ``by``) and (finished day, received
    day) group.

    Returns the counts (by stored timeliness; no limit; received before the start = carried
    over) and the day pairs of the processing time. A month is a few thousand groups.
    """
    cols: dict[str, Any] = {k: _count(D.timeliness == t) for k, t in _TIMELY.items()}
    cols["finished_no_limit"] = _count(D.sla_due_at.is_(None))
    stmt = (select(PID if by is None else by, FDAY, RDAY, func.count(),
                   *[c.label(k) for k, c in cols.items()])
            .where(*base_conditions(rf), FDAY >= p.date_from, FDAY <= p.date_to,
                   FINISHED_STATUS)
            .group_by(D.procedure_id if by is None else by, FDAY, RDAY))
    counts: dict[Any, Counter[str]] = defaultdict(Counter)
    pairs: dict[Any, DayPairs] = defaultdict(Counter)
    keys = tuple(cols)
    for pid, fday, rday, n, *values in _rows(session, stmt):
        c = counts[pid]
        for key, v in zip(keys, values):
            c[key] += v
        received_on = as_date(rday)
        if received_on < p.date_from:  # received before the period: carried over
            c["carried_over"] += n
        pairs[pid][(received_on, as_date(fday))] += n
    return counts, pairs


def finished_totals(session: Session, rf: ReportFilter, p: Period) -> Counts:
    """Finished in the period by timeliness, without the day pairs (the briefing's rate)."""
    cols: dict[str, Any] = {k: _count(D.timeliness == t) for k, t in _TIMELY.items()}
    cols["finished_no_limit"] = _count(D.sla_due_at.is_(None))
    stmt = select(*[c.label(k) for k, c in cols.items()]).where(
        *base_conditions(rf), FDAY >= p.date_from, FDAY <= p.date_to, FINISHED_STATUS)
    row = _rows(session, stmt).one()
    return {k: int(v or 0) for k, v in zip(cols, row)}


def finished_after(session: Session, rf: ReportFilter, p: Period, as_of: datetime,
                   by: Any = None) -> dict[Any, Counts]:
    """Received by the end of a past period but finished after it: in progress at its end,
    classed at ``as_of``; also carried over when received before the start."""
    cols = {"in_progress_overdue": _count(D.sla_due_at < as_of),
            "in_progress_on_track": _count(D.sla_due_at >= as_of),
            "in_progress_no_limit": _count(D.sla_due_at.is_(None)),
            "carried_over": _count(D.received_at < p.start)}
    where = [*base_conditions(rf), FDAY > p.date_to, RDAY <= p.date_to, FINISHED_STATUS]
    return _grouped(session, cols, where, by)


def active(session: Session, rf: ReportFilter, p: Period, as_of: datetime, by: Any = None
           ) -> dict[Any, Counts]:
    """Open or paused now and received before the period end: carried over, in progress at
    ``as_of``, paused."""
    is_open = D.status.in_(OPEN)
    cols: dict[str, Any] = {
        "carried_over": _count(D.received_at < p.start),
        "in_progress_overdue": _count(and_(is_open, D.sla_due_at < as_of)),
        "in_progress_on_track": _count(and_(is_open, D.sla_due_at >= as_of)),
        "in_progress_no_limit": _count(and_(is_open, D.sla_due_at.is_(None))),
        "paused": _count(D.status == wf.AWAITING),
    }
    where = [*base_conditions(rf), D.status.in_(ACTIVE), D.received_at < p.end]
    return _grouped(session, cols, where, by)


def live(session: Session, rf: ReportFilter, now: datetime, soon: datetime,
         today: tuple[datetime, datetime], next_day: tuple[datetime, datetime]) -> Counts:
    """Open and paused dossiers now by live class, due today and the next working day."""
    is_open = D.status.in_(OPEN)
    sla = D.sla_due_at
    conds: dict[str, Any] = {
        "on_track": and_(is_open, sla > soon),
        "due_soon": and_(is_open, sla >= now, sla <= soon),
        "overdue": and_(is_open, sla < now),
        "no_limit": and_(is_open, sla.is_(None)),
        "paused": D.status == wf.AWAITING,
        "due_today": and_(is_open, sla >= today[0], sla < today[1]),
        "due_next_day": and_(is_open, sla >= next_day[0], sla < next_day[1]),
    }
    # one scalar subquery per number: each is a narrow range of (status, sla_due_at)
    base = base_conditions(rf, by_procedure=False)
    stmt = select(*[select(func.count()).select_from(D).where(*base, cond)
                    .scalar_subquery().label(k) for k, cond in conds.items()])
    row = _rows(session, stmt).one()
    return {k: int(v or 0) for k, v in zip(conds, row)}


def overdue_groups(session: Session, rf: ReportFilter, now: datetime
                   ) -> list[tuple[str, str, int]]:
    """Overdue open dossiers per (department, receiving officer), most first."""
    n = func.count()
    # on the active index (it carries department and officer), not the status/due one
    stmt = (select(D.department, D.received_by, n)
            .where(*base_conditions(rf), D.status.in_(OPEN), unindexed(D.sla_due_at) < now)
            .group_by(D.department, D.received_by)
            .order_by(n.desc(), D.department, D.received_by))
    return [(dep, off, int(c)) for dep, off, c in session.execute(stmt)]


def urgent(session: Session, rf: ReportFilter, where: Sequence[Any], limit: int | None,
           key: Any = D.sla_due_at, by_procedure: bool = False) -> list[Any]:
    """The rows of a list in urgency order (``key``, then code), the first ``limit`` only.

    With a limit, the ``limit``-th key is found first on an index alone, so only the rows
    at or before it are read and sorted (not every overdue dossier of a large office).
    ``by_procedure`` walks the active report index (for keys it carries but the status/due
    index does not, e.g. ``paused_since``).
    """
    conds = [*base_conditions(rf, by_procedure), *where]
    if limit is not None:
        cut = session.scalar(select(key).where(*conds).order_by(key)
                             .offset(max(0, limit - 1)).limit(1))
        if cut is not None:
            conds.append(key <= cut)
    stmt = (select(D.code, D.applicant_name, Procedure.code, Procedure.name, D.department,
                   D.received_by, D.status, D.sla_due_at, D.due_at, D.paused_since)
            .join(Procedure, Procedure.id == D.procedure_id)
            .where(*conds).order_by(key, D.code))
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt))


def count(session: Session, rf: ReportFilter, where: Sequence[Any],
          by_procedure: bool = False) -> int:
    """``SELECT count(*)`` of a list's conditions."""
    stmt = select(func.count()).select_from(D).where(*base_conditions(rf, by_procedure), *where)
    return int(session.scalar(stmt) or 0)


def daily(session: Session, rf: ReportFilter, p: Period) -> tuple[Counter[date], Counter[date]]:
    """Received and finished dossiers per local day of the period."""
    base = base_conditions(rf)
    received_q = (select(RDAY, func.count())
                  .where(*base, RDAY >= p.date_from, RDAY <= p.date_to, D.status != wf.VOID)
                  .group_by(D.procedure_id, RDAY))
    finished_q = (select(FDAY, func.count())
                  .where(*base, FDAY >= p.date_from, FDAY <= p.date_to, FINISHED_STATUS)
                  .group_by(D.procedure_id, FDAY))
    r: Counter[date] = Counter()
    f: Counter[date] = Counter()
    for day, n in _rows(session, received_q):
        r[as_date(day)] += int(n)
    for day, n in _rows(session, finished_q):
        f[as_date(day)] += int(n)
    return r, f


def procedures(session: Session) -> dict[Any, tuple[str, str, str]]:
    """Raw procedure id (as in the grouped results) → (code, name, field)."""
    stmt = select(type_coerce(Procedure.id, String), Procedure.code, Procedure.name,
                  Procedure.field)
    return {pid: (code, name, fld) for pid, code, name, fld in _rows(session, stmt)}

