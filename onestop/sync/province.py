"""Province scale on the central PostgreSQL (issue 19): report indexes and the readers' rights.

**Indexes.** A counter's SQLite holds one unit's dossiers; the central database holds a whole
province's (10 million and more), read by supervisors of one handling agency or of the whole
province. ``central init`` adds, after the Alembic upgrade (the local SQLite schema is
unchanged), B-tree indexes that make every report scan an index-only range scan there:

* ``ix_central_received`` / ``ix_central_finished``: the local day of receipt / of the result
  first, so a period of the whole province is *one* range (the procedure-first indexes of
  revision 0003 need one range per procedure), with ``agency_code`` and ``unit_code``
  included so the per-agency and per-unit rows of the period report come out of the same
  scan (one grouped query instead of one report per agency and per unit);
* ``ix_central_agency_received`` / ``ix_central_agency_finished``: the same, handling agency
  first: one agency's period is one range of its own rows;
* ``ix_central_agency_unit`` / ``ix_central_unit_agency``: the receiving units of one
  agency's dossiers (the period report's unit rows) and the agencies of one unit's, found by
  a few index seeks instead of a scan of every dossier of the agency;
* ``ix_central_agency_returned``: *partial* — the returned dossiers only, handling agency and
  instant of the return first: one agency's ratings of a period (``services.satisfaction``;
  the rating and the returning officer are on the dossier since revision 0013, whose
  ``ix_dossier_returned`` serves the whole province's);
* ``ix_central_active``: *partial* — only the open and paused dossiers (a few per cent of a
  province's rows; the index stays small however many years are kept), handling agency,
  status and statutory due moment first: the live tiles, the overdue and due-soon lists and
  the in-progress columns of one agency or of the province.

They are built ``CONCURRENTLY`` (counters keep pushing during the build; an interrupted
build leaves an invalid index, dropped and built again by the next ``init``). Partitioning
by year and BRIN were considered and not taken: see docs/sync.md, *Province scale*.

**Readers.** A supervisor's dashboard or ``report`` opens the central database directly with
a reader login (``central add-reader``). A reader writes nothing of the dossiers; it may
write only (a) its own audit entries — origin ``reader:<login>``, a hash chain of its own —
with its chain anchor — and (b) the lock-out bookkeeping of a sign-in: ``failed_logins``/``locked_until`` of the
supervisors' and administrators' accounts, and the failure counts of names that are no
account (``local_setting`` keys ``login.unknown.…``). Column grants and row-level security
say exactly that, for the readers' group and every scoped reader group.
"""

from __future__ import annotations

from sqlalchemy import Connection, Engine

#: The agency-local day of an instant column, exactly as ``storage.sqlfn.local_day``
#: compiles it on PostgreSQL (the planner matches index expressions textually).
_DAY = "(CAST(({col} AT TIME ZONE 'UTC') + INTERVAL '7 hours' AS DATE))"
_ACTIVE = "status IN ('awaiting-supplement', 'processing', 'received')"

#: name → (key columns, INCLUDE columns, WHERE); on ``dossier`` unless named ``…_event_…``
INDEXES: dict[str, tuple[str, str, str]] = {
    "ix_central_received": (
        _DAY.format(col="received_at"),
        "procedure_id, agency_code, unit_code, status, channel, received_at", ""),
    "ix_central_finished": (
        _DAY.format(col="finished_at"),
        "procedure_id, agency_code, unit_code, status, timeliness, sla_due_at, finished_at, "
        "received_at", ""),
    "ix_central_agency_received": (
        "agency_code, " + _DAY.format(col="received_at"),
        "procedure_id, unit_code, status, channel, received_at", ""),
    "ix_central_agency_finished": (
        "agency_code, " + _DAY.format(col="finished_at"),
        "procedure_id, unit_code, status, timeliness, sla_due_at, finished_at, received_at", ""),
    "ix_central_active": (
        "agency_code, status, sla_due_at",
        "procedure_id, unit_code, received_at, department, received_by, paused_since, code",
        _ACTIVE),
    # the receiving units of one agency's dossiers (and the reverse): a few index seeks
    "ix_central_agency_unit": ("agency_code, unit_code", "", ""),
    "ix_central_unit_agency": ("unit_code, agency_code", "", ""),
    # one agency's ratings of the period (projected with the return, revision 0013)
    "ix_central_agency_returned": (
        "agency_code, returned_at",
        "procedure_id, agency_id, unit_code, status, rating, returned_by",
        "returned_at IS NOT NULL"),
}
#: Built by earlier releases and no longer read: dropped by ``central init``.
DROPPED = ("ix_central_event_return",)


def index_sql(name: str, concurrently: bool = True) -> str:
    key, include, where = INDEXES[name]
    table = "dossier_event" if "_event_" in name else "dossier"
    sql = (f"CREATE INDEX {'CONCURRENTLY ' if concurrently else ''}IF NOT EXISTS {name} "
           f"ON {table} ({key})" + (f" INCLUDE ({include})" if include else ""))
    return sql + (f" WHERE {where}" if where else "")


