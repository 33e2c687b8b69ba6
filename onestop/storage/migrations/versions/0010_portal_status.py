"""portal status: the national portal's state of each dossier, pulled from the central link

A new table only (``portal_status``); no existing row changes. See docs/portal.md.

Revision ID: 0010
Revises: 0007
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "portal_status",
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("error", sa.Text(), nullable=False),
        sa.Column("rev", sa.BigInteger(), nullable=False),
        sa.CheckConstraint("state IN ('pending', 'acknowledged', 'failed', 'attention')",
                           name=op.f("ck_portal_status_state")),
        sa.PrimaryKeyConstraint("dossier_id", name=op.f("pk_portal_status")),
    )
    op.create_index(op.f("ix_portal_status_rev"), "portal_status", ["rev"])


def downgrade() -> None:
    op.drop_index(op.f("ix_portal_status_rev"), "portal_status")
    op.drop_table("portal_status")
