"""Fixtures of the reliability suites: a seeded SQLite database and the CLI on a copy of it.

The seeded template is built once per session through the services (:func:`common.seed`) and
copied for each test with SQLite's online backup API. The runner
(:class:`tests.support.cli.Runner`) starts the real command line with a private
``ONESTOP_HOME``, the clock pinned at :data:`common.NOW` and, when asked, a fault point.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.reliability.common import NOW, seed
from tests.support.cli import Runner
from tests.support.db import copy_sqlite, sqlite_template


@pytest.fixture(scope="session")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An initialised SQLite database with accounts and three dossiers (built once)."""
    return sqlite_template(tmp_path_factory, "reliability-template", seed)


@pytest.fixture
def seeded_db(seeded_template: Path, tmp_path: Path) -> Path:
    """A fresh copy of the seeded database for one test — encrypted (issue 16): the crash
    matrix and every reliability test run on the SQLCipher file."""
    from onestop.storage import keys

    path = copy_sqlite(seeded_template, tmp_path / "db" / "onestop.sqlite3")
    assert keys.state(path) == keys.ENCRYPTED
    return path


@pytest.fixture
def run(seeded_db: Path, home: Path) -> Runner:
    """The command line on the test's copy of the seeded database."""
    return Runner(seeded_db, home, NOW)