def ensure_indexes(engine: Engine) -> list[str]:
    """Build the missing province indexes (outside any transaction: ``CONCURRENTLY``);
    an invalid one (an interrupted build) is dropped and built again. Returns the names
    built."""
    built: list[str] = []
    with engine.connect() as conn:
        conn = conn.execution_options(isolation_level="AUTOCOMMIT")
        for name in DROPPED:
            conn.exec_driver_sql(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
        for name in INDEXES:
            valid = conn.exec_driver_sql(
                "SELECT i.indisvalid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
                "WHERE c.relname = %(n)s", {"n": name}).scalar()
            if valid is True:
                continue
            if valid is False:
                conn.exec_driver_sql(f"DROP INDEX CONCURRENTLY IF EXISTS {name}")
            conn.exec_driver_sql(index_sql(name))
            built.append(name)
        if built:
            conn.exec_driver_sql("ANALYZE dossier")
            conn.exec_driver_sql("ANALYZE dossier_event")
    return built


#: The columns of ``app_user`` a reader may change: the lock-out bookkeeping of a sign-in
#: (``updated_at`` moves with every ORM update).
LOCKOUT_COLUMNS = ("failed_logins", "locked_until", "updated_at")
#: Accounts that may sign in to a reports-only session (the permission matrix's ``report``).
REPORT_ROLES = "role IN ('supervisor', 'admin')"
#: The ``local_setting`` rows a reader reads and writes: failure counts of unknown names,
#: and the anchor of its own audit chain (``services.audit.set_anchor``).
_OWN_SETTINGS = ("(starts_with(key, 'login.unknown.') OR key = 'anchor.audit.reader:' || "
                 "session_user)")
#: Who a reader's audit entries are by: ``reader:<login>`` (never a counter's ``CODE#K``).
READER_ORIGIN = "'reader:' || session_user"


def reader_rights(conn: Connection, group: str, scoped: bool) -> None:
    """What every reader group may write, and what a scoped one may read besides its
    dossiers: the account columns a permission check needs (never the password hash: a
    scoped reader's user signs in with ``--user`` under the login the server checked) and
    its own audit chain. ``group`` must be quoted-safe (``central.quote_ident``)."""
    g = f'"{group}"'
    pol, pol_r = f'"{f"rdw_{group}"[:63]}"', f'"{f"rdr_{group}"[:63]}"'
    cols = ", ".join(LOCKOUT_COLUMNS)
    stmts = [
        f"GRANT SELECT, INSERT, UPDATE ON local_setting TO {g}",
        f"GRANT UPDATE ({cols}) ON app_user TO {g}",
        f"GRANT INSERT ON audit_entry TO {g}",
        "ALTER TABLE local_setting ENABLE ROW LEVEL SECURITY",
        f"DROP POLICY IF EXISTS {pol} ON local_setting",
        f"CREATE POLICY {pol} ON local_setting TO {g} USING ({_OWN_SETTINGS}) "
        f"WITH CHECK ({_OWN_SETTINGS})",
        f"DROP POLICY IF EXISTS {pol} ON app_user",
        f"CREATE POLICY {pol} ON app_user FOR UPDATE TO {g} USING ({REPORT_ROLES}) "
        f"WITH CHECK ({REPORT_ROLES})",
        f"DROP POLICY IF EXISTS {pol} ON audit_entry",
        f"CREATE POLICY {pol} ON audit_entry FOR INSERT TO {g} "
        f"WITH CHECK (origin = {READER_ORIGIN})",
    ]
    if scoped:
        stmts += [
            f"GRANT SELECT (id, username, full_name, role, active, failed_logins, locked_until, "
            f"version) ON app_user TO {g}",
            f"GRANT SELECT ON audit_entry TO {g}",
            f"DROP POLICY IF EXISTS {pol_r} ON app_user",
            f"CREATE POLICY {pol_r} ON app_user FOR SELECT TO {g} USING (true)",
            f"DROP POLICY IF EXISTS {pol_r} ON audit_entry",
            f"CREATE POLICY {pol_r} ON audit_entry FOR SELECT TO {g} "
            f"USING (origin = {READER_ORIGIN})",
        ]
    # the detail view shows the dossier's portal state: a counter-side table (empty here)
    if conn.exec_driver_sql("SELECT to_regclass('portal_status') IS NOT NULL").scalar():
        stmts.append(f"GRANT SELECT ON portal_status TO {g}")
    for sql in stmts:
        conn.exec_driver_sql(sql)


def scoped_groups(conn: Connection, prefix: str) -> list[str]:
    """The scoped reader groups (``add-reader --agency/--unit``) of this central database."""
    like = prefix.replace("_", "\\_")
    return [str(r[0]) for r in conn.exec_driver_sql(
        "SELECT rolname FROM pg_roles WHERE NOT rolcanlogin AND (rolname LIKE %(a)s OR "
        "rolname LIKE %(u)s) ORDER BY 1",
        {"a": like + "\\_rda\\_%", "u": like + "\\_rdu\\_%"})]
