"""result-ready notices and their opt-in (issue 18): ``dossier.notify_email``,
``dossier.notify_sms`` and the local outbox table ``notice``

The two dossier columns are nullable and start empty, so every existing row stays valid; on
SQLite they are added with ``ALTER TABLE … ADD COLUMN`` (no table rebuild, so the name-search
triggers of revision 0004 and the rowids its index points at are untouched). The satisfaction
rating needs no column: it travels in the payload of the ``return`` event.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03
"""
import sqlalchemy as sa
from alembic import op

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# Kept literal here (not imported from the models) so this revision never changes.
CHECKS = (
    ("notify_email", "VARCHAR(254)", "ck_dossier_notify_email_at",
     "notify_email IS NULL OR notify_email LIKE '%_@_%'"),
    ("notify_sms", "VARCHAR(15)", "ck_dossier_notify_sms_len",
     "notify_sms IS NULL OR length(notify_sms) >= 10"),
)


def upgrade() -> None:
    bind = op.get_bind()
    for column, type_, name, check in CHECKS:
        if bind.dialect.name == "sqlite":
            bind.exec_driver_sql(f"ALTER TABLE dossier ADD COLUMN {column} {type_} "
                                 f"CONSTRAINT {name} CHECK ({check})")
        else:
            op.add_column("dossier", sa.Column(column, sa.String(int(type_[8:-1])),
                                               nullable=True))
            op.create_check_constraint(op.f(name), "dossier", check)
    op.create_table(
        "notice",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("dossier_id", sa.Uuid(), nullable=False),
        sa.Column("event_id", sa.Uuid(), nullable=False),
        sa.Column("channel", sa.String(length=8), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("kind", sa.String(length=24), nullable=False),
        sa.Column("subject", sa.String(length=300), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("state", sa.String(length=10), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("next_try", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint("channel IN ('email', 'sms', 'zalo')", name=op.f("ck_notice_channel")),
        sa.CheckConstraint("kind IN ('result-ready', 'appointment-moved')",
                           name=op.f("ck_notice_kind")),
        sa.CheckConstraint("state IN ('waiting', 'sent')", name=op.f("ck_notice_state")),
        sa.CheckConstraint("attempts >= 0", name=op.f("ck_notice_attempts")),
        sa.CheckConstraint("state <> 'sent' OR sent_at IS NOT NULL",
                           name=op.f("ck_notice_sent_at")),
        sa.ForeignKeyConstraint(["dossier_id"], ["dossier.id"],
                                name=op.f("fk_notice_dossier_id_dossier")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
        sa.UniqueConstraint("event_id", "channel", name="uq_notice_event_channel"),
    )
    op.create_index(op.f("ix_notice_dossier_id"), "notice", ["dossier_id"], unique=False)
    op.create_index("ix_notice_state_next", "notice", ["state", "next_try"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_notice_state_next", table_name="notice")
    op.drop_index(op.f("ix_notice_dossier_id"), table_name="notice")
    op.drop_table("notice")
    bind = op.get_bind()
    for column, _type, name, _check in CHECKS:
        if bind.dialect.name == "sqlite":
            bind.exec_driver_sql(f"ALTER TABLE dossier DROP COLUMN {column}")
        else:
            op.drop_constraint(op.f(name), "dossier", type_="check")
            op.drop_column("dossier", column)
