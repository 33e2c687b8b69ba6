"""Receiving dossiers at the counter, and correcting their data afterwards."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, func, select

from onestop import faults
from onestop.domain import cccd, codes
from onestop.domain import text as tx
from onestop.domain import validation as v
from onestop.domain import units
from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ
from onestop.services import agencies, audit, clock, permissions
from onestop.services.install import backup
from onestop.services.context import Context
from onestop.services.dossiers import (
    add_event,
    apply_projection,
    load,
    new_event,
    parse_hhmm,
    to_dto,
    touch,
    transition_error,
)
from onestop.services.dto import DossierDTO
from onestop.services.errors import ValidationError
from onestop.storage import chain, rows
from onestop.storage.db import core
from onestop.storage.prepared import Prepared, PreparedInsert
from onestop.storage.models import (
    CHANNELS, SEXES, Agency, Dossier, DossierEvent, Outbox, Procedure, uuid7,
)


@dataclass(frozen=True)
class ReceiveRequest:
    """What the officer typed. Strings as typed; the service validates and normalises."""

    procedure: str
    name: str
    id_number: str | None = None
    birth_date: str | date | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None
    org: str | None = None
    channel: str = "direct"
    sets: int | str = 1
    documents: Sequence[str | dict[str, Any]] = field(default_factory=tuple)
    fee_paid: bool = False
    notes: str | None = None
    received_at: str | datetime | None = None
    refuse_reason: str | None = None  # intake refusal (Mẫu 03): received and refused at once
    #: the handling agency's identity code (needed when the procedure has several)
    agency: str | None = None
    #: the unit where the citizen will collect the result (default: this unit)
    return_unit: str | None = None
    #: an administrator confirms the PC clock although it is behind the recorded time
    clock_confirmed: bool = False
    sex: str | None = None   # "male" / "female"
    #: the text of the ID card's QR (``domain.cccd``): fills the applicant fields left empty
    cccd_qr: str | None = None
    #: result-ready notices the citizen opts into (issue 18)
    notify_email: str | None = None
    notify_sms: str | None = None


@dataclass(frozen=True)
class CleanReceipt:
    procedure_code: str
    name: str
    id_number: str | None
    birth_date: date | None
    sex: str | None
    phone: str | None
    email: str | None
    address: str | None
    org: str | None
    channel: str
    sets: int
    documents: list[dict[str, Any]]
    notes: str | None
    received_at: datetime
    refuse_reason: str | None
    notify_email: str | None = None
    notify_sms: str | None = None


def with_card(req: ReceiveRequest) -> ReceiveRequest:
    """``req`` with the fields its ID card's QR fills (explicit values win).

    A name or address that arrived damaged (``domain.cccd``) is never filled: the officer
    types it, and an empty name is then the usual ``name: required`` error with a hint.

    Raises:
        ValidationError: a truncated or forged card QR (field ``cccd_qr``), or a damaged
            name the request does not give (field ``name``).
    """
    if not req.cccd_qr:
        return req
    card = cccd.parse(req.cccd_qr)
    name = req.name or card.name
    if not (name or "").strip():
        raise ValidationError("name", "cccd_name_damaged")
    return replace(
        req, name=name, id_number=req.id_number or card.id_number,
        birth_date=req.birth_date or card.birth_date, sex=req.sex or card.sex,
        address=req.address or card.address)


def validate(req: ReceiveRequest, now: datetime, tolerance_min: int = 5) -> CleanReceipt:
    """Validate every field at once; raise one ValidationError listing all bad fields."""
    req = with_card(req)
    c = v.Collector()
    proc = c.check(v.free_text, req.procedure, "procedure", 40, True)
    birth = c.check(_birth, req.birth_date, now)
    ident = c.check(v.citizen_id, req.id_number, "id_number", birth)
    received = now if req.received_at in (None, "") else c.check(
        v.parse_instant, req.received_at, "received_at", VN_TZ, now,
        timedelta(minutes=tolerance_min))
    clean = CleanReceipt(
        procedure_code=(proc or "").upper(),
        name=c.check(v.person_name, req.name, "name") or "",
        id_number=ident, birth_date=birth,
        sex=None if req.sex in (None, "") else c.check(v.choice, req.sex, "sex", SEXES),
        phone=c.check(v.phone, req.phone, "phone"),
        email=c.check(v.email, req.email, "email"),
        address=c.check(v.free_text, req.address, "address", 300),
        org=c.check(v.org_name, req.org, "org"),
        channel=c.check(v.choice, req.channel or "direct", "channel", CHANNELS) or "direct",
        sets=c.check(v.int_range, req.sets, "sets", 1, 100) or 1,
        documents=c.check(_documents, req.documents) or [],
        notes=c.check(v.free_text, req.notes, "notes", 2000, False, True, False),
        received_at=received or now,
        # an intake refusal asked for (even with "") needs its reason: a blank one would
        # silently record a normal receipt instead of the refusal the officer meant
        refuse_reason=c.check(v.free_text, req.refuse_reason, "reason", 1000,
                              req.refuse_reason is not None),
        notify_email=c.check(v.email, req.notify_email, "notify_email"),
        notify_sms=c.check(_mobile, req.notify_sms, "notify_sms"),
    )
    c.raise_if_any()
    return clean


def _mobile(value: str | None, field: str) -> str | None:
    """A number that can receive SMS: a Vietnamese mobile number (not a landline)."""
    number = v.phone(value, field)
    if number is not None and not v.is_mobile(number):
        raise ValidationError(field, "mobile_required")
    return number


def _birth(value: str | date | None, now: datetime) -> date | None:
    if value in (None, ""):
        return None
    return v.parse_date(value, "birth_date", max_date=now.astimezone(VN_TZ).date())  # type: ignore[arg-type]


def _documents(items: Sequence[str | dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents as ``name`` or ``name|original|copy`` text, or dicts from the GUI."""
    out: list[dict[str, Any]] = []
    for item in items:
        if isinstance(item, dict):
            name, orig, copy = item.get("name", ""), item.get("original", 0), item.get("copy", 0)
        else:
            parts = [p.strip() for p in str(item).split("|")]
            name = parts[0]
            orig = parts[1] if len(parts) > 1 and parts[1] else 1
            copy = parts[2] if len(parts) > 2 and parts[2] else 0
        out.append({
            "name": v.free_text(name, "document", 300, required=True),
            "original": v.int_range(orig, "document", 0, 99),
            "copy": v.int_range(copy, "document", 0, 99),
        })
    if len(out) > 50:
        raise ValidationError("document", "too_many", max=50)
    return out


