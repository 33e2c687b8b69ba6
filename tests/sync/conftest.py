"""Fixtures of the sync tests: a fresh central database per test on the harness PostgreSQL.

The superuser URL comes from the harness fixture ``pg_url`` when it exists, else from
``ONESTOP_TEST_PG_URL`` (``eval "$(bash build_scripts/test_services.sh env)"``). Each test
gets its own database (and its own roles, prefixed with the database name), dropped after.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from onestop import sync
from tests.support.central import Central, Counter, drop_database, init_central, make_counter
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres


@pytest.fixture(scope="session")
def admin_url(request: pytest.FixtureRequest) -> str:
    """Superuser URL of the throwaway test server."""
    try:
        return str(request.getfixturevalue("pg_url"))
    except pytest.FixtureLookupError:
        pass
    url = os.environ.get("ONESTOP_TEST_PG_URL")
    if not url:
        pytest.skip("no PostgreSQL test server (build_scripts/test_services.sh start)")
    return url


@pytest.fixture
def central_db(admin_url: str) -> Iterator[Central]:
    """A database that went through ``central init``."""
    cen = init_central(admin_url)
    try:
        yield cen
    finally:
        drop_database(admin_url, cen.database)


@pytest.fixture
def clock() -> Clock:
    """A working Monday morning in Vietnam (UTC+7), advanced by the tests."""
    return Clock(datetime(2026, 3, 2, 1, 30, tzinfo=UTC))


@pytest.fixture
def pair(tmp_path: Path, central_db: Central, clock: Clock) -> tuple[Counter, Counter]:
    """Counters 1 and 2, each initialised offline and joined by a first sync."""
    pair = (make_counter(tmp_path, central_db, 1, clock),
            make_counter(tmp_path, central_db, 2, clock))
    for c in pair:
        st = sync.run_once(c.ctx, c.url)
        # the seeded catalogue, calendar and system account match the central copy: nothing
        # is left waiting for an administrator on a freshly joined counter
        assert st.last_error is None and st.pending == 0 and st.held == 0, st
    return pair
