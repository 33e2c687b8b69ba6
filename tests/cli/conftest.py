"""The CLI tests run the real command in a subprocess (:class:`tests.support.cli.Runner`).

``home`` (tests.support.fixtures) is the private ONESTOP_HOME, and ``cli.now`` pins the clock
(ONESTOP_NOW) where a test needs it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.accounts import initialise
from tests.support.cli import Runner
from tests.support.db import copy_sqlite, sqlite_template


@pytest.fixture(scope="session")
def cli_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised SQLite database with the three test accounts (built once)."""
    return sqlite_template(tmp_path_factory, "cli-template", initialise)


@pytest.fixture
def cli(cli_template: Path, tmp_path: Path, home: Path) -> Runner:
    """The command on a fresh copy of the initialised SQLite database."""
    target = copy_sqlite(cli_template, tmp_path / "onestop.sqlite3")
    return Runner(f"sqlite:///{target}", home)
