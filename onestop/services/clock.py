"""Clock sanity: refuse to receive on a PC whose clock is clearly behind.

A receipt takes its code (``…-YYMMDD-…``), its register book (``KK/YYYY``) and its
appointment from the PC's clock. A clock a year behind silently issues codes and a register
book of the wrong year. Time never runs backwards for this installation, so "now" must not be
earlier than what it already knows happened:

* the latest instant of its own audit chain (kept with the chain's anchor, so a log-in at a
  wrong clock does not lower it) and the newest entries of its own audit and event chains
  (their instants are the application's clock when written; back-dated receipts record an
  *earlier* instant and never raise this bound);
* the central server's clock at the last successful sync (``sync.server_time``).

More than the agency setting ``clock_margin_minutes`` earlier, and ``receive`` is refused
with ``clock: …`` unless an administrator confirms the clock; the confirmation is audited
and remembered, so the receipts after it (written at the confirmed clock) pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Connection, bindparam, select
from sqlalchemy.orm import Session

from onestop.domain import messages
from onestop.domain.calendar import VN_TZ
from onestop.services import audit
from onestop.services.context import Context, Identity
from onestop.services.errors import ValidationError
from onestop.storage.db import core
from onestop.storage.models import AuditEntry, DossierEvent, LocalSetting
from onestop.storage.sqlfn import ONE

#: ``local_setting`` keys: the central server's clock at the last successful sync, and the
#: reference instant an administrator last confirmed the clock against.
K_SERVER_TIME = "sync.server_time"
K_CONFIRMED = "clock.confirmed"


@dataclass(frozen=True)
class Reference:
    """The latest instant this installation knows has passed, and where it comes from."""

    at: datetime
    source: str   # "database" or "server"


def _tip_at(model: type[AuditEntry] | type[DossierEvent]) -> Any:
    t = model.__table__  # type: ignore[attr-defined]
    return (select(t.c.at).where(t.c.origin == bindparam("origin"))
            .order_by(t.c.seq.desc()).limit(ONE).scalar_subquery())


def _setting_value(key: str) -> Any:
    t = LocalSetting.__table__
    return select(t.c.value).where(t.c.key == bindparam(key)).scalar_subquery()


def reference_columns() -> list[Any]:
    """Everything :func:`reference` reads, as four labelled columns (``clock_anchor``,
    ``clock_server``, ``clock_audit_at``, ``clock_event_at``; parameters: see
    :func:`reference_params`): the audit anchor, the last sync's server time, and the
    instants of both chains' tips. A receipt reads them in the statement that reads the rest
    of what it checks."""
    return [_setting_value("anchor_key").label("clock_anchor"),
            _setting_value("server_key").label("clock_server"),
            _tip_at(AuditEntry).label("clock_audit_at"),
            _tip_at(DossierEvent).label("clock_event_at")]


def reference_params(ident: Identity) -> dict[str, Any]:
    """The parameters of :func:`reference_columns`."""
    return {"anchor_key": audit.ANCHOR + ident.origin, "server_key": K_SERVER_TIME,
            "origin": ident.origin}


#: Everything :func:`reference` reads, in one prepared statement.
_REFERENCE = select(*reference_columns())


def _instant(value: str | None) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except ValueError:
        return None
    return parsed if parsed is None or parsed.tzinfo else parsed.replace(tzinfo=UTC)


def reference(session: Session | Connection, ident: Identity) -> Reference | None:
    """The latest of the own chains' instants and the last sync's server time."""
    return reference_of(core(session).execute(_REFERENCE, reference_params(ident)).one())


def reference_of(row: Any) -> Reference | None:
    """:func:`reference` from the columns of :func:`reference_columns` read in ``row``."""
    found = [Reference(t, "database") for t in (
        audit.anchor_latest(row.clock_anchor), row.clock_audit_at, row.clock_event_at)
        if t is not None]
    server_at = _instant(row.clock_server)
    if server_at is not None:
        found.append(Reference(server_at, "server"))
    return max(found, key=lambda r: r.at) if found else None


_UNREAD: Any = object()


def check(session: Session | Connection, ctx: Context, ident: Identity, now: datetime,
          settings: dict[str, Any], confirmed: bool, ref: Reference | None = _UNREAD) -> None:
    """Refuse a receipt when ``now`` is behind what already happened (see module doc).

    Args:
        session: the receipt's ORM session or Core connection (``Context.writing``).
        ref: the :func:`reference` the caller already read in its transaction
            (:func:`reference_of`); read here when not given.
        confirmed: an administrator confirmed the clock (the caller checked the role).

    Raises:
        ValidationError: ``clock`` / ``clock_behind`` when not confirmed.
    """
    if ref is _UNREAD:
        ref = reference(session, ident)
    margin = timedelta(minutes=int(settings["clock_margin_minutes"]))
    if ref is None or now >= ref.at - margin:
        return
    accepted = _instant(core(session).execute(_CONFIRMED, {"key": K_CONFIRMED}).scalar())
    if accepted is not None and accepted >= ref.at:
        return  # an administrator already confirmed this clock against this reference
    if not confirmed:
        raise ValidationError(
            "clock", "clock_behind", now=now.astimezone(VN_TZ),
            reference=ref.at.astimezone(VN_TZ), minutes=int(margin.total_seconds() // 60),
            source=messages.CLOCK_SOURCES[ref.source])
    if isinstance(session, Connection):
        # the rare confirmation: an ORM session joined to the receipt's transaction (it
        # neither commits nor rolls that back), for the audit chain's helpers
        with Session(bind=session) as joined:
            _confirm(joined, ctx, now, ref)
            joined.flush()
    else:
        _confirm(session, ctx, now, ref)


_CONFIRMED = select(LocalSetting.__table__.c.value).where(
    LocalSetting.__table__.c.key == bindparam("key"))


def _confirm(session: Session, ctx: Context, now: datetime, ref: Reference) -> None:
    """Remember and audit an administrator's confirmation of the clock against ``ref``."""
    row = session.get(LocalSetting, K_CONFIRMED)
    if row is None:
        session.add(LocalSetting(key=K_CONFIRMED, value=ref.at.isoformat()))
    else:
        row.value = ref.at.isoformat()
    audit.append(session, ctx.actor(session), "clock.confirmed", target=ref.source,
                 now=now.isoformat(), reference=ref.at.isoformat())
