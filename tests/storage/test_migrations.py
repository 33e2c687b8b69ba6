"""Alembic migrations: an empty SQLite and an empty PostgreSQL end exactly at the models."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import CheckConstraint, Engine, Index, inspect, text

from onestop.storage import db, search
from onestop.storage.models import Base


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def empty_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """An engine on a database with no tables at all."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'empty.sqlite3'}"
    else:
        url = request.getfixturevalue("pg_database")
    engine = db.make_engine(url)
    assert inspect(engine).get_table_names() == []
    yield engine
    engine.dispose()


def differences(engine: Engine) -> list[Any]:
    """Alembic's autogenerate comparison, plus the CHECK constraints it does not compare."""
    with engine.connect() as conn:
        mc = MigrationContext.configure(conn, opts={"compare_type": True,
                                                    "compare_server_default": True,
                                                    "include_name": search.include_name})
        diffs: list[Any] = _same_functional_indexes_dropped(
            list(compare_metadata(mc, Base.metadata)))
    insp = inspect(engine)
    for table in Base.metadata.sorted_tables:
        wanted = {str(c.name) for c in table.constraints if isinstance(c, CheckConstraint)}
        found = {str(c["name"]) for c in insp.get_check_constraints(table.name)}
        if wanted != found:
            diffs.append(("check constraints", table.name, sorted(wanted ^ found)))
        wanted = {str(i.name) for i in table.indexes}
        found = {n for n in _index_names(engine, table.name) if not search.is_search_object(n)}
        if wanted != found:   # SQLite cannot reflect expression indexes: compare names too
            diffs.append(("indexes", table.name, sorted(wanted ^ found)))
    return diffs


def _index_names(engine: Engine, table: str) -> set[str]:
    """Names of the table's indexes other than those backing its primary/unique keys."""
    if engine.dialect.name == "sqlite":
        query = ("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = :t "
                 "AND name NOT LIKE 'sqlite_autoindex%'")
    else:
        query = ("SELECT indexname FROM pg_indexes WHERE tablename = :t AND indexname NOT IN "
                 "(SELECT conname FROM pg_constraint WHERE contype IN ('p', 'u'))")
    with engine.connect() as conn:
        return {str(n) for (n,) in conn.execute(text(query), {"t": table})}


def _index_shape(index: Index) -> tuple[Any, ...]:
    """An index by the table columns each of its expressions uses, in order."""
    columns = list(index.table.columns.keys()) if index.table is not None else []
    used = tuple(tuple(c for c in columns if re.search(rf"\b{c}\b", str(e)))
                 for e in index.expressions)
    return (index.name, bool(index.unique), used)


def _same_functional_indexes_dropped(diffs: list[Any]) -> list[Any]:
    """Drop remove/add pairs of one functional index that differ only in how SQL is spelt.

    PostgreSQL stores ``CAST(x + INTERVAL '7 hours' AS DATE)`` back as
    ``((x + '07:00:00'::interval))::date``, and Alembic compares expression indexes as text,
    so an index the migration created exactly as the models say shows up as removed and added.
    """
    removed = {d[1].name: d[1] for d in diffs if d[0] == "remove_index"}
    added = {d[1].name: d[1] for d in diffs if d[0] == "add_index"}
    same = {n for n in removed.keys() & added.keys()
            if _index_shape(removed[n]) == _index_shape(added[n])}
    return [d for d in diffs
            if not (d[0] in ("remove_index", "add_index") and d[1].name in same)]


@pytest.mark.filterwarnings("ignore:.*expression-based index")   # compared by name instead
def test_upgrade_gives_the_models_schema_and_is_idempotent(empty_engine: Engine) -> None:
    db.upgrade(empty_engine)
    head = db.head_revision()
    assert head is not None and db.current_revision(empty_engine) == head
    tables = {t for t in inspect(empty_engine).get_table_names() if not search.is_search_object(t)}
    assert tables == set(Base.metadata.tables) | {"alembic_version"}
    assert differences(empty_engine) == []
    with empty_engine.begin() as conn:
        conn.execute(text("INSERT INTO local_setting (key, value) VALUES ('probe', 'kept')"))
    db.upgrade(empty_engine)   # again: nothing to do, nothing lost
    assert db.current_revision(empty_engine) == head
    assert differences(empty_engine) == []
    with empty_engine.connect() as conn:
        assert conn.execute(text("SELECT value FROM local_setting WHERE key = 'probe'")
                            ).scalar_one() == "kept"


def test_upgrade_of_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_bytes(b"This is a text file, not SQLite.\n" * 200)
    engine = db.make_engine(f"sqlite:///{path}")
    try:
        with pytest.raises(db.DatabaseUnavailable):
            db.upgrade(engine)
    finally:
        engine.dispose()
    assert path.read_bytes() == b"This is a text file, not SQLite.\n" * 200
