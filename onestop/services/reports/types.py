"""Frozen result types of the reports (see :mod:`onestop.services.reports` for definitions).

Every number is a :class:`Metric`: its value and the :class:`~onestop.services.queries.
DossierFilter` that lists exactly its dossiers, so the dashboard can drill down by handing
the filter to the dossier list. ``to_json`` gives the CLI's objects (numbers and codes only).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from onestop.domain.calendar import VN_TZ
from onestop.services.dto import iso
from onestop.services.queries import DossierFilter

#: Channels in display order (the same tokens as the storage CHECK constraint).
CHANNELS: tuple[str, ...] = ("direct", "post", "online", "vneid")

#: The counted columns of a period row, in the order of the statutory report.
PERIOD_KEYS: tuple[str, ...] = (
    "received", "carried_over",
    "finished_early", "finished_on_time", "finished_late", "finished_no_limit",
    "in_progress_on_track", "in_progress_overdue", "in_progress_no_limit",
    "paused", "refused", "withdrawn", "stopped",
)
LIVE_KEYS: tuple[str, ...] = (
    "on_track", "due_soon", "overdue", "no_limit", "paused", "due_today", "due_next_day",
)


@dataclass(frozen=True)
class ReportHeading:
    """The agency named above a rendered report: its parent body, then its own name (both
    blank when the database is not initialised)."""

    parent_name: str = ""
    name: str = ""


@dataclass(frozen=True)
class ReportFilter:
    """The optional narrowing of a report; empty fields mean "all"."""

    field: str = ""
    procedure_code: str = ""
    department: str = ""
    officer: str = ""
    channel: str = ""
    #: the handling agency (``dossier.agency_code``) and the receiving unit
    #: (``dossier.unit_code``), as recorded at receipt (issue 14)
    agency_code: str = ""
    unit_code: str = ""

    def dossier_filter(self, **more: Any) -> DossierFilter:
        """The dossier-list filter of this narrowing plus ``more``."""
        base: dict[str, Any] = {
            "field": self.field, "procedure_code": self.procedure_code,
            "department": self.department, "officer": self.officer,
            "channels": (self.channel,) if self.channel else (),
            "agency_code": self.agency_code, "unit_code": self.unit_code,
        }
        return DossierFilter(**{**base, **more})

    def to_json(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}


@dataclass(frozen=True)
class Period:
    """Local days ``date_from`` .. ``date_to`` inclusive."""

    date_from: date
    date_to: date

    @property
    def start(self) -> datetime:
        """First instant of the period."""
        return datetime.combine(self.date_from, time(0), VN_TZ)

    @property
    def end(self) -> datetime:
        """First instant after the period."""
        return datetime.combine(self.date_to + timedelta(days=1), time(0), VN_TZ)

    @classmethod
    def month_of(cls, day: date) -> Period:
        """The calendar month that contains ``day``."""
        first = day.replace(day=1)
        nxt = (first + timedelta(days=32)).replace(day=1)
        return cls(first, nxt - timedelta(days=1))

    def to_json(self) -> dict[str, str]:
        return {"from": self.date_from.isoformat(), "to": self.date_to.isoformat()}


@dataclass(frozen=True)
class Metric:
    """A count of dossiers and the filter that lists exactly them."""

    value: int
    filter: DossierFilter


@dataclass(frozen=True)
class Rate:
    """``numerator / denominator``; ``filter`` lists the denominator's dossiers."""

    numerator: int
    denominator: int
    filter: DossierFilter

    @property
    def value(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> float | None:
        """The rate in percent, rounded to one decimal (None without a denominator)."""
        v = self.value
        return None if v is None else round(100 * v, 1)


@dataclass(frozen=True)
class Duration:
    """Processing time in working days of the finished dossiers ``filter`` lists."""

    count: int
    mean: float | None
    median: float | None
    filter: DossierFilter

    def to_json(self) -> dict[str, Any]:
        return {"count": self.count,
                "mean": None if self.mean is None else round(self.mean, 2),
                "median": self.median}


@dataclass(frozen=True)
class PeriodRow:
    """One line of the period report: the total, a field (lĩnh vực) or a procedure."""

    level: str  # "total" | "field" | "procedure" | "agency" | "unit"
    key: str  # procedure code, field name, "" for the total
    label: str
    field: str
    metrics: dict[str, Metric]
    on_time_rate: Rate
    processing: Duration
    finished: Metric
    in_progress: Metric
    refused_withdrawn: Metric
    #: received in the period and not acknowledged by the national portal (issue 17); None
    #: when the database has no portal information (:attr:`PeriodReport.portal`)
    portal_pending: Metric | None = None

    def __getitem__(self, key: str) -> int:
        return self.metrics[key].value

    @property
    def to_handle(self) -> int:
        """Cần xử lý: received in the period plus carried over (two filters, no drill-down)."""
        return self["received"] + self["carried_over"]

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"level": self.level, "key": self.key, "label": self.label}
        if self.level == "procedure":
            out["field"] = self.field
        out.update({k: m.value for k, m in self.metrics.items()})
        out.update(to_handle=self.to_handle, finished=self.finished.value,
                   in_progress=self.in_progress.value,
                   on_time_rate_percent=self.on_time_rate.percent,
                   processing_days=self.processing.to_json(),
                   portal_pending=None if self.portal_pending is None
                   else self.portal_pending.value)
        return out


