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
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from onestop import faults
from onestop.domain.calendar import DayOverride, OfficeHours, WorkCalendar
from onestop.services.errors import Forbidden, Unavailable
from onestop.storage.db import (
    DatabaseUnavailable, make_engine, read_only_factory, session_factory,
)
from onestop.storage.models import Agency, CalendarOverride, LocalSetting

SYSTEM_USER = "system"
CALENDAR_TTL = 1.0  # seconds between checks that the calendar overrides are unchanged

#: Agency settings stored as JSON on the agency row, with their defaults.
AGENCY_DEFAULTS: dict[str, Any] = {
    "office_start": "07:30",
    "office_end": "17:00",
    "due_soon_days": 1,
    "resume_policy": "restart",
    # a receipt after office hours counts from the next working day (the present behaviour)
    # or from the receipt day: no general rule in NĐ 118/2025/NĐ-CP was found, see README
    "after_hours": "next-working-day",
    "max_reschedules": 1,
    "future_tolerance_minutes": 5,
    "lockout_failures": 5,
    "lockout_minutes": 15,
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
    _calendar: tuple[Any, WorkCalendar] | None = field(default=None, repr=False)
    _identity: Identity | None = field(default=None, repr=False)
    _calendar_checked: float = field(default=-1e9, repr=False)
    _read_factory: tuple[Engine, sessionmaker[Session]] | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @classmethod
    def open(cls, url: str, username: str = SYSTEM_USER, **kw: Any) -> Context:
        """Open the database at ``url`` (no migration here; see services.setup)."""
        try:
            engine = make_engine(url)
        except Exception as exc:  # bad URL, missing driver: say which, with exit code 5
            raise Unavailable("db", "database_unavailable", detail=str(exc)) from exc
        return cls(engine=engine, factory=session_factory(engine), username=username, **kw)

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
        try:
            with self.factory() as session, session.begin():
                yield session
                faults.hit("tx.before_commit")
            faults.hit("tx.after_commit")
        except Forbidden as exc:
            # audited in a transaction of its own, after the refused one was rolled back
            self._audit_refusal(exc)
            raise
        except (OperationalError, DatabaseError) as exc:
            err = _unavailable(exc)
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
            err = _unavailable(exc)
            if err is exc:
                raise
            raise err from exc

    def _audit_refusal(self, exc: Forbidden) -> None:
        from onestop.services import audit

        if getattr(exc, "audited", False):
            return
        exc.audited = True  # type: ignore[attr-defined]
        try:
            with self.factory() as session, session.begin():
                audit.append(session, self, "forbidden", target=str(exc.params.get("target", "")),
                             outcome="refused", attempted=str(exc.params.get("action", "")))
                faults.hit("audit.before_commit")
        except (OperationalError, DatabaseError):
            pass  # the refusal stands even if it cannot be logged (read-only or broken file)

    # --- this installation ------------------------------------------------------------------

    def identity(self, session: Session) -> Identity:
        """The agency and counter of this installation (set by ``onestop init``).

        Cached after the first read: it changes only through ``init`` or ``join``, which call
        :meth:`forget_identity`.
        """
        if self._identity is not None:
            return self._identity
        values = dict(session.execute(select(LocalSetting.key, LocalSetting.value)).all())
        if "agency_id" not in values:
            raise Unavailable("db", "not_initialised")
        agency = session.get(Agency, _uuid(values["agency_id"]))
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

    def agency_settings(self, agency: Agency) -> dict[str, Any]:
        return {**AGENCY_DEFAULTS, **(agency.settings or {})}

    def calendar(self, session: Session, agency: Agency | None = None) -> WorkCalendar:
        """The working calendar from the overrides table, cached until the overrides change.

        The staleness check (one small query) runs at most once a second, so a burst of
        receipts does not pay for it each time; an edit in another process shows within 1 s.
        """
        settings = self.agency_settings(agency) if agency else AGENCY_DEFAULTS
        hours = (settings["office_start"], settings["office_end"], settings["after_hours"])
        now = _monotonic()
        with self._lock:
            cached = self._calendar
        if cached and cached[0][1:] == hours and now - self._calendar_checked < CALENDAR_TTL:
            return cached[1]
        stamp = session.execute(
            select(func.count(CalendarOverride.id), func.max(CalendarOverride.updated_at))
        ).one()
        key = (tuple(stamp), *hours)
        self._calendar_checked = now
        if cached and cached[0] == key:
            return cached[1]
        rows = session.scalars(select(CalendarOverride)).all()
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


def _uuid(value: str) -> Any:
    import uuid

    return uuid.UUID(value)


def _unavailable(exc: Exception) -> Exception:
    """The typed error for a database failure (or the original when it is a bug)."""
    text = str(getattr(exc, "orig", exc)).lower()
    if "no such table" in text or ("relation" in text and "does not exist" in text):
        return Unavailable("db", "not_initialised")
    if _is_unavailable(exc):
        return Unavailable("db", "database_unavailable", detail=str(getattr(exc, "orig", exc)))
    return exc


def _is_unavailable(exc: Exception) -> bool:
    text = str(getattr(exc, "orig", exc)).lower()
    markers = ("unable to open", "file is not a database", "connection", "could not connect",
               "no such table", "server closed", "disk i/o", "database is locked", "malformed")
    return any(m in text for m in markers)


def open_checked(url: str, username: str = SYSTEM_USER) -> Context:
    """Open a context and verify the database answers (exit code 5 otherwise)."""
    from onestop.storage.db import check_connection

    ctx = Context.open(url, username)
    try:
        check_connection(ctx.engine)
    except DatabaseUnavailable as exc:
        if "not a database" in str(exc) and ctx.engine.url.database:
            # a wrong --db path or a damaged copy: "try again later" would not help
            raise Unavailable("db", "not_a_database", value=ctx.engine.url.database) from exc
        raise Unavailable("db", "database_unavailable", detail=str(exc)) from exc
    return ctx
