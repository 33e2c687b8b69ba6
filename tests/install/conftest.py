"""Fixtures of the installation tests: the revision-0001 database.

Every test gets its own ``ONESTOP_HOME`` (``home``, tests.support.fixtures) so nothing
touches the real user profile; Qt widgets run on the ``offscreen`` platform.
"""

from __future__ import annotations

import os
import shutil
from tests import rawdb as sqlite3
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

FIXTURE_DB = Path(__file__).resolve().parents[1] / "fixtures" / "db_rev0001.sqlite3"


@pytest.fixture
def rev0001_db(tmp_path: Path) -> Path:
    """A private copy of the committed revision-0001 database (the original is never opened)."""
    target = tmp_path / "old" / "onestop.sqlite3"
    target.parent.mkdir(parents=True)
    shutil.copyfile(FIXTURE_DB, target)
    return target


def dump(path: Path) -> list[str]:
    """The whole content of a SQLite file as SQL text: schema and every row of every table."""
    conn = sqlite3.connect(path)
    try:
        return sqlite3.iterdump(conn)
    finally:
        conn.close()


def table_rows(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, ordered, keyed by table name."""
    conn = sqlite3.connect(path)
    try:
        names = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {n: sorted(conn.execute(f'SELECT * FROM "{n}"').fetchall(), key=repr)
                for n in names}
    finally:
        conn.close()


@pytest.fixture
def initialised_db(home: Path, rev0001_db: Path) -> Iterator[Path]:
    """The revision-0001 copy migrated to head and initialised, plus one new dossier."""
    from onestop.services import reception
    from onestop.services.install import setup
    from onestop.services.context import Context

    ctx = Context.open(f"sqlite:///{rev0001_db}")
    try:
        setup.init(ctx)
        reception.receive(ctx, reception.ReceiveRequest(
            procedure="2.001914", name="Hoàng Thị Lan", id_number="079190000789",
            phone="0901234567", email="lan.hoang@example.vn"))
    finally:
        ctx.engine.dispose()
    yield rev0001_db