def receive(ctx: Context, req: ReceiveRequest) -> DossierDTO:
    """Receive a dossier: allocate its code and register entry, set its appointment.

    One transaction writes the dossier, its ``received`` event (and ``refuse`` for an intake
    refusal), the outbox rows and nothing else.

    Raises:
        ValidationError: any invalid field, unknown or inactive procedure.
        Forbidden: the acting user may not receive.
    """
    now = ctx.now()
    clean = validate(req, now)
    # one Core connection for the whole receipt: no ORM session, unit of work or identity map
    with ctx.writing() as conn:
        ident = ctx.identity(conn)
        # one statement reads everything the receipt checks: the unit's row, the acting
        # user's role, the clock's reference instants and the event chain's tip
        agency = _STATE.one(conn, {"agency_id": ident.agency_id, "username": ctx.username,
                                   **clock.reference_params(ident)})
        permissions.require_row(agency, ctx, "receive")
        if req.clock_confirmed:
            permissions.require_row(agency, ctx, "clock_confirm")
        settings = ctx.agency_settings(agency)
        clock.check(conn, ctx, ident, now, settings, req.clock_confirmed,
                    clock.reference_of(agency))
        local_day = clean.received_at.astimezone(VN_TZ).date()
        proc = _procedure(conn, clean.procedure_code, local_day)
        agency_code, return_code, names = agencies.receipt_parties(
            conn, agency, proc.agency_codes, req.agency, req.return_unit, local_day)
        cal = ctx.calendar(conn, agency)
        book = codes.register_book(ident.counter_no, local_day.year)
        block = units.block_for(settings, local_day)
        prefix = agencies.prefix_code(agency, agency_code)
        code, register_no = _allocate(conn, prefix, local_day, ident.counter_no, block, book,
                                      agency.id)
        faults.hit("receive.after_allocate")
        d = rows.transient(
            Dossier, id=uuid7(), code=code, agency_id=agency.id, counter_no=ident.counter_no,
            procedure_id=proc.id, applicant_name=clean.name,
            applicant_folded=tx.fold(clean.name), id_number=clean.id_number,
            birth_date=clean.birth_date, sex=clean.sex, phone=clean.phone, email=clean.email,
            address=clean.address, org_name=clean.org, channel=clean.channel, sets=clean.sets,
            documents=clean.documents or _default_documents(proc), fee_vnd=proc.fee_vnd,
            fee_paid=req.fee_paid, notes=clean.notes, received_at=clean.received_at,
            received_by=ctx.username, register_book=book,
            register_no=register_no,
            time_limit_days=proc.time_limit_days, cutoff=proc.cutoff,
            department=proc.department, version=1, unit_code=agency.code,
            agency_code=agency_code, return_unit_code=return_code, names_at_receipt=names,
            notify_email=clean.notify_email, notify_sms=clean.notify_sms,
        )
        terms = wf.Terms(d.received_at, d.time_limit_days, parse_hhmm(d.cutoff),
                         settings["resume_policy"])
        intake_refusal = clean.refuse_reason is not None
        p = wf.initial(terms, cal, intake_refusal=intake_refusal)
        apply_projection(d, p, now, cal, int(settings["due_soon_days"]))
        payload: dict[str, Any] = {"procedure": proc.code, "channel": d.channel}
        if intake_refusal:
            payload.update(intake_refusal=True, reason=clean.refuse_reason)
        event = new_event(conn, ctx, d, "received", d.received_at, payload,
                          chain.tip_of(agency.tip_seq, agency.tip_hash))
        write(conn, d, event)
        # rows written, transaction open: a kill point of the crash matrix
        faults.hit("receive.after_flush")
        dto = to_dto(conn, d, with_events=True, procedure=proc, known_events=[event])
        faults.hit("receive.before_commit")
        return dto


