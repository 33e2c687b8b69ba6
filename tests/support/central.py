"""The postgres/central helper: a throwaway central database on the test server, counters on
SQLite that sync to it, and the comparison of their rows (the sync tests, the GUI's sync panel,
the reliability matrices and the sync benchmark)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, select, text
from sqlalchemy.engine import make_url

from onestop.services.install import setup
from onestop.services.context import Context
from onestop.sync import central, roles
from onestop.sync.tables import BY_NAME, SPECS
from tests.support.cli import REPO
from tests.support.clock import Clock, confirm_clock



def run_cli(home: Path, *args: str, password: str | None = None,
            stdin: str = "") -> subprocess.CompletedProcess[str]:
    """The real ``onestop`` CLI in a subprocess for a PC whose data folder is ``home``; the
    central password, if any, comes from ``ONESTOP_CENTRAL_PASSWORD`` (never the URL)."""
    env = dict(os.environ, ONESTOP_HOME=str(home), PYTHONPATH=str(REPO))
    for key in ("ONESTOP_DB", "ONESTOP_FAULT", "ONESTOP_CENTRAL_PASSWORD"):
        env.pop(key, None)
    if password is not None:
        env["ONESTOP_CENTRAL_PASSWORD"] = password
    return subprocess.run([sys.executable, "-m", "onestop", *args], env=env, cwd=REPO,
                          input=stdin, capture_output=True, text=True, timeout=180,
                          check=False)
AGENCY = "000.00.15.H36"
OTHER_AGENCY = "000.00.16.H37"
PROCEDURE = "2.001914"


@dataclass
class Central:
    """A throwaway central database on the test server."""

    admin_url: str      # SQLAlchemy URL with the superuser
    database: str

    def add_counter(self, counter: int, agency: str = AGENCY) -> roles.LoginSettings:
        return roles.add_counter(self.admin_url, agency, counter, agency_name="SỞ GIÁO DỤC")

    def add_admin(self, name: str = "qtv") -> roles.LoginSettings:
        """A central administrator's login (writes the shared accounts, catalogue, calendar)."""
        return roles.add_admin(self.admin_url, f"{central.role_prefix(self.database)}_{name}")

    def engine(self) -> Any:
        return create_engine(self.admin_url)


@dataclass
class Counter:
    """One counter PC: its local SQLite file, its context and its central login."""

    number: int
    db_url: str
    ctx: Context
    url: str
    home: Path
    extra_env: dict[str, str] = field(default_factory=dict)

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(ONESTOP_HOME=str(self.home), PYTHONPATH=str(REPO), **self.extra_env)
        env.pop("ONESTOP_FAULT", None)
        return env

    def cli(self, *args: str, fault: str | None = None, env: dict[str, str] | None = None,
            timeout: float = 120) -> subprocess.CompletedProcess[str]:
        """Run ``python -m onestop --db <this counter> ARGS`` as a real process."""
        e = self.env()
        if fault:
            e["ONESTOP_FAULT"] = fault
        e.update(env or {})
        return subprocess.run([sys.executable, "-m", "onestop", "--db", self.db_url, *args],
                              env=e, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                              check=False)


def new_database(admin_url: str) -> tuple[str, str]:
    """Create an empty database; returns (its SQLAlchemy URL, its name)."""
    name = "sync_" + uuid.uuid4().hex[:10]
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    engine.dispose()
    url = make_url(admin_url).set(database=name).render_as_string(hide_password=False)
    return url, name


def drop_database(admin_url: str, name: str) -> None:
    """Drop a test database and the roles made for it."""
    engine = create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        roles.drop_roles(conn, name)
    engine.dispose()


def make_counter(tmp: Path, cen: Central, number: int, clock: Clock | None = None,
                 agency: str = AGENCY) -> Counter:
    """A counter initialised offline (its own agency row, catalogue and calendar)."""
    home = tmp / f"counter{number}"
    home.mkdir(parents=True, exist_ok=True)
    db_url = f"sqlite:///{home / 'onestop.sqlite3'}"
    ctx = Context.open(db_url)
    if clock is not None:
        ctx.clock = clock
    setup.init(ctx, agency, None, number)
    if clock is not None:
        confirm_clock(ctx)
    login = cen.add_counter(number, agency)
    return Counter(number, db_url, ctx, login.url, home)


def _norm(value: Any) -> Any:
    if isinstance(value, (dict, list)):
        return json.dumps(value, sort_keys=True, ensure_ascii=False)
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat()
    if isinstance(value, (date, uuid.UUID)):
        return str(value)
    return value


def dump(engine: Any, agency_code: str = AGENCY) -> dict[str, list[tuple[Any, ...]]]:
    """Every synced row of one agency (shared tables whole), normalised and sorted by id."""
    out: dict[str, list[tuple[Any, ...]]] = {}
    with engine.connect() as conn:
        a = BY_NAME["agency"].table
        agency_id = conn.execute(select(a.c.id).where(a.c.code == agency_code)).scalar_one()
        for spec in SPECS:
            t = spec.table
            stmt = select(*t.c).order_by(t.c.id)
            if spec.name == "agency":
                stmt = stmt.where(t.c.id == agency_id)
            elif spec.name in ("counter", "dossier"):
                stmt = stmt.where(t.c.agency_id == agency_id)
            elif spec.name == "dossier_event":
                d = BY_NAME["dossier"].table
                stmt = stmt.where(t.c.dossier_id.in_(select(d.c.id).where(
                    d.c.agency_id == agency_id)))
            elif spec.name == "audit_entry":
                stmt = stmt.where(t.c.origin.startswith(agency_code + "#"))
            out[spec.name] = [tuple(_norm(v) for v in r) for r in conn.execute(stmt)]
    return out


def assert_same(a: dict[str, list[Any]], b: dict[str, list[Any]], what: str = "") -> None:
    """Every table equal, row by row (the first difference is named)."""
    for table, ra in a.items():
        rb = b[table]
        assert len(ra) == len(rb), f"{what} {table}: {len(ra)} rows vs {len(rb)}"
        for x, y in zip(ra, rb):
            assert x == y, f"{what} {table}: {x} != {y}"


def no_duplicates(engine: Any) -> None:
    """No two events or audit entries with one (origin, seq); no repeated dossier code."""
    with engine.connect() as conn:
        for sql in ("SELECT origin, seq FROM dossier_event GROUP BY 1, 2 HAVING count(*) > 1",
                    "SELECT origin, seq FROM audit_entry GROUP BY 1, 2 HAVING count(*) > 1",
                    "SELECT code FROM dossier GROUP BY 1 HAVING count(*) > 1"):
            assert conn.execute(text(sql)).all() == []


def pending(ctx: Context) -> int:
    with ctx.engine.connect() as conn:
        return int(conn.exec_driver_sql(
            "SELECT count(*) FROM sync_outbox WHERE sent_at IS NULL").scalar_one())


def init_central(admin_url: str) -> Central:
    url, name = new_database(admin_url)
    central.init(url)
    return Central(url, name)


def central_scalar(cen: Central, sql: str, **params: Any) -> Any:
    """One value read from the central database as its superuser."""
    engine = create_engine(cen.admin_url)
    try:
        with engine.connect() as conn:
            return conn.execute(text(sql), params).scalar()
    finally:
        engine.dispose()
