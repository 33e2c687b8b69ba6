"""From database rows and DTOs to the plain records of :mod:`onestop.printing`.

The builders here read nothing themselves except through the session they are given, so
:mod:`onestop.services.forms` can gather everything one form needs in one session and render
after it. The hand-over rows of the control sheet and the slip data are derived views of the
dossier's events (the events are the source of truth).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.domain import messages
from onestop.domain import validation as v
from onestop.domain import workflow as wf
from onestop.domain.calendar import WorkCalendar
from onestop.printing.models import (
    AgencyHeader,
    CatalogueEntry,
    DocumentLine,
    DossierPrint,
    HandOver,
    RegisterRow,
)
from onestop.services.dto import DossierDTO, EventDTO
from onestop.services.queries import local_start
from onestop.storage.models import Agency, Dossier, DossierEvent, Procedure, User

#: Where a result sent by post is collected (channel ``post``).
POSTAL_COLLECT = "Nhận qua dịch vụ bưu chính công ích"
#: The desk's name in the hand-over rows of the control sheet.
DESK = "Bộ phận Một cửa"
#: Timeliness tokens of a finished step and their words on the control sheet.
_STEP_RESULT = {k: messages.TIMELINESS_LABELS[k] for k in ("early", "on-time", "late")}


def agency_header(a: Agency) -> AgencyHeader:
    """The form header of an agency row (the text fields of ``dto.AgencyInfo``)."""
    return AgencyHeader(
        parent_name=a.parent_name or "", name=a.name,
        unit_name=a.unit_name or AgencyHeader.unit_name, place_name=a.place_name or "",
        address=a.address or "", phone=a.phone or "")


def header_at_receipt(d: DossierDTO, now: AgencyHeader) -> AgencyHeader:
    """The header of a dossier's slips: its receiving unit as it was at receipt (a renamed or
    merged unit never rewrites an old slip); the desk's phone is today's."""
    unit = (d.names_at_receipt or {}).get("unit")
    if not unit:
        return now
    return AgencyHeader(parent_name=unit.get("parent", ""), name=unit.get("name", now.name),
                        unit_name=unit.get("desk") or now.unit_name,
                        place_name=unit.get("place", ""), address=unit.get("address", ""),
                        phone=now.phone)


def handling_agency_name(d: DossierDTO) -> str:
    """The handling agency printed in a slip's body, when it is not the receiving unit."""
    names = d.names_at_receipt or {}
    agency = names.get("agency") or {}
    if not agency or d.agency_code in (None, d.unit_code):
        return ""
    return str(agency.get("name", d.agency_code))


def return_place(d: DossierPrint | None, dto: DossierDTO, agency: AgencyHeader) -> str:
    """Where the result is collected: another unit's desk when the citizen chose one."""
    back = (dto.names_at_receipt or {}).get("return_unit") or {}
    if dto.channel == "post" or not back or dto.return_unit_code in (None, dto.unit_code):
        return collect_place(dto.channel, agency)
    name = f"{DESK} – {back.get('name', dto.return_unit_code)}"
    return f"{name}, {back['address']}" if back.get("address") else name


def full_names(session: Session, usernames: Iterable[str]) -> dict[str, str]:
    """Full names of the given accounts; an unknown account keeps its username."""
    wanted = {u for u in usernames if u}
    if not wanted:
        return {}
    rows = session.execute(select(User.username, User.full_name)
                           .where(User.username.in_(wanted))).all()
    found: dict[str, str] = {name: full for name, full in rows}
    return {u: found.get(u) or u for u in wanted}


def collect_place(channel: str, agency: AgencyHeader) -> str:
    """Where the applicant collects the result: the desk, or by post for postal filings."""
    if channel == "post":
        return POSTAL_COLLECT
    return f"{DESK}, {agency.address}" if agency.address else DESK


