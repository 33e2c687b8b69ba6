"""A chip ID card's QR scanned at the desk: what it fills, and who the citizen already is.

``read(ctx, text)`` parses and repairs the QR (``domain.cccd``) and looks up the citizen's
earlier dossiers by identity number, so the receive form can offer the contact details of
the last one (the officer confirms them with the citizen) and any other screen can open the
person's dossiers. Nothing is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select

from onestop.domain import cccd
from onestop.services import permissions
from onestop.services.context import Context
from onestop.storage.models import Dossier


@dataclass(frozen=True)
class Previous:
    """The citizen's earlier dossiers here: how many, and the last one's contact details."""

    count: int
    last_code: str
    phone: str | None
    email: str | None
    address: str | None


@dataclass(frozen=True)
class CardScan:
    card: cccd.CardData
    previous: Previous | None


def read(ctx: Context, text: str) -> CardScan:
    """Parse a scanned card QR and find the citizen's earlier dossiers.

    Raises:
        ValidationError: a truncated or forged card QR (see :func:`domain.cccd.parse`).
        Forbidden: the acting user may not receive.
    """
    card = cccd.parse(text)
    with ctx.reading() as session:
        permissions.require(session, ctx, "receive")
        count = session.scalar(select(func.count()).select_from(Dossier).where(
            Dossier.id_number == card.id_number)) or 0
        last = None
        if count:
            last = session.execute(
                select(Dossier.code, Dossier.phone, Dossier.email, Dossier.address)
                .where(Dossier.id_number == card.id_number)
                .order_by(Dossier.received_at.desc()).limit(1)).first()
    previous = None if last is None else Previous(int(count), last.code, last.phone,
                                                  last.email, last.address)
    return CardScan(card, previous)
