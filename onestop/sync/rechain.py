"""Continue this counter's hash chains after the central copy when a PC replaces another.

Events and audit entries are chained per origin (``agency#counter``). A PC that takes over a
counter (``onestop join --replace``, or a reinstalled PC) starts its local chains at 1 while
the central database already holds the old PC's entries under the same origin. Before such
entries are pushed, the ones the central server does not have are renumbered after the
central tip and re-hashed; they were never sent anywhere, so nobody holds the old numbers.
Normal cycles find nothing to do (two small queries).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from sqlalchemy import Connection, func, select
from sqlalchemy.orm import Session

from onestop.services import audit
from onestop.services.context import Context
from onestop.storage.chain import audit_fields, entry_hash, event_fields
from onestop.storage.models import AuditEntry, DossierEvent, Outbox
from onestop.sync.link import Link

_CHAINS: tuple[tuple[Any, Callable[[Any], Mapping[str, Any]]], ...] = (
    (AuditEntry, audit_fields), (DossierEvent, event_fields))


def rechain(ctx: Context, link: Link) -> int:
    """Renumber unsent own entries that collide with central ones; returns how many."""
    moved = 0
    with link.engine.connect() as cconn:
        for model, fields in _CHAINS:
            with ctx.transaction() as session:
                moved += _one(session, cconn, model, fields, link.origin)
        cconn.rollback()
    return moved


def _one(session: Session, cconn: Connection, model: Any,
         fields: Callable[[Any], Mapping[str, Any]], origin: str) -> int:
    unsent = select(Outbox.row_id).where(Outbox.table_name == model.__tablename__,
                                         Outbox.sent_at.is_(None))
    first = session.scalar(select(func.min(model.seq)).where(model.origin == origin,
                                                             model.id.in_(unsent)))
    if first is None:
        return 0
    central: dict[int, Any] = dict(cconn.execute(select(model.seq, model.id).where(
        model.origin == origin, model.seq >= first)).all())
    local = list(session.scalars(select(model).where(model.origin == origin, model.seq >= first)
                                 .order_by(model.seq)))
    if all(central.get(e.seq) in (None, e.id) for e in local):
        return 0  # the usual case: our entries follow the central tip (or are already there)
    tip_seq, tip_hash = cconn.execute(select(model.seq, model.hash).where(
        model.origin == origin).order_by(model.seq.desc()).limit(1)).one()
    known = set(central.values())
    mine = [e for e in local if e.id not in known]
    for i, e in enumerate(mine):  # out of the way of the unique (origin, seq) first
        e.seq = -1 - i
    session.flush()
    prev = str(tip_hash)
    for i, e in enumerate(mine):
        e.seq, e.prev_hash = int(tip_seq) + 1 + i, prev
        e.hash = entry_hash(prev, fields(e))
        prev = e.hash
    if model is AuditEntry and mine:
        audit.set_anchor(session, mine[-1])   # the anchor follows the renumbered tip
    session.flush()
    return len(mine)
