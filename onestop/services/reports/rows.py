"""Building the rows of a period report: counts → metrics with drill-down filters, and the
processing-time statistics (working days) from grouped day pairs."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from typing import Any

from onestop.domain import workflow as wf
from onestop.domain.calendar import WorkCalendar
from onestop.services import portal_scope
from onestop.services.reports import sql as q
from onestop.services.queries import DossierFilter
from onestop.services.reports.types import (
    PERIOD_KEYS, Duration, Metric, Period, PeriodRow, Rate, ReportFilter,
)

DayPairs = Counter[tuple[date, date]]

_IN_PROGRESS = (*q.OPEN, *q.FINISHED)
_CARRIED = (*q.ACTIVE, *q.FINISHED)


class RowBuilder:
    """Turns counts into rows whose every number carries its drill-down filter.

    The filter of each number states, term by term, the condition the SQL in
    :mod:`~onestop.services.reports.sql` counts (see the definitions in ``reports``).
    """

    def __init__(self, cal: WorkCalendar, p: Period, as_of: datetime, rf: ReportFilter,
                 portal: str | None = None) -> None:
        self.cal, self.rf, self.portal = cal, rf, portal
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
            "stopped": {**received, "statuses": (wf.STOPPED,)},
            "finished": fin,
            "in_progress": prog,
            "rated": {**fin, "timeliness": ("early", "on-time", "late")},
            "refused_withdrawn": {**received, "statuses": (wf.REFUSED, wf.WITHDRAWN)},
            # the portal's state judged at as_of on a central database (portal_scope)
            "portal_pending": {**received, "portal_states": portal_scope.NOT_ACKNOWLEDGED,
                               "portal_as_of": as_of if portal == portal_scope.CENTRAL
                               else None},
        }

    def filter(self, key: str, **scope: Any) -> DossierFilter:
        """The dossier filter of number ``key`` within ``scope`` (procedure or field)."""
        return self.rf.dossier_filter(**{**self.specs[key], **scope})

    def row(self, level: str, key: str, label: str, fld: str, counts: Counter[str],
            days: Counter[int]) -> PeriodRow:
        """One row; ``level`` is "procedure" (key = code), "field" (key = name) or "total"."""
        scope = {"procedure_code": key} if level == "procedure" else (
            {"field": key} if level == "field" else {})
        metrics = {k: Metric(counts[k], self.filter(k, **scope)) for k in PERIOD_KEYS}
        fin = sum(counts[k] for k in PERIOD_KEYS if k.startswith("finished_"))
        prog = sum(counts[k] for k in PERIOD_KEYS if k.startswith("in_progress_"))
        on_time = counts["finished_early"] + counts["finished_on_time"]
        rated = on_time + counts["finished_late"]
        mean, median, n = processing_stats(days)
        return PeriodRow(level, key, label, fld, metrics,
                         Rate(on_time, rated, self.filter("rated", **scope)),
                         Duration(n, mean, median, self.filter("finished", **scope)),
                         Metric(fin, self.filter("finished", **scope)),
                         Metric(prog, self.filter("in_progress", **scope)),
                         Metric(counts["refused"] + counts["withdrawn"],
                                self.filter("refused_withdrawn", **scope)),
                         None if self.portal is None else Metric(
                             counts["portal_pending"], self.filter("portal_pending", **scope)))


class WorkingDays:
    """Working days in ``(received day, finished day]`` of day pairs, each pair computed once
    (a year holds ~10 000 distinct pairs spread over ~100 000 per-procedure groups)."""

    def __init__(self, cal: WorkCalendar) -> None:
        self.cal = cal
        self._memo: dict[tuple[date, date], int] = {}

    def histogram(self, pairs: DayPairs) -> Counter[int]:
        """Number of dossiers per processing time in working days."""
        hist: Counter[int] = Counter()
        memo = self._memo
        for pair, n in pairs.items():
            days = memo.get(pair)
            if days is None:
                days = memo[pair] = self.cal.working_days_between(*pair)
            hist[days] += n
        return hist


def processing_stats(hist: Counter[int]) -> tuple[float | None, float | None, int]:
    """Weighted mean and median of a histogram of working days.

    Returns:
        ``(mean, median, number of dossiers)``; ``(None, None, 0)`` without dossiers.
    """
    total = sum(hist.values())
    if not total:
        return None, None, 0
    mean = sum(d * n for d, n in hist.items()) / total
    return mean, median_of(hist, total), total


def median_of(hist: Counter[int], total: int) -> float:
    """Median of a histogram: the mean of the two middle values when ``total`` is even."""
    lo_rank, hi_rank = (total - 1) // 2, total // 2
    seen, lo = 0, None
    for value in sorted(hist):
        seen += hist[value]
        if lo is None and seen > lo_rank:
            lo = value
        if seen > hi_rank:
            return (lo + value) / 2 if lo is not None else float(value)
    raise ValueError("histogram holds fewer values than total")
