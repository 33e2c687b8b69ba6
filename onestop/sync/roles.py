"""Per-agency and per-counter PostgreSQL roles with row-level security.

Layout (``P`` is the central database's role prefix, see :func:`central.role_prefix`):

* ``P_counter`` (group): reads the shared catalogue, calendar and users, writes none of them;
* ``P_ag_<agency>`` (group, member of ``P_counter``): policies restricted to one agency's
  agency row, counters, dossiers, their events and the agency's audit entries;
* ``P_<agency>_k<K>`` (login): one per counter PC, member of its agency's group;
* ``P_admin`` (group) and the central administrators' logins: write the shared tables (and
  read the agency and counter rows), nothing of any agency's dossiers, events or audit;
* ``P_reader`` (group) and the reader logins: ``SELECT`` on everything, nothing else.

The three group names are the ones ``central init`` chose and keeps in ``sync_meta``
(:func:`central.groups`): never a role of another purpose such as the database owner. No
existing role of another purpose is ever made a login, given a password or granted a group
(``central_role_clash``).

A counter therefore cannot insert or update another agency's dossier (the server refuses
with "new row violates row-level security policy"), nor add an account, rewrite the
catalogue or delete a holiday for every agency ("permission denied").
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from onestop.domain import codes
from onestop.domain import units as un
from onestop.services.errors import ValidationError
from onestop.storage.models import Agency, Counter, uuid7
from onestop.sync import province
from onestop.sync.central import (
    Groups,
    _agency_policies,
    _ensure_role,
    _slug,
    admin_engine,
    ddl,
    groups,
    is_central,
    quote_ident,
    quote_literal,
    role_clash,
    role_prefix,
    role_problems,
    scoped_group,
    scoped_reader_rights,
)
from onestop.storage.credentials import full_text, normalise
from onestop.sync.status import SyncError


@dataclass(frozen=True)
class LoginSettings:
    """What the administrator hands to the new PC (printed by the CLI)."""

    role: str
    password: str
    url: str                       # full URL with the password: ``onestop join URL``
    agency_code: str | None = None
    counter: int | None = None


def _new_password() -> str:
    return secrets.token_urlsafe(18)


def _fit(conn: Connection, role: str, login: bool) -> None:
    """Refuse to hand out (or reset) a role of another purpose: the owner, a superuser…"""
    problems = role_problems(conn, role, login=login)
    if problems:
        raise role_clash(role, problems, "login" if login else "group")


def _set_login(conn: Connection, role: str, password: str, group: str) -> None:
    _fit(conn, group, login=False)     # the group must never carry the owner's rights
    _fit(conn, role, login=True)       # nor may an existing role of another purpose be reset
    _ensure_role(conn, role, "LOGIN")
    ddl(conn, f"ALTER ROLE {quote_ident(role)} LOGIN PASSWORD {quote_literal(password)}")
    # a dead client must not hold locks or the pull horizon (xmin) for long
    conn.exec_driver_sql(f"ALTER ROLE {quote_ident(role)} "
                         "SET idle_in_transaction_session_timeout = '5min'")
    conn.exec_driver_sql(f"GRANT {quote_ident(group)} TO {quote_ident(role)}")


#: Namespace of the ids ``central add-counter`` gives the unit rows it creates: the same code
#: always gets the same id, so rows made for one unit by two administrators never collide.
UNIT_NAMESPACE = uuid.UUID("5d6f7a2e-3c1b-4e0a-9b8d-14a0c2f3e701")


def unit_id(code: str) -> uuid.UUID:
    """The id of the central row made for the unit or agency ``code`` (see UNIT_NAMESPACE)."""
    return uuid.uuid5(UNIT_NAMESPACE, code)


def _ensure_agency(session: Session, code: str, name: str | None,
                   kind: str = "both") -> Agency:
    agency = session.scalar(select(Agency).where(Agency.code == code))
    if agency is None:
        agency = Agency(id=unit_id(code), code=code, name=name or code, kind=kind,
                        settings={"code_block": codes.DEFAULT_BLOCK})
        session.add(agency)
    elif name and agency.name != name:
        agency.name, agency.version = name, agency.version + 1
    session.flush()
    return agency


def _ensure_counter(session: Session, agency: Agency, number: int) -> None:
    found = session.scalar(select(Counter).where(Counter.agency_id == agency.id,
                                                 Counter.number == number))
    if found is None:
        session.add(Counter(id=uuid7(), agency_id=agency.id, number=number,
                            name=f"Quầy {number}"))
        session.flush()


def _client_url(admin: URL, role: str, password: str, public_url: str | None) -> str:
    """The URL the new PC joins with: the server as counters reach it (TLS options kept)."""
    base = normalise(public_url) if public_url else admin
    text = full_text(base.set(username=role, password=password))
    return text.replace("postgresql+psycopg://", "postgresql://", 1)


def _prefix(conn: Connection) -> tuple[str, Groups]:
    if not is_central(conn):
        raise SyncError("sync_not_central", 2)
    prefix = role_prefix(str(conn.exec_driver_sql("SELECT current_database()").scalar_one()))
    return prefix, groups(conn, prefix)


def add_counter(url: str, agency_code: str, counter: int, agency_name: str | None = None,
                public_url: str | None = None, password: str | None = None,
                kind: str = "both") -> LoginSettings:
    """Create (or reset the password of) the login role of one counter PC of the receiving
    unit ``agency_code`` (``central add-counter --unit``; ``--agency`` is its older name).

    Creates the unit and counter rows centrally when missing (a new unit row gets ``kind``:
    ``unit`` for ``--unit``, ``both`` — a single-agency desk — for ``--agency``), the unit's
    group role and its row-level security policies (:func:`_agency_policies`).

    Raises:
        ValueError: invalid unit code or counter number.
        SyncError: the database has not been through ``central init``.
    """
    code = agency_code.strip().upper()
    if not codes.valid_agency_code(code) or not 1 <= int(counter) <= codes.MAX_COUNTER:
        raise ValueError("agency code or counter")
    engine = admin_engine(url)
    password = password or _new_password()
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242006)")
            prefix, chosen = _prefix(conn)
            with Session(bind=conn) as session:
                agency = _ensure_agency(session, code, agency_name, kind)
                _ensure_counter(session, agency, int(counter))
                agency_id = agency.id
            group = f"{prefix}_ag_{_slug(code)}"[:63]
            _fit(conn, chosen.counter, login=False)
            _fit(conn, group, login=False)
            _ensure_role(conn, group, "NOLOGIN")
            # also for an existing agency group: the counters' group may have a new name
            conn.exec_driver_sql(f"GRANT {quote_ident(chosen.counter)} TO {quote_ident(group)}")
            _agency_policies(conn, group, agency_id, code)
            role = f"{prefix}_{_slug(code)}_k{int(counter)}"[:63]
            _set_login(conn, role, password, group)
            conn.exec_driver_sql(
                "INSERT INTO sync_counter (role_name, agency_id, counter_no) "
                "VALUES (%(r)s, %(a)s, %(k)s) ON CONFLICT (role_name) DO UPDATE "
                "SET agency_id = excluded.agency_id, counter_no = excluded.counter_no",
                {"r": role, "a": agency_id, "k": int(counter)})
        return LoginSettings(role, password, _client_url(engine.url, role, password, public_url),
                             code, int(counter))
    finally:
        engine.dispose()


@dataclass(frozen=True)
class ReaderScope:
    """What a scoped reader reads of the dossiers: one handling agency's (``field``
    ``agency``; with the agencies it succeeded) or one receiving unit's (``unit``)."""

    field: str
    code: str

    @property
    def kinds(self) -> tuple[str, ...]:
        """The ``agency.kind`` values the code must have centrally."""
        return ("agency", "both") if self.field == "agency" else ("unit", "both")

    def group(self, prefix: str) -> str:
        return scoped_group(prefix, self.field, self.code)

    def check_known(self, conn: Connection) -> None:
        kind = conn.exec_driver_sql("SELECT kind FROM agency WHERE code = %(c)s",
                                    {"c": self.code}).scalar()
        if kind not in self.kinds:
            raise ValidationError(self.field, "unknown_agency" if self.field == "agency"
                                  else "unknown_unit", value=self.code)


