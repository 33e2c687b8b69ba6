"""The national portal link's objects in the central database (issue 17).

Created by ``central init`` (and again, idempotently, by ``central add-portal``):

* ``portal_link``: one link per receiving unit (``unit`` '' = the only link): adapter URL,
  paths, user name, ``dstcode``, ``madonvi``. No password: it comes from
  ``ONESTOP_PORTAL_PASSWORD`` or the server's keyring at each run.
* ``portal_map``: the administrator's tables — ``status`` (our status → the portal's
  ``TrangThaiHoSo``; shipped blank, never guessed), ``channel`` (our channel → ``HinhThuc``),
  ``procedure`` (local code → national ``MaTTHC``).
* ``portal_ledger``: append-only (a trigger refuses UPDATE and DELETE, for every role but the
  owner's ``TRUNCATE`` in tests): per dossier and event, the SHA-256 digest of what was sent
  (never the personal data), the portal's answer, attempt number, error and the dossier's
  resulting state.
* ``portal_state``: the dossier's current portal state, maintained from the ledger by a
  trigger (the link never writes it directly); ``rev`` orders changes for the counters' pull
  through ``onestop_portal_states(since)`` (SECURITY DEFINER: a counter sees its agency's
  dossiers only).
* the group role ``<prefix>_portal``: reads dossiers, events, procedures, agencies and the
  link's configuration, inserts into the ledger; writes nothing else.

Locks: the link reads with short autocommit statements and writes only these tables, so it
never holds a row lock a counter's push needs, nor an open transaction that would hold back
the counters' pull horizon (``pg_snapshot_xmin``, see docs/sync.md).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from sqlalchemy import Connection

STATES = ("pending", "acknowledged", "failed", "attention")

_DDL = """
CREATE TABLE IF NOT EXISTS portal_link (
  unit text PRIMARY KEY DEFAULT '',
  adapter_url text NOT NULL CHECK (adapter_url ~ '^https?://'),
  auth_path text NOT NULL CHECK (auth_path LIKE '/%'),
  integration_path text NOT NULL CHECK (integration_path LIKE '/%'),
  share_path text NOT NULL DEFAULT '',
  username text NOT NULL CHECK (username <> ''),
  dstcode text NOT NULL DEFAULT '',
  madonvi text NOT NULL CHECK (madonvi <> ''),
  updated_at timestamptz NOT NULL DEFAULT now());
CREATE TABLE IF NOT EXISTS portal_map (
  kind text NOT NULL CHECK (kind IN ('status', 'channel', 'procedure')),
  ours text NOT NULL CHECK (ours <> ''),
  theirs text NOT NULL DEFAULT '',
  confirmed boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (kind, ours));
CREATE TABLE IF NOT EXISTS portal_ledger (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT clock_timestamp(),
  logged_by text NOT NULL DEFAULT session_user,
  unit text NOT NULL DEFAULT '',
  item text NOT NULL CHECK (item IN ('dossier', 'event')),
  dossier_id uuid NOT NULL,
  event_id uuid,
  code text NOT NULL,
  action text NOT NULL CHECK (action IN ('sent', 'ack', 'error', 'refused')),
  is_updating boolean,
  version integer,
  digest text NOT NULL CHECK (digest ~ '^[0-9a-f]{64}$'),
  attempt integer NOT NULL DEFAULT 1 CHECK (attempt >= 1),
  answer text NOT NULL DEFAULT '',
  error text NOT NULL DEFAULT '',
  state text NOT NULL CHECK (state IN ('pending', 'acknowledged', 'failed', 'attention')),
  CHECK ((item = 'event') = (event_id IS NOT NULL)));
CREATE INDEX IF NOT EXISTS ix_portal_ledger_dossier ON portal_ledger (dossier_id, id);
CREATE TABLE IF NOT EXISTS portal_state (
  dossier_id uuid PRIMARY KEY,
  code text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'acknowledged', 'failed', 'attention')),
  at timestamptz NOT NULL,
  error text NOT NULL DEFAULT '',
  created boolean NOT NULL DEFAULT false,
  acked_version integer,
  rev bigint NOT NULL);
CREATE SEQUENCE IF NOT EXISTS portal_state_rev;
CREATE INDEX IF NOT EXISTS ix_portal_state_rev ON portal_state (rev);
CREATE INDEX IF NOT EXISTS ix_portal_state_state ON portal_state (state);

CREATE OR REPLACE FUNCTION onestop_portal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'portal_ledger is append-only' USING ERRCODE = 'OSK17';
END $$;
CREATE OR REPLACE TRIGGER onestop_append_only BEFORE UPDATE OR DELETE ON portal_ledger
  FOR EACH ROW EXECUTE FUNCTION onestop_portal_append_only();