def write(conn: Connection, d: Dossier, event: DossierEvent) -> None:
    """Write a new receipt's rows: the dossier, its ``received`` event and their outbox rows,
    by prepared Core INSERTs in the order the ORM's flush would (the event's outbox row,
    then the dossier's). tests/services/test_receive_fast_path.py checks that an ORM flush
    of the same objects leaves the same rows."""
    rows.insert_new(conn, d, event)
    _OUTBOX.execute(conn, [{"table_name": "dossier_event", "row_id": event.id},
                           {"table_name": "dossier", "row_id": d.id}])


#: The two outbox rows of a receipt (column defaults as the ORM would apply them).
_OUTBOX = PreparedInsert(Outbox.__table__)
#: The unit's row with what the receipt checks (see :func:`receive`). The clock's
#: reference and the chain's tip are read after ``BEGIN IMMEDIATE``: no other writer moves
#: them before this transaction ends.
_STATE = Prepared(select(
    Agency.__table__, *permissions.acting_columns(), *clock.reference_columns(),
    *chain.tip_columns(DossierEvent)).where(Agency.__table__.c.id == bindparam("agency_id")))
_PROCEDURE = Prepared(select(Procedure.__table__).where(
    Procedure.__table__.c.code == bindparam("code")))


def _procedure(conn: Connection, code: str, on: date) -> Any:
    """The procedure's row (read-only: the receipt copies what it needs from it)."""
    proc = _PROCEDURE.first(conn, {"code": code})
    if proc is None or not proc.active or (proc.valid_to is not None and proc.valid_to < on):
        raise ValidationError("procedure", "unknown_procedure", value=code)
    return proc


def _default_documents(proc: Procedure) -> list[dict[str, Any]]:
    return [{"name": d["name"], "original": d.get("original", 1), "copy": d.get("copy", 0)}
            for d in (proc.documents or [])]


def _last(value: Any, reserved: Any) -> Any:
    """The larger of the used and the reserved value (either may be None)."""
    return max((v for v in (value, reserved) if v is not None), default=None)


