"""The central set-up exactly as docs/sync.md tells an administrator to do it, on the real
test PostgreSQL (only host, passwords and TLS options substituted), and the roles it leaves.

The documented owner of the schema is ``onestop_admin`` on database ``onestop`` — the very
name an earlier ``central init`` gave its administrators' group: init then revoked the
owner's own rights, ``add-counter`` failed, and every central administrator's login became a
member of the table owner (able to switch row-level security off).
"""

from __future__ import annotations

import re
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from sqlalchemy import create_engine
from sqlalchemy.engine import make_url

from onestop.sync import central
from onestop.sync.tables import ORDER
from tests.support.central import AGENCY, REPO, run_cli

pytestmark = pytest.mark.postgres

DOCS = REPO / "docs" / "sync.md"
OWNER_PASSWORD = "Mật-khẩu-chủ-sở-hữu-9f2"


def _superuser(admin_url: str) -> Any:
    return create_engine(admin_url, isolation_level="AUTOCOMMIT")


def _roles(conn: Any) -> set[str]:
    return {r[0] for r in conn.exec_driver_sql("SELECT rolname FROM pg_roles")}


def _documented_server_setup() -> tuple[str, str, str]:
    """(owner role, database, owner's role options) from the shell block of section 1."""
    text = DOCS.read_text(encoding="utf-8")
    user = re.search(r"createuser --pwprompt (--\S+) (\w+)", text)
    db = re.search(r"createdb --owner (\w+) (\w+)", text)
    assert user and db and user.group(2) == db.group(1), "docs/sync.md set-up block changed"
    return user.group(2), db.group(2), user.group(1)


@pytest.fixture
def documented(admin_url: str) -> Iterator[dict[str, Any]]:
    """``createuser --pwprompt --createrole OWNER`` and ``createdb --owner OWNER DB`` as the
    docs say; the URL of ``central init`` with this server's host and no TLS."""
    owner, database, option = _documented_server_setup()
    engine = _superuser(admin_url)
    with engine.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
        before = _roles(conn)
        assert owner not in before, f"role {owner} left over on the test server"
        flags = {"--createrole": "CREATEROLE"}[option]
        conn.exec_driver_sql(f'CREATE ROLE "{owner}" LOGIN {flags} PASSWORD '
                             f"'{OWNER_PASSWORD}'")
        conn.exec_driver_sql(f'CREATE DATABASE "{database}" OWNER "{owner}"')
    server = make_url(admin_url)
    url = (f"postgresql://{owner}@{server.host}:{server.port}/{database}?sslmode=disable")
    try:
        yield {"owner": owner, "database": database, "url": url, "server": server}
    finally:
        with engine.connect() as conn:
            conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')
            made = sorted(_roles(conn) - before, key=lambda n: (n == owner, "_ag_" in n))
            for name in made:      # logins first, then groups, the owner last
                conn.exec_driver_sql(f'DROP ROLE IF EXISTS "{name}"')
        engine.dispose()


def _cli(home: Path, *args: str, password: str | None = OWNER_PASSWORD,
         stdin: str = "") -> subprocess.CompletedProcess[str]:
    return run_cli(home, *args, password=password, stdin=stdin)


def _json(r: subprocess.CompletedProcess[str]) -> dict[str, Any]:
    import json

    assert r.returncode == 0, r.stderr
    return dict(json.loads(r.stdout.strip().splitlines()[-1]))


def _connect(d: dict[str, Any], user: str, password: str) -> psycopg.Connection[Any]:
    s = d["server"]
    return psycopg.connect(host=s.host, port=s.port, dbname=d["database"], user=user,
                           password=password, sslmode="disable", autocommit=True)


def _member_of(conn: Any, login: str, role: str) -> bool:
    return bool(conn.exec_driver_sql("SELECT pg_has_role(%(l)s, %(r)s, 'MEMBER')",
                                     {"l": login, "r": role}).scalar())


def _owner_rights(conn: Any, owner: str) -> dict[str, bool]:
    return {t: bool(conn.exec_driver_sql(
        "SELECT has_table_privilege(%(o)s, %(t)s, 'SELECT') AND has_table_privilege(%(o)s, "
        "%(t)s, 'INSERT') AND has_table_privilege(%(o)s, %(t)s, 'UPDATE') AND "
        "has_table_privilege(%(o)s, %(t)s, 'DELETE')", {"o": owner, "t": t}).scalar())
        for t in ORDER}


