"""The SQL of the reports: a few grouped scans, each along one index (SQLite and PostgreSQL).

Each function runs one statement whose WHERE clause is a range on an indexed column (see
migration ``0003_report_indexes``: every scan is covered by an index, so no table row is
read) and returns plain dicts keyed by procedure id. Several numbers come from one scan
through ``count(*) FILTER (WHERE …)`` columns; the conditions mirror, term for term, the
:class:`~onestop.services.queries.DossierFilter` each number carries (reports.py builds
those), which the tests check by listing every number's dossiers.

No calendar arithmetic happens here: instants (now, period bounds, due-soon bound, day
bounds) are computed in Python with :class:`~onestop.domain.calendar.WorkCalendar` and bound
as parameters. The only date function is :class:`local_day` (UTC instant → agency date), a
fixed +07:00 shift: Việt Nam has had no daylight saving time since 1975.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Date, and_, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import Session
from sqlalchemy.sql.functions import FunctionElement

from onestop.domain import workflow as wf
from onestop.services.report_types import CHANNELS, Period, ReportFilter
from onestop.storage.models import Dossier, Procedure

D = Dossier
OPEN = tuple(sorted(wf.OPEN_STATUSES))
ACTIVE = tuple(sorted(wf.ACTIVE_STATUSES))
FINISHED = tuple(sorted(wf.FINISHED_STATUSES))
UTC_OFFSET_HOURS = 7

Counts = dict[str, int]


class local_day(FunctionElement[date]):  # noqa: N801 (SQL function style)
    """The agency-local calendar date of a UTC instant column."""

    type = Date()
    inherit_cache = True


@compiles(local_day, "sqlite")
def _local_day_sqlite(element: local_day, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"date({arg}, '+{UTC_OFFSET_HOURS} hours')"


@compiles(local_day)
def _local_day_pg(element: local_day, compiler: Any, **kw: Any) -> str:
    arg = compiler.process(element.clauses, **kw)
    return f"CAST(({arg} AT TIME ZONE 'UTC') + INTERVAL '{UTC_OFFSET_HOURS} hours' AS DATE)"


def as_date(value: date | str) -> date:
    """SQLite returns ``date()`` as text, PostgreSQL as a date."""
    return value if isinstance(value, date) else date.fromisoformat(value)


def base_conditions(rf: ReportFilter) -> list[ColumnElement[bool]]:
    """The narrowing of a report (same terms as ``queries.filtered`` builds)."""
    conds: list[ColumnElement[bool]] = []
    if rf.procedure_code or rf.field:
        sub = select(Procedure.id)
        if rf.procedure_code:
            sub = sub.where(Procedure.code == rf.procedure_code)
        if rf.field:
            sub = sub.where(Procedure.field == rf.field)
        conds.append(D.procedure_id.in_(sub))
    if rf.department:
        conds.append(D.department == rf.department)
    if rf.officer:
        conds.append(D.received_by == rf.officer)
    if rf.channel:
        conds.append(D.channel.in_((rf.channel,)))
    return conds


def _count(cond: ColumnElement[bool] | None = None) -> Any:
    return func.count() if cond is None else func.count().filter(cond)


def _grouped(session: Session, columns: dict[str, Any], where: Sequence[Any]
             ) -> dict[uuid.UUID, Counts]:
    """Run ``SELECT procedure_id, <columns> … GROUP BY procedure_id`` into dicts."""
    stmt = (select(D.procedure_id, *[c.label(k) for k, c in columns.items()])
            .where(*where).group_by(D.procedure_id))
    out: dict[uuid.UUID, Counts] = {}
    for row in session.execute(stmt):
        m = row._mapping
        out[row[0]] = {k: int(m[k] or 0) for k in columns}
    return out


def received(session: Session, rf: ReportFilter, p: Period) -> dict[uuid.UUID, Counts]:
    """Received in the period: total, per channel, refused and withdrawn (index on
    ``received_at``)."""
    cols: dict[str, Any] = {"received": _count()}
    for c in CHANNELS:
        cols[f"channel:{c}"] = _count(D.channel == c)
    cols["refused"] = _count(D.status == wf.REFUSED)
    cols["withdrawn"] = _count(D.status == wf.WITHDRAWN)
    where = [D.received_at >= p.start, D.received_at < p.end, D.status != wf.VOID,
             *base_conditions(rf)]
    return _grouped(session, cols, where)


def finished(session: Session, rf: ReportFilter, p: Period, as_of: datetime
             ) -> dict[uuid.UUID, Counts]:
    """Finished on or after the period start (index on ``finished_at``).

    In the period: by stored timeliness. Received before the start: carried over. Finished
    after the end (only for past periods): still in progress at the end, classed at ``as_of``.
    """
    in_period = D.finished_at < p.end
    after = D.finished_at >= p.end
    cols: dict[str, Any] = {
        f"finished_{t.replace('-', '_')}": _count(and_(in_period, D.timeliness == t))
        for t in ("early", "on-time", "late")
    }
    cols["finished_no_limit"] = _count(and_(in_period, D.sla_due_at.is_(None)))
    cols["carried_over"] = _count(D.received_at < p.start)
    cols["in_progress_overdue"] = _count(and_(after, D.sla_due_at < as_of))
    cols["in_progress_on_track"] = _count(and_(after, D.sla_due_at >= as_of))
    cols["in_progress_no_limit"] = _count(and_(after, D.sla_due_at.is_(None)))
    where = [D.finished_at >= p.start, D.status.in_(FINISHED), D.received_at < p.end,
             *base_conditions(rf)]
    return _grouped(session, cols, where)


def active(session: Session, rf: ReportFilter, p: Period, as_of: datetime
           ) -> dict[uuid.UUID, Counts]:
    """Dossiers received before the period end that are open or paused now (index on
    ``status``): carried over, in progress at ``as_of``, paused."""
    is_open = D.status.in_(OPEN)
    cols: dict[str, Any] = {
        "carried_over": _count(D.received_at < p.start),
        "in_progress_overdue": _count(and_(is_open, D.sla_due_at < as_of)),
        "in_progress_on_track": _count(and_(is_open, D.sla_due_at >= as_of)),
        "in_progress_no_limit": _count(and_(is_open, D.sla_due_at.is_(None))),
        "paused": _count(D.status == wf.AWAITING),
    }
    where = [D.status.in_(ACTIVE), D.received_at < p.end, *base_conditions(rf)]
    return _grouped(session, cols, where)


def processing_pairs(session: Session, rf: ReportFilter, p: Period
                     ) -> dict[uuid.UUID, Counter[tuple[date, date]]]:
    """(received day, finished day) → count, per procedure, for dossiers finished in the
    period. A month has a few thousand distinct pairs however many dossiers it has."""
    rday, fday = local_day(D.received_at), local_day(D.finished_at)
    stmt = (select(D.procedure_id, rday, fday, func.count())
            .where(D.finished_at >= p.start, D.finished_at < p.end,
                   D.status.in_(FINISHED), *base_conditions(rf))
            .group_by(D.procedure_id, rday, fday))
    out: dict[uuid.UUID, Counter[tuple[date, date]]] = defaultdict(Counter)
    for pid, r, f, n in session.execute(stmt):
        out[pid][(as_date(r), as_date(f))] += int(n)
    return out


def live(session: Session, rf: ReportFilter, now: datetime, soon: datetime,
         today: tuple[datetime, datetime], next_day: tuple[datetime, datetime]) -> Counts:
    """Open and paused dossiers now, by live class (index on ``status, sla_due_at``)."""
    is_open = D.status.in_(OPEN)
    sla = D.sla_due_at
    cols: dict[str, Any] = {
        "on_track": _count(and_(is_open, sla > soon)),
        "due_soon": _count(and_(is_open, sla >= now, sla <= soon)),
        "overdue": _count(and_(is_open, sla < now)),
        "no_limit": _count(and_(is_open, sla.is_(None))),
        "paused": _count(D.status == wf.AWAITING),
        "due_today": _count(and_(is_open, sla >= today[0], sla < today[1])),
        "due_next_day": _count(and_(is_open, sla >= next_day[0], sla < next_day[1])),
    }
    stmt = select(*[c.label(k) for k, c in cols.items()]).where(
        D.status.in_(ACTIVE), *base_conditions(rf))
    row = session.execute(stmt).one()._mapping
    return {k: int(row[k] or 0) for k in cols}


def overdue_groups(session: Session, rf: ReportFilter, now: datetime
                   ) -> list[tuple[str, str, int]]:
    """Overdue open dossiers per (department, receiving officer), most first."""
    n = func.count()
    stmt = (select(D.department, D.received_by, n)
            .where(D.status.in_(OPEN), D.sla_due_at < now, *base_conditions(rf))
            .group_by(D.department, D.received_by)
            .order_by(n.desc(), D.department, D.received_by))
    return [(dep, off, int(c)) for dep, off, c in session.execute(stmt)]


def urgent(session: Session, where: Sequence[Any], limit: int | None,
           order_by: Any = None) -> list[Any]:
    """Rows of a list sorted by due moment (the most urgent first), joined to the procedure."""
    stmt = (select(D.code, D.applicant_name, Procedure.code, Procedure.name, D.department,
                   D.received_by, D.status, D.sla_due_at, D.due_at)
            .join(Procedure, Procedure.id == D.procedure_id)
            .where(*where)
            .order_by(*(order_by if order_by is not None else (D.sla_due_at, D.code))))
    if limit is not None:
        stmt = stmt.limit(limit)
    return list(session.execute(stmt))


def count(session: Session, where: Sequence[Any]) -> int:
    """``SELECT count(*)`` with ``where``."""
    return int(session.scalar(select(func.count()).select_from(D).where(*where)) or 0)


def daily(session: Session, rf: ReportFilter, p: Period) -> tuple[Counter[date], Counter[date]]:
    """Received and finished dossiers per local day of the period."""
    base = base_conditions(rf)
    rday, fday = local_day(D.received_at), local_day(D.finished_at)
    received_q = (select(rday, func.count())
                  .where(D.received_at >= p.start, D.received_at < p.end,
                         D.status != wf.VOID, *base).group_by(rday))
    finished_q = (select(fday, func.count())
                  .where(D.finished_at >= p.start, D.finished_at < p.end,
                         D.status.in_(FINISHED), *base).group_by(fday))
    r: Counter[date] = Counter({as_date(d): int(n) for d, n in session.execute(received_q)})
    f: Counter[date] = Counter({as_date(d): int(n) for d, n in session.execute(finished_q)})
    return r, f


def procedures(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, tuple[str, str, str]]:
    """id → (code, name, field) of the procedures named."""
    if not ids:
        return {}
    rows = session.execute(select(Procedure.id, Procedure.code, Procedure.name, Procedure.field)
                           .where(Procedure.id.in_(list(ids))))
    return {pid: (code, name, fld) for pid, code, name, fld in rows}
