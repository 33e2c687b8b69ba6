"""Setting up the central PostgreSQL: schema, change numbers, tombstones, roles and seed data.

The central database runs the same models and Alembic revisions as a counter
(``storage.db.upgrade``); everything only the central side needs is created here with plain,
idempotent SQL after the upgrade, so the local SQLite schema stays exactly the same:

* ``change_xid xid8`` and ``change_origin text`` on every synced table, stamped by a column
  default on insert and a trigger on update: the id of the writing transaction and the login
  that wrote the row — ``session_user``, taken by the server, never a value the client sends
  (a counter could otherwise attribute its change to another counter, whose pulls would then
  skip it). The only thing a client may do is clear it (``onestop.merged = on``: a central
  re-projection is news for everyone, the pusher included). A reader pulls the rows whose
  ``change_xid`` lies below ``pg_snapshot_xmin(pg_current_snapshot())`` — every transaction
  under that horizon has ended, so no row can still appear behind the cursor (the
  commit-order trap of a plain sequence). See docs/sync.md.
* ``sync_tombstone``: deleted calendar overrides, so deletions reach the other counters.
* ``sync_meta`` (this central's id) and ``sync_counter`` (login role → agency, counter,
  installation), read through the ``onestop_whoami`` function.
* group roles ``<db>_counter``, ``<db>_admin`` and ``<db>_reader`` (names checked and kept in
  ``sync_meta``: never a role of another purpose such as the owner) with their grants and
  shared policies (per-agency roles and policies: :mod:`onestop.sync.roles`). The shared
  tables (accounts, catalogue, calendar) are read-only to counters: only a central
  administrator's login writes them, so a stolen counter login or PC cannot change what every
  agency's desks pull (see docs/sync.md, "Shared data").
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Engine, create_engine
from sqlalchemy.orm import Session

from onestop.services.context import Context
from onestop.services.install import seeding
from onestop.storage import db
from onestop.storage.db import session_factory
from onestop.sync import portal_schema, province
from onestop.sync.tables import BY_NAME, ORDER
from onestop.storage.credentials import full_text, normalise
from onestop.sync.status import SyncError
from onestop.domain import messages

SHARED = ("procedure", "calendar_override", "app_user")

#: Who wrote a row: the login of the session (``session_user`` cannot be changed by a
#: non-superuser: ``SET ROLE`` changes ``current_user`` only), or nobody when the client marks
#: the write as a merge everybody must pull (clearing never attributes it to someone else).
ORIGIN = ("CASE WHEN current_setting('onestop.merged', true) = 'on' THEN NULL "
          "ELSE session_user::text END")

_STAMP = f"""
CREATE OR REPLACE FUNCTION onestop_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  NEW.change_xid := pg_current_xact_id();
  NEW.change_origin := {ORIGIN};
  RETURN NEW;
END $$;
CREATE OR REPLACE FUNCTION onestop_tombstone() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO sync_tombstone (table_name, row_id) VALUES (TG_TABLE_NAME, OLD.id)
  ON CONFLICT (table_name, row_id) DO UPDATE SET change_xid = pg_current_xact_id();
  RETURN OLD;
END $$;
"""

_META = f"""
CREATE TABLE IF NOT EXISTS sync_meta (key text PRIMARY KEY, value text NOT NULL);
INSERT INTO sync_meta VALUES ('central_id', gen_random_uuid()::text) ON CONFLICT DO NOTHING;
CREATE TABLE IF NOT EXISTS sync_tombstone (
  table_name text NOT NULL,
  row_id uuid NOT NULL,
  change_xid xid8 NOT NULL DEFAULT pg_current_xact_id(),
  change_origin text DEFAULT {ORIGIN},
  PRIMARY KEY (table_name, row_id));
ALTER TABLE sync_tombstone ALTER COLUMN change_origin SET DEFAULT {ORIGIN};
CREATE INDEX IF NOT EXISTS ix_sync_tombstone_change ON sync_tombstone (change_xid, row_id);
CREATE TABLE IF NOT EXISTS sync_counter (
  role_name text PRIMARY KEY,
  agency_id uuid NOT NULL REFERENCES agency (id),
  counter_no integer NOT NULL,
  installation text);
"""

# The counter's own identity, and the claim that one installation holds the counter: a
# second PC configured with the same counter is refused instead of mixing two histories.
_WHOAMI = """
CREATE OR REPLACE FUNCTION onestop_whoami(p_installation text, p_replace boolean)
RETURNS TABLE (agency_id uuid, agency_code text, counter_no integer)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE r sync_counter%ROWTYPE;
BEGIN
  SELECT * INTO r FROM sync_counter s WHERE s.role_name = session_user;
  IF NOT FOUND THEN RETURN; END IF;
  IF p_installation IS NOT NULL THEN
    IF r.installation IS NULL OR p_replace THEN
      UPDATE sync_counter s SET installation = p_installation WHERE s.role_name = r.role_name;
    ELSIF r.installation <> p_installation THEN
      RAISE EXCEPTION 'counter % already joined by another installation', r.counter_no
        USING ERRCODE = 'OSK01';
    END IF;
  END IF;
  RETURN QUERY SELECT r.agency_id, a.code::text, r.counter_no FROM agency a
    WHERE a.id = r.agency_id;
