"""name search: an index for word-prefix search of applicants' folded names

SQLite: an FTS5 table over ``dossier.applicant_folded`` (external content; triggers keep it in
step with every insert, update and delete), filled from the existing rows. PostgreSQL: a GIN
index on ``to_tsvector('simple', applicant_folded)``. See ``onestop/storage/search.py``.
An SQLite without the FTS5 module skips the table (name search then scans, as before).

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

# Kept literal here (not imported) so this revision never changes.
SQLITE = [
    ("CREATE VIRTUAL TABLE dossier_name USING fts5(applicant_folded, content='dossier', "
     "content_rowid='rowid', tokenize='unicode61 remove_diacritics 0')"),
    ("CREATE TRIGGER dossier_name_ai AFTER INSERT ON dossier BEGIN "
     "INSERT INTO dossier_name (rowid, applicant_folded) "
     "VALUES (new.rowid, new.applicant_folded); END"),
    ("CREATE TRIGGER dossier_name_ad AFTER DELETE ON dossier BEGIN "
     "INSERT INTO dossier_name (dossier_name, rowid, applicant_folded) "
     "VALUES ('delete', old.rowid, old.applicant_folded); END"),
    ("CREATE TRIGGER dossier_name_au AFTER UPDATE OF applicant_folded ON dossier BEGIN "
     "INSERT INTO dossier_name (dossier_name, rowid, applicant_folded) "
     "VALUES ('delete', old.rowid, old.applicant_folded); "
     "INSERT INTO dossier_name (rowid, applicant_folded) "
     "VALUES (new.rowid, new.applicant_folded); END"),
    "INSERT INTO dossier_name (dossier_name) VALUES ('rebuild')",
]
POSTGRESQL = ("CREATE INDEX IF NOT EXISTS ix_dossier_name_words ON dossier "
              "USING gin (to_tsvector('simple'::regconfig, applicant_folded))")


def _has_fts5(bind: sa.engine.Connection) -> bool:
    try:
        bind.exec_driver_sql("CREATE VIRTUAL TABLE temp.onestop_fts5_probe USING fts5(x)")
        bind.exec_driver_sql("DROP TABLE temp.onestop_fts5_probe")
        return True
    except sa.exc.OperationalError:
        return False


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        if _has_fts5(bind):
            for statement in SQLITE:
                bind.exec_driver_sql(statement)
    else:
        op.execute(POSTGRESQL)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("dossier_name_ai", "dossier_name_ad", "dossier_name_au"):
            bind.exec_driver_sql(f"DROP TRIGGER IF EXISTS {name}")
        bind.exec_driver_sql("DROP TABLE IF EXISTS dossier_name")
    else:
        op.execute("DROP INDEX IF EXISTS ix_dossier_name_words")