def dossier_print(d: DossierDTO, agency: AgencyHeader, names: dict[str, str],
                  full_id: bool = False) -> DossierPrint:
    """The printable record of a dossier.

    Data minimisation on paper (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): the citizen ID is
    masked like the lists do (``079******234``) unless the form prints it in full
    (``FormTemplate.full_id``). No form of TT 01/2018/TT-VPCP or TT 03/2025/TT-VPCP we could
    check has an ID field; Mẫu 01 shows it as a local addition, so it is masked there too.

    Args:
        d: The dossier with its projected state.
        agency: Header of the issuing agency (its address is the collection place).
        names: Full names by username (the receiving officer signs the receipt).
        full_id: Print the citizen ID in full (the form requires it).
    """
    docs = tuple(DocumentLine(str(x.get("name", "")), int(x.get("original", 0) or 0),
                              int(x.get("copy", 0) or 0)) for x in d.documents)
    return DossierPrint(
        code=d.code, applicant_name=d.applicant_name, procedure_name=d.procedure_name,
        procedure_code=d.procedure_code,
        id_number=d.id_number if full_id or not d.id_number else v.mask_citizen_id(d.id_number),
        org_name=d.org_name,
        address=d.address, phone=d.phone, email=d.email, documents=docs, sets=d.sets,
        time_limit_days=d.time_limit_days, received_at=d.received_at, due_at=d.due_at,
        collect_at=return_place(None, d, agency), fee_vnd=d.fee_vnd,
        register_book=d.register_book, register_no=d.register_no,
        officer_name=names.get(d.received_by, d.received_by), channel=d.channel,
        department=d.department, handling_agency=handling_agency_name(d))


def latest(events: Sequence[EventDTO], *kinds: str) -> EventDTO | None:
    """The last event of one of ``kinds`` in history order, or None."""
    for e in reversed(events):
        if e.kind in kinds:
            return e
    return None


def refusal_event(events: Sequence[EventDTO]) -> EventDTO | None:
    """The refusal: a ``refuse`` event, or the receipt of an intake refusal (Mẫu 03)."""
    found = latest(events, "refuse")
    if found is not None:
        return found
    first = events[0] if events else None
    if first is not None and first.kind == "received" and first.payload.get("intake_refusal"):
        return first
    return None


def records(events: Sequence[EventDTO]) -> list[wf.EventRecord]:
    """The DTO history (already in order) as the projection's records."""
    return [wf.EventRecord(e.kind, e.at, e.payload, e.counter, i, e.id, e.user)
            for i, e in enumerate(events)]


def due_before(events: Sequence[EventDTO], event: EventDTO, terms: wf.Terms,
               cal: WorkCalendar) -> datetime | None:
    """The appointment the citizen held just before ``event`` (the apology quotes it)."""
    index = next(i for i, e in enumerate(events) if e is event)
    return wf.project(terms, records(events)[:index], cal).due_at


def step_result(events: Sequence[EventDTO], index: int, terms: wf.Terms,
                cal: WorkCalendar) -> str:
    """Trước hạn / Đúng hạn / Quá hạn of the step ending at ``events[index]``.

    Judged the way the statistics judge it (``workflow.classify`` on the projection up to
    that event): by date against the due moment, a rescheduled dossier counts late.
    """
    p = wf.project(terms, records(events)[:index + 1], cal)
    token = wf.classify(p, events[index].at, cal)
    return _STEP_RESULT.get(token or "", "")


def hand_overs(d: DossierDTO, terms: wf.Terms, cal: WorkCalendar) -> list[HandOver]:
    """The control sheet's rows: desk → department (transfer), department → desk (result),
    desk → citizen (return); a second transfer hands over from the previous department."""
    rows: list[HandOver] = []
    holder = DESK
    handling = _handling_name(d)
    for i, e in enumerate(d.events):
        if e.kind == "transfer":
            to = str(e.payload.get("to") or handling or d.department or "")
            rows.append(HandOver(holder, to, e.at))
            holder = to
        elif e.kind == "result-ready":
            source = holder if holder != DESK else (handling or d.department or DESK)
            rows.append(HandOver(source, DESK, e.at, step_result(d.events, i, terms, cal)))
            holder = DESK
        elif e.kind == "return":
            collector = str(e.payload.get("collector") or "")
            note = f"Người nhận: {collector}" if collector else ""
            rows.append(HandOver(_return_desk(d), f"Ông/Bà {d.applicant_name}", e.at,
                                 note=note))
    return rows


