"""Fixtures of the report tests: the known scenario on SQLite and on the real PostgreSQL.

The scenario (``scenario.py``) is built once per module and back-end through the services
with a pinned clock; tests only read it (reports never write, exports add audit entries).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from onestop.services.context import Context
from tests.reports import scenario as sc

BACKENDS = ["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]


@dataclass(frozen=True)
class Built:
    backend: str
    url: str
    codes: dict[str, str]

    def letters(self, codes: list[str] | set[str]) -> set[str]:
        """The scenario letters of dossier codes."""
        by_code = {c: k for k, c in self.codes.items()}
        return {by_code[c] for c in codes}


@pytest.fixture(scope="module", params=BACKENDS)
def built(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
          ) -> Built:
    """The scenario database of one back-end (SQLite file or a fresh PostgreSQL database)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('reports') / 'onestop.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_database")
    return Built(request.param, url, sc.build(url))


@pytest.fixture
def sup(built: Built) -> Iterator[Context]:
    """The supervisor's context on the scenario, clock pinned at NOW."""
    ctx = Context.open(built.url, sc.SUPERVISOR, clock=lambda: sc.NOW)
    yield ctx
    ctx.engine.dispose()
