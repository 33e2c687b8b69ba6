"""receiving units and handling agencies: one desk receiving for many agencies (NĐ 118/2025)

* ``agency`` rows are now receiving units (trung tâm phục vụ hành chính công, its branches),
  handling agencies (cơ quan giải quyết) or both: ``kind``, ``valid_from``/``valid_to`` and
  ``successor_code`` (the agency that took over after a merger or a renaming).
* ``procedure.agency_codes``: the handling agencies of a procedure (identity codes separated by
  ``|``; empty = the receiving unit itself, the single-agency case).
* ``dossier.unit_code``, ``agency_code``, ``return_unit_code`` and ``names_at_receipt``: the
  receiving unit, the handling agency and the return point as they were at receipt, so a later
  renaming or merger never rewrites an old dossier or slip. Existing dossiers get their
  agency as all three, with its names of today (the only ones known).
* counters 0–99 (was 0–9) in ``counter.number`` and ``dossier.counter_no``.
* every existing agency keeps the code allocation of the release before (``code_block`` 1000
  in its settings: the ordinal ``K`` + ``SSS``), so no issued code is ever issued again;
  new installations share out the daily sequence in blocks of 100 (``domain.codes``).

New columns are added with ``ALTER TABLE … ADD COLUMN`` (no table rebuild on SQLite: the
name-search triggers of 0004 and the rowids its index points at stay); the two widened CHECKs
are edited in place as revision 0006 does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""
import json

import sqlalchemy as sa
from alembic import op

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

# Kept literal here (not imported from the models) so this revision never changes.
WIDEN = (
    ("counter", "ck_counter_number_range", "number >= 0 AND number <= 9",
     "number >= 0 AND number <= 99"),
    ("dossier", "ck_dossier_counter_range", "counter_no >= 0 AND counter_no <= 9",
     "counter_no >= 0 AND counter_no <= 99"),
)
KINDS = "'unit', 'agency', 'both'"
COLUMNS = (
    ("agency", "kind", "VARCHAR(8) DEFAULT 'both' NOT NULL",
     ("ck_agency_kind", f"kind IN ({KINDS})")),
    ("agency", "valid_from", "DATE", None),
    ("agency", "valid_to", "DATE", None),
    ("agency", "successor_code", "VARCHAR(32)", None),
    ("procedure", "agency_codes", "VARCHAR(400)", None),
    ("dossier", "unit_code", "VARCHAR(32)",
     ("ck_dossier_unit_code_len", "unit_code IS NULL OR length(unit_code) >= 3")),
    ("dossier", "agency_code", "VARCHAR(32)",
     ("ck_dossier_agency_code_len", "agency_code IS NULL OR length(agency_code) >= 3")),
    ("dossier", "return_unit_code", "VARCHAR(32)",
     ("ck_dossier_return_unit_len",
      "return_unit_code IS NULL OR length(return_unit_code) >= 3")),
)
VALIDITY = ("ck_agency_validity",
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from")
INDEXES = (
    ("ix_dossier_unit_code", "dossier", "unit_code"),
    ("ix_dossier_agency_code", "dossier", "agency_code"),
    ("ix_dossier_return_unit_code", "dossier", "return_unit_code"),
)
LEGACY_BLOCK = 1000


def _sqlite_edit(bind: sa.engine.Connection, forward: bool) -> None:
    """Replace CHECK texts in the tables' stored SQL (see revision 0006), and on the way
    forward add the agency validity CHECK as a table constraint."""
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar_one()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    try:
        for table, _name, old, new in WIDEN:
            src, dst = (old, new) if forward else (new, old)
            sql = bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
            ).scalar_one()
            if src not in sql:
                raise RuntimeError(f"revision 0007: {table} has no CHECK ({src})")
            bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                                 "AND name = ?", (sql.replace(src, dst), table))
        if forward:
            sql = bind.exec_driver_sql(
                "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'agency'"
            ).scalar_one().rstrip()
            assert sql.endswith(")")
            sql = sql[:-1].rstrip() + f",\n\tCONSTRAINT {VALIDITY[0]} CHECK ({VALIDITY[1]})\n)"
            bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' "
                                 "AND name = 'agency'", (sql,))
        bind.exec_driver_sql(f"PRAGMA schema_version = {int(version) + 1}")
    finally:
        bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade() -> None:
    bind = op.get_bind()
    sqlite = bind.dialect.name == "sqlite"
    for table, column, spec, check in COLUMNS:
        ddl = f"ALTER TABLE {table} ADD COLUMN {column} {spec}"
        if check is not None:
            ddl += f" CONSTRAINT {check[0]} CHECK ({check[1]})"
        op.execute(ddl)
    if sqlite:
        _sqlite_edit(bind, forward=True)
    else:
        for table, name, _old, new in WIDEN:
            op.drop_constraint(op.f(name), table, type_="check")
            op.create_check_constraint(op.f(name), table, new)
        op.create_check_constraint(op.f(VALIDITY[0]), "agency", VALIDITY[1])
    op.add_column("dossier", sa.Column("names_at_receipt", sa.JSON(), nullable=True))
    for name, table, column in INDEXES:
        op.create_index(name, table, [column])
    _backfill(bind)


def _backfill(bind: sa.engine.Connection) -> None:
    """Existing agencies keep the allocation of the release before; existing dossiers get
    their agency as receiving unit, handling agency and return point."""
    rows = bind.exec_driver_sql(
        "SELECT id, code, name, parent_name, unit_name, address, place_name, settings "
        "FROM agency").all()
    for row in rows:
        settings = row.settings
        if isinstance(settings, str):
            settings = json.loads(settings or "{}")
        settings = dict(settings or {})
        settings.setdefault("code_block", LEGACY_BLOCK)
        bind.execute(sa.text("UPDATE agency SET settings = :s WHERE id = :id").bindparams(
            sa.bindparam("s", type_=sa.JSON())), {"s": settings, "id": row.id})
        names = {"unit": {"code": row.code, "name": row.name, "parent": row.parent_name,
                          "desk": row.unit_name, "address": row.address,
                          "place": row.place_name}}
        names["agency"] = {"code": row.code, "name": row.name, "parent": row.parent_name}
        names["return_unit"] = dict(names["unit"])
        bind.execute(sa.text(
            "UPDATE dossier SET unit_code = :c, agency_code = :c, return_unit_code = :c, "
            "names_at_receipt = :n WHERE agency_id = :id AND unit_code IS NULL").bindparams(
            sa.bindparam("n", type_=sa.JSON())), {"c": row.code, "n": names, "id": row.id})


def downgrade() -> None:
    bind = op.get_bind()
    for name, table, _column in INDEXES:
        op.drop_index(name, table_name=table)
    if bind.dialect.name == "sqlite":
        raise NotImplementedError("revision 0007 is not downgraded on SQLite: restore the "
                                  "backup taken before the upgrade")
    op.drop_constraint(op.f(VALIDITY[0]), "agency", type_="check")
    for table, name, old, _new in WIDEN:
        op.drop_constraint(op.f(name), table, type_="check")
        op.create_check_constraint(op.f(name), table, old)
    op.drop_column("dossier", "names_at_receipt")
    for table, column, _spec, _check in reversed(COLUMNS):
        op.drop_column(table, column)
