"""A sync session with the central server: its engine, this counter's identity, the cursors."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from sqlalchemy import Engine, create_engine, delete
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from onestop.services.context import Context
from onestop.services.errors import Unavailable
from onestop.storage.models import CURSOR, K_CENTRAL, K_INSTALLATION, LocalSetting
from onestop.sync import central, status
from onestop.storage.credentials import full_text
from onestop.sync.status import SyncError
from onestop.sync.apply import rekey
from onestop.sync.tables import BY_NAME
from onestop.storage.models import as_uuid

__all__ = ["CURSOR", "K_CENTRAL", "K_INSTALLATION"]  # re-exported: the keys live in storage.models
START = (0, "")


@dataclass
class Link:
    """The central engine and who this counter is (agency id is the local one)."""

    engine: Engine
    central_id: str
    agency_id: uuid.UUID
    agency_code: str
    counter_no: int
    #: connected as a counter login: the server's row-level security scopes every read
    rls: bool = False

    @property
    def origin(self) -> str:
        return f"{self.agency_code}#{self.counter_no}"


def central_engine(url: URL) -> Engine:
    """An engine for the counter's URL; TCP keep-alives so a vanished server is noticed."""
    return create_engine(
        full_text(url), pool_pre_ping=True, pool_size=1, max_overflow=1,
        hide_parameters=True,  # errors end up in the sync status: never with row values
        connect_args={"connect_timeout": 10, "application_name": "onestop-sync",
                      "keepalives": 1, "keepalives_idle": 20, "keepalives_interval": 5,
                      "keepalives_count": 3})


def installation_id(ctx: Context) -> str:
    """This installation's id (made once, kept in the local database)."""
    with ctx.transaction() as session:
        value = status.get(session, K_INSTALLATION)
        if value is None:
            value = str(uuid.uuid4())
            status.put(session, K_INSTALLATION, value)
        return value


@contextmanager
def open_link(ctx: Context, url: URL, replace: bool = False) -> Iterator[Link]:
    """Connect, check who we are on both sides, and reset the cursors for a new central.

    Raises:
        SyncError: not a central database, identity mismatch, counter held by another PC.
        Unavailable: the local database is not initialised.
    """
    engine = central_engine(url)
    try:
        installation = installation_id(ctx)
        with engine.connect() as conn:
            if not central.is_central(conn):
                raise SyncError("sync_not_central", 2)
            cid = central.central_id(conn)
            who = central.whoami(conn, installation, replace)
            conn.commit()
        link = _local_identity(ctx, engine, cid)
        link.rls = who is not None
        if who is not None and (who[1], who[2]) != (link.agency_code, link.counter_no):
            raise SyncError("sync_identity_mismatch", 2, central=f"{who[1]} quầy {who[2]}",
                            local=f"{link.agency_code} quầy {link.counter_no}")
        if who is not None and as_uuid(who[0]) != link.agency_id:
            # a first sync: take the central id of this agency now, from the server's own
            # answer — the pull may not see the agency row yet (it reads below the oldest
            # running transaction of the whole server), and pushing this PC's counter row
            # under its old local agency id would be refused by row-level security
            _adopt_agency(ctx, link.agency_id, as_uuid(who[0]))
            link.agency_id = as_uuid(who[0])
        yield link
    finally:
        engine.dispose()


def _local_identity(ctx: Context, engine: Engine, cid: str) -> Link:
    forget(ctx)
    with ctx.transaction() as session:
        ident = ctx.identity(session)
        if status.get(session, K_CENTRAL) != cid:
            # another central (or the first join): everything is pulled again from the start
            session.execute(delete(LocalSetting).where(LocalSetting.key.like(CURSOR + "%")))
            status.put(session, K_CENTRAL, cid)
    return Link(engine, cid, ident.agency_id, ident.agency_code, ident.counter_no)


def _adopt_agency(ctx: Context, local: uuid.UUID, central_id: uuid.UUID) -> None:
    with ctx.transaction() as session:
        rekey(session.connection(), BY_NAME["agency"], [(local, central_id)])
    forget(ctx)


def forget(ctx: Context) -> None:
    """Drop the context's cached identity (after the agency row was re-keyed)."""
    fn = getattr(ctx, "forget_identity", None)
    if fn is not None:
        fn()


def require_initialised(ctx: Context) -> bool:
    """Whether the local database has an identity (``onestop init`` or ``join`` ran)."""
    try:
        with ctx.reading() as session:
            forget(ctx)
            ctx.identity(session)
        return True
    except Unavailable:
        return False


def load_cursor(session: Session, table: str) -> tuple[int, str]:
    """The pull position of ``table``: (transaction id, last row id in it)."""
    value = status.get(session, CURSOR + table)
    if not value:
        return START
    xid, _, rid = value.partition(":")
    return int(xid), rid


def save_cursor(session: Session, table: str, xid: int, rid: str) -> None:
    status.put(session, CURSOR + table, f"{xid}:{rid}")


def reset_cursors(ctx: Context) -> None:
    """Pull everything again next time (after restoring a backup: ``onestop sync --full``)."""
    with ctx.transaction() as session:
        session.execute(delete(LocalSetting).where(LocalSetting.key.like(CURSOR + "%")))
