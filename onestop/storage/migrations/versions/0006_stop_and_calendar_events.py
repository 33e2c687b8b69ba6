"""stop and calendar events: the status ``stopped`` and the event kinds ``stop`` and
``calendar-reschedule`` in the CHECK constraints

A dossier can be stopped (*dừng giải quyết*, Mẫu 05 of Thông tư 03/2025/TT-VPCP under Nghị
định 118/2025/NĐ-CP), and a change of the holiday calendar records the appointments it moved.
Only two CHECK constraints widen; no row changes.

PostgreSQL drops and re-creates the two constraints. SQLite cannot alter a constraint, and a
batch rebuild of ``dossier`` would drop the name-search triggers of revision 0004, renumber
the rowids its FTS index points at and trip the foreign keys of ``dossier_event``. Widening a
CHECK does not change how any row is stored, so the table's SQL text is edited in place
(``PRAGMA writable_schema``, then the schema version bumped so every connection re-reads it),
the documented way for changes that leave the stored content valid.

Revision ID: 0006
Revises: 0004
Create Date: 2026-12-02
"""
import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0004'
branch_labels = None
depends_on = None

# Kept literal here (not imported from the models) so this revision never changes.
OLD_STATUSES = ("'received', 'processing', 'awaiting-supplement', 'result-ready', "
                "'returned', 'refused', 'withdrawn', 'void'")
NEW_STATUSES = OLD_STATUSES + ", 'stopped'"
OLD_KINDS = ("'received', 'transfer', 'supplement-request', 'supplement-received', "
             "'result-ready', 'reschedule', 'return', 'refuse', 'withdraw', 'void', 'note', "
             "'correct'")
NEW_KINDS = ("'received', 'transfer', 'supplement-request', 'supplement-received', "
             "'result-ready', 'reschedule', 'return', 'refuse', 'withdraw', 'stop', 'void', "
             "'note', 'correct', 'calendar-reschedule'")
CHANGES = (
    ("dossier", "ck_dossier_status", "status", OLD_STATUSES, NEW_STATUSES),
    ("dossier_event", "ck_dossier_event_kind", "kind", OLD_KINDS, NEW_KINDS),
)


def _sqlite_rewrite(bind: sa.engine.Connection, forward: bool) -> None:
    """Replace the IN lists in the tables' stored SQL (same transaction as the version)."""
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        for table, _name, column, old, new in CHANGES:
            src, dst = (old, new) if forward else (new, old)
            sql = bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).scalar_one()
            before, after = f"{column} IN ({src})", f"{column} IN ({dst})"
            if before not in sql:
                raise RuntimeError(f"revision 0006: {table} has no CHECK ({before})")
            bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                                 "AND name = ?", (sql.replace(before, after), table))
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def _postgresql(forward: bool) -> None:
    for table, name, column, old, new in CHANGES:
        # op.f(): the full name as stored, not run through the naming convention again
        op.drop_constraint(op.f(name), table, type_="check")
        op.create_check_constraint(op.f(name), table,
                                   f"{column} IN ({new if forward else old})")


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_rewrite(bind, forward=True)
    else:
        _postgresql(forward=True)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        _sqlite_rewrite(bind, forward=False)
    else:
        _postgresql(forward=False)
