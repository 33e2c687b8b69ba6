"""Fixtures: the scenario database (real services), the CLI on a copy of it, service contexts.

The SQLite scenario is built once per session and copied for each CLI test (a reprint writes
to the audit log). The service tests run on both back-ends through the fixtures of
``tests/services/support.py`` and build the scenario in their own fresh database.
"""

from __future__ import annotations

from tests import rawdb as sqlite3
from pathlib import Path

import pytest

from onestop.services.context import Context
from tests.cli.conftest import Cli
from tests.printing_integration import scenario
from tests.services.support import Clock, clock, ctx, db_url, initialise, template  # noqa: F401

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
    target = tmp_path / "onestop.sqlite3"
    src, dst = sqlite3.connect(scenario_template[0]), sqlite3.connect(target)
    with dst:
        src.backup(dst)
    src.close()
    dst.close()
    return target


@pytest.fixture
def pcli(scenario_db: Path, tmp_path: Path) -> Cli:
    """``python -m onestop`` on the scenario copy, clock pinned after the scenario."""
    home = tmp_path / "home"
    home.mkdir()
    runner = Cli(f"sqlite:///{scenario_db}", home)
    runner.now = CLI_NOW
    return runner


@pytest.fixture
def built(ctx: Context, clock: Clock) -> scenario.Codes:  # noqa: F811
    """The scenario in the fresh database of ``ctx`` (SQLite and PostgreSQL)."""
    codes_ = scenario.build(ctx, clock)
    clock.set(scenario.vn(2026, 3, 20, 10, 0))
    return codes_
