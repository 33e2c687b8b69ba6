"""Shared fixtures and helpers of the service and storage tests: the same test on both back-ends.

Every test gets a fresh database copied from a template initialised once per session and
back-end (``services.setup.init`` plus three accounts — Argon2 hashing is the slow part):
SQLite through the online backup API, PostgreSQL with ``CREATE DATABASE … TEMPLATE``. The
clock of the service context is pinned (:class:`Clock`) so deadlines and timeliness are exact.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, create_engine, func, select, text
from sqlalchemy.engine import make_url

from onestop.domain.calendar import VN_TZ
from onestop.services import users
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.storage.models import AuditEntry, Base

#: Back-ends of the parametrized tests; the PostgreSQL one carries the ``postgres`` marker.
BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
PASSWORD = "Ca-Phe-Sua-Da-9"
#: (username, role, full name) of the accounts in every test database.
ACCOUNTS = (("canbo", "officer", "Nguyễn Thị Cán Bộ"),
            ("giamsat", "supervisor", "Trần Văn Giám Sát"),
            ("quantri", "admin", "Lê Quản Trị"))
#: When the template was initialised (Monday 02/03/2026 08:00 local).
START = datetime(2026, 3, 2, 8, 0, tzinfo=VN_TZ)
INSTALLED = datetime(2025, 1, 2, 8, 0, tzinfo=VN_TZ)   # when the test templates are set up


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware local (UTC+7) instant."""
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


class Clock:
    """A pinned, movable clock for ``Context.clock``."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass(frozen=True)
class Template:
    backend: str
    url: str


def _pg_admin(pg_url: str) -> Engine:
    return create_engine(pg_url, isolation_level="AUTOCOMMIT")


def pg_create(pg_url: str, template: str | None = None) -> str:
    """Create a database (optionally from a template) and return its URL."""
    name = f"onestop_t_{uuid.uuid4().hex[:12]}"
    admin = _pg_admin(pg_url)
    with admin.connect() as conn:
        suffix = f' TEMPLATE "{template}"' if template else ""
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"{suffix}')
    admin.dispose()
    return make_url(pg_url).set(database=name).render_as_string(hide_password=False)


def pg_drop(pg_url: str, url: str) -> None:
    admin = _pg_admin(pg_url)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{make_url(url).database}" WITH (FORCE)')
    admin.dispose()


def initialise(url: str) -> None:
    """``onestop init`` plus the three test accounts, through the services.

    Installed at the start of 2025, before every instant the tests receive at: a receipt
    earlier than the recorded history would be refused by the clock check.
    """
    ctx = Context.open(url)
    ctx.clock = Clock(INSTALLED)
    setup.init(ctx)
    for name, role, full in ACCOUNTS:
        users.add_user(ctx, name, role, full, PASSWORD)
    ctx.engine.dispose()


@pytest.fixture(scope="session", params=BACKENDS)
def template(request: pytest.FixtureRequest,
             tmp_path_factory: pytest.TempPathFactory) -> Iterator[Template]:
    """An initialised database per back-end, copied for each test."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('template') / 'onestop.sqlite3'}"
        initialise(url)
        yield Template("sqlite", url)
        return
    pg_url = request.getfixturevalue("pg_url")
    url = pg_create(pg_url)
    initialise(url)
    yield Template("postgresql", url)
    pg_drop(pg_url, url)


@pytest.fixture
def db_url(template: Template, request: pytest.FixtureRequest,
           tmp_path: Path) -> Iterator[str]:
    """A fresh copy of the template database for one test."""
    if template.backend == "sqlite":
        target = tmp_path / "onestop.sqlite3"
        src = sqlite3.connect(str(make_url(template.url).database))
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        yield f"sqlite:///{target}"
        return
    pg_url = request.getfixturevalue("pg_url")
    url = pg_create(pg_url, template=make_url(template.url).database)
    yield url
    pg_drop(pg_url, url)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def ctx(db_url: str, clock: Clock) -> Iterator[Context]:
    """The built-in ``system`` admin acting on a fresh database at a pinned time."""
    c = Context.open(db_url, clock=clock)
    yield c
    c.engine.dispose()


@pytest.fixture
def engine(ctx: Context) -> Engine:
    return ctx.engine


def as_user(ctx: Context, username: str) -> Context:
    """The same database and clock, acted on by another account."""
    return ctx.as_user(username)


def sql(engine: Engine, statement: str, **params: Any) -> Any:
    """Run one raw SQL statement in its own transaction (the way an intruder would)."""
    with engine.begin() as conn:
        result = conn.execute(text(statement), params)
        return result.all() if result.returns_rows else result.rowcount


def row_counts(engine: Engine) -> dict[str, int]:
    """The number of rows of every table."""
    with engine.connect() as conn:
        return {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one()
                for t in Base.metadata.sorted_tables}


def audit_actions(engine: Engine) -> list[tuple[str, str, str, str]]:
    """(actor, action, target, outcome) of every audit entry, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(select(AuditEntry.actor, AuditEntry.action, AuditEntry.target,
                                   AuditEntry.outcome).order_by(AuditEntry.origin,
                                                                AuditEntry.seq))
        return [tuple(r) for r in rows]  # type: ignore[misc]


def json_param(engine: Engine, name: str) -> str:
    """A bind parameter usable as a JSON column value in raw SQL on either back-end."""
    return f"CAST(:{name} AS json)" if engine.dialect.name == "postgresql" else f":{name}"


def unchanged_except(before: dict[str, int], after: dict[str, int],
                     **grown: int) -> None:
    """Assert the row counts are identical apart from the named tables' growth."""
    expected = {k: v + grown.get(k, 0) for k, v in before.items()}
    assert after == expected


def confirm_clock(ctx: Context) -> None:
    """Record an administrator's clock confirmation (services.clock) for tests that move the
    pinned clock back and forth on purpose: otherwise a receipt dated before an event already
    recorded is refused as a PC clock running behind."""
    from onestop.services.clock import K_CONFIRMED
    from onestop.storage.models import LocalSetting

    with ctx.transaction() as session:
        session.add(LocalSetting(key=K_CONFIRMED, value="9999-12-31T00:00:00+00:00"))