CREATE OR REPLACE FUNCTION onestop_portal_project() RETURNS trigger LANGUAGE plpgsql
SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  INSERT INTO portal_state AS s (dossier_id, code, state, at, error, created, acked_version, rev)
  VALUES (NEW.dossier_id, NEW.code, NEW.state, NEW.at, NEW.error,
          NEW.item = 'dossier' AND NEW.action = 'ack',
          CASE WHEN NEW.item = 'dossier' AND NEW.action = 'ack' THEN NEW.version END,
          nextval('portal_state_rev'))
  ON CONFLICT (dossier_id) DO UPDATE SET
    state = excluded.state, at = excluded.at, error = excluded.error,
    created = s.created OR excluded.created,
    acked_version = COALESCE(excluded.acked_version, s.acked_version),
    rev = excluded.rev;
  RETURN NULL;
END $$;
CREATE OR REPLACE TRIGGER onestop_project AFTER INSERT ON portal_ledger
  FOR EACH ROW EXECUTE FUNCTION onestop_portal_project();

CREATE OR REPLACE FUNCTION onestop_portal_states(p_since bigint)
RETURNS TABLE (dossier_id uuid, state text, at timestamptz, error text, rev bigint)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  SELECT s.dossier_id, s.state, s.at, s.error, s.rev FROM portal_state s
  JOIN dossier d ON d.id = s.dossier_id
  JOIN sync_counter c ON c.agency_id = d.agency_id AND c.role_name = session_user
  WHERE s.rev > p_since ORDER BY s.rev LIMIT 5000
$$;
REVOKE ALL ON FUNCTION onestop_portal_states(bigint) FROM PUBLIC;
"""

#: The statuses shipped in the status table, with the portal code left blank (not public).
DEFAULT_STATUSES = ("received", "processing", "awaiting-supplement", "result-ready", "returned",
                    "refused", "withdrawn", "void", "stopped")
#: Our channels → ``HinhThuc`` (the shared document: "0" direct, "1" postal/online).
DEFAULT_CHANNELS = {"direct": "0", "post": "1", "online": "1", "vneid": "1"}


def portal_group(prefix: str) -> str:
    return f"{prefix}_portal"


def _ident(name: str) -> str:
    if not re.fullmatch(r"[a-z_][a-z0-9_]{0,62}", name):
        raise ValueError(f"unsafe identifier {name!r}")
    return f'"{name}"'


def ensure(conn: Connection, prefix: str, counter_group: str, reader_group: str,
           check_group: Callable[[Connection, str], None]) -> str:
    """Create or update the link's tables, triggers, defaults, group role and grants.

    ``check_group`` refuses a group name held by a role of another purpose (the owner, a
    superuser…: ``central._check_group``). Returns the portal group's name. Idempotent.
    """
    with conn.connection.dbapi_connection.cursor() as cur:  # type: ignore[union-attr]
        cur.execute(_DDL)     # no parameters: plpgsql bodies contain '%'

    for status in DEFAULT_STATUSES:
        conn.exec_driver_sql("INSERT INTO portal_map (kind, ours, theirs) VALUES "
                             "('status', %(o)s, '') ON CONFLICT DO NOTHING", {"o": status})
    for ours, theirs in DEFAULT_CHANNELS.items():
        conn.exec_driver_sql("INSERT INTO portal_map (kind, ours, theirs) VALUES "
                             "('channel', %(o)s, %(t)s) ON CONFLICT DO NOTHING",
                             {"o": ours, "t": theirs})
    group = portal_group(prefix)
    check_group(conn, group)
    if not conn.exec_driver_sql("SELECT 1 FROM pg_roles WHERE rolname = %(n)s",
                                {"n": group}).first():
        conn.exec_driver_sql(f"CREATE ROLE {_ident(group)} NOLOGIN")
    g, c, r = _ident(group), _ident(counter_group), _ident(reader_group)
    db = conn.exec_driver_sql("SELECT current_database()").scalar_one()
    database = '"' + str(db).replace('"', '""') + '"'
    stmts = [
        f"GRANT CONNECT ON DATABASE {database} TO {g}",
        f"GRANT USAGE ON SCHEMA public TO {g}",
        f"REVOKE ALL ON portal_link, portal_map, portal_ledger, portal_state FROM {g}, {c}",
        f"GRANT SELECT ON dossier, dossier_event, procedure, agency, portal_link, portal_map, "
        f"portal_state TO {g}",
        f"GRANT SELECT, INSERT ON portal_ledger TO {g}",
        f"GRANT USAGE ON SEQUENCE portal_ledger_id_seq TO {g}",
        f"GRANT SELECT ON portal_link, portal_map, portal_ledger, portal_state TO {r}",
        f"GRANT EXECUTE ON FUNCTION onestop_portal_states(bigint) TO {c}",
    ]
    for t in ("dossier", "dossier_event", "procedure", "agency"):
        stmts += [f"DROP POLICY IF EXISTS portal ON {t}",
                  f"CREATE POLICY portal ON {t} FOR SELECT TO {g} USING (true)"]
    for s in stmts:
        conn.exec_driver_sql(s)
    return group