END $$;
REVOKE ALL ON FUNCTION onestop_whoami(text, boolean) FROM PUBLIC;
"""

# The return of a result at another unit (issue 14): that unit's counter may append the
# ``return`` event to a dossier it did not receive, but row-level security keeps it from
# writing the dossier row. The projection of a return is one step (result-ready → returned
# at the event's instant, ``domain.workflow._return``): the server takes it, as the table
# owner, only for a return event of the dossier's return point on a dossier whose result is
# ready; every other case is the receiving unit's own re-projection.
_FOREIGN_RETURN = """
CREATE OR REPLACE FUNCTION onestop_foreign_return() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE unit uuid;
BEGIN
  SELECT s.agency_id INTO unit FROM sync_counter s WHERE s.role_name = session_user;
  IF NOT FOUND THEN RETURN NULL; END IF;
  UPDATE dossier d SET status = 'returned', returned_at = NEW.at, updated_at = now(),
         rating = CASE WHEN NEW.payload ->> 'rating' IN ('very-satisfied', 'satisfied',
                                                        'dissatisfied')
                       THEN NEW.payload ->> 'rating' END,
         rating_comment = NULLIF(left(NEW.payload ->> 'rating_comment', 500), ''),
         returned_by = NEW.user_name, version = d.version + 1
   WHERE d.id = NEW.dossier_id AND d.agency_id <> unit AND d.status = 'result-ready'
     AND d.return_unit_code = (SELECT a.code FROM agency a WHERE a.id = unit);
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION onestop_foreign_return() FROM PUBLIC;
CREATE OR REPLACE TRIGGER onestop_foreign_return AFTER INSERT ON dossier_event
  FOR EACH ROW WHEN (NEW.kind = 'return') EXECUTE FUNCTION onestop_foreign_return();
"""

# Issue 16, retention: counters insert events and never update them; the one change allowed is
# an erasure, through this function: only an event of the calling counter's agency, and only
# values replaced by the erasure marker (every key kept, nothing else changed).
_ERASE = """
CREATE OR REPLACE FUNCTION onestop_erase_payload(p_event uuid, p_payload json, p_marker text)
RETURNS boolean
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE old jsonb; new jsonb := p_payload::jsonb; k text; mine uuid; theirs uuid;
BEGIN
  IF p_marker IS DISTINCT FROM '[đã xoá theo thời hạn lưu trữ]' THEN RETURN false; END IF;
  SELECT s.agency_id INTO mine FROM sync_counter s WHERE s.role_name = session_user;
  SELECT e.payload::jsonb, d.agency_id INTO old, theirs FROM dossier_event e
    JOIN dossier d ON d.id = e.dossier_id WHERE e.id = p_event FOR UPDATE OF e;
  IF old IS NULL OR mine IS NULL OR mine <> theirs THEN RETURN false; END IF;
  IF (SELECT array_agg(x ORDER BY x) FROM jsonb_object_keys(old) x)
     IS DISTINCT FROM (SELECT array_agg(x ORDER BY x) FROM jsonb_object_keys(new) x) THEN
    RETURN false;
  END IF;
  FOR k IN SELECT jsonb_object_keys(old) LOOP
    IF old -> k IS DISTINCT FROM new -> k AND new -> k IS DISTINCT FROM to_jsonb(p_marker) THEN
      RETURN false;
    END IF;
  END LOOP;
  UPDATE dossier_event SET payload = p_payload WHERE id = p_event;
  RETURN true;
END $$;
REVOKE ALL ON FUNCTION onestop_erase_payload(uuid, json, text) FROM PUBLIC;
"""


#: The codes an agency stands for: itself and, through ``successor_code``, every agency merged
#: into it or renamed to it (a reader of the successor sees their dossiers too).
LINEAGE = r"""
CREATE OR REPLACE FUNCTION onestop_agency_lineage(p_code text) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  WITH RECURSIVE up(code, depth) AS (
    SELECT p_code, 0
    UNION
    SELECT a.code::text, up.depth + 1 FROM agency a JOIN up ON a.successor_code = up.code
     WHERE up.depth < 32)
  SELECT array_agg(DISTINCT code) FROM up
