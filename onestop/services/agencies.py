"""Receiving units and handling agencies: the register of them, and what a receipt records.

See :mod:`onestop.domain.units` for the two roles. Units and agencies are rows of the
``agency`` table (``kind`` unit, agency or both) and sync like it: an administrator adds them
here or centrally, and every counter pulls them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, bindparam, func, select
from sqlalchemy.orm import Session

from onestop.domain import codes
from onestop.domain import units as un
from onestop.domain import validation as v
from onestop.services import audit, permissions
from onestop.services.context import AGENCY_DEFAULTS, Context
from onestop.services.errors import ValidationError
from onestop.storage.models import Agency, Counter, Outbox
from onestop.storage.models import Procedure

_A = Agency.__table__.c
_BY_CODES = select(_A.code, _A.name, _A.parent_name, _A.unit_name, _A.address, _A.place_name,
                   _A.kind, _A.valid_from, _A.valid_to, _A.successor_code).where(
    _A.code.in_(bindparam("codes", expanding=True)))


_HANDLING = select(_A.code).where(_A.kind.in_(("agency", "both"))).order_by(_A.code)


def unit_of(row: Any) -> un.Unit:
    """The :class:`Unit` of an ``agency`` row (ORM instance or Core row)."""
    return un.Unit(row.code, row.name, row.parent_name or "", row.unit_name or "",
                   row.address or "", row.place_name or "", getattr(row, "phone", "") or "")


def agency_of(row: Any) -> un.HandlingAgency:
    return un.HandlingAgency(row.code, row.name, row.parent_name or "", row.valid_from,
                             row.valid_to, row.successor_code)


def settings_of(row: Any) -> dict[str, Any]:
    return {**AGENCY_DEFAULTS, **(row.settings or {})}


def prefix_code(unit_row: Any, agency_code: str) -> str:
    """The identity code that prefixes the unit's dossier codes (setting ``code_prefix``)."""
    return agency_code if settings_of(unit_row).get("code_prefix") == "agency" else unit_row.code


def receipt_parties(conn: Connection, unit_row: Any, procedure_agencies: str | None,
                    requested: str | None, return_unit: str | None,
                    day: date) -> tuple[str, str, dict[str, Any]]:
    """The handling agency, the return point and their names as at receipt.

    The usual single-agency receipt needs no query: the unit decides and returns.

    Raises:
        ValidationError(``agency`` / ``return_unit``): see :func:`domain.units.handling_agency`;
            an unknown agency or unit, an agency outside its validity dates.
    """
    requested = (requested or "").strip().upper() or None
    wanted_return = (return_unit or "").strip().upper() or None
    unit = unit_of(unit_row)
    listed = un.split_codes(procedure_agencies)
    if not listed and unit_row.kind == "unit":
        # a centre's procedure that names no agency: any agency the centre receives for
        listed = tuple(conn.execute(_HANDLING).scalars())
    agency_code = un.handling_agency(listed, unit.code, requested)
    return_code = wanted_return or unit.code
    needed = {c for c in (agency_code, return_code) if c != unit.code}
    found: dict[str, Any] = {}
    if needed:
        found = {r.code: r for r in conn.execute(_BY_CODES, {"codes": sorted(needed)})}
    if agency_code == unit.code:
        agency = un.HandlingAgency(unit.code, unit.name, unit.parent,
                                   unit_row.valid_from, unit_row.valid_to,
                                   unit_row.successor_code)
    elif agency_code in found and found[agency_code].kind in ("agency", "both"):
        agency = agency_of(found[agency_code])
    else:
        raise ValidationError("agency", "unknown_agency", value=agency_code)
    un.check_valid_on(agency, day)
    if return_code == unit.code:
        back = unit
    elif return_code in found and found[return_code].kind in ("unit", "both"):
        back = unit_of(found[return_code])
    else:
        raise ValidationError("return_unit", "unknown_unit", value=return_code)
    names = un.NamesAtReceipt(unit.frozen(), agency.frozen(), back.frozen())
    return agency.code, back.code, names.as_json()


