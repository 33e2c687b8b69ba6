"""The desk's start path: is the schema current, and which agency and counter is this.

Everything the desktop application reads between opening the database and showing the login
dialog, kept apart from :mod:`onestop.services.install.setup` (creating and upgrading), which
loads Alembic and, through the calendar and the forms, the printing layer (reportlab,
openpyxl): on the usual start — a database already at the newest revision — none of them is
imported (issue 19: cold start to the main window ≤ 1.5 s). The newest revision is read from
the revision files (:func:`onestop.storage.db.quick_head`; ``tests/install/test_upgrade.py``
checks it against Alembic's own head).

A reader login on the central database (``Context.reader``, issue 19) is never upgraded or
initialised here: a schema behind this version is refused with a message for the
administrator.
"""

from __future__ import annotations

import os

from onestop.services.context import Context
from onestop.services.dto import AgencyInfo
from onestop.services.errors import Unavailable
from onestop.storage import credentials, db
from onestop.storage.models import Agency


def schema_current(ctx: Context) -> bool:
    """Whether the database is at the newest revision shipped with this version (one small
    query; False on any doubt, so that the caller runs the real, safe upgrade)."""
    return db.at_head(ctx.engine)


def require_current(ctx: Context) -> None:
    """For a session that may not upgrade (a reader login): the schema must be current.

    Raises:
        Unavailable: the central database is behind this version (``central init`` upgrades
            it) — exit 5, nothing written.
    """
    if not schema_current(ctx):
        raise Unavailable("db", "central_not_upgraded")


def agency_info(ctx: Context) -> AgencyInfo:
    """The agency and counter of this installation, with its settings.

    Raises:
        Unavailable: ``not_initialised`` before ``onestop init``.
    """
    with ctx.reading() as session:
        ident = ctx.identity(session)
        a = session.get(Agency, ident.agency_id)
        assert a is not None
        return AgencyInfo(code=a.code, name=a.name, parent_name=a.parent_name,
                          unit_name=a.unit_name, address=a.address, phone=a.phone,
                          place_name=a.place_name, counter=ident.counter_no,
                          settings=ctx.agency_settings(a))


#: The environment variable the central password comes from (as for ``central``, ``join``).
PASSWORD_ENV = "ONESTOP_CENTRAL_PASSWORD"


def central_login(url: str) -> str | None:
    """The login of a PostgreSQL ``url`` that carries no password (None otherwise: a SQLite
    file, or a URL with its password) — the desk must find or ask for the password."""
    try:
        u = credentials.normalise(url)
    except credentials.BadUrl:
        return None
    return u.username if u.password is None and u.username else None


def known_password(url: str) -> str | None:
    """The central password without asking: ``ONESTOP_CENTRAL_PASSWORD``, else the one kept
    for that account (OS keyring or the 0600 file, ``storage.credentials``)."""
    found = os.environ.get(PASSWORD_ENV)
    if found:
        return found
    return credentials.load_password(credentials.normalise(url))


def with_password(url: str, password: str) -> str:
    """``url`` with ``password`` (kept in memory only, never written)."""
    return credentials.full_text(credentials.normalise(url).set(password=password))
