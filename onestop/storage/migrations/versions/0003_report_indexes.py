"""report indexes: covering indexes for the supervisor reports (issue 5)

Each report scan walks one of these and reads nothing else (SQLite covering index): the
procedure comes first, so ``procedure_id IN (…)`` visits one contiguous range per procedure
and per-procedure groups come out in order without a sort; the agency-local day of receipt
and of the result (a fixed +07:00 shift, ``storage.sqlfn.local_day``) makes a period a range
and a (received day, finished day) pair a group. The raw instants are included because
SQLite 3.40 recomputes indexed expressions from their columns.

* ``ix_dossier_report_received``: received in a period, by status and channel;
* ``ix_dossier_report_finished``: finished in a period, by timeliness, carried-over test,
  processing-time day pairs, in-progress class of those finished after a past period;
* ``ix_dossier_report_active``: open and paused dossiers by status, receipt and due moment,
  with the department and receiving officer (overdue per department and officer) and the
  start of a pause (paused for longer than N days).

Revision ID: 0003
Revises: 0001
Create Date: 2026-11-28
"""
import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0001'
branch_labels = None
depends_on = None

# Kept literal here (not imported from the models) so this revision never changes.
LOCAL_DAY_SQL = {
    "sqlite": "date({col}, '+7 hours')",
    "postgresql": "CAST(({col} AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE)",
}
INDEXES = {
    "ix_dossier_report_received": ["procedure_id", "@received_at", "status", "channel",
                                   "received_at"],
    "ix_dossier_report_finished": ["procedure_id", "@finished_at", "@received_at", "status",
                                   "timeliness", "sla_due_at", "finished_at", "received_at"],
    "ix_dossier_report_active": ["procedure_id", "status", "received_at", "sla_due_at",
                                 "department", "received_by", "paused_since"],
}


def _columns(names: list[str]) -> list[sa.TextClause]:
    """Column names, and ``@col`` for the local day of ``col`` in this dialect's SQL."""
    dialect = op.get_bind().dialect.name
    day = LOCAL_DAY_SQL.get(dialect, LOCAL_DAY_SQL["postgresql"])
    return [sa.text(f"({day.format(col=n[1:])})" if n.startswith("@") else n) for n in names]


def upgrade() -> None:
    for name, columns in INDEXES.items():
        op.create_index(name, "dossier", _columns(columns), unique=False)


def downgrade() -> None:
    for name in INDEXES:
        op.drop_index(name, table_name="dossier")
