"""card and receipt keys: ``dossier.sex`` and the ``receipt_key`` table

* ``dossier.sex`` (giới tính, ``male``/``female``, nullable): filled from the ID card's QR
  or typed at the counter; a CHECK keeps any other value out. SQLite adds the column with
  its CHECK in place (``ALTER TABLE … ADD COLUMN`` accepts a column CHECK; old rows are
  NULL), so the name-search triggers of revision 0004 stay untouched.
* ``receipt_key``: every counter's Ed25519 public keys for the signed QR on its receipts,
  synced like the counters (see ``onestop/services/receipt_keys.py``).

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

SEX_CHECK = "sex IS NULL OR sex IN ('male', 'female')"


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        bind.exec_driver_sql(
            f"ALTER TABLE dossier ADD COLUMN sex VARCHAR(6) "
            f"CONSTRAINT ck_dossier_sex CHECK ({SEX_CHECK})")
    else:
        op.add_column("dossier", sa.Column("sex", sa.String(length=6), nullable=True))
        op.create_check_constraint(op.f("ck_dossier_sex"), "dossier", SEX_CHECK)
    op.create_table(
        "receipt_key",
        sa.Column("key_id", sa.String(length=16), nullable=False),
        sa.Column("agency_code", sa.String(length=32), nullable=False),
        sa.Column("agency_name", sa.String(length=200), nullable=False),
        sa.Column("counter_no", sa.Integer(), nullable=False),
        sa.Column("public_key", sa.String(length=44), nullable=False),
        sa.Column("retired_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("length(key_id) = 16", name=op.f("ck_receipt_key_key_id_len")),
        sa.CheckConstraint("length(public_key) = 44",
                           name=op.f("ck_receipt_key_public_key_len")),
        sa.CheckConstraint("counter_no >= 0 AND counter_no <= 9",
                           name=op.f("ck_receipt_key_counter_range")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_receipt_key")),
        sa.UniqueConstraint("key_id", name=op.f("uq_receipt_key_key_id")),
    )
    op.create_index(op.f("ix_receipt_key_agency_code"), "receipt_key", ["agency_code"])


def downgrade() -> None:
    op.drop_index(op.f("ix_receipt_key_agency_code"), table_name="receipt_key")
    op.drop_table("receipt_key")
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        # in place, like the upgrade: a batch rebuild would copy the column's CHECK (which
        # names ``sex``) into the new table and fail, and would drop the 0004 name triggers
        bind.exec_driver_sql("ALTER TABLE dossier DROP COLUMN sex")
    else:
        op.drop_constraint(op.f("ck_dossier_sex"), "dossier", type_="check")
        op.drop_column("dossier", "sex")
