"""The shared fixtures, registered for every folder by ``pytest_plugins`` in tests/conftest.py.

A folder's conftest may still define a fixture of the same name for its own needs (the GUI's
SQLite-only ``db_url``, the sync tests' ``clock`` at 08:30): the nearest definition wins.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
from sqlalchemy.engine import make_url

from onestop.services.context import Context
from tests.support.accounts import initialise
from tests.support.clock import Clock
from tests.support.db import BACKENDS, Template, copy_sqlite, pg_create, pg_drop


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """This test's private ONESTOP_HOME (settings, data, logs): ``tmp_path / "home"``.

    Set for code run in this process (ONESTOP_DB and portable mode cleared) and given to the
    CLI subprocesses by :class:`tests.support.cli.Runner`. Not created here: the first run
    creates it (the CLI runner does before it starts the command there).
    """
    root = tmp_path / "home"
    monkeypatch.setenv("ONESTOP_HOME", str(root))
    monkeypatch.delenv("ONESTOP_DB", raising=False)
    monkeypatch.delenv("ONESTOP_PORTABLE", raising=False)
    return root


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
        target = copy_sqlite(str(make_url(template.url).database), tmp_path / "onestop.sqlite3")
        yield f"sqlite:///{target}"
        return
    pg_url = request.getfixturevalue("pg_url")
    url = pg_create(pg_url, template=make_url(template.url).database)
    yield url
    pg_drop(pg_url, url)


@pytest.fixture
def clock() -> Clock:
    """The pinned clock, at Monday 02/03/2026 08:00 local."""
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
