"""the return projected onto the dossier (issues 16 and 19): ``dossier.rating``,
``dossier.rating_comment``, ``dossier.returned_by`` and the partial indexes of the ratings

Until now the citizens' ratings of a period were read from the payloads of the ``return``
events, each joined to its dossier by id: at 1,000,000 dossiers that is some 800,000 random
reads over the whole dossier table, every page of it decrypted on an encrypted counter, and
the 12-month report took twice as long encrypted as plain. The rating, its comment and the
officer who handed back the result are now part of the projection (``domain.workflow``),
like ``returned_at``, so a period's ratings are one range of a covering index.

The three columns are nullable; existing rows are filled from the return event the
projection took (the one at ``returned_at``). A rating that is not one of the three tokens
and an over-long comment (neither can be written by the application) are left out rather than
failing the upgrade. On SQLite the columns come with ``ALTER TABLE … ADD COLUMN`` (no table
rebuild: the name-search triggers and rowids of revision 0004 are untouched).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

# Kept literal here (not imported from the models) so this revision never changes.
RATINGS = "('very-satisfied', 'satisfied', 'dissatisfied')"
COMMENT_MAX = 500
COLUMNS = (
    ("rating", "VARCHAR(16)", "ck_dossier_rating", f"rating IS NULL OR rating IN {RATINGS}"),
    ("rating_comment", "TEXT", "ck_dossier_rating_comment_len",
     f"rating_comment IS NULL OR length(rating_comment) <= {COMMENT_MAX}"),
    ("returned_by", "VARCHAR(64)", None, None),
)
INDEX_COLUMNS = ["returned_at", "status", "rating", "procedure_id", "agency_id", "returned_by",
                 "agency_code", "unit_code"]

# The return event the projection took: the one at the dossier's ``returned_at`` (a second
# return would be a conflict, never projected), first in the projection's order.
_SQLITE_FILL = f"""
UPDATE dossier SET (rating, rating_comment, returned_by) = (
  SELECT CASE WHEN json_extract(e.payload, '$.rating') IN {RATINGS}
              THEN json_extract(e.payload, '$.rating') END,
         CASE WHEN length(json_extract(e.payload, '$.rating_comment'))
                   BETWEEN 1 AND {COMMENT_MAX}
              THEN json_extract(e.payload, '$.rating_comment') END,
         e.user_name
    FROM dossier_event e
   WHERE e.dossier_id = dossier.id AND e.kind = 'return' AND e.at = dossier.returned_at
   ORDER BY e.counter_no, e.seq LIMIT 1)
 WHERE returned_at IS NOT NULL
"""
_POSTGRESQL_FILL = f"""
UPDATE dossier d SET rating = r.rating, rating_comment = r.comment, returned_by = r.user_name
  FROM (SELECT DISTINCT ON (e.dossier_id) e.dossier_id, e.at,
               CASE WHEN e.payload ->> 'rating' IN {RATINGS} THEN e.payload ->> 'rating' END
                 AS rating,
               CASE WHEN length(e.payload ->> 'rating_comment') BETWEEN 1 AND {COMMENT_MAX}
                    THEN e.payload ->> 'rating_comment' END AS comment,
               e.user_name
          FROM dossier_event e WHERE e.kind = 'return'
         ORDER BY e.dossier_id, e.at, e.counter_no, e.seq) r
 WHERE r.dossier_id = d.id AND r.at = d.returned_at
"""


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for column, type_, name, check in COLUMNS:
        if sqlite:
            constraint = f" CONSTRAINT {name} CHECK ({check})" if check else ""
            bind.exec_driver_sql(f"ALTER TABLE dossier ADD COLUMN {column} {type_}{constraint}")
        else:
            kind = sa.Text() if type_ == "TEXT" else sa.String(int(type_[8:-1]))
            op.add_column("dossier", sa.Column(column, kind, nullable=True))
    bind.exec_driver_sql(_SQLITE_FILL if sqlite else _POSTGRESQL_FILL)
    if not sqlite:   # checked after the fill: one pass over the table, not one per row
        for _column, _type, name, check in COLUMNS:
            if check:
                op.create_check_constraint(op.f(name), "dossier", check)
    where = sa.text("returned_at IS NOT NULL")
    op.create_index("ix_dossier_returned", "dossier", INDEX_COLUMNS, unique=False,
                    sqlite_where=where, postgresql_where=where)
    comments = sa.text("rating_comment IS NOT NULL")
    op.create_index("ix_dossier_rating_comment", "dossier", ["returned_at"], unique=False,
                    sqlite_where=comments, postgresql_where=comments)


def downgrade() -> None:
    op.drop_index("ix_dossier_rating_comment", table_name="dossier")
    op.drop_index("ix_dossier_returned", table_name="dossier")
    bind = op.get_bind()
    for column, _type, name, check in reversed(COLUMNS):
        if bind.dialect.name == "sqlite":
            bind.exec_driver_sql(f"ALTER TABLE dossier DROP COLUMN {column}")
        else:
            if check:
                op.drop_constraint(op.f(name), "dossier", type_="check")
            op.drop_column("dossier", column)