def _handling_name(d: DossierDTO) -> str:
    """The handling agency's name as at receipt, when another body than the receiving unit
    decides (a centre's dossier); empty for a single-agency desk."""
    names = d.names_at_receipt or {}
    agency = names.get("agency") or {}
    if d.agency_code and d.agency_code != d.unit_code:
        return str(agency.get("name") or d.agency_code)
    return ""


def _return_desk(d: DossierDTO) -> str:
    """Who hands the result to the citizen: the desk, or the return point the citizen chose
    at another unit (issue 14)."""
    if d.return_unit_code and d.return_unit_code != d.unit_code:
        back = (d.names_at_receipt or {}).get("return_unit") or {}
        return f"{DESK} – {back.get('name') or d.return_unit_code}"
    return DESK


# ------------------------------------------------------------------------- register (Mẫu 06)


@dataclass(frozen=True)
class RegisterData:
    """The register of one agency for a period, ready to render."""

    rows: tuple[RegisterRow, ...]
    book: str


def register_rows(session: Session, agency_id: Any, date_from: date,
                  date_to: date) -> RegisterData:
    """Dossiers received by the agency in ``[date_from, date_to]`` (local days), by receipt.

    One query: the dossier with its procedure name, projected result and return instants,
    and the first transfer from a correlated subquery (the index on ``dossier_id`` serves it).
    """
    transferred = (select(func.min(DossierEvent.at))
                   .where(DossierEvent.dossier_id == Dossier.id, DossierEvent.kind == "transfer")
                   .correlate(Dossier).scalar_subquery())
    stmt = (select(Dossier.code, Procedure.name, Dossier.sets, Dossier.applicant_name,
                   Dossier.org_name, Dossier.address, Dossier.phone, Dossier.department,
                   Dossier.received_at, Dossier.due_at, transferred, Dossier.finished_at,
                   Dossier.returned_at, Dossier.status, Dossier.reschedules,
                   Dossier.register_book)
            .join(Procedure, Procedure.id == Dossier.procedure_id)
            .where(Dossier.agency_id == agency_id,
                   Dossier.received_at >= local_start(date_from),
                   Dossier.received_at < local_start(date.fromordinal(date_to.toordinal() + 1)))
            .order_by(Dossier.received_at, Dossier.register_no))
    rows, books = [], set()
    for r in session.execute(stmt):
        books.add(r.register_book)
        rows.append(RegisterRow(
            code=r.code, procedure_name=r.name, sets=r.sets,
            applicant=", ".join(x for x in (r.applicant_name, r.org_name) if x),
            address_phone=", ".join(x for x in (r.address, r.phone) if x),
            department=r.department or "", received_at=r.received_at, due_at=r.due_at,
            transferred_at=r[10], result_at=r.finished_at, returned_at=r.returned_at,
            note=_register_note(r.status, r.reschedules)))
    return RegisterData(tuple(rows), books.pop() if len(books) == 1 else "")


def _register_note(status: str, reschedules: int) -> str:
    """Remarks of a register row: how the dossier ended if not with a result, reschedules."""
    notes = []
    if status in (wf.REFUSED, wf.WITHDRAWN, wf.VOID, wf.AWAITING):
        notes.append(messages.STATUS_LABELS[status])
    if reschedules:
        notes.append(messages.EVENT_LABELS["reschedule"])
    return "; ".join(notes)


# ------------------------------------------------------------------------------- catalogue


def catalogue_entries(session: Session, on: date) -> list[CatalogueEntry]:
    """Active procedures in force on ``on``, by field then name (the posting's order)."""
    stmt = (select(Procedure).where(Procedure.active.is_(True))
            .order_by(Procedure.field, Procedure.name))
    out = []
    for p in session.scalars(stmt):
        if (p.valid_from and p.valid_from > on) or (p.valid_to and p.valid_to < on):
            continue
        out.append(CatalogueEntry(
            code=p.code, name=p.name, field=p.field or "", time_limit_days=p.time_limit_days,
            fee_vnd=p.fee_vnd, documents=tuple(str(x.get("name", "")) for x in p.documents or ()),
            department=p.department or "", is_local=p.is_local))
    return out
