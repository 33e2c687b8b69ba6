"""Printing the desk's forms: the database in, PDF (or xlsx) bytes out. No Qt here.

Each call reads what its form needs in one session, renders with :mod:`onestop.printing` and
records what the audit log must hold in the same transaction:

* ``receipt.print`` the first time a dossier's receipt (Mẫu 01) is printed, and
  ``receipt.reprint`` with the officer's reason for every later copy (a reprint without a
  reason is refused) — the receipt is the citizen's proof of filing, so extra copies are
  accounted for;
* ``export.register`` for every export of the Sổ theo dõi hồ sơ (personal data in bulk).

Permissions (services.permissions): every role may ``print`` a dossier's forms and the public
catalogue; the register is an ``export`` (supervisor, admin). The GUI previews with
:func:`receipt_preview`, which renders without recording anything.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from onestop.domain import messages
from onestop.domain import validation as v
from onestop.domain import workflow as wf
from onestop.domain.calendar import WorkCalendar
from onestop.printing import (
    register_xlsx,
    render_apology,
    render_catalogue,
    render_control_sheet,
    render_receipt,
    render_refusal,
    render_register,
    render_stop,
    render_supplement,
)
from onestop.printing.models import AgencyHeader, DossierPrint
from onestop.printing.templates import FORM_TEMPLATES, template_for
from onestop.services import audit, permissions, receipt_keys
from onestop.services import form_data as fd
from onestop.services.context import Context
from onestop.services.dossiers import load, terms_of, to_dto
from onestop.services.dto import DossierDTO, EventDTO
from onestop.services.errors import ValidationError
from onestop.storage.models import Agency, AuditEntry, Dossier

__all__ = [
    "FORM_KINDS", "LAYOUTS", "REGISTER_FORMATS", "catalogue_pdf", "form_pdf",
    "receipt_pdf", "receipt_preview", "receipt_print_count", "register",
]

LAYOUTS: tuple[str, ...] = ("a4", "k80")
#: Forms printed from a dossier's events (``onestop form KIND CODE``).
FORM_KINDS: tuple[str, ...] = ("supplement", "refusal", "apology", "stop", "control")
REGISTER_FORMATS: tuple[str, ...] = ("pdf", "xlsx")
_PRINT_ACTIONS = ("receipt.print", "receipt.reprint")
#: The event each slip is issued from (named in the error when it is missing).
_FORM_EVENT = {"supplement": "supplement-request", "refusal": "refuse", "apology": "reschedule",
               "stop": "stop"}


# ----------------------------------------------------------------------------- receipt


def receipt_pdf(ctx: Context, code: str, layout: str = "a4",
                reprint_reason: str | None = None) -> bytes:
    """The receipt (Mẫu 01) to hand out or print, recorded in the audit log.

    The first print is logged as ``receipt.print``; any later one is a reprint and needs a
    reason, logged as ``receipt.reprint``.

    Args:
        ctx: Service context (any role may print).
        code: Dossier code.
        layout: ``"a4"`` (both copies) or ``"k80"`` (80 mm thermal roll).
        reprint_reason: Why another copy is printed; required after the first print.

    Returns:
        The PDF bytes.

    Raises:
        ValidationError: unknown layout, a reprint without a reason (field
            ``reprint_reason``), a dossier without a receipt (intake refusal, void).
        NotFound: unknown code.
    """
    layout = v.choice(layout, "layout", LAYOUTS)
    reason = v.free_text(reprint_reason, "reprint_reason", 500) if reprint_reason else None
    with ctx.transaction() as session:
        permissions.require(session, ctx, "print", target=code)
        record, agency = _receipt_record(session, ctx, code)
        printed = _print_count(session, record.code)
        if printed and not reason:
            raise ValidationError("reprint_reason", "reprint_reason_required",
                                  value=record.code, count=printed)
        # signed only now: a refused print writes nothing, not even a first key
        record = replace(record, qr_text=_qr_text(
            receipt_keys.signer_in(session, ctx), session, ctx, record.code))
        pdf = render_receipt(record, agency, layout, printed_at=ctx.now())  # type: ignore[arg-type]
        # logged last: the write lock is held only from here to the commit
        if printed:
            audit.append(session, ctx.actor(session), "receipt.reprint", target=record.code, reason=reason,
                         layout=layout, copy=printed + 1)
        else:
            audit.append(session, ctx.actor(session), "receipt.print", target=record.code, layout=layout)
        return pdf


def receipt_preview(ctx: Context, code: str, layout: str = "a4") -> bytes:
    """The receipt for the screen only: rendered like :func:`receipt_pdf`, nothing recorded.

    Raises:
        ValidationError: unknown layout, a dossier without a receipt.
        NotFound: unknown code.
    """
    layout = v.choice(layout, "layout", LAYOUTS)
    with ctx.reading() as session:
        permissions.require(session, ctx, "print", target=code)
        record, agency = _receipt_record(session, ctx, code)
        sign = receipt_keys.existing(session, ctx)
    if sign is None:   # the first receipt of this counter: its key is made (and published)
        sign = receipt_keys.signer(ctx)
    with ctx.reading() as session:
        record = replace(record, qr_text=_qr_text(sign, session, ctx, record.code))
    return render_receipt(record, agency, layout, printed_at=ctx.now())  # type: ignore[arg-type]


def receipt_print_count(ctx: Context, code: str) -> int:
    """How many times the receipt of ``code`` was printed (the GUI asks for a reason if > 0)."""
    with ctx.reading() as session:
        permissions.require(session, ctx, "print", target=code)
        return _print_count(session, load(session, code).code)


def _print_count(session: Session, code: str) -> int:
    # Counted from the audit log itself, so the rule cannot drift from what was recorded.
    return int(session.scalar(select(func.count()).select_from(AuditEntry).where(
        AuditEntry.action.in_(_PRINT_ACTIONS), AuditEntry.target == code)) or 0)


def _qr_text(sign: receipt_keys.Signer, session: Session, ctx: Context, code: str) -> str:
    """The receipt's signed QR payload (``domain.receipt_qr``)."""
    d = to_dto(session, load(session, code))
    return receipt_keys.receipt_text(
        sign, d.code, d.procedure_code, v.mask_citizen_id(d.id_number) if d.id_number else "",
        d.received_at, d.due_at)