def _login(url: str, name: str, kind: str, public_url: str | None, password: str | None,
           scope: ReaderScope | None = None) -> LoginSettings:
    """Create (or reset) the login ``name`` as a member of the group of kind ``kind``
    (``admin``, ``reader``), or of the scoped readers' group of ``scope`` (made with its
    grants and policies when missing)."""
    role = name.strip().lower()
    quote_ident(role)
    engine = admin_engine(url)
    password = password or _new_password()
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242006)")
            prefix, chosen = _prefix(conn)
            if scope is not None:
                scope.check_known(conn)
            _fit(conn, role, login=True)   # the owner, a superuser…: named as such
            group = getattr(chosen, kind) if scope is None else scope.group(prefix)
            reserved = chosen.names() | {group} | {
                f"{prefix}_{g}" for g in ("counter", "admin", "reader")}
            if role in reserved:
                raise ValueError("a group role's name")
            if scope is not None:
                _fit(conn, group, login=False)
                _ensure_role(conn, group, "NOLOGIN")
                _scoped_reader_rights(conn, group, scope)
                province.reader_rights(conn, group, scoped=True)   # issue 19
            _set_login(conn, role, password, group)
        return LoginSettings(role, password, _client_url(engine.url, role, password, public_url),
                             scope.code if scope is not None else None)
    finally:
        engine.dispose()


