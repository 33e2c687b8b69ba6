"""The service context: database, acting user, clock and this installation's identity.

A :class:`Context` is built once by the composition root (CLI or GUI) and passed to every
service function. Each service call opens its own session and runs one transaction.
"""

from __future__ import annotations

import os
import threading
from time import monotonic as _monotonic
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import datetime, time, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Engine, func, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onestop import faults
from onestop.domain.calendar import DayOverride, OfficeHours, WorkCalendar
from onestop.services import audit
from onestop.services.errors import (
    BadDatabaseUrl, Damaged, Forbidden, NotFound, Unavailable, database_error, where,
)
from onestop.storage import bulkindex, health
from onestop.storage import dblock
from onestop.storage.db import (
    DatabaseUnavailable, make_engine, read_only_factory, session_factory, sqlite_path,
)
from onestop.storage.models import Agency, CalendarOverride, LocalSetting
from onestop.storage.db import check_connection, core, reader_login
import logging
from onestop.storage.models import as_uuid

SYSTEM_USER = "system"
CALENDAR_TTL = 1.0  # seconds between checks that the calendar overrides are unchanged

#: Agency settings stored as JSON on the agency row, with their defaults.
AGENCY_DEFAULTS: dict[str, Any] = {
    "office_start": "07:30",
    "office_end": "17:00",
    "due_soon_days": 1,
    # the supervisors' list of dossiers the national portal has not acknowledged (issue 17)
    "portal_ack_hours": 24,
    "resume_policy": "restart",
    # a receipt after office hours counts from the next working day (the present behaviour)
    # or from the receipt day: no general rule in NĐ 118/2025/NĐ-CP was found, see README
    "after_hours": "next-working-day",
    "max_reschedules": 1,
    "future_tolerance_minutes": 5,
    "lockout_failures": 5,
    "lockout_minutes": 15,
    "clock_margin_minutes": 60,
    # dossier codes (domain.codes): the share of the daily ordinal each counter owns, and whose
    # identity code prefixes them ("unit": the receiving unit's, NĐ 61/2018 Điều 26(a))
    "code_block": 100,
    "code_prefix": "unit",
    # issue 16: years personal data is kept after a dossier ends (returned, refused,
    # withdrawn, stopped), then erased by "onestop retention apply" — see docs/privacy.md
    "retention_years": 10,
    # full identity numbers one login may open in an hour before supervisors are alerted
    "access_alert_per_hour": 30,
}


def _env_now() -> datetime:
    # ONESTOP_NOW pins the clock for reproducible CLI tests and demos.
    pinned = os.environ.get("ONESTOP_NOW")
    if pinned:
        value = datetime.fromisoformat(pinned)
        return value if value.tzinfo else value.replace(tzinfo=timezone.utc)
    return datetime.now(timezone.utc)


@dataclass(frozen=True)
class Identity:
    """Which agency and counter this installation is."""

    agency_id: Any
    agency_code: str
    counter_no: int

    @property
    def unit_code(self) -> str:
        """The receiving unit's identity code (the agency row this installation belongs to)."""
        return self.agency_code

    @property
    def origin(self) -> str:
        """The hash-chain origin of entries written here."""
        return f"{self.agency_code}#{self.counter_no}"