def _receipt_record(session: Session, ctx: Context, code: str) -> tuple[DossierPrint, AgencyHeader]:
    src = _source(session, ctx, code)
    d = src.dossier
    intake_refused = bool(d.events and d.events[0].payload.get("intake_refusal"))
    if d.status == wf.VOID or intake_refused:
        raise ValidationError("code", "receipt_unavailable", value=d.code,
                              status=messages.token_label(d.status, messages.STATUS_LABELS))
    full_id = template_for("receipt", d.received_at).full_id
    return src.record(full_id=full_id), src.agency


# ------------------------------------------------------------------- slips and control sheet


@dataclass
class _Source:
    """What one dossier's forms are built from, read in one session."""

    row: Dossier
    dossier: DossierDTO
    agency: AgencyHeader
    names: dict[str, str]

    def record(self, full_id: bool = False, **changes: Any) -> DossierPrint:
        return replace(fd.dossier_print(self.dossier, self.agency, self.names, full_id),
                       **changes)

    def name(self, username: str) -> str:
        return self.names.get(username, username)


def _source(session: Session, ctx: Context, code: str) -> _Source:
    """The dossier with its history, the header of its agency, and its officers' names."""
    row = load(session, code)
    d = to_dto(session, row, with_events=True, ctx=ctx)
    agency_row = session.get(Agency, row.agency_id)
    assert agency_row is not None  # a foreign key: the agency row exists
    names = fd.full_names(session, [d.received_by, *(e.user for e in d.events)])
    return _Source(row, d, fd.header_at_receipt(d, fd.agency_header(agency_row)), names)


def form_pdf(ctx: Context, code: str, kind: str) -> bytes:
    """A slip issued from the dossier's history.

    ``supplement`` (Mẫu 02) from the latest supplement request, ``refusal`` (Mẫu 03) from the
    refusal (or the intake refusal), ``apology`` (Mẫu 04) from the latest reschedule,
    ``stop`` (Mẫu 05 of TT 03/2025/TT-VPCP) from the stop, ``control`` (Mẫu 05 of 2018,
    06 of 2025) with one hand-over row per transfer, result and return.

    Raises:
        ValidationError: unknown ``kind``, or the dossier has no event the form is issued
            from (field ``kind``).
        NotFound: unknown code.
    """
    kind = v.choice(kind, "kind", FORM_KINDS)
    with ctx.reading() as session:
        permissions.require(session, ctx, "print", target=code)
        src = _source(session, ctx, code)
        render = _SLIPS[kind](session, ctx, src)
    # rendered after the session is closed: nothing is held while reportlab works
    return render()


Renderer = Callable[[], bytes]


def _supplement(session: Session, ctx: Context, src: _Source) -> Renderer:
    e = _require_event(src.dossier, "supplement", fd.latest(src.dossier.events,
                                                            "supplement-request"))
    missing = [str(m) for m in e.payload.get("missing") or ()]
    reason = str(e.payload.get("reason") or "")
    record, agency, guide = src.record(), src.agency, src.name(e.user)
    return lambda: render_supplement(record, agency, missing, reason, guide, e.at)


def _refusal(session: Session, ctx: Context, src: _Source) -> Renderer:
    e = _require_event(src.dossier, "refusal", fd.refusal_event(src.dossier.events))
    # the officer who refused signs as NGƯỜI TIẾP NHẬN HỒ SƠ
    record, agency = src.record(officer_name=src.name(e.user)), src.agency
    reason = str(e.payload.get("reason") or "")
    return lambda: render_refusal(record, agency, reason, e.at)