# --- the register ---------------------------------------------------------------------------

def _row_json(a: Agency, counters: int = 0) -> dict[str, Any]:
    return {"code": a.code, "name": a.name, "parent": a.parent_name, "kind": a.kind,
            "place": a.place_name, "address": a.address,
            "valid_from": a.valid_from.isoformat() if a.valid_from else None,
            "valid_to": a.valid_to.isoformat() if a.valid_to else None,
            "successor": a.successor_code, "counters": counters}


def list_agencies(ctx: Context) -> list[dict[str, Any]]:
    """Every unit and agency, by code, with the number of counters of each unit."""
    with ctx.reading() as session:
        counts = dict(session.execute(select(Counter.agency_id, func.count())
                                      .group_by(Counter.agency_id)).all())
        rows = session.scalars(select(Agency).order_by(Agency.code)).all()
        return [_row_json(a, int(counts.get(a.id, 0))) for a in rows]


def handling_choices(ctx: Context, procedure_code: str) -> list[tuple[str, str]]:
    """The agencies that may decide ``procedure_code`` at this unit, as (code, name); the
    unit itself when the procedure names none."""

    with ctx.reading() as session:
        unit = session.get(Agency, ctx.identity(session).agency_id)
        assert unit is not None
        listed = session.scalar(select(Procedure.agency_codes).where(
            Procedure.code == procedure_code.strip().upper()))
        wanted = un.split_codes(listed)
        if not wanted:
            wanted = (tuple(core_codes(session)) if unit.kind == "unit" else (unit.code,))
        names = dict(session.execute(select(Agency.code, Agency.name)
                                     .where(Agency.code.in_(wanted))).all())
        return [(c, names.get(c, c)) for c in wanted]


def core_codes(session: Session) -> list[str]:
    """Identity codes of every handling agency."""
    return list(session.execute(_HANDLING).scalars())


def return_choices(ctx: Context) -> list[tuple[str, str]]:
    """The units a citizen may collect a result at: this unit first, then the others."""
    with ctx.reading() as session:
        me = ctx.identity(session).agency_code
        rows = session.execute(select(Agency.code, Agency.name).where(
            Agency.kind.in_(("unit", "both"))).order_by(Agency.code)).all()
        return sorted(((r.code, r.name) for r in rows), key=lambda r: (r[0] != me, r[0]))


def add_agency(ctx: Context, code: str, name: str | None, parent: str | None = None,
               valid_from: str | date | None = None, valid_to: str | date | None = None,
               successor: str | None = None, kind: str = "agency", place: str | None = None,
               address: str | None = None, update: bool = False) -> dict[str, Any]:
    """Add a handling agency or unit (admin); ``update`` edits an existing one instead.

    Raises:
        ValidationError: malformed code or dates, unknown successor, a code already there
            (without ``update``), an unknown code (with ``update``).
    """
    e = checked_entry(code, name, parent, valid_from, valid_to, successor, kind, place,
                      address, update)
    the_code, the_name, the_parent, the_place, the_address = (
        e.code, e.name, e.parent, e.place, e.address)
    the_kind, start, end, heir = e.kind, e.valid_from, e.valid_to, e.successor
    with ctx.transaction() as session:
        permissions.require(session, ctx, "settings", target=the_code or "")
        row = session.scalar(select(Agency).where(Agency.code == the_code))
        if heir and heir != the_code and session.scalar(
                select(Agency.id).where(Agency.code == heir)) is None:
            raise ValidationError("successor", "unknown_agency", value=heir)
        if row is not None and not update:
            raise ValidationError("agency_code", "duplicate", value=the_code)
        if row is None and update:
            raise ValidationError("agency_code", "unknown_agency", value=the_code)
        if row is None:
            row = Agency(code=the_code, name=the_name, kind=the_kind,
                         settings={"code_block": codes.DEFAULT_BLOCK})
            session.add(row)
        else:
            if the_name:
                row.name = the_name
            if kind and row.kind != the_kind and row.kind != "both":
                row.kind = "both"   # an agency that also receives, or a unit that decides
            row.version += 1
        if parent is not None:
            row.parent_name = the_parent or ""
        if place is not None:
            row.place_name = the_place or ""
        if address is not None:
            row.address = the_address or ""
        if valid_from is not None:
            row.valid_from = start
        if valid_to is not None:
            row.valid_to = end
        if successor is not None:
            row.successor_code = heir
        if row.valid_from and row.valid_to and row.valid_to < row.valid_from:
            raise ValidationError("valid_to", "invalid_value")
        session.flush()
        if row.id == ctx.identity(session).agency_id:
            # this installation's own unit syncs as before; other units and the handling
            # agencies are central reference data (a counter's login may not write them):
            # kept here for this desk, pulled from the central database where it has them
            session.add(Outbox(table_name="agency", row_id=row.id))
        audit.append(session, ctx.actor(session), "agency.update" if update else "agency.add",
                     target=row.code)
        return _row_json(row)


