"""A sync cycle, the ``--watch`` loop, and joining a central server.

Cycle order: continue the hash chains after the central copy if this PC replaced another
(:mod:`rechain`), compare the chains' tips with the central copy and stop on a divergence
(:mod:`tips`), pull the reference tables (so a first sync adopts the central ids of the agency,
counters, catalogue, calendar and users), push the outbox, pull everything. Each step commits
as it goes, so a cycle stopped at any point is simply resumed by the next one.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.engine import URL

from onestop.services import audit, permissions
from onestop.services.context import Context
from onestop.services.portal_state import pull_states
from onestop.sync import central, scope, status, tips
from onestop.storage import credentials
from onestop.sync.link import central_engine, installation_id, open_link, require_initialised
from onestop.sync.pull import PAGE, pull
from onestop.sync.push import BATCH, push
from onestop.sync.rechain import rechain
from onestop.sync.status import SyncError, SyncStatus
from onestop.sync.tables import ORDER, REFERENCE
from onestop.services import demo
from onestop.services.errors import Unavailable, ValidationError


def _resolve(url: str | URL | None) -> URL | None:
    if isinstance(url, URL):
        return url
    try:
        return credentials.configured_url(url)
    except credentials.BadUrl as exc:
        raise SyncError("sync_needs_postgres", 2, field="url") from exc


def run_once(ctx: Context, url: str | URL | None = None, *, batch: int = BATCH,
             page: int = PAGE, stop: Callable[[], bool] | None = None,
             replace: bool = False) -> SyncStatus:
    """One full cycle; never raises for expected failures (they are in the status).

    Args:
        url: the central URL (with password); default: the settings and the secret store.
        batch: outbox entries per central transaction; page: rows per local pull commit.
        stop: polled between batches; a true value ends the cycle early (GUI cancel).
    """
    try:
        target = _resolve(url)
    except SyncError as exc:
        status.record_attempt(ctx, exc)
        return status.current(ctx, joined=False)
    if target is None:
        return status.current(ctx, joined=False)
    pushed = pulled = 0
    try:
        with open_link(ctx, target, replace) as link:
            rechain(ctx, link)
            tips.check(ctx, link)      # a re-hashed local chain is never pushed
            pulled += pull(ctx, link, REFERENCE, page)
            pushed += push(ctx, link, batch, stop)
            if not (stop and stop()):
                pulled += pull(ctx, link, ORDER, page)
                pull_states(ctx, link)     # issue 17: the national portal's states
            with link.engine.connect() as conn:   # the clock check of receipts uses it
                server_time = conn.execute(select(func.now())).scalar_one()
    except Exception as exc:
        error = status.classify(exc)
        status.record_attempt(ctx, error or SyncError("sync_failed", 1, detail=str(exc)[:200]))
        if error is None:
            raise  # a bug, not an environment failure: let the crash handler see it
        return status.current(ctx, joined=True, pushed=pushed, pulled=pulled)
    status.record_attempt(ctx, None, server_time)
    return status.current(ctx, joined=True, pushed=pushed, pulled=pulled)


def admin_url(login: str, password: str, base: str | URL | None = None) -> URL:
    """The central administrator's URL: this counter's server (host, database, TLS options)
    with the administrator's login and password instead of the counter's.

    Raises:
        SyncError: no central server configured, or not a PostgreSQL URL.
    """
    target = _resolve(base)
    if target is None:
        raise SyncError("sync_not_joined", 2)
    return target.set(username=login.strip(), password=password)


def push_shared(ctx: Context, admin: str | URL, *, url: str | URL | None = None,
                batch: int = BATCH) -> SyncStatus:
    """Send the held shared changes (accounts, catalogue, calendar) with a central
    administrator's login ``admin``, then run a normal cycle with the counter's own ``url``
    (default: the settings); never raises for expected failures.

    The administrator's password is used for this call only: it is never stored.

    Raises:
        Forbidden: the acting user is not an admin of this counter.
    """
    permissions.check(ctx, "sync_setup")
    # a counter cycle first: adopt the central ids, settle what the central copy covers
    first = run_once(ctx, url)
    if first.last_error is not None:
        return first
    pushed = 0
    try:
        target = admin if isinstance(admin, URL) else credentials.normalise(admin)
        with open_link(ctx, target) as link:
            if link.rls or not _writes_shared(link):
                raise SyncError("sync_not_admin", 4, value=target.username or "")
            pushed = push(ctx, link, batch, where=scope.SHARED_ONLY)
    except credentials.BadUrl:
        error: SyncError | None = SyncError("sync_needs_postgres", 2, field="url")
    except Exception as exc:
        error = status.classify(exc)
        if error is None:
            raise
    else:
        error = None
        with ctx.transaction() as session:  # who sent what for every agency: audited
            audit.append(session, ctx.actor(session), "sync.shared_push", target=target.username or "",
                         rows=pushed)
    if error is not None:
        status.record_attempt(ctx, error)
        return status.current(ctx, joined=True)
    st = run_once(ctx, url)
    return SyncStatus(**{**st.__dict__, "pushed": first.pushed + pushed + st.pushed,
                         "pulled": first.pulled + st.pulled})


def _writes_shared(link: object) -> bool:
    with link.engine.connect() as conn:  # type: ignore[attr-defined]
        return bool(conn.exec_driver_sql(
            "SELECT has_table_privilege('app_user', 'UPDATE')").scalar())


def current(ctx: Context) -> SyncStatus:
    """The stored state (no network): for the status bar between cycles."""
    try:
        joined = credentials.configured_url() is not None
    except credentials.BadUrl:
        joined = False
    return status.current(ctx, joined=joined)


def watch(ctx: Context, url: str | URL | None = None, interval: float = 60.0,
          stop: threading.Event | None = None,
          on_status: Callable[[SyncStatus], None] | None = None) -> None:
    """Run cycles every ``interval`` seconds until ``stop`` is set (or Ctrl+C)."""
    stop = stop or threading.Event()
    while not stop.is_set():
        st = run_once(ctx, url, stop=stop.is_set)
        if on_status is not None:
            on_status(st)
        stop.wait(interval)


@dataclass(frozen=True)
class Joined:
    """What ``join`` did."""

    agency_code: str
    counter: int
    initialised: bool
    password_stored: str | None      # "keyring", "file" or None (no password in the URL)
    secrets_file: str | None
    status: SyncStatus


def join(ctx: Context, url: str, replace: bool = False, sync_now: bool = True) -> Joined:
    """Connect this installation to a central server and store the settings.

    On a fresh PC the local database is created with the agency and counter the central
    server assigned to the login role; on an initialised one they must match it.

    Raises:
        SyncError: bad URL, unreachable server, wrong password, identity mismatch.
    """
    # creating and upgrading load Alembic and the printing layer: only here, never on the
    # status bar's path (the GUI loads this package right after its window is shown)
    from onestop.services.install import setup

    target = _resolve(url)
    assert target is not None
    _refuse_demo(ctx)
    setup.migrate(ctx)
    if require_initialised(ctx):  # re-pointing a set-up counter at a server: admin only
        permissions.check(ctx, "sync_setup")
    who = _whoami(ctx, target, replace)
    initialised = False
    if not require_initialised(ctx):
        if who is None:
            raise SyncError("sync_not_joined", 2)
        setup.init(ctx, who[1], None, who[2])
        initialised = True
    elif who is not None:
        _check_identity(ctx, who[1], who[2])  # before the settings point at the wrong login
    stored = credentials.save_settings(target)
    with ctx.transaction() as session:  # a settings change: audited (never the password)
        audit.append(session, ctx.actor(session), "sync.join", target=credentials.account(target),
                     replace=replace, password_store=stored.where if stored else None)
    st = run_once(ctx, target, replace=replace) if sync_now else current(ctx)
    with ctx.reading() as session:
        ident = ctx.identity(session)
    return Joined(ident.agency_code, ident.counter_no, initialised,
                  stored.where if stored else None,
                  str(stored.path) if stored and stored.path else None, st)


def _refuse_demo(ctx: Context) -> None:
    """A demo database never joins: its fake dossiers and published passwords would reach
    every counter of the agency.

    Raises:
        ValidationError: the database was filled by ``onestop demo`` (exit code 2).
    """

    try:
        with ctx.reading() as session:
            marked = demo.is_demo(session)
    except Unavailable:
        return  # a fresh or unreadable file: join says what is wrong with it
    if marked:
        raise ValidationError("db", "join_demo_database")


def _check_identity(ctx: Context, code: str, counter: int) -> None:
    with ctx.reading() as session:
        ident = ctx.identity(session)
    if (ident.agency_code, ident.counter_no) != (code, counter):
        raise SyncError("sync_identity_mismatch", 2, central=f"{code} quầy {counter}",
                        local=f"{ident.agency_code} quầy {ident.counter_no}")


def _whoami(ctx: Context, url: URL, replace: bool) -> tuple[object, str, int] | None:
    engine = central_engine(url)
    try:
        with engine.connect() as conn:
            if not central.is_central(conn):
                raise SyncError("sync_not_central", 2)
            who = central.whoami(conn, installation_id(ctx), replace)
            conn.commit()
            return who
    except SyncError:
        raise
    except Exception as exc:
        raise (status.classify(exc) or exc) from exc
    finally:
        engine.dispose()