@dataclass
class Context:
    """Everything a service call needs. Not shared across threads for writes (one writer)."""

    engine: Engine
    factory: sessionmaker[Session]
    username: str = SYSTEM_USER
    clock: Callable[[], datetime] = _env_now
    #: The login, when this is a central PostgreSQL opened with a reader login (a supervisor's
    #: reports-only session, issue 19; set by :func:`open_checked`): nothing is initialised,
    #: upgraded or written but the reader's own audit entries and sign-in counts.
    reader: str | None = None
    _calendar: tuple[Any, WorkCalendar] | None = field(default=None, repr=False)
    _identity: Identity | None = field(default=None, repr=False)
    _calendar_checked: float = field(default=-1e9, repr=False)
    _read_factory: tuple[Engine, sessionmaker[Session]] | None = field(default=None, repr=False)
    _marker: tuple[Engine, str | None] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, url: str, username: str = SYSTEM_USER, create: bool = True,
             **kw: Any) -> Context:
        """Open the database at ``url`` (no migration here; see services.setup).

        Raises:
            BadDatabaseUrl: malformed URL, unsupported scheme or missing driver (exit 2).
            NoSpace, ReadOnlyStorage: the SQLite file's folder cannot be made (exit 6, 7).
        """
        try:
            engine = make_engine(url, create=create)
        except Exception as exc:  # bad URL, missing driver, unwritable folder: say which
            err = database_error(exc, url) or BadDatabaseUrl("db", "db_url_invalid")
            raise err from exc
        return cls(engine=engine, factory=session_factory(engine), username=username, **kw)

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file of this context (None on PostgreSQL)."""
        return sqlite_path(self.engine.url)

    def damage(self) -> str | None:
        """The integrity problem recorded for this database (None when none is known)."""
        path = self.sqlite_file
        return health.known_damage(path) if path is not None else None

    def _refuse_if_damaged(self) -> None:
        # one stat of the damage marker (its path worked out once per engine): every write
        # transaction begins here
        cached = self._marker
        if cached is None or cached[0] is not self.engine:
            path = self.sqlite_file
            cached = (self.engine, str(health.marker(path)) if path is not None else None)
            self._marker = cached
        if cached[1] is None or not os.path.exists(cached[1]):
            return
        problem = self.damage()
        if problem is not None:
            raise Damaged("db", "database_corrupt", value=where(self.engine), detail=problem)

    @property
    def read_factory(self) -> sessionmaker[Session]:
        """Read-only sessions (deferred transactions on SQLite), made once per engine."""
        cached = self._read_factory
        if cached is None or cached[0] is not self.engine:
            cached = (self.engine, read_only_factory(self.engine))
            self._read_factory = cached
        return cached[1]

    def as_user(self, username: str) -> Context:
        """The same database acted on by another user (shares the engine and caches)."""
        return replace(self, username=username, _lock=threading.Lock())

    def now(self) -> datetime:
        return self.clock().astimezone(timezone.utc)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One unit of work: commit on success, roll back on any error.

        Raises:
            Unavailable: the database cannot be opened or reached.
        """
        self._refuse_if_damaged()   # a stat: never write into a file known to be damaged
        with self._guarded():
            with self.factory() as session, session.begin():
                yield session
                faults.hit("tx.before_commit")
            faults.hit("tx.after_commit")

    @contextmanager
    def writing(self) -> Iterator[Connection]:
        """One transaction on a plain Core connection: :meth:`transaction` without the ORM
        session (its unit of work, identity map and per-statement machinery), for the desk's
        hot transaction, the receipt (issue 19). Same lock, damage check, refusal audit and
        error mapping.

        Raises:
            Unavailable: the database cannot be opened or reached.
        """
        self._refuse_if_damaged()
        with self._guarded():
            with self.engine.begin() as conn:
                yield conn
                faults.hit("tx.before_commit")
            faults.hit("tx.after_commit")

    @contextmanager
    def _guarded(self) -> Iterator[None]:
        """The typed errors of a write transaction (and the audit of a refusal)."""
        try:
            yield
        except dblock.LockTimeout as exc:  # a restore holds the database: nothing was written
            raise Unavailable("db", "restore_in_progress") from exc
        except Forbidden as exc:
            # audited in a transaction of its own, after the refused one was rolled back
            self._audit_refusal(exc)
            raise
        except (OperationalError, DatabaseError) as exc:
            err = self.failure(exc)
            if err is exc:
                raise
            raise err from exc

    @contextmanager
    def reading(self) -> Iterator[Session]:
        """A read-only session."""
        try:
            with self.read_factory() as session:
                yield session
        except Forbidden as exc:
            self._audit_refusal(exc)
            raise
        except (OperationalError, DatabaseError) as exc:
            err = self.failure(exc)
            if err is exc:
                raise
            raise err from exc

    def failure(self, exc: Exception) -> Exception:
        """The typed error for a database failure (or ``exc`` itself when it is a bug);
        a damaged file is recorded as such, so the next process refuses to write into it."""
        text = str(getattr(exc, "orig", exc)).lower()
        if "no such table" in text or ("relation" in text and "does not exist" in text):
            return Unavailable("db", "not_initialised")
        err = database_error(exc, self.engine)
        if err is None:
            return exc
        path = self.sqlite_file
        if isinstance(err, Damaged) and path is not None:
            health.mark_damaged(path, str(err.params.get("detail", "")))
        return err

    def _audit_refusal(self, exc: Forbidden) -> None:
        if getattr(exc, "audited", False):
            return
        exc.audited = True  # type: ignore[attr-defined]
        try:
            with self.factory() as session, session.begin():
                audit.append(session, self.actor(session), "forbidden", target=str(exc.params.get("target", "")),
                             outcome="refused", attempted=str(exc.params.get("action", "")))
                faults.hit("audit.before_commit")
        except (OperationalError, DatabaseError):
            pass  # the refusal stands even if it cannot be logged (read-only or broken file)

    def actor(self, session: Session, user: str | None = None) -> audit.Actor:
        """Who an audit entry written in ``session`` is by: the acting user (or ``user``, e.g.
        the account a login names), this installation's chain origin, the current instant."""
        if self.reader is not None:
            # no installation identity on the central database: the reader's own audit chain,
            # the only origin its row-level security lets it write (issue 19)
            origin = "reader:" + self.reader
        else:
            try:
                origin = self.identity(session).origin
            except Exception:  # noqa: BLE001 - before init: entries chain under a fixed origin
                origin = "local#0"
        return audit.Actor(user=user or self.username, origin=origin, at=self.now())

    @property
    def read_only(self) -> bool:
        """Whether this is a reports-only session (a reader login on the central database)."""
        return self.reader is not None

    # --- this installation ------------------------------------------------------------------

    def identity(self, session: Session | Connection) -> Identity:
        """The agency and counter of this installation (set by ``onestop init``).

        Cached after the first read: it changes only through ``init`` or ``join``, which call
        :meth:`forget_identity`. ``session`` may be an ORM session or a Core connection.
        """
        if self._identity is not None:
            return self._identity
        conn = core(session)
        values = dict(conn.execute(select(LocalSetting.key, LocalSetting.value)).all())
        if "agency_id" not in values:
            raise Unavailable("db", "not_initialised")
        t = Agency.__table__
        agency = conn.execute(select(t.c.id, t.c.code).where(
            t.c.id == as_uuid(values["agency_id"]))).first()
        if agency is None:
            raise Unavailable("db", "not_initialised")
        self._identity = Identity(agency.id, agency.code, int(values.get("counter_no", "1")))
        return self._identity

    def calendar_changed(self) -> None:
        """Make the next :meth:`calendar` call re-read the overrides."""
        self._calendar_checked = -1e9

    def forget_identity(self) -> None:
        """Drop the cached identity (after this installation's agency or counter changed)."""
        self._identity = None

    def agency_settings(self, agency: Any) -> dict[str, Any]:
        """The agency's settings over their defaults (``agency``: an Agency or its row)."""
        return {**AGENCY_DEFAULTS, **(agency.settings or {})}

    def calendar(self, session: Session | Connection, agency: Any = None) -> WorkCalendar:
        """The working calendar from the overrides table, cached until the overrides change.

        The staleness check (one small query) runs at most once a second, so a burst of
        receipts does not pay for it each time; an edit in another process shows within 1 s.
        ``session`` may be an ORM session or a Core connection; ``agency`` an Agency or its
        row.
        """
        settings = self.agency_settings(agency) if agency is not None else AGENCY_DEFAULTS
        hours = (settings["office_start"], settings["office_end"], settings["after_hours"])
        now = _monotonic()
        with self._lock:
            cached = self._calendar
        if cached and cached[0][1:] == hours and now - self._calendar_checked < CALENDAR_TTL:
            return cached[1]
        t = CalendarOverride.__table__
        conn = core(session)   # pending ORM changes flushed first, as the ORM read did
        stamp = conn.execute(select(func.count(t.c.id), func.max(t.c.updated_at))).one()
        key = (tuple(stamp), *hours)
        self._calendar_checked = now
        if cached and cached[0] == key:
            return cached[1]
        rows = conn.execute(select(t.c.day, t.c.kind, t.c.name, t.c.decision, t.c.tet)).all()
        cal = WorkCalendar(
            [DayOverride(r.day, r.kind, r.name, r.decision, r.tet) for r in rows],  # type: ignore[arg-type]
            office=OfficeHours(_hhmm(settings["office_start"]), _hhmm(settings["office_end"])),
            after_hours=settings["after_hours"],
        )
        with self._lock:
            self._calendar = (key, cal)
        return cal


