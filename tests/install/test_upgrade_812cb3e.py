"""Upgrade of a single-agency installation made by the release before the centre work (commit
812cb3e, ``tests/fixtures/812cb3e/``, built by ``build.py`` there): a counter's SQLite file and
its central database (a ``pg_dump``) upgrade in place, then sync with each other.

Its agency becomes both the receiving unit and the handling agency of all its procedures;
codes, register numbers, hash chains and sync state are kept, and the counter goes on with the
``K + SSS`` codes of the earlier releases (``code_block`` 1000), never issuing one again.
"""

from __future__ import annotations

import glob
import os
import re
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from onestop.services import audit
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage import db

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "812cb3e"
AGENCY = "000.00.15.H36"
OLD_DB = "prev812"   # the dump's database name: its role names are derived from it
LEGAL = re.compile(r"^000\.00\.15\.H36-[0-9]{6}-[0-9]{4}$")


def _old_rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, code, register_book, register_no, counter_no, status, "
                            "version FROM dossier ORDER BY code").fetchall()
    finally:
        conn.close()


@pytest.fixture
def counter_file(tmp_path: Path, home: Path) -> Path:
    target = tmp_path / "counter1" / "onestop.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURES / "counter1.sqlite3", target)
    return target


def _upgraded(path: Path) -> Context:
    ctx = Context.open(f"sqlite:///{path}")
    ctx.clock = lambda: datetime(2026, 11, 2, 3, 0, tzinfo=UTC)   # later that Monday
    setup.init(ctx)
    from onestop.services.clock import K_CONFIRMED
    from onestop.storage.models import LocalSetting

    with ctx.transaction() as session:
        session.merge(LocalSetting(key=K_CONFIRMED, value="9999-12-31T00:00:00+00:00"))
    return ctx


def test_counter_file_upgrades_in_place(counter_file: Path) -> None:
    before = _old_rows(counter_file)
    assert len(before) == 8
    ctx = _upgraded(counter_file)
    try:
        with ctx.engine.connect() as conn:
            assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
                == db.head_revision()
            kept = conn.exec_driver_sql(
                "SELECT id, code, register_book, register_no, counter_no, status, version "
                "FROM dossier ORDER BY code").all()
            parties = set(conn.exec_driver_sql(
                "SELECT unit_code, agency_code, return_unit_code FROM dossier").all())
            agency = conn.exec_driver_sql("SELECT kind, settings FROM agency").one()
        assert [tuple(r) for r in kept] == before          # codes and register numbers kept
        assert parties == {(AGENCY, AGENCY, AGENCY)}       # unit = handling agency = return
        assert agency.kind == "both" and '"code_block": 1000' in agency.settings
        assert audit.verify(ctx).ok                          # every chain intact
        d = receive(ctx, ReceiveRequest("2.001914", "Võ Thị Hạnh"))
        # counter 1 had issued 1001–1004 that day: the next is 1005, never one issued before
        assert d.code == f"{AGENCY}-261102-1005" and d.register_no == 5
        assert (d.unit_code, d.agency_code) == (AGENCY, AGENCY)
        assert d.names_at_receipt and d.names_at_receipt["unit"]["name"]
    finally:
        ctx.engine.dispose()


def _psql() -> str:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/psql")) or [shutil.which("psql") or ""]
    return found[-1]


@pytest.fixture
def old_central(request: pytest.FixtureRequest) -> Iterator[str]:
    """The fixture's central database restored on the test server (its roles first)."""
    admin = os.environ.get("ONESTOP_TEST_PG_URL")
    if not admin:
        pytest.skip("no PostgreSQL test server")
    from onestop.sync import roles

    engine = create_engine(admin, isolation_level="AUTOCOMMIT")
    names = (FIXTURES / "roles.txt").read_text().split()
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{OLD_DB}" WITH (FORCE)')
        roles.drop_roles(conn, OLD_DB)
        for name in names:
            login = "LOGIN" if re.search(r"_k\d+$", name) else "NOLOGIN"
            conn.exec_driver_sql(f'CREATE ROLE "{name}" {login}')
        conn.exec_driver_sql(f'CREATE DATABASE "{OLD_DB}"')
    url = make_url(admin).set(database=OLD_DB)
    env = dict(os.environ, PGPASSWORD=url.password or "")
    subprocess.run([_psql(), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", str(url.host), "-p",
                    str(url.port), "-U", str(url.username), "-d", OLD_DB, "-f",
                    str(FIXTURES / "central.sql")], env=env, check=True, capture_output=True)
    try:
        yield url.render_as_string(hide_password=False)
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{OLD_DB}" WITH (FORCE)')
            roles.drop_roles(conn, OLD_DB)
        engine.dispose()


@pytest.mark.postgres
def test_central_upgrades_then_syncs_with_the_upgraded_counter(
        old_central: str, counter_file: Path) -> None:
    from onestop import sync
    from onestop.sync import central, roles

    engine = create_engine(old_central)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() == "0004"
        before = conn.exec_driver_sql(
            "SELECT id, code, register_book, register_no FROM dossier ORDER BY code").all()
    assert len(before) == 8
    central.init(old_central)                   # the central's upgrade: schema and grants
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalar() \
            == db.head_revision()
        after = conn.exec_driver_sql(
            "SELECT id, code, register_book, register_no FROM dossier ORDER BY code").all()
        parties = set(conn.exec_driver_sql(
            "SELECT unit_code, agency_code, return_unit_code FROM dossier").all())
    assert after == before and parties == {(AGENCY, AGENCY, AGENCY)}
    ctx = _upgraded(counter_file)
    try:
        d = receive(ctx, ReceiveRequest("2.001914", "Võ Thị Hạnh"))
        login = roles.add_counter(old_central, AGENCY, 1)   # a new password for counter 1
        st = sync.run_once(ctx, login.url)
        assert st.last_error is None and st.pending == 0, st
        with engine.connect() as conn:
            rows = conn.execute(text("SELECT code, unit_code, agency_code FROM dossier")).all()
        codes_ = [r.code for r in rows]
        assert len(codes_) == len(set(codes_)) == 9 and d.code in codes_
        assert all(LEGAL.match(c) for c in codes_)
        assert {(r.unit_code, r.agency_code) for r in rows} == {(AGENCY, AGENCY)}
        assert audit.verify(ctx).ok
    finally:
        ctx.engine.dispose()
        engine.dispose()
