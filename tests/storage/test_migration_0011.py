"""Revision 0011 goes back down cleanly on a database of the previous release: ``dossier.sex``
(with its CHECK) and ``receipt_key`` go, every row stays, and on SQLite the name-search
triggers of revision 0004 are kept (the column is dropped in place, no table rebuild)."""

from __future__ import annotations

from alembic import command
from sqlalchemy import Engine, inspect, text

from onestop.storage import db
from tests.storage.test_migration_0006 import old_engine  # noqa: F401


def _rows(engine: Engine) -> list[tuple[object, ...]]:
    with engine.connect() as conn:
        return [tuple(r) for r in conn.execute(text(
            "SELECT code, status, applicant_name FROM dossier ORDER BY code"))] + [
            tuple(r) for r in conn.execute(text("SELECT id, hash FROM dossier_event ORDER BY id"))]


def test_0011_downgrade_drops_sex_and_receipt_keys_and_keeps_every_row(
        old_engine: Engine) -> None:  # noqa: F811
    db.upgrade(old_engine, "0011")
    before = _rows(old_engine)
    assert before
    with old_engine.begin() as conn:
        conn.execute(text("UPDATE dossier SET sex = 'female'"))
    command.downgrade(db.alembic_config(old_engine), "0010")
    assert db.current_revision(old_engine) == "0010"
    assert _rows(old_engine) == before
    insp = inspect(old_engine)
    assert "sex" not in {c["name"] for c in insp.get_columns("dossier")}
    assert "receipt_key" not in insp.get_table_names()
    if old_engine.dialect.name == "sqlite":
        with old_engine.connect() as conn:
            assert conn.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
            triggers = {r[0] for r in conn.execute(text(
                "SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
        assert {"dossier_name_ai", "dossier_name_ad", "dossier_name_au"} <= triggers
    db.upgrade(old_engine)                     # and up again to the head
    assert db.current_revision(old_engine) == db.head_revision()
    assert _rows(old_engine) == before
