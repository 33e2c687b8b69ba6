"""The central register of handling agencies: ``onestop central add-agency`` (issue 14).

At a province's public service centre the handling agencies change — merged, renamed, new
communes (``rules.md`` §8). Like the procedure catalogue and the calendar, the register is
shared data: it is written on the central database, once, by a central administrator's
login (``central add-admin``) or the database owner, and every counter of the province pulls
it with its normal sync (the counters' policy ``directory`` reads every row; ``sync/pull.py``
takes the whole ``agency`` table). A counter's own ``agency add`` of another code stays on
that desk (docs/centre.md).

A central administrator writes only handling agencies (``kind`` ``agency``); a receiving
unit's row is made by ``central add-counter`` and kept by its own counters. One transaction:
a refused entry writes nothing. The database refuses it too (``central._DIRECTORY``, the
model's ``validity`` check).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Connection, select, update
from sqlalchemy.orm import Session

from onestop.domain import codes
from onestop.domain import units as un
from onestop.services.agencies import checked_entry
from onestop.services.errors import ValidationError
from onestop.storage.models import Agency, Procedure, utcnow
from onestop.sync.central import admin_engine
from onestop.sync.roles import _prefix, unit_id


@dataclass(frozen=True)
class Written:
    """What ``central add-agency`` wrote."""

    code: str
    name: str
    parent: str
    kind: str
    valid_from: date | None
    valid_to: date | None
    successor: str | None
    version: int
    created: bool
    procedures: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "parent": self.parent, "kind": self.kind,
                "valid_from": self.valid_from.isoformat() if self.valid_from else None,
                "valid_to": self.valid_to.isoformat() if self.valid_to else None,
                "successor": self.successor, "version": self.version,
                "created": self.created, "procedures": list(self.procedures)}


def add_agency(url: str, code: str, name: str | None = None, parent: str | None = None,
               valid_from: str | date | None = None, valid_to: str | date | None = None,
               successor: str | None = None, procedures: list[str] | None = None,
               update_existing: bool = False) -> Written:
    """Add a handling agency to the central register, or (``update_existing``) change one;
    with ``procedures``, attach it to those procedures of the catalogue (their ``agency``
    column gains its code: their counters may then receive them for it).

    ``None`` leaves a value as it is on an update; ``""`` clears the parent, dates or
    successor.

    Raises:
        ValidationError: malformed code, successor or dates; valid-to before valid-from;
            an unknown successor or the agency itself; a code already there (without
            ``update_existing``) or unknown (with it); an unknown procedure.
        SyncError: the database has not been through ``central init``.
        sqlalchemy.exc.DBAPIError: the login may not write it (a counter's or a reader's;
            a central administrator changing a receiving unit's row).
    """
    e = checked_entry(code, name, parent, valid_from, valid_to, successor or None,
                      update=update_existing)
    wanted = un.split_codes("|".join(procedures or ()))
    engine = admin_engine(url)
    try:
        with engine.begin() as conn:
            _prefix(conn)          # a central database
            with Session(bind=conn) as session:
                written = _write(session, conn, e, parent, valid_from, valid_to, successor,
                                 wanted, update_existing)
                session.flush()
        return written
    finally:
        engine.dispose()


def _write(session: Session, conn: Connection, e: Any, parent: str | None,
           valid_from: Any, valid_to: Any, successor: str | None, wanted: tuple[str, ...],
           update_existing: bool) -> Written:
    row = session.scalar(select(Agency).where(Agency.code == e.code))
    if row is None and update_existing:
        raise ValidationError("agency_code", "unknown_agency", value=e.code)
    if row is not None and not update_existing:
        raise ValidationError("agency_code", "duplicate", value=e.code)
    if e.successor is not None:
        if e.successor == e.code:
            raise ValidationError("successor", "invalid_value")
        if session.scalar(select(Agency.id).where(Agency.code == e.successor)) is None:
            raise ValidationError("successor", "unknown_agency", value=e.successor)
    found = dict(session.execute(select(Procedure.code, Procedure.agency_codes)
                                 .where(Procedure.code.in_(wanted))).all()) if wanted else {}
    for p in wanted:
        if p not in found:
            raise ValidationError("procedure", "unknown_procedure", value=p)
    created = row is None
    if row is None:
        row = Agency(id=unit_id(e.code), code=e.code, name=e.name, kind="agency",
                     parent_name=e.parent or "", valid_from=e.valid_from,
                     valid_to=e.valid_to, successor_code=e.successor,
                     settings={"code_block": codes.DEFAULT_BLOCK})
        session.add(row)
    else:
        values: dict[str, Any] = {}
        if e.name:
            values["name"] = e.name
        if parent is not None:
            values["parent_name"] = e.parent or ""
        if valid_from is not None:
            values["valid_from"] = e.valid_from
        if valid_to is not None:
            values["valid_to"] = e.valid_to
        if successor is not None:
            values["successor_code"] = e.successor
        start = values.get("valid_from", row.valid_from)
        end = values.get("valid_to", row.valid_to)
        if start and end and end < start:
            raise ValidationError("valid_to", "invalid_value")
        if values:
            # Core, so a central administrator's refused row (a unit's) is a clear refusal
            done = conn.execute(update(Agency).where(Agency.id == row.id).values(
                **values, version=Agency.version + 1, updated_at=utcnow()))
            if done.rowcount != 1:
                raise ValidationError("agency_code", "central_unit_row", value=e.code)
            session.expire(row)
    for p in wanted:
        codes_now = un.split_codes(found[p])
        if e.code not in codes_now:
            conn.execute(update(Procedure).where(Procedure.code == p).values(
                agency_codes=un.join_codes((*codes_now, e.code)),
                version=Procedure.version + 1, updated_at=utcnow()))
    session.flush()
    return Written(row.code, row.name, row.parent_name or "", row.kind, row.valid_from,
                   row.valid_to, row.successor_code, row.version, created, wanted)
