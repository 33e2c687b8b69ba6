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
* **Refused / withdrawn** are counted by status, among the dossiers received in the period.
* **Period** ``[from, to]`` (local days, end inclusive), ``as_of = min(now, end)``:
  *received* = received in the period; *carried over* = received before the start, not
  finished before the start, and not refused/withdrawn/void; *finished* = result ready
  within the period; *in progress* = received before the end, not finished at the end (so
  for a past period a dossier finished later still counts), classed against ``as_of``;
  *paused* = received before the end and paused now. These satisfy, for every row,
  ``received + carried_over = finished + in_progress + paused + refused + withdrawn``, and
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
* **Officer** of a dossier = the officer who received it (``received_by``); **department** =
  the handling department frozen at receipt (``dossier.department``).

Every number is a :class:`~onestop.services.report_types.Metric` whose ``filter``
(:class:`~onestop.services.queries.DossierFilter`, with ``as_of`` pinned) lists exactly its
dossiers with ``queries.list_ids``: the dashboard's drill-down.
"""

from __future__ import annotations

import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy.orm import Session

from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.services import audit
from onestop.services import report_sql as q
from onestop.services.context import AGENCY_DEFAULTS, Context
from onestop.services.report_types import (
    CHANNELS, PERIOD_KEYS, Briefing, Duration, GroupCount, LiveCounts, Metric, Overview, Period,
    PeriodReport, PeriodRow, Rate, ReportFilter, UrgentList, UrgentRow, WeekPoint,
)
from onestop.storage.models import Agency, Dossier

__all__ = ["ReportFilter", "Period", "overview", "period_report", "live", "urgent_list",
           "briefing", "weekly"]

_IN_PROGRESS = (*q.OPEN, *q.FINISHED)
_CARRIED = (*q.ACTIVE, *q.FINISHED)


class _Env:
    """What one report call needs: session, now, calendar, due-soon days."""

    def __init__(self, ctx: Context, session: Session, now: datetime | None) -> None:
        audit.require(session, ctx, "report")
        self.session = session
        self.now = (now or ctx.now()).astimezone(VN_TZ)
        agency = _agency(ctx, session)
        settings = ctx.agency_settings(agency) if agency else AGENCY_DEFAULTS
        self.soon_days = int(settings.get("due_soon_days", 1))
        self.cal: WorkCalendar = ctx.calendar(session, agency)
        self.today = self.now.date()


def _agency(ctx: Context, session: Session) -> Agency | None:
    try:
        return session.get(Agency, ctx.identity(session).agency_id)
    except Exception:  # not initialised: default settings (reports of an empty database)
        return None


def _day_bounds(d: date) -> tuple[datetime, datetime]:
    start = datetime.combine(d, time(0), VN_TZ)
    return start, start + timedelta(days=1)


# --- live state ---------------------------------------------------------------------------

def live(ctx: Context, rf: ReportFilter = ReportFilter(), now: datetime | None = None
         ) -> LiveCounts:
    """Open and paused dossiers at ``now`` by class, and those due today / next working day."""
    with ctx.reading() as session:
        return _live(_Env(ctx, session, now), rf)


def _live(env: _Env, rf: ReportFilter) -> LiveCounts:
    soon = env.cal.due_soon_bound(env.now, env.soon_days)
    next_day = env.cal.next_working_day(env.today)
    today_b, next_b = _day_bounds(env.today), _day_bounds(next_day)
    counts = q.live(env.session, rf, env.now, soon, today_b, next_b)
    pinned = {"as_of": env.now, "due_soon_days": env.soon_days}
    filters = {
        "on_track": rf.dossier_filter(timeliness=("on-track",), **pinned),
        "due_soon": rf.dossier_filter(timeliness=("due-soon",), **pinned),
        "overdue": rf.dossier_filter(timeliness=("overdue",), **pinned),
        "no_limit": rf.dossier_filter(statuses=q.OPEN, timeliness=("no-limit",)),
        "paused": rf.dossier_filter(statuses=(wf.AWAITING,)),
        "due_today": rf.dossier_filter(statuses=q.OPEN, due_from=today_b[0],
                                       due_before=today_b[1]),
        "due_next_day": rf.dossier_filter(statuses=q.OPEN, due_from=next_b[0],
                                          due_before=next_b[1]),
    }
    return LiveCounts(env.now, env.today, next_day,
                      {k: Metric(counts[k], f) for k, f in filters.items()})


# --- period report ------------------------------------------------------------------------

def period_report(ctx: Context, period: Period | None = None,
                  rf: ReportFilter = ReportFilter(), now: datetime | None = None) -> PeriodReport:
    """The statutory report of ``period`` (default: the current month) per field and procedure.

    Raises:
        Forbidden: the acting user may not see reports (officers).
    """
    with ctx.reading() as session:
        env = _Env(ctx, session, now)
        return _period(env, period or Period.month_of(env.today), rf)


def _period(env: _Env, p: Period, rf: ReportFilter) -> PeriodReport:
    as_of = min(env.now, p.end)
    s = env.session
    parts = (q.received(s, rf, p), q.finished(s, rf, p, as_of), q.active(s, rf, p, as_of))
    per_proc: dict[uuid.UUID, Counter[str]] = defaultdict(Counter)
    for part in parts:
        for pid, counts in part.items():
            per_proc[pid].update(counts)
    pairs = q.processing_pairs(s, rf, p)
    info = q.procedures(s, list(per_proc))
    builder = _RowBuilder(env.cal, p, as_of, rf)
    proc_rows = sorted(
        (builder.row("procedure", info[pid][0], info[pid][1], info[pid][2], per_proc[pid],
                     pairs.get(pid, Counter()))
         for pid in per_proc if pid in info), key=lambda r: (r.field, r.key))
    field_rows = [builder.merge("field", name, name, name, rows)
                  for name, rows in _by_field(proc_rows)]
    total = builder.merge("total", "", "", "", proc_rows, pairs.values())
    channels = {c: Metric(sum(per_proc[pid][f"channel:{c}"] for pid in per_proc),
                          builder.filter("received", channels=(c,))) for c in CHANNELS}
    return PeriodReport(p, as_of, rf, total, tuple(field_rows), tuple(proc_rows), channels)


def _by_field(rows: list[PeriodRow]) -> list[tuple[str, list[PeriodRow]]]:
    groups: dict[str, list[PeriodRow]] = defaultdict(list)
    for r in rows:
        groups[r.field].append(r)
    return sorted(groups.items())


class _RowBuilder:
    """Turns counts into rows whose every number carries its drill-down filter."""

    def __init__(self, cal: WorkCalendar, p: Period, as_of: datetime, rf: ReportFilter) -> None:
        self.cal, self.p, self.as_of, self.rf = cal, p, as_of, rf
        fin = {"statuses": q.FINISHED, "finished_from": p.date_from, "finished_to": p.date_to}
        prog = {"statuses": _IN_PROGRESS, "date_to": p.date_to, "unfinished_at": p.end}
        received = {"date_from": p.date_from, "date_to": p.date_to}
        self.specs: dict[str, dict[str, Any]] = {
            "received": received,
            "carried_over": {"statuses": _CARRIED, "date_to": p.date_from - timedelta(days=1),
                             "unfinished_at": p.start},
            "finished_early": {**fin, "timeliness": ("early",)},
            "finished_on_time": {**fin, "timeliness": ("on-time",)},
            "finished_late": {**fin, "timeliness": ("late",)},
            "finished_no_limit": {**fin, "timeliness": ("no-limit",)},
            "in_progress_on_track": {**prog, "due_from": as_of},
            "in_progress_overdue": {**prog, "due_before": as_of},
            "in_progress_no_limit": {**prog, "timeliness": ("no-limit",)},
            "paused": {"statuses": (wf.AWAITING,), "date_to": p.date_to},
            "refused": {**received, "statuses": (wf.REFUSED,)},
            "withdrawn": {**received, "statuses": (wf.WITHDRAWN,)},
            "finished": fin,
            "in_progress": prog,
            "rated": {**fin, "timeliness": ("early", "on-time", "late")},
        }

    def filter(self, key: str, **scope: Any):  # type: ignore[no-untyped-def]
        """The dossier filter of number ``key`` within ``scope`` (procedure or field)."""
        return self.rf.dossier_filter(**{**self.specs[key], **scope})

    def row(self, level: str, key: str, label: str, fld: str, counts: Counter[str],
            pairs: Counter[tuple[date, date]]) -> PeriodRow:
        scope = {"procedure_code": key} if level == "procedure" else (
            {"field": key} if level == "field" else {})
        metrics = {k: Metric(counts[k], self.filter(k, **scope)) for k in PERIOD_KEYS}
        fin = sum(counts[k] for k in PERIOD_KEYS if k.startswith("finished_"))
        prog = sum(counts[k] for k in PERIOD_KEYS if k.startswith("in_progress_"))
        rated = counts["finished_early"] + counts["finished_on_time"] + counts["finished_late"]
        on_time = counts["finished_early"] + counts["finished_on_time"]
        mean, median, n = _stats(self.cal, pairs)
        return PeriodRow(level, key, label, fld, metrics,
                         Rate(on_time, rated, self.filter("rated", **scope)),
                         Duration(n, mean, median, self.filter("finished", **scope)),
                         Metric(fin, self.filter("finished", **scope)),
                         Metric(prog, self.filter("in_progress", **scope)))

    def merge(self, level: str, key: str, label: str, fld: str, rows: Iterable[PeriodRow],
              pair_sets: Iterable[Counter[tuple[date, date]]] | None = None) -> PeriodRow:
        """A field or total row: the sums of procedure rows (and their day pairs)."""
        rows = list(rows)
        counts: Counter[str] = Counter()
        for r in rows:
            counts.update({k: m.value for k, m in r.metrics.items()})
        pairs: Counter[tuple[date, date]] = Counter()
        for ps in (pair_sets if pair_sets is not None else [r._pairs for r in rows]):  # type: ignore[attr-defined]
            pairs.update(ps)
        row = self.row(level, key, label, fld, counts, pairs)
        return row

    def row_with_pairs(self, *args: Any) -> PeriodRow:
        return self.row(*args)


def _stats(cal: WorkCalendar, pairs: Counter[tuple[date, date]]
           ) -> tuple[float | None, float | None, int]:
    """Weighted mean and median of working days between received and finished days."""
    hist: Counter[int] = Counter()
    for (r, f), n in pairs.items():
        hist[cal.working_days_between(r, f)] += n
    total = sum(hist.values())
    if not total:
        return None, None, 0
    mean = sum(d * n for d, n in hist.items()) / total
    return mean, _median(hist, total), total


def _median(hist: Counter[int], total: int) -> float:
    """Median of a histogram (the mean of the two middle values for an even count)."""
    lo_rank, hi_rank = (total - 1) // 2, total // 2
    seen, lo = 0, None
    for value in sorted(hist):
        seen += hist[value]
        if lo is None and seen > lo_rank:
            lo = value
        if seen > hi_rank:
            return (lo + value) / 2 if lo is not None else float(value)
    raise AssertionError("unreachable: ranks are below the total")
