"""Frozen DTOs the services hand to the CLI and the GUI (never ORM instances)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from typing import Any

from onestop.domain.calendar import VN_TZ


def iso(value: datetime | date | None) -> str | None:
    """ISO 8601 text; instants in agency local time with offset (+07:00)."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.astimezone(VN_TZ).isoformat()
    return value.isoformat()


@dataclass(frozen=True)
class AgencyInfo:
    """The agency and counter of this installation, with its settings (``setup.agency_info``).

    ``settings`` is the agency's key/value settings with the defaults filled in
    (``services.context.AGENCY_DEFAULTS``).
    """

    code: str
    name: str
    parent_name: str
    unit_name: str
    address: str
    phone: str
    place_name: str
    counter: int
    settings: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class EventDTO:
    kind: str
    at: datetime
    user: str
    counter: int
    payload: dict[str, Any]
    id: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "at": iso(self.at), "user": self.user,
                "counter": self.counter, "payload": self.payload}


@dataclass(frozen=True)
class DossierDTO:
    """A dossier with its projected state (and events when asked for)."""

    id: str
    code: str
    procedure_code: str
    procedure_name: str
    field: str
    applicant_name: str
    id_number: str | None
    birth_date: date | None
    phone: str | None
    email: str | None
    address: str | None
    org_name: str | None
    channel: str
    sets: int
    documents: list[dict[str, Any]]
    fee_vnd: int | None
    fee_paid: bool
    notes: str | None
    received_at: datetime
    received_by: str
    counter_no: int
    register_book: str
    register_no: int
    time_limit_days: int | None
    status: str
    timeliness: str | None
    due_at: datetime | None
    sla_due_at: datetime | None
    finished_at: datetime | None
    returned_at: datetime | None
    paused_since: datetime | None
    reschedules: int
    department: str
    version: int
    events: tuple[EventDTO, ...] = field(default=())
    #: receiving unit, handling agency and return point (identity codes, as at receipt)
    unit_code: str | None = None
    agency_code: str | None = None
    return_unit_code: str | None = None
    #: their names as at receipt (``domain.units.NamesAtReceipt``), for slips and detail
    names_at_receipt: dict[str, Any] | None = None
    #: the national portal's state (``onestop.services.portal_state.state_of``), filled by ``show``
    portal: dict[str, Any] | None = None
    #: ``male`` / ``female`` (giới tính) or None; revision 0011
    sex: str | None = None
    #: result-ready notice opt-in (issue 18)
    notify_email: str | None = None
    notify_sms: str | None = None

    def to_json(self, with_events: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in asdict(self).items():
            if key == "events" or (key == "portal" and value is None):
                continue
            out[key] = iso(value) if isinstance(value, (datetime, date)) else value
        if with_events:
            out["events"] = [e.to_json() for e in self.events]
        return out


@dataclass(frozen=True)
class ProcedureDTO:
    id: str
    code: str
    is_local: bool
    name: str
    field: str
    time_limit_days: int | None
    cutoff: str | None
    fee_vnd: int | None
    documents: list[dict[str, Any]]
    department: str
    active: bool
    #: identity codes of the handling agencies (empty: the receiving unit itself)
    agencies: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return asdict(self) | {"agencies": list(self.agencies)}


@dataclass(frozen=True)
class DueDTO:
    """An appointment preview with its explanation."""

    due_at: datetime | None
    start_day: date | None
    skipped: tuple[tuple[date, str], ...]
    notes: tuple[str, ...]
    #: the working days counted from ``start_day`` when they are not the time limit (a clock
    #: resumed after a supplement: the days that were left at the pause)
    days: int | None = None

    def to_json(self) -> dict[str, Any]:
        return {"due_at": iso(self.due_at), "start_day": iso(self.start_day),
                "skipped": [{"date": d.isoformat(), "reason": r} for d, r in self.skipped],
                "notes": list(self.notes)}