@dataclass(frozen=True)
class PeriodReport:
    """The statutory period report: a total row, one row per field and per procedure."""

    period: Period
    as_of: datetime
    filter: ReportFilter
    total: PeriodRow
    fields: tuple[PeriodRow, ...]
    procedures: tuple[PeriodRow, ...]
    by_channel: dict[str, Metric]
    #: one total row per handling agency and per receiving unit (issue 14); empty when the
    #: dossiers in scope all have the same one (a single-agency desk)
    agencies: tuple[PeriodRow, ...] = ()
    units: tuple[PeriodRow, ...] = ()
    #: satisfaction ratings of the dossiers returned in the period (services.satisfaction)
    satisfaction: Any = None
    #: where the rows' ``portal_pending`` comes from: ``"central"`` (the link's ledger, judged
    #: at ``as_of``), ``"counter"`` (the states last pulled) or None (no portal information)
    portal: str | None = None

    @property
    def portal_as_of(self) -> datetime | None:
        """The instant the portal states are judged at (None: the state last pulled)."""
        return self.as_of if self.portal == "central" else None

    def to_json(self) -> dict[str, Any]:
        out = {"period": self.period.to_json(), "as_of": iso(self.as_of),
               "portal": None if self.portal is None else {
                   "source": self.portal, "as_of": iso(self.portal_as_of)},
               "filter": self.filter.to_json(), "total": self.total.to_json(),
               "received_by_channel": {c: m.value for c, m in self.by_channel.items()},
               "fields": [r.to_json() for r in self.fields],
               "procedures": [r.to_json() for r in self.procedures],
               "agencies": [r.to_json() for r in self.agencies],
               "units": [r.to_json() for r in self.units]}
        if self.satisfaction is not None:
            out["satisfaction"] = self.satisfaction.to_json()
        return out


@dataclass(frozen=True)
class LiveCounts:
    """The open dossiers at ``now``: timeliness classes, paused, due today / next day."""

    now: datetime
    today: date
    next_day: date
    metrics: dict[str, Metric]

    def __getitem__(self, key: str) -> int:
        return self.metrics[key].value

    def to_json(self) -> dict[str, Any]:
        return {"today": self.today.isoformat(), "next_working_day": self.next_day.isoformat(),
                **{k: m.value for k, m in self.metrics.items()}}


@dataclass(frozen=True)
class UrgentRow:
    """One dossier of the overdue or due-soon list."""

    code: str
    applicant_name: str
    procedure_code: str
    procedure_name: str
    department: str
    officer: str
    status: str
    sla_due_at: datetime | None
    due_at: datetime | None
    working_days: int  # overdue by (overdue), left (due lists), paused for (paused)
    paused_since: datetime | None = None

    def to_json(self) -> dict[str, Any]:
        out = {"code": self.code, "applicant_name": self.applicant_name,
               "procedure": self.procedure_code, "department": self.department,
               "officer": self.officer, "status": self.status,
               "due": iso(self.sla_due_at), "appointment": iso(self.due_at),
               "working_days": self.working_days}
        if self.paused_since is not None:
            out["paused_since"] = iso(self.paused_since)
        return out


@dataclass(frozen=True)
class UrgentList:
    """A list sorted by urgency (earliest due moment first), possibly cut at ``limit``."""

    kind: str  # "overdue" | "due-soon" | "due-today" | "due-next-day" | "paused"
    total: Metric
    rows: tuple[UrgentRow, ...]

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "count": self.total.value,
                "dossiers": [r.to_json() for r in self.rows]}


@dataclass(frozen=True)
class GroupCount:
    """Overdue dossiers of one department and officer."""

    department: str
    officer: str
    metric: Metric

    def to_json(self) -> dict[str, Any]:
        return {"department": self.department, "officer": self.officer,
                "count": self.metric.value}


@dataclass(frozen=True)
class WeekPoint:
    """Received and finished dossiers of one week (Monday..Sunday)."""

    monday: date
    received: Metric
    finished: Metric

    def to_json(self) -> dict[str, Any]:
        return {"week": self.monday.isoformat(), "received": self.received.value,
                "finished": self.finished.value}


@dataclass(frozen=True)
class Overview:
    """What the Theo dõi tab shows: live state plus the current period."""

    now: datetime
    live: LiveCounts
    period: PeriodReport
    overdue: UrgentList
    due_soon: UrgentList
    weeks: tuple[WeekPoint, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {"now": iso(self.now), "live": self.live.to_json(),
                "period": self.period.to_json(), "overdue": self.overdue.to_json(),
                "due_soon": self.due_soon.to_json(),
                "weeks": [w.to_json() for w in self.weeks]}


@dataclass(frozen=True)
class Briefing:
    """The morning briefing (báo cáo đầu ngày)."""

    now: datetime
    due_today: UrgentList
    due_next_day: UrgentList
    next_day: date
    overdue: UrgentList
    overdue_groups: tuple[GroupCount, ...]
    paused_days: int
    paused_long: UrgentList
    month_rate: Rate  # the on-time rate of the month so far
    month_finished: Metric
    month_period: Period

    def to_json(self) -> dict[str, Any]:
        return {"now": iso(self.now), "next_working_day": self.next_day.isoformat(),
                "due_today": self.due_today.to_json(),
                "due_next_day": self.due_next_day.to_json(),
                "overdue": self.overdue.to_json(),
                "overdue_by_department_officer": [g.to_json() for g in self.overdue_groups],
                "paused_longer_than_days": self.paused_days,
                "paused_long": self.paused_long.to_json(),
                "month": self.month_period.to_json(),
                "month_on_time_rate_percent": self.month_rate.percent,
                "month_rated": self.month_rate.denominator,
                "month_finished": self.month_finished.value}