@dataclass(frozen=True)
class Entry:
    """A checked entry of the register (``None``: not given)."""

    code: str
    name: str | None
    parent: str | None
    place: str | None
    address: str | None
    kind: str
    valid_from: date | None
    valid_to: date | None
    successor: str | None


def checked_entry(code: str, name: str | None, parent: str | None = None,
                  valid_from: str | date | None = None, valid_to: str | date | None = None,
                  successor: str | None = None, kind: str = "agency",
                  place: str | None = None, address: str | None = None,
                  update: bool = False) -> Entry:
    """The checks of an entry that need no database (here and ``central add-agency``).

    Raises:
        ValidationError: malformed code, successor or dates, a name missing (without
            ``update``), valid-to before valid-from.
    """
    c = v.Collector()
    the_code = c.check(un.check_code, code, "agency_code")
    the_name = c.check(v.free_text, name, "agency_name", 200, not update)
    the_parent = c.check(v.free_text, parent, "parent_name", 200)
    the_place = c.check(v.free_text, place, "place_name", 100)
    the_address = c.check(v.free_text, address, "address", 300)
    the_kind = c.check(v.choice, kind, "kind", un.KINDS)
    start = c.check(_date, valid_from, "valid_from")
    end = c.check(_date, valid_to, "valid_to")
    heir = c.check(un.check_code, successor, "successor") if successor else None
    if start and end and end < start:
        c.add("valid_to", "invalid_value")
    c.raise_if_any()
    return Entry(the_code or "", the_name, the_parent, the_place, the_address,
                 the_kind or kind, start, end, heir)


def _date(value: str | date | None, field_name: str) -> date | None:
    if value in (None, ""):
        return None
    return v.parse_date(value, field_name, min_date=date(1945, 9, 2))


def check_counter(session: Session, unit: Agency, number: int) -> None:
    """Whether ``unit`` may have counter ``number``: within its ``code_block``; and when it
    prefixes codes with the handling agency's code, not a number another unit doing so uses,
    and at most 99 such counters in all.

    Raises:
        ValidationError(``counter``): naming the setting to change.
    """
    settings = settings_of(unit)
    block = int(settings.get("code_block", codes.DEFAULT_BLOCK))
    if not 1 <= number <= codes.max_counter(block):
        raise ValidationError("counter", "counter_over_block", max=codes.max_counter(block),
                              block=block)
    if settings.get("code_prefix") != "agency":
        return
    sharing = [a.id for a in session.scalars(select(Agency))
               if settings_of(a).get("code_prefix") == "agency"]
    taken = session.execute(select(Counter.agency_id, Counter.number).where(
        Counter.agency_id.in_(sharing))).all()
    if number in {n for a, n in taken if a != unit.id}:
        raise ValidationError("counter", "duplicate", value=str(number))
    if len({(a, n) for a, n in taken} | {(unit.id, number)}) > codes.MAX_SHARED_PREFIX_COUNTERS:
        raise ValidationError("counter", "shared_prefix_full", count=len(taken),
                              value=unit.code, max=codes.MAX_SHARED_PREFIX_COUNTERS)
