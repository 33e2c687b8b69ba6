"""Role matrix on the command line: ``--user`` gets that account's rights, refusals exit 4.

``--user`` names the account an action is recorded under (the CLI is for whoever may open the
database file; see SECURITY.md). The account's role then applies exactly as in the GUI: a
disabled, locked or unknown account can do nothing; an officer cannot administer, export,
back up, restore, re-initialise or re-point the counter at another server. Each refusal exits
with code 4, prints one ``user: …`` line, writes no file and adds one ``forbidden`` entry.
"""

from __future__ import annotations

import json
from tests import rawdb as sqlite3
from pathlib import Path

import pytest

from onestop.services.install import backup
from onestop.services.context import Context
from tests.reliability.badinput import assert_vietnamese, sqlite_counts
from tests.support.cli import Runner
from tests.support.db import copy_sqlite
from tests.reliability.corpus import PROCESSING, RECEIVED
from tests.reliability.roles import CSV
from tests.reliability.test_role_matrix import NOW, prepare_accounts
from tests.support.accounts import PASSWORD
from tests.support.clock import Clock

RECEIVE = ("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An")
CLI_REFUSALS = [
    ("nghiviec", RECEIVE, "login"),
    ("bikhoa", ("show", PROCESSING), "login"),
    ("khongco", ("find", "An"), "login"),
    ("canbo", ("user", "add", "moi", "--role", "admin", "--full-name", "Người Mới"), "users"),
    ("canbo", ("user", "passwd", "quantri"), "users"),
    ("giamsat", ("user", "disable", "canbo"), "users"),
    ("canbo", ("catalogue", "import", str(CSV)), "catalogue"),
    ("giamsat", ("catalogue", "import", str(CSV)), "catalogue"),
    ("canbo", ("calendar", "set", "2026-03-20", "off", "--name", "Nghỉ bù"), "calendar"),
    ("canbo", ("event", RECEIVED, "void", "--reason", "Nhập nhầm"), "void"),
    ("canbo", ("audit", "verify"), "audit_verify"),
    ("canbo", ("report", "overview"), "report"),
    ("canbo", ("report", "period", "--format", "xlsx", "--out", "bao-cao.xlsx"), "report"),
    ("canbo", ("report", "register", "--from", "2026-03-01", "--to", "2026-03-31",
               "--format", "xlsx", "--out", "so.xlsx"), "export"),
    ("canbo", ("backup", "--out", "ban-sao.sqlite3"), "backup"),
    ("canbo", ("restore", "truoc.sqlite3"), "backup"),
    ("canbo", ("init", "--counter", "2"), "settings"),
    ("canbo", ("demo", "--dossiers", "1"), "settings"),
    ("canbo", ("join", "postgresql://quay@127.0.0.1:9/central", "--no-sync"), "sync_setup"),
]


def _audit(path: Path) -> list[tuple[str, str, str, str]]:
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute("SELECT actor, action, outcome, details FROM audit_entry "
                            "ORDER BY origin, seq").fetchall()
    finally:
        conn.close()
    return [(a, b, c, json.loads(d).get("attempted", "")) for a, b, c, d in rows]


@pytest.fixture(scope="module")
def roles_template(seeded_template: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeded database plus a disabled and a locked admin (Argon2 is slow: built once)."""
    path = copy_sqlite(seeded_template, tmp_path_factory.mktemp("roles") / "onestop.sqlite3")
    ctx = Context.open(f"sqlite:///{path}", clock=Clock(NOW))
    try:
        prepare_accounts(ctx)
    finally:
        ctx.engine.dispose()
    return path


@pytest.fixture
def accounts(run: Runner, seeded_db: Path, roles_template: Path) -> Runner:
    seeded_db.unlink()
    copy_sqlite(roles_template, seeded_db)
    backup.backup(f"sqlite:///{seeded_db}", seeded_db.parent / "truoc.sqlite3")
    run.cwd = seeded_db.parent
    return run


@pytest.mark.slow
@pytest.mark.parametrize(("user", "argv", "action"), CLI_REFUSALS,
                         ids=[f"{u}-{'-'.join(a[:2])}" for u, a, _ in CLI_REFUSALS])
def test_forbidden_on_the_command_line(accounts: Runner, seeded_db: Path, user: str,
                                       argv: tuple[str, ...], action: str) -> None:
    before, files = sqlite_counts(seeded_db), set(seeded_db.parent.iterdir())
    trail = _audit(seeded_db)
    r = accounts(*argv, user=user, stdin=PASSWORD + "\n")
    assert r.rc == 4, (r.out, r.err)
    assert "Traceback" not in r.err and len(r.err.splitlines()) == 1, r.err
    field, _, message = r.err.partition(": ")
    assert field == "user"
    assert_vietnamese(message.strip(), "forbidden")
    assert _audit(seeded_db)[len(trail):] == [(user, "forbidden", "refused", action)]
    grown = {**before, "audit_entry": before["audit_entry"] + 1,
             "sync_outbox": before["sync_outbox"] + 1}
    assert sqlite_counts(seeded_db) == grown
    new_files = set(seeded_db.parent.iterdir()) - files
    # SQLite's own files, and the empty lock file writers share while a restore is excluded
    assert {p.name for p in new_files} <= {"onestop.sqlite3-wal", "onestop.sqlite3-shm",
                                           "onestop.sqlite3.lock"}


def test_cli_matrix_size() -> None:
    assert len(CLI_REFUSALS) >= 15
