"""Session-wide test harness: Qt platform, throwaway PostgreSQL and CUPS queue, SQLite URLs.

The services come from ``build_scripts/test_services.sh`` (``run_tests.sh`` starts them and
exports ``ONESTOP_TEST_PG_URL``, ``ONESTOP_TEST_CUPS_QUEUE`` and ``ONESTOP_TEST_CUPS_OUT``).
Without them a test that needs one is skipped on a developer machine, but fails in CI (``CI``
set): there no test may be skipped for a missing service.

Tests that use the PostgreSQL fixtures (or carry the ``postgres`` marker) are marked
``postgres`` and put in the xdist group ``postgres`` (one worker under ``--dist loadgroup``);
tests that use ``cups_queue`` are marked ``cups``.
"""

from __future__ import annotations

import os

# Before anything imports Qt: without a display QApplication would abort the whole process.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Issue 16: every database the suite creates is encrypted with one known key (subprocesses
# inherit it); no test writes into the developer's keyring. Tests of key storage unset it.
TEST_DB_KEY = "5e" * 32
os.environ.setdefault("ONESTOP_DB_KEY", TEST_DB_KEY)
os.environ.setdefault("ONESTOP_NO_KEYRING", "1")

import re  # noqa: E402
import uuid  # noqa: E402
from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any, NoReturn  # noqa: E402

import pytest  # noqa: E402

#: The shared helpers and fixtures of every folder (tests/support).
pytest_plugins = ["tests.support.fixtures"]

PG_FIXTURES = frozenset({"pg_url", "pg_database"})
CUPS_FIXTURES = frozenset({"cups_queue"})
SERVICES_HELP = "start them with: bash build_scripts/test_services.sh start && " \
    'eval "$(bash build_scripts/test_services.sh env)"'


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def missing_service(message: str) -> NoReturn:
    """Skip on a developer machine; fail in CI, where every service must be there."""
    if in_ci():
        pytest.fail(f"{message} (CI must not skip tests for a missing service)", pytrace=False)
    pytest.skip(f"{message}; {SERVICES_HELP}")


@pytest.hookimpl(tryfirst=True)  # before xdist's loadgroup reads the xdist_group marks
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & PG_FIXTURES or item.get_closest_marker("postgres"):
            if not item.get_closest_marker("postgres"):
                item.add_marker(pytest.mark.postgres)
            if not item.get_closest_marker("xdist_group"):
                item.add_marker(pytest.mark.xdist_group("postgres"))
        if names & CUPS_FIXTURES and not item.get_closest_marker("cups"):
            item.add_marker(pytest.mark.cups)


# --------------------------------------------------------------------------- PostgreSQL
def _psycopg_kwargs(url: str) -> dict[str, Any]:
    """psycopg.connect() arguments for a SQLAlchemy ``postgresql+psycopg://`` URL."""
    from sqlalchemy.engine import make_url

    return make_url(url).translate_connect_args(username="user", database="dbname")


@pytest.fixture(scope="session")
def pg_url() -> str:
    """SQLAlchemy URL of the throwaway PostgreSQL server; its user is a superuser."""
    url = os.environ.get("ONESTOP_TEST_PG_URL", "").strip()
    if not url:
        missing_service("ONESTOP_TEST_PG_URL is not set: no PostgreSQL test server")
    import psycopg

    try:
        with psycopg.connect(**_psycopg_kwargs(url), connect_timeout=10) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        missing_service(f"PostgreSQL test server at ONESTOP_TEST_PG_URL does not answer: {exc}")
    return url


@pytest.fixture(scope="module")
def pg_database(pg_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh, empty database for this test module (dropped afterwards): its SQLAlchemy URL."""
    import psycopg
    from psycopg import sql
    from sqlalchemy.engine import make_url

    module = re.sub(r"[^a-z0-9]+", "_", request.module.__name__.rsplit(".", 1)[-1].lower())
    name = f"t_{module[:40]}_{uuid.uuid4().hex[:10]}"
    admin = _psycopg_kwargs(pg_url)
    with psycopg.connect(**admin, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield make_url(pg_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with psycopg.connect(**admin, autocommit=True) as conn:
            conn.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


# --------------------------------------------------------------------------- CUPS
@pytest.fixture(scope="session")
def cups_queue() -> tuple[str, Path]:
    """(queue name, output folder) of the CUPS queue that prints to PDF files (cups-pdf)."""
    queue = os.environ.get("ONESTOP_TEST_CUPS_QUEUE", "").strip()
    out = os.environ.get("ONESTOP_TEST_CUPS_OUT", "").strip()
    if not queue or not out:
        missing_service("ONESTOP_TEST_CUPS_QUEUE/ONESTOP_TEST_CUPS_OUT are not set: no CUPS queue")
    if not Path(out).is_dir():
        missing_service(f"CUPS output folder {out} does not exist")
    return queue, Path(out)


# --------------------------------------------------------------------------- SQLite
@pytest.fixture
def tmp_db_url(tmp_path: Path) -> str:
    """URL of a not-yet-created SQLite database file in this test's tmp_path."""
    return f"sqlite:///{tmp_path / 'onestop.sqlite3'}"