def test_the_documented_set_up_keeps_the_owner_apart(tmp_path: Path, admin_url: str,
                                                     documented: dict[str, Any]) -> None:
    url, owner = documented["url"], documented["owner"]
    info = _json(_cli(tmp_path, "central", "init", "--url", url, "--json"))
    assert owner not in info["groups"].values()
    assert info["groups"]["admin"] == f"{owner}_grp"            # the next free name, checked
    assert _json(_cli(tmp_path, "central", "init", "--url", url, "--json"))["groups"] \
        == info["groups"]                                        # idempotent, same names
    login = _json(_cli(tmp_path, "central", "add-counter", "--url", url, "--agency", AGENCY,
                       "--agency-name", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "--counter", "1", "--json"))
    qtv = _json(_cli(tmp_path, "central", "add-admin", "--url", url, "--name",
                     "onestop_qtv_tinh", "--json"))
    bgd = _json(_cli(tmp_path, "central", "add-reader", "--url", url, "--name", "onestop_bgd",
                     "--json"))

    engine = _superuser(admin_url.rsplit("/", 1)[0] + "/" + documented["database"])
    try:
        with engine.connect() as conn:
            assert all(_owner_rights(conn, owner).values()), _owner_rights(conn, owner)
            for made in (login["role"], qtv["role"], bgd["role"]):
                assert not _member_of(conn, made, owner), made
            assert _member_of(conn, qtv["role"], info["groups"]["admin"])
            assert conn.exec_driver_sql("SELECT relrowsecurity FROM pg_class WHERE relname = "
                                        "'dossier'").scalar() is True
    finally:
        engine.dispose()
    # the administrator's login may not switch row-level security off (not the owner)
    with _connect(documented, qtv["role"], qtv["password"]) as conn:
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            conn.execute("ALTER TABLE dossier DISABLE ROW LEVEL SECURITY")
    # the owner still works as the owner
    with _connect(documented, owner, OWNER_PASSWORD) as conn:
        conn.execute("UPDATE agency SET version = version WHERE code = %s", (AGENCY,))

    # and the counter PC joins and syncs with the printed URL, its password typed at stdin
    pc = tmp_path / "pc1"
    joined = _cli(pc, "join", login["url"], "--json", password=None,
                  stdin=login["password"] + "\n")
    out = _json(joined)
    assert (out["agency_code"], out["counter"], out["sync"]["last_error"]) == (AGENCY, 1, None)


def test_an_existing_role_is_never_handed_out_or_reset(tmp_path: Path, admin_url: str,
                                                       documented: dict[str, Any]) -> None:
    url = documented["url"]
    _json(_cli(tmp_path, "central", "init", "--url", url, "--json"))
    engine = _superuser(admin_url)
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE ROLE onestop_dba LOGIN CREATEDB PASSWORD 'dba-pw-1'")
    engine.dispose()
    for name in ("onestop_dba", documented["owner"]):
        r = _cli(tmp_path, "central", "add-admin", "--url", url, "--name", name)
        assert r.returncode == 2 and r.stderr.startswith(f"name: Vai trò {name} "), r.stderr
    # its password was not reset
    with _connect(documented, "onestop_dba", "dba-pw-1") as conn:
        assert conn.execute("SELECT session_user").fetchone() == ("onestop_dba",)


def test_init_repairs_what_an_earlier_version_granted(tmp_path: Path, admin_url: str,
                                                      documented: dict[str, Any]) -> None:
    """A database set up by an earlier version: the owner was taken as the administrators'
    group. Running ``central init`` again moves the logins off the owner and gives the owner
    its rights back."""
    url, owner = documented["url"], documented["owner"]
    _json(_cli(tmp_path, "central", "init", "--url", url, "--json"))
    qtv = _json(_cli(tmp_path, "central", "add-admin", "--url", url, "--name",
                     "onestop_qtv_tinh", "--json"))
    engine = _superuser(admin_url.rsplit("/", 1)[0] + "/" + documented["database"])
    try:
        with engine.connect() as conn:     # what the earlier init and add-admin left
            conn.exec_driver_sql("DELETE FROM sync_meta WHERE key LIKE 'role.%%'")
            conn.exec_driver_sql(f'REVOKE "{owner}_grp" FROM onestop_qtv_tinh')
            conn.exec_driver_sql(f'GRANT "{owner}" TO onestop_qtv_tinh')
            conn.exec_driver_sql(f'REVOKE INSERT, UPDATE, DELETE ON {", ".join(ORDER)} '
                                 f'FROM "{owner}"')
            assert _member_of(conn, qtv["role"], owner)
        again = _cli(tmp_path, "central", "init", "--url", url, "--json")
        assert _json(again)["repaired"] == ["onestop_qtv_tinh"]
        assert "onestop_qtv_tinh" in again.stderr
        with engine.connect() as conn:
            assert not _member_of(conn, qtv["role"], owner)
            assert _member_of(conn, qtv["role"], f"{owner}_grp")
            assert all(_owner_rights(conn, owner).values())
    finally:
        engine.dispose()


def test_a_group_that_became_the_owners_is_refused(central_db: Any) -> None:
    """A stored group name that was later given the owner's rights stops the set-up."""
    from onestop.sync.status import SyncError

    engine = create_engine(central_db.admin_url, isolation_level="AUTOCOMMIT")
    prefix = central.role_prefix(central_db.database)
    try:
        with engine.connect() as conn:
            owner = conn.exec_driver_sql("SELECT current_user").scalar_one()
            conn.exec_driver_sql(f'GRANT "{owner}" TO "{prefix}_reader"')
        with pytest.raises(SyncError) as info:
            central.init(central_db.admin_url)
        assert info.value.code == "central_role_clash" and f"{prefix}_reader" in str(info.value)
        with pytest.raises(SyncError):
            from onestop.sync import roles

            roles.add_reader(central_db.admin_url, f"{prefix}_bi")
    finally:
        engine.dispose()
