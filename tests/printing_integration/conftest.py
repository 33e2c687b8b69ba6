"""Fixtures: the scenario database (real services), the CLI on a copy of it, service contexts.

The SQLite scenario is built once per session and copied for each CLI test (a reprint writes
to the audit log). The service tests run on both back-ends through the fixtures of
``tests.support`` (``template``, ``db_url``, ``ctx``, ``clock``) and build the scenario in their own fresh database.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop.services.context import Context
from tests.support.cli import Runner
from tests.printing_integration import scenario
from tests.support.accounts import initialise
from tests.support.clock import Clock
from tests.support.db import copy_sqlite

#: The instant the CLI runs at (ONESTOP_NOW): after the whole scenario.
CLI_NOW = "2026-03-20T10:00:00+07:00"


@pytest.fixture(scope="session")
def scenario_template(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, scenario.Codes]:
    """An initialised SQLite database holding the scenario, and its dossier codes."""
    path = tmp_path_factory.mktemp("printing-scenario") / "onestop.sqlite3"
    url = f"sqlite:///{path}"
    initialise(url)
    clock_ = Clock()
    c = Context.open(url, clock=clock_)
    codes = scenario.build(c, clock_)
    c.engine.dispose()
    return path, codes


@pytest.fixture
def codes(scenario_template: tuple[Path, scenario.Codes]) -> scenario.Codes:
    return scenario_template[1]


@pytest.fixture
def scenario_db(scenario_template: tuple[Path, scenario.Codes], tmp_path: Path) -> Path:
    """A private copy of the scenario database for one test."""
    return copy_sqlite(scenario_template[0], tmp_path / "onestop.sqlite3")


@pytest.fixture
def pcli(scenario_db: Path, home: Path) -> Runner:
    """``python -m onestop`` on the scenario copy, clock pinned after the scenario."""
    return Runner(f"sqlite:///{scenario_db}", home, CLI_NOW)


@pytest.fixture
def built(ctx: Context, clock: Clock) -> scenario.Codes:
    """The scenario in the fresh database of ``ctx`` (SQLite and PostgreSQL)."""
    codes_ = scenario.build(ctx, clock)
    clock.set(scenario.vn(2026, 3, 20, 10, 0))
    return codes_