$$;
REVOKE ALL ON FUNCTION onestop_agency_lineage(text) FROM PUBLIC;
"""

# The register of handling agencies (issue 14, ``central add-agency``): the central database
# refuses what the command refuses — a code not shaped like an identity code (NOT VALID:
# rows written before this release are not re-checked), a successor it does not know or the
# agency itself (checked at commit, so a merger may add the successor in the same
# transaction) — and gives the readers scoped to an agency the codes it succeeded.
_DIRECTORY = r"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_constraint WHERE conname = 'ck_agency_code_shape'
                 AND conrelid = 'agency'::regclass) THEN
    ALTER TABLE agency ADD CONSTRAINT ck_agency_code_shape
      CHECK (code ~ '^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}$') NOT VALID;
  END IF;
END $$;
CREATE OR REPLACE FUNCTION onestop_agency_successor() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  IF NEW.successor_code IS NOT NULL AND (NEW.successor_code = NEW.code OR NOT EXISTS (
      SELECT 1 FROM agency a WHERE a.code = NEW.successor_code)) THEN
    RAISE EXCEPTION 'ck_agency_successor: agency % has an unknown successor %', NEW.code,
      NEW.successor_code
      USING ERRCODE = '23514', CONSTRAINT = 'ck_agency_successor';
  END IF;
  RETURN NULL;
END $$;
REVOKE ALL ON FUNCTION onestop_agency_successor() FROM PUBLIC;
DROP TRIGGER IF EXISTS onestop_agency_successor ON agency;
CREATE CONSTRAINT TRIGGER onestop_agency_successor AFTER INSERT OR UPDATE OF successor_code
  ON agency DEFERRABLE INITIALLY DEFERRED FOR EACH ROW
  EXECUTE FUNCTION onestop_agency_successor();
""" + LINEAGE

@dataclass(frozen=True)
class CentralInfo:
    """What ``central init`` did."""

    database: str
    central_id: str
    revision: str | None
    procedures_loaded: int
    overrides_loaded: int
    role_prefix: str
    groups: dict[str, str]
    #: logins and agency groups moved off a role that was never the app's group (see _repair)
    repaired: list[str]


def role_prefix(database: str) -> str:
    """Prefix of this central database's roles (roles are cluster-wide; databases are not)."""
    return re.sub(r"[^a-z0-9]+", "_", database.lower()).strip("_")[:20] or "onestop"


def quote_ident(name: str) -> str:
    """A role or table name as a SQL identifier (our names are ``[a-z0-9_]`` already)."""
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"unsafe identifier {name!r}")
    return f'"{name}"'


def quote_literal(value: str) -> str:
    """A SQL string literal (standard_conforming_strings is on in every supported version)."""
    return "'" + value.replace("'", "''") + "'"


def admin_engine(url: str) -> Engine:
    """An engine on the central database for the administrator's URL."""

    return create_engine(full_text(normalise(url)), pool_pre_ping=True, hide_parameters=True,
                         connect_args={"connect_timeout": 10,
                                       "application_name": "onestop-central-admin"})


def ddl(conn: Connection, sql: str) -> None:
    """Run SQL without parameters (plpgsql bodies contain ``%`` that a driver would parse)."""
    with conn.connection.dbapi_connection.cursor() as cur:  # type: ignore[union-attr]
        cur.execute(sql)


def _ensure_role(conn: Connection, name: str, options: str = "NOLOGIN") -> None:
    exists = conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s",
                                  {"n": name}).first()
    if not exists:
        conn.exec_driver_sql(f"CREATE ROLE {quote_ident(name)} {options}")


