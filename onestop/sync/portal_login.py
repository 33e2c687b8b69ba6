"""The national portal link's login (``onestop central add-portal``, issue 17)."""

from __future__ import annotations

from onestop.sync import portal_schema, roles
from onestop.sync.central import _check_group, admin_engine, quote_ident


def add_portal(url: str, name: str, public_url: str | None = None,
               password: str | None = None) -> object:
    """Create (or reset) the national portal link's login: a member of ``<prefix>_portal``
    (reads dossiers, events and the link's configuration; writes only the ledger).

    Raises:
        ValueError: a name that is not ``[a-z_][a-z0-9_]*``, or a group role's name.
        SyncError: not a central database, or a role of another purpose.
    """
    role = name.strip().lower()
    quote_ident(role)
    engine = admin_engine(url)
    password = password or roles._new_password()
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242006)")
            prefix, chosen = roles._prefix(conn)
            group = portal_schema.ensure(conn, prefix, chosen.counter, chosen.reader,
                                         _check_group)
            if role in chosen.names() | {group}:
                raise ValueError("a group role's name")
            roles._set_login(conn, role, password, group)
        return roles.LoginSettings(role, password,
                                   roles._client_url(engine.url, role, password, public_url))
    finally:
        engine.dispose()
