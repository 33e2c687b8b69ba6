"""Safe upgrades: the revision-0001 database migrates intact; a failing revision is undone."""

from __future__ import annotations

import shutil
from tests import rawdb as sqlite3
import textwrap
from pathlib import Path
from typing import Any

import pytest
from alembic import command

from onestop.cli import main
from onestop.services import audit, queries
from onestop.services.install import upgrade
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.storage import db
from tests.support.db import sqlite_value

from .conftest import FIXTURE_DB, dump, table_rows

BAD_REVISIONS = {
    # a harmless-looking step first, so the failure happens half-way through an upgrade
    "9998_add_column.py": '''
        revision = "9998"
        down_revision = "{head}"
        branch_labels = None
        depends_on = None
        from alembic import op
        import sqlalchemy as sa

        def upgrade():
            op.add_column("dossier", sa.Column("forced_test", sa.Integer(), nullable=True))
    ''',
    "9999_forced_failure.py": '''
        revision = "9999"
        down_revision = "9998"
        branch_labels = None
        depends_on = None
        from alembic import op

        def upgrade():
            op.execute("UPDATE dossier SET applicant_name = 'HỎNG', forced_test = 1")
            op.execute("DELETE FROM dossier_event")
            # SQLite commits some DDL on its own; make the damage durable like that would
            op.execute("COMMIT")
            op.execute("BEGIN")
            raise RuntimeError("forced failure of a migration, with 079190000789 in it")
    ''',
}


@pytest.fixture
def bad_migrations(tmp_path: Path) -> Path:
    """A copy of the real Alembic scripts plus two new revisions, the second of which fails."""
    target = tmp_path / "migrations"
    shutil.copytree(db.MIGRATIONS, target, ignore=shutil.ignore_patterns("__pycache__"))
    head = db.head_revision()
    for name, text in BAD_REVISIONS.items():
        (target / "versions" / name).write_text(
            textwrap.dedent(text.format(head=head)), encoding="utf-8")
    return target


def _revision(path: Path) -> str:
    return str(sqlite_value(path, "SELECT version_num FROM alembic_version"))


def test_fixture_is_revision_0001_with_dossiers() -> None:
    assert _revision(FIXTURE_DB) == "0001"
    rows = table_rows(FIXTURE_DB)
    assert len(rows["dossier"]) == 5 and len(rows["dossier_event"]) == 13


def _dossiers_and_events(path: Path) -> tuple[dict[str, Any], list[Any]]:
    """The dossiers by code (the fields a migration must keep) and every event, by id."""
    conn = sqlite3.connect(path)
    try:
        dossiers = {r[0]: r for r in conn.execute(
            "SELECT code, applicant_name, id_number, phone, status, due_at FROM dossier")}
        events = conn.execute(
            "SELECT id, dossier_id, kind, payload, hash FROM dossier_event ORDER BY id").fetchall()
    finally:
        conn.close()
    return dossiers, events


def test_rev0001_database_migrates_to_head_with_every_dossier_intact(
        rev0001_db: Path, home: Path) -> None:
    old, old_events = _dossiers_and_events(rev0001_db)

    ctx = Context.open(f"sqlite:///{rev0001_db}")
    try:
        report = setup.init(ctx)
        shown = {code: queries.show(ctx, code) for code in old}
        verified = audit.verify(ctx)
    finally:
        ctx.engine.dispose()

    assert report.revision == db.head_revision()
    new, new_events = _dossiers_and_events(rev0001_db)
    assert new == old
    assert new_events == old_events
    assert {c: d.status for c, d in shown.items()} == {c: r[4] for c, r in old.items()}
    assert sum(len(d.events) for d in shown.values()) == len(old_events)
    assert verified.ok, verified.breaks