_D = Dossier.__table__.c
#: The last code of the counter's share and the last number of its register book, and what a
#: restored backup keeps reserved of both, in one statement (four indexed lookups: the
#: code's unique index, the register's unique index, local_setting's key twice).
_LAST_USED = Prepared(select(
    select(func.max(_D.code)).where(_D.code >= bindparam("lo"), _D.code <= bindparam("hi"))
    .scalar_subquery().label("used_code"),
    select(func.max(_D.register_no)).where(_D.agency_id == bindparam("agency"),
                                           _D.register_book == bindparam("book"))
    .scalar_subquery().label("used_register"),
    *backup.reserved_columns()))


def _allocate(conn: Connection, prefix: str, day: date, counter: int, block: int,
              book: str, agency_id: Any) -> tuple[str, int]:
    """The next code of this counter's share for ``day`` (see domain.codes for the rule) and
    the next number of register book ``book``, each after the last one a restored backup keeps
    reserved (``services.backup.restore``; usually none)."""
    try:
        lo, hi = codes.share_bounds(prefix, day, counter, block)
    except ValueError as exc:   # a counter beyond the unit's code_block
        raise ValidationError("counter", "counter_over_block", max=codes.max_counter(block),
                              block=block) from exc
    # a range, not LIKE: SQLite's LIKE is case-insensitive and cannot use the unique index
    last = _LAST_USED.one(conn, {"agency": agency_id, "book": book,
                                 **backup.reserved_params(lo, hi, book)})
    reserved = last.reserved_register
    try:
        code = codes.next_code(prefix, day, counter, block,
                               _last(last.used_code, last.reserved_code))
    except codes.CodeSpaceExhausted as exc:
        raise ValidationError("received_at", "code_space_exhausted",
                              size=codes.share_size(counter, block),
                              day=day.strftime("%d/%m/%Y")) from exc
    return code, int(_last(last.used_register,
                           int(reserved) if reserved is not None else None) or 0) + 1


#: Fields a correction may change, with their validators.
CORRECTABLE = {
    "name": lambda s, d: v.person_name(s, "value"),
    "id_number": lambda s, d: v.citizen_id(s, "value", d.birth_date),
    "birth_date": lambda s, d: _corrected_birth(s, d),
    "sex": lambda s, d: v.choice(s, "value", SEXES) if s else None,
    "phone": lambda s, d: v.phone(s, "value"),
    "email": lambda s, d: v.email(s, "value"),
    "address": lambda s, d: v.free_text(s, "value", 300),
    "org": lambda s, d: v.org_name(s, "value"),
    "sets": lambda s, d: v.int_range(s, "value", 1, 100),
    "notes": lambda s, d: v.free_text(s, "value", 2000, False, True, printed=False),
    "channel": lambda s, d: v.choice(s, "value", CHANNELS),
}
_COLUMN = {"name": "applicant_name", "org": "org_name"}


def _corrected_birth(value: str, d: Dossier) -> date | None:
    """A corrected birth date: not after the receipt, and agreeing with the stored CCCD."""
    if not value:
        return None
    born = v.parse_date(value, "value", max_date=d.received_at.astimezone(VN_TZ).date())
    if d.id_number:
        v.citizen_id(d.id_number, "value", born)
    return born


def correct(ctx: Context, code: str, field_name: str, value: str, reason: str) -> DossierDTO:
    """Correct one field of a saved dossier; the old and new values stay in its history.

    Raises:
        ValidationError: unknown field, invalid value, missing reason, voided dossier.
        NotFound: unknown code.
    """
    fname = v.choice(field_name, "field", tuple(CORRECTABLE))
    why = v.free_text(reason, "reason", 1000, required=True)
    with ctx.transaction() as session:
        permissions.require(session, ctx, "correct", target=code)
        d = load(session, code, for_update=True)
        if not wf.allowed("correct", d.status):
            raise transition_error("field", "correct", d.status)
        new = CORRECTABLE[fname](value, d)
        column = _COLUMN.get(fname, fname)
        old = getattr(d, column)
        setattr(d, column, new)
        if fname == "name":
            d.applicant_folded = tx.fold(str(new))
        add_event(session, ctx, d, "correct", ctx.now(),
                  {"field": fname, "old": _jsonable(old), "new": _jsonable(new), "reason": why})
        touch(session, d)
        audit.append(session, ctx.actor(session), "dossier.correct", target=d.code, field=fname)
        dto = to_dto(session, d, with_events=True, ctx=ctx)
        faults.hit("correct.before_commit")
        return dto


def _jsonable(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value
