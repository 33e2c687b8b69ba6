"""Compare this counter's hash chains with the central copy before anything is sent.

Locally, someone holding the file can rewrite the tail of a chain and re-hash it
consistently: ``audit verify`` then finds nothing, because every link is right again. The
central copy of what was already synced cannot be rewritten by the counter's login (events
and audit entries are insert-only there), so it is the anchor: at the start of every cycle
the tip the central server holds for this counter's origin — audit log and dossier events —
must be found, unchanged, in the local chain. When it is not, the cycle stops before pushing
(the diverging history is never mixed into the central copy), an audit entry records the
alarm once, and the sync state says so in plain Vietnamese with exit code 1, as ``audit
verify`` does for a broken chain.

Cost: one indexed query per chain on each side.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.orm import Session

from onestop.services import audit
from onestop.services.context import Context
from onestop.storage.models import AuditEntry, DossierEvent
from onestop.sync import status
from onestop.sync.link import Link
from onestop.sync.status import SyncError
import json

CODE = "sync_chain_diverged"
#: the chains compared, with the Vietnamese name the alarm uses
CHAINS: tuple[tuple[Any, str], ...] = ((AuditEntry, "nhật ký kiểm tra"),
                                      (DossierEvent, "lịch sử hồ sơ"))


@dataclass(frozen=True)
class Divergence:
    """Where the local chain of ``origin`` stops matching the central copy."""

    table: str
    label: str
    origin: str
    seq: int


def _hash_at(conn: Connection | Session, model: Any, origin: str, seq: int,
             column: str = "hash") -> str | None:
    col = getattr(model, column)
    value = conn.execute(select(col).where(model.origin == origin, model.seq == seq)).scalar()
    return None if value is None else str(value)


def _tip(conn: Connection | Session, model: Any, origin: str) -> tuple[int, str] | None:
    row = conn.execute(select(model.seq, model.hash).where(model.origin == origin)
                       .order_by(model.seq.desc()).limit(1)).first()
    return None if row is None else (int(row[0]), str(row[1]))


def diverging_seq(local: Session, central: Connection, model: Any, origin: str) -> int | None:
    """The first sequence number at which the two copies of ``origin``'s chain are known to
    differ, or None when they agree as far as both go.

    * the local entry at the central tip must carry the central hash;
    * a local chain already past the tip without it (a PC that replaced another continues
      after the central tip, :mod:`onestop.sync.rechain`) must link to it;
    * a local chain behind the central copy (a restored backup) must end on an entry the
      central server holds unchanged.
    """
    tip = _tip(central, model, origin)
    if tip is None:
        return None
    seq, digest = tip
    mine = _hash_at(local, model, origin, seq)
    if mine is not None:
        return None if mine == digest else seq
    after = _hash_at(local, model, origin, seq + 1, "prev_hash")
    if after is not None:
        return None if after == digest else seq + 1
    local_tip = _tip(local, model, origin)
    if local_tip is None or local_tip[0] > seq:
        return None      # nothing here yet, or a gap ``audit verify`` names by itself
    theirs = _hash_at(central, model, origin, local_tip[0])
    return None if theirs in (None, local_tip[1]) else local_tip[0]


def compare(ctx: Context, link: Link) -> list[Divergence]:
    """Every chain of this counter whose local copy differs from the central one."""
    found: list[Divergence] = []
    with link.engine.connect() as cconn, ctx.reading() as session:
        for model, label in CHAINS:
            seq = diverging_seq(session, cconn, model, link.origin)
            if seq is not None:
                found.append(Divergence(model.__tablename__, label, link.origin, seq))
        cconn.rollback()
    return found


def check(ctx: Context, link: Link) -> None:
    """Stop the cycle when a chain diverges from the central copy (audited once).

    Raises:
        SyncError: ``sync_chain_diverged``, exit code 1.
    """
    found = compare(ctx, link)
    if not found:
        return
    first = found[0]
    with ctx.transaction() as session:
        if _last_error_code(session) != CODE:   # the alarm is recorded once, not every cycle
            audit.append(session, ctx.actor(session), "sync.chain_diverged", target=first.origin,
                         outcome="refused",
                         chains={d.table: d.seq for d in found})
    raise SyncError(CODE, 1, value=first.origin, chain=first.label, seq=first.seq)


def _last_error_code(session: Session) -> str | None:
    raw = status.get(session, status.K_ERROR)
    return json.loads(raw).get("code") if raw else None
