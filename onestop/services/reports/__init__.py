"""Supervisor reports: live overview, period report, urgent lists, morning briefing.

Definitions (the foundation's projection columns; "now" is injectable everywhere)
--------------------------------------------------------------------------------
* **Void** dossiers (entered by mistake) are excluded from every number.
* **Finished** = the result is ready: ``finished_at`` set and status ``result-ready`` or
  ``returned``. Its timeliness is the stored ``dossier.timeliness`` — ``early`` / ``on-time``
  / ``late`` by local date against ``sla_due_at``; a rescheduled dossier is stored ``late``;
  ``no-limit`` when the procedure has no time limit (``sla_due_at IS NULL``).
* **Open** = status ``received`` or ``processing``. Live classes at ``now``: ``overdue``
  (``sla_due_at < now``), ``due-soon`` (``now <= sla_due_at <= bound``), ``on-track``
  (``sla_due_at > bound``), ``no-limit`` (no due moment), where ``bound`` =
  ``WorkCalendar.due_soon_bound(now, due_soon_days)`` is computed in Python and bound as a
  parameter (the agency setting ``due_soon_days``, default 1 working day).
* **Paused** = awaiting a supplement (status ``awaiting-supplement``; the clock is stopped).
* **Due today / next working day** = open with ``sla_due_at`` on that local day (an open
  dossier due at 08:00 today is both overdue and due today at 10:00).
* **Refused / withdrawn / stopped** are counted by status, among the dossiers received in the
  period; a stopped dossier (*dừng giải quyết*, NĐ 118/2025/NĐ-CP, Mẫu 05 of TT 03/2025/TT-VPCP)
  is its own class, never finished, never in progress.
* **Period** ``[from, to]`` (local days, end inclusive), ``as_of = min(now, end)``:
  *received* = received in the period; *carried over* = received before the start, not
  finished before the start, and not refused/withdrawn/void; *finished* = result ready
  within the period; *in progress* = received before the end, not finished at the end (so
  for a past period a dossier finished later still counts), classed against ``as_of``;
  *paused* = received before the end and paused now. These satisfy, for every row,
  ``received + carried_over = finished + in_progress + paused + refused + withdrawn +
  stopped``, and
  one period's ``in_progress + paused`` is the next period's ``carried_over``. The projection
  keeps no time for refusals, withdrawals and pauses, so for a past period these three use
  the *current* status (a dossier refused after the period ended is not in the next
  period's carried over; one paused after the end counts as paused).
* **On-time rate** (QĐ 766/QĐ-TTg group 2) = finished early + on time ÷ finished with a time
  limit (early + on time + late); finished no-limit dossiers are neither.
* **Processing time** = working days in ``(received day, finished day]`` (BLDS Điều 147:
  the day of receipt is not counted), averaged and medianed per procedure over the dossiers
  finished in the period. SQL returns ``(procedure, received day, finished day) → count``
  — a few thousand groups per month however many dossiers — and Python turns each pair into
  working days with the calendar's O(1) prefix counts; no dossier row is loaded.
* **Not acknowledged by the national portal** (``portal_pending``, issue 17) = received in
  the period (as *received* counts them) and not acknowledged by the Cổng DVCQG: no state
  yet, ``pending``, ``failed`` or ``attention`` (``services.portal_scope``). On the central
  PostgreSQL the state is the link's ledger judged at ``as_of``; on a counter it is the state
  last pulled with the sync (only the current one is kept: a past period is judged now).
  A database with no portal information at all gives None (shown "–"), never a false 0.
* **Officer** of a dossier = the officer who received it (``received_by``); **department** =
  the handling department frozen at receipt (``dossier.department``).

Every number is a :class:`~onestop.services.reports.types.Metric` whose ``filter``
(:class:`~onestop.services.queries.DossierFilter`, with ``as_of`` pinned) lists exactly its
dossiers with ``queries.list_ids``: the dashboard's drill-down.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from onestop.domain import units as un
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.services import audit, permissions, portal_scope, satisfaction
from onestop.services.reports import sql as q
from onestop.services.context import AGENCY_DEFAULTS, Context
from onestop.services.errors import Unavailable
from onestop.services.reports.rows import RowBuilder, WorkingDays
from onestop.services.reports.types import (
    CHANNELS, Briefing, GroupCount, LiveCounts, Metric, Overview, Period, PeriodReport,
    PeriodRow, Rate, ReportFilter, UrgentList, UrgentRow, WeekPoint,
)
from onestop.storage.models import Agency
from onestop.storage.models import Dossier as D
from onestop.domain import validation as v
from onestop.domain.validation import ValidationError
from onestop.domain import messages

__all__ = ["LIST_KINDS", "Period", "ReportFilter", "briefing", "live", "narrowing", "overview",
           "period_report", "record_export", "urgent_list", "weekly"]

#: No narrowing: every field, procedure, department, officer and channel.
EVERYTHING = ReportFilter()
#: Lists the overview and briefing show (the dashboard drills into the rest).
LIST_LIMIT = 100
#: "Paused longer than N working days" of the morning briefing.
PAUSED_DAYS = 3
#: Weeks of the received-vs-finished chart.
WEEKS = 12


class _Env:
    """What one report call needs: its session, now, the calendar and the due-soon days."""

    def __init__(self, ctx: Context, session: Session, now: datetime | None) -> None:
        permissions.require(session, ctx, "report")
        self.session = session
        self.now = (now or ctx.now()).astimezone(VN_TZ)
        agency = _agency(ctx, session)
        settings = ctx.agency_settings(agency) if agency else AGENCY_DEFAULTS
        self.soon_days = int(settings.get("due_soon_days", 1))
        self.cal: WorkCalendar = ctx.calendar(session, agency)
        self.today = self.now.date()
        self.next_day = self.cal.next_working_day(self.today)
        self._portal: tuple[str | None] | None = None

    @property
    def portal(self) -> str | None:
        """Where the portal states come from (``portal_scope.source``), asked once."""
        if self._portal is None:
            self._portal = (portal_scope.source(self.session),)
        return self._portal[0]

    @property
    def soon(self) -> datetime:
        return self.cal.due_soon_bound(self.now, self.soon_days)

    def pinned(self) -> dict[str, Any]:
        """Filter fields that make live classes replay exactly as computed now."""
        return {"as_of": self.now, "due_soon_days": self.soon_days}


def _agency(ctx: Context, session: Session) -> Agency | None:
    try:
        return session.get(Agency, ctx.identity(session).agency_id)
    except Unavailable:  # not initialised: default settings (a report of an empty database)
        return None


def _day_bounds(d: date) -> tuple[datetime, datetime]:
    start = datetime.combine(d, time(0), VN_TZ)
    return start, datetime.combine(d + timedelta(days=1), time(0), VN_TZ)


# --- live state ---------------------------------------------------------------------------

def live(ctx: Context, rf: ReportFilter = EVERYTHING, now: datetime | None = None
         ) -> LiveCounts:
    """Open and paused dossiers at ``now`` by class, and those due today / next working day.

    Raises:
        Forbidden: the acting user may not see reports (officers).
    """
    with ctx.reading() as session:
        return _live(_Env(ctx, session, now), rf)


def _live(env: _Env, rf: ReportFilter) -> LiveCounts:
    today_b, next_b = _day_bounds(env.today), _day_bounds(env.next_day)
    counts = q.live(env.session, rf, env.now, env.soon, today_b, next_b)
    filters = {
        "on_track": rf.dossier_filter(timeliness=("on-track",), **env.pinned()),
        "due_soon": rf.dossier_filter(timeliness=("due-soon",), **env.pinned()),
        "overdue": rf.dossier_filter(timeliness=("overdue",), **env.pinned()),
        "no_limit": rf.dossier_filter(statuses=q.OPEN, timeliness=("no-limit",)),
        "paused": rf.dossier_filter(statuses=(wf.AWAITING,)),
        "due_today": rf.dossier_filter(statuses=q.OPEN, due_from=today_b[0],
                                       due_before=today_b[1]),
        "due_next_day": rf.dossier_filter(statuses=q.OPEN, due_from=next_b[0],
                                          due_before=next_b[1]),
    }
    return LiveCounts(env.now, env.today, env.next_day,
                      {k: Metric(counts[k], f) for k, f in filters.items()})


# --- period report ------------------------------------------------------------------------

def period_report(ctx: Context, period: Period | None = None,
                  rf: ReportFilter = EVERYTHING, now: datetime | None = None) -> PeriodReport:
    """The statutory report of ``period`` (default: the current month) per field and procedure.

    Raises:
        Forbidden: the acting user may not see reports (officers).
    """
    with ctx.reading() as session:
        env = _Env(ctx, session, now)
        return _period(env, period or Period.month_of(env.today), rf)


def _period(env: _Env, p: Period, rf: ReportFilter, groups: bool = True) -> PeriodReport:
    as_of = min(env.now, p.end)
    s = env.session
    per_proc, pairs = q.finished_in(s, rf, p)
    parts = [q.received(s, rf, p), q.active(s, rf, p, as_of)]
    if as_of >= p.end:  # a past period: what was finished after it was in progress at its end
        parts.append(q.finished_after(s, rf, p, as_of))
    portal = env.portal
    if portal is not None:  # no portal information: no count (never a false "0 pending")
        parts.append(q.portal_pending(s, rf, p, portal,
                                      as_of if portal == portal_scope.CENTRAL else None))
    for part in parts:
        for pid, counts in part.items():
            per_proc[pid].update(counts)
    info = q.procedures(s)
    b = RowBuilder(env.cal, p, as_of, rf, portal)
    wd = WorkingDays(env.cal)
    procs = sorted((info[pid][2], info[pid][0], info[pid][1], per_proc[pid],
                    wd.histogram(pairs.get(pid, Counter()))) for pid in per_proc)
    proc_rows = tuple(b.row("procedure", code, name, fld, c, h)
                      for fld, code, name, c, h in procs)
    by_field: dict[str, tuple[Counter[str], Counter[int]]] = {}
    for fld, _code, _name, c, h in procs:
        acc = by_field.setdefault(fld, (Counter(), Counter()))
        acc[0].update(c)
        acc[1].update(h)
    field_rows = tuple(b.row("field", fld, fld, fld, c, h)
                       for fld, (c, h) in sorted(by_field.items()))
    total_c: Counter[str] = sum((c for c, _ in by_field.values()), Counter())
    total_h: Counter[int] = sum((h for _, h in by_field.values()), Counter())
    total = b.row("total", "", "", "", total_c, total_h)
    channels = {c: Metric(total_c[f"channel:{c}"], b.filter("received", channels=(c,)))
                for c in CHANNELS}
    agencies = units = ()
    if groups:
        agencies = _party_rows(env, p, rf, "agency_code", "agency")
        units = _party_rows(env, p, rf, "unit_code", "unit")
    rated = None
    if groups:
        rated = satisfaction.summary(s, p.start, min(p.end, env.now), rf.procedure_code, rf.field,
                                     rf.department, rf.officer, rf.channel,
                                     rf.agency_code, rf.unit_code)
    return PeriodReport(p, as_of, rf, total, field_rows, proc_rows, channels, agencies, units,
                        rated, portal)


def _party_rows(env: _Env, p: Period, rf: ReportFilter, column: str, level: str
                ) -> tuple[PeriodRow, ...]:
    """One total row per handling agency (``agency_code``) or receiving unit (``unit_code``)
    of the dossiers in scope: the total row of the period report narrowed to each (its
    filters carry the narrowing, so every number keeps its drill-down). None when the scope
    holds one of them only (a single-agency desk pays one index scan).

    The same grouped scans as the report itself, grouped by the party instead of the
    procedure — one query per scan for all the parties (issue 19: a province's 40 agencies
    and 122 units cost four queries, not 162 reports)."""
    if getattr(rf, column):
        return ()
    s = env.session
    found = q.parties(s, rf, column)
    if len(found) < 2:
        return ()
    names = dict(s.execute(select(Agency.code, Agency.name)
                           .where(Agency.code.in_(found))).all())
    as_of = min(env.now, p.end)
    by = getattr(D, column)
    per_party, pairs = q.finished_in(s, rf, p, by=by)
    parts = [q.received(s, rf, p, by=by), q.active(s, rf, p, as_of, by=by)]
    if as_of >= p.end:
        parts.append(q.finished_after(s, rf, p, as_of, by=by))
    for part in parts:
        for code, counts in part.items():
            per_party[code].update(counts)
    wd = WorkingDays(env.cal)
    rows = []
    for code in found:
        b = RowBuilder(env.cal, p, as_of, replace(rf, **{column: code}))
        total = b.row("total", "", "", "", per_party.get(code, Counter()),
                      wd.histogram(pairs.get(code, Counter())))
        rows.append(replace(total, level=level, key=code, label=names.get(code, code)))
    return tuple(rows)


def narrowing(ctx: Context, agency: str | None = None, unit: str | None = None
              ) -> tuple[str, str]:
    """The handling agency and receiving unit codes of a report's ``--agency``/``--unit``,
    checked against the register of units and agencies (issue 14).

    Raises:
        ValidationError(``agency`` / ``unit``): malformed, or not a known agency / unit.
    """
    out = []
    for field, value, kinds, code in (("agency", agency, ("agency", "both"), "unknown_agency"),
                                      ("unit", unit, ("unit", "both"), "unknown_unit")):
        if not (value or "").strip():
            out.append("")
            continue
        wanted = un.check_code(value, field)
        with ctx.reading() as session:
            kind = session.scalar(select(Agency.kind).where(Agency.code == wanted))
        if kind not in kinds:
            raise ValidationError(field, code, value=wanted)
        out.append(wanted)
    return out[0], out[1]


# --- overview -----------------------------------------------------------------------------

def overview(ctx: Context, rf: ReportFilter = EVERYTHING, now: datetime | None = None,
             period: Period | None = None, list_limit: int = LIST_LIMIT,
             weeks: int = WEEKS) -> Overview:
    """What the Theo dõi tab shows: live classes, the period (current month), the most
    urgent overdue and due-soon dossiers, and ``weeks`` weeks of received vs finished.

    Raises:
        Forbidden: the acting user may not see reports (officers).
    """
    with ctx.reading() as session:
        env = _Env(ctx, session, now)
        lv = _live(env, rf)
        rep = _period(env, period or Period.month_of(env.today), rf)
        overdue = _urgent(env, "overdue", rf, list_limit, lv.metrics["overdue"])
        soon = _urgent(env, "due-soon", rf, list_limit, lv.metrics["due_soon"])
        points = _weekly(env, weeks, rf) if weeks else ()
        return Overview(env.now, lv, rep, overdue, soon, points)


# --- urgent lists -------------------------------------------------------------------------

LIST_KINDS = ("overdue", "due-soon", "due-today", "due-next-day", "paused")


def urgent_list(ctx: Context, kind: str, rf: ReportFilter = EVERYTHING,
                now: datetime | None = None, limit: int | None = None,
                paused_days: int = PAUSED_DAYS) -> UrgentList:
    """Dossiers of one kind sorted by urgency (earliest due moment first).

    ``kind`` is one of :data:`LIST_KINDS`; ``paused`` lists dossiers paused for longer than
    ``paused_days`` working days, longest first.

    Raises:
        ValidationError: unknown kind.
        Forbidden: the acting user may not see reports.
    """

    kind = v.choice(kind, "kind", LIST_KINDS)
    with ctx.reading() as session:
        return _urgent(_Env(ctx, session, now), kind, rf, limit, paused_days=paused_days)


def _urgent(env: _Env, kind: str, rf: ReportFilter, limit: int | None,
            total: Metric | None = None, paused_days: int = PAUSED_DAYS) -> UrgentList:
    where, flt, key = _list_spec(env, kind, rf, paused_days)
    walk = kind == "paused"  # paused_since is on the active report index only
    raw = q.urgent(env.session, rf, where, limit, key, by_procedure=walk)
    if total is None:
        n = len(raw) if limit is None or len(raw) < limit else q.count(
            env.session, rf, where, by_procedure=walk)
        total = Metric(n, flt)
    rows = tuple(_urgent_row(env, kind, r) for r in raw)
    return UrgentList(kind, total, rows)


def _list_spec(env: _Env, kind: str, rf: ReportFilter, paused_days: int
               ) -> tuple[list[Any], Any, Any]:
    """(SQL conditions, drill-down filter, sort key) of a list kind."""
    is_open = D.status.in_(q.OPEN)
    if kind == "overdue":
        return ([is_open, D.sla_due_at < env.now],
                rf.dossier_filter(timeliness=("overdue",), **env.pinned()), D.sla_due_at)
    if kind == "due-soon":
        return ([is_open, D.sla_due_at >= env.now, D.sla_due_at <= env.soon],
                rf.dossier_filter(timeliness=("due-soon",), **env.pinned()), D.sla_due_at)
    if kind == "paused":
        since = datetime.combine(env.cal.add_working_days(env.today, -paused_days),
                                 env.now.timetz())
        return ([D.status == wf.AWAITING, D.paused_since < since],
                rf.dossier_filter(statuses=(wf.AWAITING,), paused_before=since),
                D.paused_since)
    day = env.today if kind == "due-today" else env.next_day
    lo, hi = _day_bounds(day)
    return ([is_open, D.sla_due_at >= lo, D.sla_due_at < hi],
            rf.dossier_filter(statuses=q.OPEN, due_from=lo, due_before=hi), D.sla_due_at)


def _urgent_row(env: _Env, kind: str, r: Any) -> UrgentRow:
    """A list row; ``working_days`` = overdue by, left until due, or paused for."""
    code, name, pcode, pname, dept, officer, status, sla, due, paused = r
    cal = env.cal
    if kind == "paused":
        days = cal.working_days_between(cal.to_local(paused).date(), env.today)
    elif kind == "overdue":
        days = cal.working_days_between(cal.to_local(sla).date(), env.today)
    else:
        days = cal.working_days_between(env.today, cal.to_local(sla).date())
    return UrgentRow(code, name, pcode, pname, dept, officer, status, sla, due, days, paused)


# --- briefing and chart -------------------------------------------------------------------

def briefing(ctx: Context, rf: ReportFilter = EVERYTHING, now: datetime | None = None,
             paused_days: int = PAUSED_DAYS, limit: int | None = None) -> Briefing:
    """The morning briefing: due today and next working day, overdue by department and
    officer, paused longer than ``paused_days`` working days, the month's on-time rate.

    Raises:
        Forbidden: the acting user may not see reports.
    """
    with ctx.reading() as session:
        env = _Env(ctx, session, now)
        groups = tuple(
            GroupCount(dep, off, Metric(n, rf.dossier_filter(
                timeliness=("overdue",), department=dep, officer=off, **env.pinned())))
            for dep, off, n in q.overdue_groups(session, rf, env.now))
        month = Period.month_of(env.today)
        counts = q.finished_totals(session, rf, month)
        b = RowBuilder(env.cal, month, min(env.now, month.end), rf)
        on_time = counts["finished_early"] + counts["finished_on_time"]
        return Briefing(
            env.now, _urgent(env, "due-today", rf, limit), _urgent(env, "due-next-day", rf, limit),
            env.next_day, _urgent(env, "overdue", rf, limit), groups, paused_days,
            _urgent(env, "paused", rf, limit, paused_days=paused_days),
            Rate(on_time, on_time + counts["finished_late"], b.filter("rated")),
            Metric(sum(counts.values()), b.filter("finished")), month)


def weekly(ctx: Context, weeks: int = 12, rf: ReportFilter = EVERYTHING,
           now: datetime | None = None) -> tuple[WeekPoint, ...]:
    """Received and finished dossiers per week (Monday–Sunday), the last ``weeks`` weeks.

    Raises:
        Forbidden: the acting user may not see reports.
    """
    with ctx.reading() as session:
        return _weekly(_Env(ctx, session, now), weeks, rf)


def _weekly(env: _Env, weeks: int, rf: ReportFilter) -> tuple[WeekPoint, ...]:
    monday = env.today - timedelta(days=env.today.weekday())
    first = monday - timedelta(weeks=weeks - 1)
    received, finished = q.daily(env.session, rf, Period(first, monday + timedelta(days=6)))
    points = []
    for i in range(weeks):
        lo = first + timedelta(weeks=i)
        hi = lo + timedelta(days=6)
        days = [lo + timedelta(days=k) for k in range(7)]
        points.append(WeekPoint(
            lo, Metric(sum(received[d] for d in days), rf.dossier_filter(date_from=lo, date_to=hi)),
            Metric(sum(finished[d] for d in days), rf.dossier_filter(
                statuses=q.FINISHED, finished_from=lo, finished_to=hi))))
    return tuple(points)


def record_export(ctx: Context, report: str, fmt: str, target: str = "") -> None:
    """Check the export permission and write the audit entry of a report export.

    Raises:
        Forbidden: the acting user may not export.
    """
    with ctx.transaction() as session:
        permissions.require(session, ctx, "export", target=report)
        audit.append(session, ctx.actor(session), "report.export", target=report, format=fmt, file=target)


def parse_now(value: str) -> datetime:
    """An ISO 8601 instant (naive = agency local time) for ``--now``.

    Raises:
        ValidationError: not an ISO 8601 date-time.
    """

    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError as exc:
        raise ValidationError("at", "datetime_format") from exc
    return moment if moment.tzinfo else moment.replace(tzinfo=VN_TZ)


def parse_period(date_from: str | date | None, date_to: str | date | None,
                 now: datetime) -> Period:
    """The period of ``--from``/``--to``: both given, or the month of the one given, or
    the month of ``now``.

    Raises:
        ValidationError: a malformed date, or ``to`` before ``from``.
    """

    lo = v.parse_date(date_from, "from") if date_from else None
    hi = v.parse_date(date_to, "to_date") if date_to else None
    if lo and hi:
        if hi < lo:
            raise v.ValidationError("to_date", "date_order", other=messages.label("from"))
        return Period(lo, hi)
    if lo or hi:
        month = Period.month_of(lo or hi)  # type: ignore[arg-type]
        return Period(lo or month.date_from, hi or month.date_to)
    return Period.month_of(now.astimezone(VN_TZ).date())
