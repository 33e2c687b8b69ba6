"""What syncs, in which order, and how each table is keyed and scoped.

The order is the foreign-key order: a parent is always pushed and pulled before its children
(agency → counter; procedure, agency → dossier → dossier_event). Audit entries reference
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Table

from onestop.storage.models import (
    Agency,
    AuditEntry,
    CalendarOverride,
    Counter,
    Dossier,
    DossierEvent,
    Procedure,
    ReceiptKey,
    User,
)


@dataclass(frozen=True)
class Spec:
    """How one table syncs.

    Attributes:
        table: the SQLAlchemy table (same on both sides).
        insert_only: rows never change once written (events, audit): ``ON CONFLICT DO NOTHING``.
        natural_key: columns that name the same thing on two installations (``procedure.code``);
            a local row with a central row's key but another id takes the central id.
        central_owned: catalogue, calendar and users: the central copy wins a version tie.
        parents: ``column -> table`` references to fetch when a pulled row's parent is missing.
    """

    table: Table
    insert_only: bool = False
    natural_key: tuple[str, ...] = ()
    central_owned: bool = False
    parents: tuple[tuple[str, str], ...] = ()
    deletable: bool = False

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def columns(self) -> list[str]:
        """The model's columns, in table order (central-only columns excluded)."""
        return [c.name for c in self.table.columns]


def _t(model: type) -> Table:
    return model.__table__  # type: ignore[attr-defined, no-any-return]


SPECS: tuple[Spec, ...] = (
    Spec(_t(Agency), natural_key=("code",), central_owned=True),
    Spec(_t(Counter), natural_key=("agency_id", "number"), central_owned=True,
         parents=(("agency_id", "agency"),)),
    # public keys of the counters' receipt QRs: written by their counter, read by all
    Spec(_t(ReceiptKey), natural_key=("key_id",)),
    Spec(_t(Procedure), natural_key=("code",), central_owned=True),
    Spec(_t(CalendarOverride), natural_key=("day",), central_owned=True, deletable=True),
    Spec(_t(User), natural_key=("username",), central_owned=True),
    Spec(_t(Dossier), parents=(("agency_id", "agency"), ("procedure_id", "procedure"))),
    Spec(_t(DossierEvent), insert_only=True, parents=(("dossier_id", "dossier"),)),
    Spec(_t(AuditEntry), insert_only=True),
)
BY_NAME: dict[str, Spec] = {s.name: s for s in SPECS}
ORDER: tuple[str, ...] = tuple(s.name for s in SPECS)
#: Pulled before the push so a first sync adopts the central ids of shared rows.
REFERENCE: tuple[str, ...] = ("agency", "counter", "procedure", "calendar_override", "app_user")
#: Tables whose row ids are referenced by other tables' columns (for re-keying).
REFERENCES: dict[str, tuple[tuple[str, str], ...]] = {
    "agency": (("counter", "agency_id"), ("dossier", "agency_id")),
    "procedure": (("dossier", "procedure_id"),),
}