def _apology(session: Session, ctx: Context, src: _Source) -> Renderer:
    e = _require_event(src.dossier, "apology", fd.latest(src.dossier.events, "reschedule"))
    terms, cal = _clock(session, ctx, src.row)
    # the letter quotes the appointment that is being moved, not the new one
    record = src.record(due_at=fd.due_before(src.dossier.events, e, terms, cal))
    agency = src.agency
    new_due = datetime.fromisoformat(str(e.payload["new_due"]))
    reason = str(e.payload.get("reason") or "")
    return lambda: render_apology(record, agency, reason, new_due, e.at)


def _stop(session: Session, ctx: Context, src: _Source) -> Renderer:
    e = _require_event(src.dossier, "stop", fd.latest(src.dossier.events, "stop"))
    ground = messages.STOP_GROUND_LABELS.get(str(e.payload.get("ground") or ""),
                                             messages.STOP_GROUND_LABELS["other"])
    reason = str(e.payload.get("reason") or "")
    record, agency = src.record(), src.agency
    return lambda: render_stop(record, agency, ground, reason, e.at)


def _control(session: Session, ctx: Context, src: _Source) -> Renderer:
    terms, cal = _clock(session, ctx, src.row)
    rows = fd.hand_overs(src.dossier, terms, cal)
    record, agency = src.record(), src.agency
    return lambda: render_control_sheet(record, agency, rows)


_SLIPS: dict[str, Callable[[Session, Context, _Source], Renderer]] = {
    "supplement": _supplement, "refusal": _refusal, "apology": _apology, "stop": _stop,
    "control": _control,
}


def _require_event(d: DossierDTO, kind: str, event: EventDTO | None) -> EventDTO:
    """The event a slip is issued from, or the error naming ``kind`` and the missing event."""
    if event is None:
        try:
            form = template_for(kind, d.received_at).label  # type: ignore[arg-type]
        except LookupError:  # a form newer than the dossier (Mẫu 05, the stop notice)
            form = [t for t in FORM_TEMPLATES if t.kind == kind][-1].label
        raise ValidationError("kind", "form_no_event", value=d.code, form=form,
                              event=messages.EVENT_LABELS[_FORM_EVENT[kind]])
    return event


def _clock(session: Session, ctx: Context, row: Dossier) -> tuple[wf.Terms, WorkCalendar]:
    """The dossier's clock terms and its agency's calendar (to judge each step)."""
    agency = session.get(Agency, row.agency_id)
    settings = ctx.agency_settings(agency) if agency else {}
    return terms_of(row, settings), ctx.calendar(session, agency)


# -------------------------------------------------------------------- register, catalogue


def register(ctx: Context, date_from: str | date, date_to: str | date,
             fmt: str = "pdf") -> bytes:
    """The Sổ theo dõi hồ sơ of this installation's agency for a period, audited.

    Args:
        ctx: Service context (supervisor or admin: ``export``).
        date_from: First local day (``YYYY-MM-DD`` or ``DD/MM/YYYY``).
        date_to: Last local day, not before ``date_from``.
        fmt: ``"pdf"`` (landscape A4) or ``"xlsx"``.

    Returns:
        The file's bytes.

    Raises:
        ValidationError: bad dates or format.
        Forbidden: the role may not export.
    """
    fmt = v.choice(fmt, "format", REGISTER_FORMATS)
    first = v.parse_date(date_from, "from")
    last = v.parse_date(date_to, "to_date")
    if last < first:
        raise ValidationError("to_date", "date_order", other=messages.label("from").lower())
    with ctx.transaction() as session:
        permissions.require(session, ctx, "export", target="register")
        ident = ctx.identity(session)
        agency_row = session.get(Agency, ident.agency_id)
        assert agency_row is not None
        agency = fd.agency_header(agency_row)
        data = fd.register_rows(session, ident.agency_id, first, last)
        out = (register_xlsx(data.rows, agency, first, last) if fmt == "xlsx"
               else render_register(data.rows, agency, first, last, book=data.book))
        audit.append(session, ctx.actor(session), "export.register", target=ident.agency_code,
                     date_from=first.isoformat(), date_to=last.isoformat(), format=fmt,
                     rows=len(data.rows))
        return out


def catalogue_pdf(ctx: Context) -> bytes:
    """The procedure catalogue for public posting (niêm yết), current as of today."""
    with ctx.reading() as session:
        permissions.require(session, ctx, "print", target="catalogue")
        today = ctx.calendar(session).to_local(ctx.now()).date()
        agency_row = session.get(Agency, ctx.identity(session).agency_id)
        assert agency_row is not None
        agency = fd.agency_header(agency_row)
        entries = fd.catalogue_entries(session, today)
    return render_catalogue(entries, agency, today)