def _hhmm(value: str) -> time:
    hh, mm = value.split(":")
    return time(int(hh), int(mm))


def open_checked(url: str, username: str = SYSTEM_USER, create: bool = True) -> Context:
    """Open a context and verify the database answers, with the exit code of its failure.

    Args:
        create: whether a missing SQLite file may be created (``init``, the desk's first
            start). Every other command needs an existing database: a mistyped path gets
            exit 3 and leaves no folder and no empty database behind.

    Raises:
        ServiceError: see :func:`onestop.services.errors.database_error` (exit 2 to 8).
    """

    try:
        path = sqlite_path(url)
    except Exception as exc:  # noqa: BLE001 - an unparsable URL
        raise BadDatabaseUrl("db", "db_url_invalid") from exc
    if path is not None and not create and not path.exists():
        raise NotFound("db", "db_missing", value=str(path))
    # before the first connection: afterwards this process holds the lock it probes
    unclean = path is not None and health.first_open(path) and health.unclean_shutdown(path)
    ctx = Context.open(url, username, create=create)
    try:
        check_connection(ctx.engine)
        if unclean and path is not None:
            _check_after_crash(ctx, path)
        if path is not None:   # a bulk demo killed before it re-created its indexes
            bulkindex.restore_if_pending(ctx.engine)
        ctx.reader = reader_login(ctx.engine)
    except (DatabaseUnavailable, OperationalError, DatabaseError) as exc:
        ctx.engine.dispose()
        err = ctx.failure(exc)
        if err is exc:
            raise
        raise err from exc
    return ctx


def _check_after_crash(ctx: Context, path: Any) -> None:
    """``PRAGMA quick_check`` after an unclean shutdown; a failure is recorded."""

    with ctx.engine.connect() as conn:
        problem = health.check(conn)
        if problem is not None:
            # SQLCipher: a page that failed its HMAC leaves the connection's codec in error
            # (every later read fails); never hand it back to the pool
            conn.invalidate()
    if problem is None:
        logging.getLogger(__name__).info("quick_check after an unclean shutdown: %s ok", path)
        return
    health.mark_damaged(path, problem)
