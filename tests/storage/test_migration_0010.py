"""Revision 0010 on a database of the previous release (at 0006): the new ``portal_status``
table, its CHECK, and every existing row kept, on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.exc import IntegrityError

from onestop.storage import db
from onestop.storage.models import PortalStatus
from tests.storage.test_migration_0006 import _fixture_copy, copy_rows


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def engine_0006(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    source = db.make_engine(f"sqlite:///{_fixture_copy(tmp_path)}")
    if request.param == "sqlite":
        db.upgrade(source, "0006")
        yield source
        source.dispose()
        return
    engine = db.make_engine(request.getfixturevalue("pg_database"))
    db.upgrade(engine, "0006")
    db.upgrade(source, "0006")
    copy_rows(source, engine)   # only the columns a 0006 file has
    source.dispose()
    yield engine
    engine.dispose()


def _content(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT code, status, due_at, version FROM dossier ORDER BY code"))] + [
            tuple(r) for r in conn.execute(text("SELECT id, kind, hash FROM dossier_event "
                                                "ORDER BY id"))]


def test_0010_adds_portal_status_and_keeps_every_row(engine_0006: Engine) -> None:
    before = _content(engine_0006)
    assert before
    db.upgrade(engine_0006)
    assert db.current_revision(engine_0006) == db.head_revision()
    assert _content(engine_0006) == before
    did = uuid.uuid4()
    at = datetime(2026, 3, 2, 3, 0, tzinfo=UTC)
    with engine_0006.begin() as conn:
        conn.execute(PortalStatus.__table__.insert(), [
            {"dossier_id": did, "state": "acknowledged", "at": at, "error": "", "rev": 1}])
        got = conn.execute(select(PortalStatus.state, PortalStatus.at)).one()
    assert got == ("acknowledged", at)
    with pytest.raises(IntegrityError), engine_0006.begin() as conn:
        conn.execute(PortalStatus.__table__.insert(), [
            {"dossier_id": uuid.uuid4(), "state": "guessed", "at": at, "error": "", "rev": 2}])