def _schema(conn: Connection) -> None:
    """Change numbers, tombstones, identity tables and RLS on every synced table."""
    ddl(conn, _META)
    ddl(conn, _STAMP)
    for t in ORDER:
        conn.exec_driver_sql(
            f"ALTER TABLE {t} ADD COLUMN IF NOT EXISTS change_xid xid8, "
            f"ADD COLUMN IF NOT EXISTS change_origin text")
        conn.exec_driver_sql(f"UPDATE {t} SET change_xid = pg_current_xact_id() "
                             "WHERE change_xid IS NULL")
        # inserts get their stamp from the column defaults (no trigger call per row: the
        # bulk push inserts most rows); counters may not name these columns (see the
        # column grants), so the values cannot be forged. Updates go through the trigger.
        conn.exec_driver_sql(f"ALTER TABLE {t} ALTER COLUMN change_xid SET DEFAULT "
                             f"pg_current_xact_id(), ALTER COLUMN change_origin SET DEFAULT "
                             f"{ORIGIN}")
        conn.exec_driver_sql(f"CREATE INDEX IF NOT EXISTS ix_{t}_change ON {t} (change_xid, id)")
        conn.exec_driver_sql(f"CREATE OR REPLACE TRIGGER onestop_stamp BEFORE UPDATE "
                             f"ON {t} FOR EACH ROW EXECUTE FUNCTION onestop_stamp()")
        conn.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
    conn.exec_driver_sql("CREATE OR REPLACE TRIGGER onestop_tombstone AFTER DELETE ON "
                         "calendar_override FOR EACH ROW EXECUTE FUNCTION onestop_tombstone()")
    ddl(conn, _WHOAMI)
    ddl(conn, _FOREIGN_RETURN)
    ddl(conn, _ERASE)
    ddl(conn, _DIRECTORY)
    for t in ("sync_counter", "sync_tombstone", "sync_meta"):
        conn.exec_driver_sql(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")


GROUP_KINDS = ("counter", "admin", "reader")


@dataclass(frozen=True)
class Groups:
    """The names of this central database's three group roles (kept in ``sync_meta``)."""

    counter: str
    admin: str
    reader: str

    def names(self) -> set[str]:
        return {self.counter, self.admin, self.reader}


#: What makes an existing role unfit to be a group the app grants to logins, worst first.
#: ``owner``: it is the owner of the database or of its tables, or the role running the
#: set-up, or has their rights through membership — every login granted it could disable
#: row-level security; ``powerful``: superuser, CREATEROLE, CREATEDB, REPLICATION or
#: BYPASSRLS; ``owns``: it owns objects of this database; ``login``: it can log in (a group
#: cannot); ``group``: it cannot (a login must). (PostgreSQL 16 makes the creator of a role
#: an ADMIN-only member of it, which passes no rights: that direction is not a problem.)
_PROBLEMS = """
WITH owners AS (
  SELECT datdba AS oid FROM pg_database WHERE datname = current_database()
  UNION SELECT c.relowner FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public'
  UNION SELECT oid FROM pg_roles WHERE rolname IN (current_user, session_user)
)
SELECT r.oid IN (SELECT oid FROM owners)
         OR EXISTS (SELECT 1 FROM owners o WHERE pg_has_role(r.oid, o.oid, 'MEMBER')),
       r.rolsuper OR r.rolcreaterole OR r.rolcreatedb OR r.rolreplication OR r.rolbypassrls,
       EXISTS (SELECT 1 FROM pg_class c WHERE c.relowner = r.oid AND c.relpersistence <> 't'),
       r.rolcanlogin,
       NOT r.rolcanlogin
FROM pg_roles r WHERE r.rolname = %(n)s
"""
_PROBLEM_NAMES = ("owner", "powerful", "owns", "login", "group")


def role_problems(conn: Connection, name: str, login: bool = False) -> set[str]:
    """Why the existing role ``name`` may not serve as one of the app's groups (or, with
    ``login``, as one of its logins); empty when it is fit or does not exist. See
    ``_PROBLEMS``."""
    row = conn.exec_driver_sql(_PROBLEMS, {"n": name}).first()
    found = {p for p, bad in zip(_PROBLEM_NAMES, row or ()) if bad}
    return found - {"login"} if login else found - {"group"}


def role_clash(name: str, problems: set[str], kind: str = "group") -> Exception:
    """The refusal for a role that may not be used (message names the role and the reason)."""

    worst = next(p for p in _PROBLEM_NAMES if p in problems)
    return SyncError("central_role_clash", 2, value=name,
                     detail=messages_role_problem(worst), kind=kind)


def messages_role_problem(problem: str) -> str:
    return messages.message("central_role_" + problem).rstrip(".")  # a clause of central_role_clash


def _candidates(prefix: str, kind: str) -> list[str]:
    base = f"{prefix}_{kind}"
    return [base, f"{base}_grp", *(f"{base}_grp{i}" for i in range(2, 10))]


def _check_group(conn: Connection, name: str) -> None:
    """Refuse ``name`` as a group when a role of another purpose holds it."""
    problems = role_problems(conn, name)
    if problems:
        raise role_clash(name, problems)


def groups(conn: Connection, prefix: str | None = None) -> Groups:
    """The group role names ``central init`` chose (older databases: the default names)."""
    if prefix is None:
        prefix = role_prefix(str(conn.exec_driver_sql("SELECT current_database()").scalar_one()))
    stored = dict(conn.exec_driver_sql(
        "SELECT key, value FROM sync_meta WHERE key LIKE 'role.%%'").all())
    return Groups(*(str(stored.get(f"role.{k}", f"{prefix}_{k}")) for k in GROUP_KINDS))


def _choose_groups(conn: Connection, prefix: str) -> Groups:
    """Name the group roles: the stored names when they are still fit (else refuse), on a
    first init the first candidate that no role of another purpose already holds.

    Raises:
        SyncError: ``central_role_clash`` — a stored group has become unfit (e.g. someone
            made it the owner's member), or no candidate name is free.
    """
    stored = dict(conn.exec_driver_sql(
        "SELECT key, value FROM sync_meta WHERE key LIKE 'role.%%'").all())
    chosen: list[str] = []
    for kind in GROUP_KINDS:
        name = stored.get(f"role.{kind}")
        if name is not None:
            problems = role_problems(conn, str(name))
            if problems:
                raise role_clash(str(name), problems)
            chosen.append(str(name))
            continue
        options = _candidates(prefix, kind)
        free = next((n for n in options if not role_problems(conn, n)), None)
        if free is None:
            raise role_clash(options[0], role_problems(conn, options[0]))
        conn.exec_driver_sql("INSERT INTO sync_meta VALUES (%(k)s, %(v)s) ON CONFLICT (key) "
                             "DO UPDATE SET value = excluded.value",
                             {"k": f"role.{kind}", "v": free})
        chosen.append(free)
    return Groups(*chosen)


#: Logins made by ``add-counter``/``add-admin``/``add-reader`` all carry this setting.
_APP_LOGIN = ("EXISTS (SELECT 1 FROM pg_db_role_setting s WHERE s.setrole = r.oid AND "
              "'idle_in_transaction_session_timeout=5min' = ANY(s.setconfig))")


def _repair(conn: Connection, prefix: str, chosen: Groups) -> list[str]:
    """Undo what earlier versions did when a default group name was already another role
    (typically the owner ``<database>_admin`` of the documented set-up): move the logins and
    agency groups the app had granted that role to the chosen group. Returns their names."""
    moved: list[str] = []
    for kind in GROUP_KINDS:
        default, group = f"{prefix}_{kind}", getattr(chosen, kind)
        if group == default:
            continue
        members = [str(r[0]) for r in conn.exec_driver_sql(
            "SELECT r.rolname FROM pg_auth_members m JOIN pg_roles r ON r.oid = m.member "
            "JOIN pg_roles g ON g.oid = m.roleid WHERE g.rolname = %(g)s AND NOT r.rolsuper "
            f"AND ((r.rolcanlogin AND {_APP_LOGIN}) OR (NOT r.rolcanlogin AND "
            "r.rolname LIKE %(ag)s)) ORDER BY 1",
            {"g": default, "ag": prefix.replace("_", "\\_") + "\\_ag\\_%"})]
        for m in members:
            conn.exec_driver_sql(f"REVOKE {quote_ident(default)} FROM {quote_ident(m)}")
            conn.exec_driver_sql(f"GRANT {quote_ident(group)} TO {quote_ident(m)}")
            moved.append(m)
    return moved


def _owner_rights(conn: Connection) -> list[str]:
    """Give the owner of each synced table back its own rights where an earlier init revoked
    them (a group role that was the owner lost them with the group's)."""
    rows = conn.exec_driver_sql(
        "SELECT c.relname, pg_get_userbyid(c.relowner) FROM pg_class c JOIN pg_namespace n "
        "ON n.oid = c.relnamespace WHERE n.nspname = 'public' AND c.relkind = 'r' "
        "AND c.relname = ANY(%(t)s) AND NOT (has_table_privilege(c.relowner, c.oid, 'INSERT') "
        "AND has_table_privilege(c.relowner, c.oid, 'UPDATE') "
        "AND has_table_privilege(c.relowner, c.oid, 'DELETE') "
        "AND has_table_privilege(c.relowner, c.oid, 'SELECT'))", {"t": list(ORDER)}).all()
    for table, owner in rows:
        conn.exec_driver_sql(f'GRANT ALL ON {quote_ident(table)} TO '
                             f'"{str(owner).replace(chr(34), chr(34) * 2)}"')
    return [str(t) for t, _ in rows]


def _group_roles(conn: Connection, chosen: Groups) -> None:
    """The counters', administrators' and readers' group roles, grants and shared policies."""
    counter, admin, reader = chosen.counter, chosen.admin, chosen.reader
    for role in (counter, admin, reader):
        _ensure_role(conn, role)
    c, a, r = quote_ident(counter), quote_ident(admin), quote_ident(reader)
    database = quote_ident_db(conn)
    own = [t for t in ORDER if t not in SHARED]   # rows a counter writes (RLS: its agency's)
    shared = ", ".join(SHARED)
    stmts = [
        f"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {c}, {a}, {r}",
        f"GRANT USAGE ON SCHEMA public TO {c}, {a}, {r}",
        # earlier versions let counters write the shared tables: taken back on every init
        f"REVOKE INSERT, UPDATE, DELETE ON {', '.join(ORDER)} FROM {c}, {a}",
        f"GRANT SELECT, UPDATE ON agency, counter, receipt_key, dossier TO {c}",
        f"GRANT SELECT ON {', '.join(ORDER)} TO {c}, {r}",
        *(f"GRANT INSERT ({_model_columns(t)}) ON {t} TO {c}" for t in own),
        # the central administrators: the shared tables, and nothing of any agency's dossiers
        f"GRANT SELECT, UPDATE ON {shared} TO {a}",
        *(f"GRANT INSERT ({_model_columns(t)}) ON {t} TO {a}" for t in SHARED),
        f"GRANT DELETE ON calendar_override TO {a}",
        f"GRANT SELECT ON agency, counter TO {a}",
        # the register of handling agencies (``central add-agency``): see the policies below
        f"GRANT INSERT ({_model_columns('agency')}), UPDATE ON agency TO {a}",
        f"GRANT SELECT ON sync_tombstone, sync_meta TO {c}, {a}, {r}",
        f"GRANT EXECUTE ON FUNCTION onestop_whoami(text, boolean) TO {c}",
        f"GRANT EXECUTE ON FUNCTION onestop_erase_payload(uuid, json, text) TO {c}",
    ]
    for t in SHARED:
        stmts += [f"DROP POLICY IF EXISTS counters ON {t}",
                  f"CREATE POLICY counters ON {t} FOR SELECT TO {c} USING (true)",
                  f"DROP POLICY IF EXISTS admins ON {t}",
                  f"CREATE POLICY admins ON {t} TO {a} USING (true) WITH CHECK (true)"]
    # every counter reads every counter's public receipt keys (verifying any receipt);
    # it writes only its own agency's (the agency policies)
    stmts += ["DROP POLICY IF EXISTS counters ON receipt_key",
              f"CREATE POLICY counters ON receipt_key FOR SELECT TO {c} USING (true)"]
    for t in ("agency", "counter"):
        stmts += [f"DROP POLICY IF EXISTS admins ON {t}",
                  f"CREATE POLICY admins ON {t} FOR SELECT TO {a} USING (true)"]
    # a central administrator adds and changes handling agencies; a receiving unit's row
    # (``unit``/``both``) stays with the database owner (``add-counter``) and its counters
    stmts += ["DROP POLICY IF EXISTS admins_w ON agency",
              f"CREATE POLICY admins_w ON agency FOR INSERT TO {a} WITH CHECK (kind = 'agency')",
              "DROP POLICY IF EXISTS admins_u ON agency",
              f"CREATE POLICY admins_u ON agency FOR UPDATE TO {a} USING (kind = 'agency') "
              "WITH CHECK (kind = 'agency')"]
    # the directory of receiving units and handling agencies (names, codes, validity) is read
    # by every counter: a receipt names its handling agency and may return at another unit
    stmts += ["DROP POLICY IF EXISTS directory ON agency",
              f"CREATE POLICY directory ON agency FOR SELECT TO {c} USING (true)"]
    for t in (*ORDER, "sync_tombstone", "sync_meta"):
        stmts += [f"DROP POLICY IF EXISTS readers ON {t}",
                  f"CREATE POLICY readers ON {t} FOR SELECT TO {r} USING (true)"]
    for t in ("sync_tombstone", "sync_meta"):
        for name, role in (("counters", c), ("admins", a)):
            stmts += [f"DROP POLICY IF EXISTS {name} ON {t}",
                      f"CREATE POLICY {name} ON {t} FOR SELECT TO {role} USING (true)"]
    for s in stmts:
        conn.exec_driver_sql(s)


def _slug(code: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", code.lower()).strip("_")


#: Event kinds a counter may append to a dossier another unit received when the citizen
#: chose to collect the result at its unit (issue 14: the return point).
RETURN_POINT_KINDS = ("return", "note")


def by_dossier(condition: str) -> str:
    """A ``dossier_event`` policy: the event's dossier meets ``condition`` (on alias ``d``),
    checked **per row** by one probe of the dossier's primary key.

    The plain ``EXISTS (SELECT 1 FROM dossier d WHERE d.id = dossier_id AND …)`` gives the
    planner a second form, a *hashed* subplan that first reads every dossier of the unit
    (27,000 for a commune, 1,200,000 for a provincial centre at 6 million dossiers), and it
    takes that form whenever it expects more than a few rows — even for the chain tip (one
    row, ``LIMIT 1``) or a minute's page of the pull. ``OFFSET 0`` keeps the subquery from
    being turned into that form (PostgreSQL gives an ``EXISTS`` with an ``OFFSET`` no hashed
    alternative; a ``LIMIT 1`` would not do, it is dropped as a no-op); the rows it admits
    are exactly the same (issue 19, docs/sync.md *Where the server's time goes*)."""
    return f"EXISTS (SELECT 1 FROM dossier d WHERE d.id = dossier_id AND ({condition}) OFFSET 0)"


def _agency_policies(conn: Connection, group: str, agency_id: uuid.UUID, code: str) -> None:
    """The row-level security of one receiving unit's counters.

    * ``agency``: every row is readable (the directory of units and handling agencies, through
      the counters' shared policy ``directory``); only its own row is written — the other
      units and the handling agencies are central reference data;
    * ``counter``, ``audit_entry``: its own;
    * ``dossier``: it writes the dossiers its unit received (whatever the handling agency) and
      reads those too, plus the dossiers whose return point (``return_unit_code``) is its unit;
    * ``dossier_event``: it reads the events of the dossiers it reads, appends any event to its
      own dossiers and only ``return`` and ``note`` to those it is the return point of.
    """
    g, aid, lit = quote_ident(group), quote_literal(str(agency_id)), quote_literal(code)
    mine = f"agency_id = {aid}::uuid"
    readable = f"({mine} OR return_unit_code = {lit})"
    kinds = ", ".join(quote_literal(k) for k in RETURN_POINT_KINDS)
    event_read = by_dossier(f"d.agency_id = {aid}::uuid OR d.return_unit_code = {lit}")
    event_write = (f"EXISTS (SELECT 1 FROM dossier d WHERE d.id = dossier_id "
                   f"AND (d.agency_id = {aid}::uuid OR (d.return_unit_code = {lit} "
                   f"AND kind IN ({kinds}))))")
    own_audit = f"starts_with(origin, {quote_literal(code + '#')})"
    # (table, suffix, command, USING, WITH CHECK)
    rules = (
        ("agency", "", "UPDATE", f"id = {aid}::uuid", f"id = {aid}::uuid"),
        ("agency", "_w", "INSERT", None, f"id = {aid}::uuid"),
        ("counter", "", "ALL", mine, mine),
        ("dossier", "", "SELECT", readable, None),
        ("dossier", "_w", "INSERT", None, mine),
        ("dossier", "_u", "UPDATE", mine, mine),
        ("dossier_event", "", "SELECT", event_read, None),
        ("dossier_event", "_w", "INSERT", None, event_write),
        ("audit_entry", "", "ALL", own_audit, own_audit),
        # its counters' receipt-signing public keys (issue 18; every key is readable through
        # the counters' shared policy ``counters``)
        ("receipt_key", "", "ALL", f"agency_code = {lit}", f"agency_code = {lit}"),
    )
    name = f"ag_{_slug(code)}"[:59]
    for table in ("agency", "counter", "dossier", "dossier_event", "audit_entry", "receipt_key"):
        for suffix in ("", "_w", "_u"):
            conn.exec_driver_sql(f"DROP POLICY IF EXISTS {quote_ident(name + suffix)} ON {table}")
    for table, suffix, command, using, check in rules:
        sql = f"CREATE POLICY {quote_ident(name + suffix)} ON {table} FOR {command} TO {g}"
        if using is not None:
            sql += f" USING ({using})"
        if check is not None:
            sql += f" WITH CHECK ({check})"
        conn.exec_driver_sql(sql)
    conn.exec_driver_sql(f"DROP POLICY IF EXISTS {quote_ident(name)} ON sync_counter")
    conn.exec_driver_sql(f"CREATE POLICY {quote_ident(name)} ON sync_counter FOR SELECT "
                         f"TO {g} USING (role_name = session_user)")


def _unit_policies(conn: Connection, prefix: str) -> None:
    """Re-apply the row-level security of every unit that has counter logins (an upgraded
    central gets the policies of this release: return points, the register readable)."""
    units = conn.exec_driver_sql(
        "SELECT DISTINCT a.id, a.code FROM sync_counter s JOIN agency a ON a.id = s.agency_id "
        "ORDER BY a.code").all()
    for unit_id, code in units:
        group = f"{prefix}_ag_{_slug(str(code))}"[:63]
        if conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s",
                                {"n": group}).first():
            _agency_policies(conn, group, unit_id, str(code))


#: What a scoped reader reads whole (the register, catalogue and calendar, sync metadata).
SCOPED_READ_ALL = ("agency", "counter", "procedure", "calendar_override", "sync_tombstone",
                   "sync_meta")


def scoped_reader_rights(conn: Connection, group: str, field: str, code: str) -> None:
    """The grants and policies of a scoped readers' group (``add-reader --agency/--unit``):
    the dossiers (and their events) of the handling agency ``code`` and of the agencies it
    succeeded (``field`` ``agency``), or those the unit ``code`` received or returns
    (``unit``); the register, catalogue and calendar whole.

    The agency's codes are one array computed once per statement (an *InitPlan*:
    ``agency_code = ANY ((SELECT onestop_agency_lineage(…))::text[])``), which the planner
    uses as an index condition on the agency-first indexes; an ``IN (SELECT unnest(…))`` is a
    hashed filter it can only apply row by row to what it read. The events: a per-row probe
    of their dossier (:func:`by_dossier`)."""
    g, lit = quote_ident(group), quote_literal(code)
    lineage = f"ANY ((SELECT onestop_agency_lineage({lit}))::text[])"
    mine, theirs = f"agency_code = {lineage}", f"d.agency_code = {lineage}"
    if field == "unit":   # a centre's supervisor also sees the results returned there
        mine = f"(unit_code = {lit} OR return_unit_code = {lit})"
        theirs = f"d.unit_code = {lit} OR d.return_unit_code = {lit}"
    ddl(conn, LINEAGE)      # a central initialised by an earlier release may lack it
    stmts = [f"GRANT CONNECT, TEMPORARY ON DATABASE {quote_ident_db(conn)} TO {g}",
             f"GRANT USAGE ON SCHEMA public TO {g}",
             f"GRANT EXECUTE ON FUNCTION onestop_agency_lineage(text) TO {g}",
             f"GRANT SELECT ON {', '.join((*SCOPED_READ_ALL, 'dossier', 'dossier_event'))} "
             f"TO {g}"]
    name = quote_ident(f"rd_{group}"[:63])
    rules = {t: "true" for t in SCOPED_READ_ALL}
    rules["dossier"] = mine
    rules["dossier_event"] = by_dossier(theirs)
    for table, rule in rules.items():
        stmts += [f"DROP POLICY IF EXISTS {name} ON {table}",
                  f"CREATE POLICY {name} ON {table} FOR SELECT TO {g} USING ({rule})"]
    for sql in stmts:
        conn.exec_driver_sql(sql)


def scoped_group(prefix: str, field: str, code: str) -> str:
    """The group role of the readers scoped to ``field`` (``agency``/``unit``) ``code``."""
    return f"{prefix}_rd{'a' if field == 'agency' else 'u'}_{_slug(code)}"[:63]


def _reader_policies(conn: Connection, prefix: str) -> None:
    """Re-apply the rights of every scoped readers' group (an upgraded central gets this
    release's policies): its agency or unit is the register's code whose group name it is."""
    groups_ = set(province.scoped_groups(conn, prefix))
    if not groups_:
        return
    kinds = {"agency": ("agency", "both"), "unit": ("unit", "both")}
    for code, kind in conn.exec_driver_sql("SELECT code, kind FROM agency ORDER BY code"):
        for field, allowed in kinds.items():
            group = scoped_group(prefix, field, str(code))
            if kind in allowed and group in groups_:
                scoped_reader_rights(conn, group, field, str(code))
                province.reader_rights(conn, group, scoped=True)
                groups_.discard(group)
    for group in sorted(groups_):   # its code is gone from the register: rights as they were
        province.reader_rights(conn, group, scoped=True)


def _model_columns(table: str) -> str:
    """The model's columns of ``table`` (not the central-only change stamps)."""
    return ", ".join(f'"{c}"' for c in BY_NAME[table].columns)


def quote_ident_db(conn: Connection) -> str:
    """The current database's name as an identifier (any characters, properly quoted)."""
    name = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    return '"' + str(name).replace('"', '""') + '"'


def _seed(engine: Engine, conn: Connection) -> tuple[int, int]:
    """The catalogue, the calendar overrides and the ``system`` account, when absent."""
    ctx = Context(engine=engine, factory=session_factory(engine))
    with Session(bind=conn) as session:
        seeding.ensure_system_user(session)
        n_over = len(seeding.seed_overrides(session, remember=False))
        n_proc = seeding.seed_catalogue(ctx, session)
        session.flush()
    # services queue their writes for a push; the central database has nowhere to push to
    conn.exec_driver_sql("DELETE FROM sync_outbox")
    return n_proc, n_over


def init(url: str) -> CentralInfo:
    """Create or upgrade the central database (idempotent): schema, sync objects, seed data.

    The group roles never take over a role of another purpose: a default name already held by
    the owner (the documented ``onestop_admin`` on database ``onestop``), a login or a
    powerful role is skipped for the next free ``…_grp`` name, and what an earlier version
    granted to such a role is moved to the real group (:func:`_repair`).

    Raises:
        SyncError: ``central_role_clash`` (see :func:`_choose_groups`).
        storage.db.DatabaseUnavailable: the server cannot be reached.
    """
    engine = admin_engine(url)
    try:
        with engine.begin() as conn:   # before anything writes: an earlier init may have
            _owner_rights(conn)        # revoked the owner's rights (see _owner_rights)
        db.upgrade(engine)
        with engine.begin() as conn:
            # one init at a time: two admins running it together would race on CREATE ROLE
            conn.exec_driver_sql("SELECT pg_advisory_xact_lock(4242006)")
            _schema(conn)
            database = conn.exec_driver_sql("SELECT current_database()").scalar_one()
            prefix = role_prefix(str(database))
            chosen = _choose_groups(conn, prefix)
            repaired = _repair(conn, prefix, chosen)
            _group_roles(conn, chosen)
            _unit_policies(conn, prefix)
            # issue 19: readers sign in and audit on the central database itself; the scoped
            # readers' groups get this release's policies too
            province.reader_rights(conn, chosen.reader, scoped=False)
            _reader_policies(conn, prefix)
            # issue 17: the national portal link's tables and group
            portal_schema.ensure(conn, prefix, chosen.counter, chosen.reader, _check_group)
            n_proc, n_over = _seed(engine, conn)
            central_id = conn.exec_driver_sql(
                "SELECT value FROM sync_meta WHERE key = 'central_id'").scalar_one()
        province.ensure_indexes(engine)   # issue 19: CONCURRENTLY, outside the transaction
        return CentralInfo(str(database), str(central_id), db.current_revision(engine),
                           n_proc, n_over, prefix, chosen.__dict__.copy(), repaired)
    finally:
        engine.dispose()


def is_central(conn: Connection) -> bool:
    """Whether ``central init`` has run on this database."""
    return bool(conn.exec_driver_sql("SELECT to_regclass('sync_meta') IS NOT NULL").scalar())


def central_id(conn: Connection) -> str:
    """This central database's id (a UUID chosen at ``central init``)."""
    return str(conn.exec_driver_sql(
        "SELECT value FROM sync_meta WHERE key = 'central_id'").scalar_one())


def whoami(conn: Connection, installation: str | None, replace: bool = False
           ) -> tuple[Any, str, int] | None:
    """The (agency id, agency code, counter) of the connected counter role, or None.

    Passing ``installation`` claims the counter for this installation.

    Raises:
        sqlalchemy.exc.DBAPIError: SQLSTATE OSK01 when another installation holds it.
    """
    if conn.exec_driver_sql("SELECT has_function_privilege("
                            "'onestop_whoami(text, boolean)', 'EXECUTE')").scalar() is not True:
        return None
    row = conn.exec_driver_sql("SELECT * FROM onestop_whoami(%(i)s, %(r)s)",
                               {"i": installation, "r": replace}).first()
    return (row[0], str(row[1]), int(row[2])) if row else None
