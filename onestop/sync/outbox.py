"""The outbox as the GUI's outbox view shows it (pending entries, retry)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update

from onestop.services.context import Context
from onestop.storage.models import Outbox


@dataclass(frozen=True)
class OutboxItem:
    """One change waiting for the central server."""

    id: int
    table: str
    row_id: str
    created_at: datetime
    attempts: int
    last_error: str | None


def pending(ctx: Context, limit: int = 200) -> list[OutboxItem]:
    """The oldest unsent outbox entries (the push order)."""
    with ctx.reading() as session:
        rows = session.scalars(select(Outbox).where(Outbox.sent_at.is_(None))
                               .order_by(Outbox.id).limit(limit))
        return [OutboxItem(r.id, r.table_name, str(r.row_id), r.created_at, r.attempts,
                           r.last_error) for r in rows]


def retry(ctx: Context) -> int:
    """Clear the recorded errors so the next cycle retries everything; returns the count."""
    with ctx.transaction() as session:
        result = session.execute(update(Outbox).where(Outbox.sent_at.is_(None),
                                                      Outbox.last_error.is_not(None))
                                 .values(last_error=None))
        return int(getattr(result, "rowcount", 0) or 0)


def resend_since(ctx: Context, since: datetime) -> int:
    """Queue again every change sent after ``since`` (after restoring the central database).

    Replays are harmless: the central side keeps the higher version and ignores known events.
    """
    with ctx.transaction() as session:
        result = session.execute(update(Outbox).where(Outbox.sent_at >= since)
                                 .values(sent_at=None, last_error=None))
        return int(getattr(result, "rowcount", 0) or 0)
