"""Revision 0006 on a database of the previous release: ``stopped`` and the new event kinds
become storable, nothing else changes, on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from tests import rawdb as sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Column, Engine, MetaData, Table, select, text
from sqlalchemy.exc import IntegrityError

from onestop.storage import db
from onestop.storage.models import Base

FIXTURE_DB = Path(__file__).resolve().parents[1] / "fixtures" / "db_rev0001.sqlite3"
#: Tables copied from the previous release's file into PostgreSQL, parents first.
COPIED = ("agency", "counter", "procedure", "calendar_override", "app_user", "dossier",
          "dossier_event")


def _fixture_copy(tmp_path: Path) -> Path:
    target = tmp_path / "old.sqlite3"
    shutil.copyfile(FIXTURE_DB, target)
    return target


def copy_rows(source: Engine, target: Engine) -> None:
    """Every row of ``COPIED`` from ``source`` into ``target`` (both at the same old revision),
    through the columns the source file itself has: later revisions add columns to the models."""
    with source.connect() as src, target.begin() as dst:
        for name in COPIED:
            old = Table(name, MetaData(), autoload_with=src)
            table = Table(name, MetaData(), *(
                Column(c.name, Base.metadata.tables[name].c[c.name].type) for c in old.c))
            rows = [dict(r._mapping) for r in src.execute(select(table))]
            if rows:
                dst.execute(table.insert(), rows)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def old_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Engine]:
    """A database at revision 0004 holding the previous release's dossiers and events."""
    source = db.make_engine(f"sqlite:///{_fixture_copy(tmp_path)}")
    if request.param == "sqlite":
        db.upgrade(source, "0004")
        yield source
        source.dispose()
        return
    engine = db.make_engine(request.getfixturevalue("pg_database"))
    db.upgrade(engine, "0004")
    copy_rows(source, engine)
    source.dispose()
    yield engine
    engine.dispose()


def _set_status(engine: Engine, status: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE dossier SET status = :s WHERE id = "
                          "(SELECT id FROM dossier ORDER BY code LIMIT 1)"), {"s": status})


def _add_event_kind(engine: Engine, kind: str) -> None:
    with engine.begin() as conn:
        conn.execute(text("UPDATE dossier_event SET kind = :k WHERE id = "
                          "(SELECT id FROM dossier_event ORDER BY id LIMIT 1)"), {"k": kind})


def _content(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT code, status, due_at, applicant_name FROM dossier ORDER BY code"))] + [
            tuple(r) for r in conn.execute(text(
                "SELECT id, kind, hash FROM dossier_event ORDER BY id"))]


def test_0006_widens_the_checks_and_keeps_every_row(old_engine: Engine) -> None:
    before = _content(old_engine)
    assert len(before) == 5 + 13
    with pytest.raises(IntegrityError):       # the previous release refuses the new status
        _set_status(old_engine, "stopped")
    with pytest.raises(IntegrityError):
        _add_event_kind(old_engine, "calendar-reschedule")

    db.upgrade(old_engine)

    assert db.current_revision(old_engine) == db.head_revision()
    assert _content(old_engine) == before
    for kind in ("stop", "calendar-reschedule"):
        _add_event_kind(old_engine, kind)
    _set_status(old_engine, "stopped")
    with pytest.raises(IntegrityError):       # still a closed list
        _set_status(old_engine, "paused")
    with pytest.raises(IntegrityError):
        _add_event_kind(old_engine, "dismiss")


def test_0006_on_sqlite_keeps_the_name_index_and_a_sound_file(tmp_path: Path) -> None:
    path = _fixture_copy(tmp_path)
    engine = db.make_engine(f"sqlite:///{path}")
    db.upgrade(engine, "0004")
    db.upgrade(engine)
    engine.dispose()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        triggers = {r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'")}
        assert {"dossier_name_ai", "dossier_name_ad", "dossier_name_au"} <= triggers
        name = conn.execute("SELECT applicant_folded FROM dossier LIMIT 1").fetchone()[0]
        word = name.split()[0]
        hits = conn.execute("SELECT count(*) FROM dossier_name WHERE dossier_name MATCH ?",
                            (f'"{word}"',)).fetchone()[0]
        assert hits >= 1
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()


def test_0006_downgrade_restores_the_previous_checks(tmp_path: Path) -> None:
    engine = db.make_engine(f"sqlite:///{_fixture_copy(tmp_path)}")
    try:
        db.upgrade(engine, "0006")   # 0007 is not downgraded on SQLite (a backup is restored)
        from alembic import command

        command.downgrade(db.alembic_config(engine), "0004")
        with pytest.raises(IntegrityError):
            _set_status(engine, "stopped")
    finally:
        engine.dispose()