def test_failed_migration_restores_the_database_exactly(rev0001_db: Path,
                                                        bad_migrations: Path) -> None:
    before = dump(rev0001_db)
    ctx = Context.open(f"sqlite:///{rev0001_db}")
    try:
        with pytest.raises(upgrade.UpgradeFailed) as info:
            upgrade.upgrade_database(ctx.engine, script_location=bad_migrations)
        # the engine is still usable and sees the restored data
        with ctx.reading() as session:
            names = session.connection().exec_driver_sql(
                "SELECT applicant_name FROM dossier").scalars().all()
    finally:
        ctx.engine.dispose()

    assert dump(rev0001_db) == before
    assert "HỎNG" not in names
    err = info.value
    assert err.code == "upgrade_failed" and err.exit_code == 5
    assert "khôi phục nguyên trạng" in err.message
    assert "079190000789" not in err.message  # the exception text stays in the log only
    copy = Path(str(err.params["backup"]))
    assert copy.parent == rev0001_db.parent / "backups" and dump(copy) == before


def test_without_the_safety_net_the_same_failure_damages_the_file(
        rev0001_db: Path, bad_migrations: Path) -> None:
    """Proves the previous test can fail: the bad revisions really change the file."""
    before = dump(rev0001_db)
    engine = db.make_engine(f"sqlite:///{rev0001_db}")
    cfg = db.alembic_config(engine)
    cfg.set_main_option("script_location", str(bad_migrations))
    with pytest.raises(RuntimeError):
        command.upgrade(cfg, "head")
    engine.dispose()
    assert dump(rev0001_db) != before


def test_cli_init_reports_a_failed_upgrade_in_vietnamese_exit_5(
        rev0001_db: Path, bad_migrations: Path, home: Path,
        monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    before = dump(rev0001_db)
    monkeypatch.setattr(db, "MIGRATIONS", bad_migrations)  # what setup.migrate upgrades with

    code = main(["--db", f"sqlite:///{rev0001_db}", "init"])

    err = capsys.readouterr().err
    assert code == 5
    assert err.startswith("db: Nâng cấp cơ sở dữ liệu lên phiên bản 9999 không thành công")
    assert dump(rev0001_db) == before


def test_current_database_is_not_copied_again(rev0001_db: Path, home: Path) -> None:
    ctx = Context.open(f"sqlite:///{rev0001_db}")
    try:
        first = upgrade.upgrade_database(ctx.engine)
        second = upgrade.upgrade_database(ctx.engine)
    finally:
        ctx.engine.dispose()
    assert second.backup is None and not second.changed
    assert first.to_revision == db.head_revision()
    if first.changed:  # once later revisions exist, the 0001 file gets a pre-upgrade copy
        assert first.backup is not None and first.backup.exists()


def test_new_empty_database_needs_no_backup(tmp_path: Path) -> None:
    ctx = Context.open(f"sqlite:///{tmp_path / 'new.sqlite3'}")
    try:
        report = upgrade.upgrade_database(ctx.engine)
    finally:
        ctx.engine.dispose()
    assert report.changed and report.backup is None
    assert not (tmp_path / "backups").exists()


def test_the_quick_head_check_agrees_with_alembic(rev0001_db: Path, bad_migrations: Path,
                                                  home: Path) -> None:
    """The start-up shortcut (no Alembic import when the schema is current) reads the same
    head as Alembic, for the shipped scripts and with later revisions added."""
    from alembic.script import ScriptDirectory

    assert db.quick_head() == db.head_revision()
    assert db.quick_head(bad_migrations) == ScriptDirectory(str(bad_migrations)).get_current_head()
    assert db.quick_head(bad_migrations) == "9999"
    ctx = Context.open(f"sqlite:///{rev0001_db}")
    try:
        assert not db.at_head(ctx.engine)          # revision 0001: the real upgrade runs
        setup.migrate(ctx)
        assert db.at_head(ctx.engine)
        assert not db.at_head(ctx.engine, bad_migrations)
    finally:
        ctx.engine.dispose()
    (bad_migrations / "versions" / "9997_branch.py").write_text(
        'revision = "9997"\ndown_revision = "0003"\n', encoding="utf-8")
    assert db.quick_head(bad_migrations) is None    # two heads: leave it to Alembic


def test_a_file_that_is_not_a_database_is_never_taken_as_current(tmp_path: Path) -> None:
    bad = tmp_path / "not.sqlite3"
    bad.write_bytes(b"this is not a database" * 100)
    ctx = Context.open(f"sqlite:///{bad}")
    try:
        assert not db.at_head(ctx.engine)
    finally:
        ctx.engine.dispose()