def add_reader(url: str, name: str, public_url: str | None = None,
               password: str | None = None, agency: str | None = None,
               unit: str | None = None) -> LoginSettings:
    """Create (or reset) a read-only login for supervisors' dashboards.

    Without ``agency``/``unit`` it reads everything. With ``agency`` (a handling agency's
    code) it reads that agency's dossiers from every receiving unit — a Sở sees its dossiers
    from every centre — and those of the agencies it succeeded (``successor_code``, at each
    query: a merger registered later widens it); with ``unit`` (a receiving unit's code) the
    dossiers that unit received or is the return point of. Both also read the register of
    units and agencies, the catalogue and the calendar; of the accounts only the columns a
    permission check needs (never the password hashes), of the audit entries only their own
    (issue 19).

    Raises:
        ValueError: a name that is not ``[a-z_][a-z0-9_]*``, or a group role's name.
        ValidationError: ``agency``/``unit`` malformed or not known centrally.
    """
    scope = None
    if agency and unit:
        raise ValidationError("unit", "invalid_value")
    if agency or unit:
        field = "agency" if agency else "unit"
        scope = ReaderScope(field, un.check_code(agency or unit, field))
    return _login(url, name, "reader", public_url, password, scope)


def _scoped_reader_rights(conn: Connection, group: str, scope: ReaderScope) -> None:
    scoped_reader_rights(conn, group, scope.field, scope.code)


def add_admin(url: str, name: str, public_url: str | None = None,
              password: str | None = None) -> LoginSettings:
    """Create (or reset) a central administrator's login: the only one that writes the shared
    accounts, catalogue and calendar. Its password stays with the person, never on a counter.

    Raises:
        ValueError: a name that is not ``[a-z_][a-z0-9_]*``, or a group role's name.
    """
    return _login(url, name, "admin", public_url, password)


def drop_roles(conn: Connection, database: str) -> list[str]:
    """Drop every role of ``database``'s prefix (tests; the database must be dropped first)."""
    prefix = role_prefix(database)
    names = [r[0] for r in conn.exec_driver_sql(
        "SELECT rolname FROM pg_roles WHERE rolname LIKE %(p)s ORDER BY rolname DESC",
        {"p": prefix + "\\_%"})]
    kinds = ("counter", "admin", "reader")
    logins = [n for n in names if "_ag_" not in n
              and not any(n == f"{prefix}_{g}" or n.startswith(f"{prefix}_{g}_grp") for g in kinds)]
    for n in [*logins, *(x for x in names if x not in logins)]:
        conn.exec_driver_sql(f"DROP ROLE IF EXISTS {quote_ident(n)}")
    return names


def describe(settings: LoginSettings) -> dict[str, Any]:
    """The settings as a JSON-able dict."""
    return {"role": settings.role, "password": settings.password, "url": settings.url,
            "agency_code": settings.agency_code, "counter": settings.counter,
            "join": f"onestop join '{settings.url}'"}
