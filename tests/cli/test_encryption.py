"""Encryption at rest (issue 16) through the real command line, in subprocesses.

No key in the environment here (the suite's ONESTOP_DB_KEY is removed): keys go to the
0600 key file of each test's ONESTOP_HOME, as on a headless Linux counter.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from datetime import datetime
import subprocess
import sys
from pathlib import Path

import pytest

from onestop.storage import keys
from tests import rawdb

REPO = Path(__file__).resolve().parents[2]
NAME, ID_NUMBER, PHONE = "Hoàng Thị Thu Trang", "001185012345", "0912345678"
NOW = "2026-03-02T02:00:00+00:00"


def run(home: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("ONESTOP_")
            or k.startswith("ONESTOP_TEST_")}
    base.update(ONESTOP_HOME=str(home), ONESTOP_NOW=NOW, ONESTOP_NO_KEYRING="1",
                PYTHONPATH=str(REPO), PYTHONUTF8="1")
    base.update(env)
    return subprocess.run([sys.executable, "-m", "onestop", *args], capture_output=True,
                          text=True, env=base, cwd=REPO, timeout=180)


def secrets_absent(*files: Path) -> None:
    """No citizen's name, identity number or phone in the raw bytes of any file."""
    for f in files:
        raw = f.read_bytes()
        for secret in (NAME, ID_NUMBER, PHONE):
            for form in (secret.encode("utf-8"), secret.encode("utf-16-le")):
                assert form not in raw, (f, secret)


def receive(home: Path, **env: str) -> None:
    r = run(home, "receive", "--procedure", "2.001914", "--name", NAME, "--id-number",
            ID_NUMBER, "--phone", PHONE, "--birth-date", "1985-05-01", "--json", **env)
    assert r.returncode == 0, r.stderr


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_init_encrypts_shows_the_recovery_key_once_and_no_byte_leaks(tmp_path: Path) -> None:
    home = tmp_path / "home"
    r = run(home, "init", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["encrypted"] is True and keys.parse(out["recovery_key"])
    db = home / "data" / "onestop.sqlite3"
    assert keys.state(db) == keys.ENCRYPTED
    key_file = home / "config" / "keys" / f"{keys.salt_of(db)}.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert keys.parse(key_file.read_text()) == keys.parse(out["recovery_key"])
    again = run(home, "init", "--json")
    assert json.loads(again.stdout)["recovery_key"] is None      # shown once
    text = run(tmp_path / "home2", "init")
    assert "Khoá khôi phục" in text.stderr and text.returncode == 0
    receive(home)
    backup = tmp_path / "copy.sqlite3"
    assert run(home, "backup", "--out", str(backup)).returncode == 0
    v = run(home, "audit", "verify", "--json")
    assert v.returncode == 0 and json.loads(v.stdout)["encrypted"] is True
    secrets_absent(db, backup, *db.parent.glob("onestop.sqlite3-*"))

    # another PC: the backup opens only with the recovery key; a wrong one exits 4
    other = tmp_path / "other"
    wrong = keys.recovery_text("ab" * 32)
    bad = run(other, "restore", str(backup), "--json", ONESTOP_RECOVERY_KEY=wrong)
    assert bad.returncode == 4 and "ONESTOP_RECOVERY_KEY" in bad.stderr
    ok = run(other, "restore", str(backup), "--json", ONESTOP_RECOVERY_KEY=out["recovery_key"])
    assert ok.returncode == 0, ok.stderr
    found = run(other, "find", ID_NUMBER, "--json")
    assert found.returncode == 0 and json.loads(found.stdout)["total"] == 1
    secrets_absent(other / "data" / "onestop.sqlite3")


def test_a_wrong_key_exits_4_and_leaves_the_file_untouched(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init").returncode == 0
    receive(home)
    db = home / "data" / "onestop.sqlite3"
    assert run(home, "audit", "verify").returncode == 0   # folds the WAL in on close
    before = digest(db)
    for env in ({"ONESTOP_DB_KEY": "ab" * 32}, {"ONESTOP_DB_KEY": "not-hex"}):
        r = run(home, "find", NAME, **env)
        assert r.returncode == 4, r.stderr
        assert r.stderr.startswith("db: ") and "sai khoá" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1
    (home / "config" / "keys" / f"{keys.salt_of(db)}.key").unlink()
    r = run(home, "find", NAME)
    assert r.returncode == 4 and "ONESTOP_RECOVERY_KEY" in r.stderr
    assert digest(db) == before


def make_plain(home: Path) -> Path:
    """A database as the previous release left it: plain SQLite, one citizen's dossier."""
    db = home / "data" / "onestop.sqlite3"
    from onestop.services.install import setup
    from onestop.services.context import Context
    from onestop.storage.db import make_engine, session_factory

    db.parent.mkdir(parents=True)
    engine = make_engine(f"sqlite:///{db}", encrypt_new=False)
    ctx = Context(engine=engine, factory=session_factory(engine))
    ctx.clock = lambda: datetime.fromisoformat(NOW)
    setup.init(ctx)
    engine.dispose()
    assert keys.state(db) == keys.PLAIN
    return db


def test_a_plain_database_works_until_encrypt_then_encrypt_resumes_after_a_crash(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ONESTOP_DB_KEY", raising=False)
    home = tmp_path / "home"
    db = make_plain(home)
    receive(home)
    v = run(home, "audit", "verify", "--json")
    assert v.returncode == 0 and json.loads(v.stdout)["encrypted"] is False
    assert "CHƯA được mã hoá" in v.stderr
    i = run(home, "init", "--json")
    assert json.loads(i.stdout)["encrypted"] is False and "onestop encrypt" in i.stderr

    crashed = run(home, "encrypt", ONESTOP_FAULT="encrypt.before_swap")
    assert crashed.returncode != 0
    assert keys.state(db) == keys.PLAIN                       # the plain file still works
    assert run(home, "find", NAME).returncode == 0
    receive(home)                                             # and takes new dossiers

    r = run(home, "encrypt", "--json")
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["resumed"] is True and keys.parse(out["recovery_key"])
    assert keys.state(db) == keys.ENCRYPTED
    backup = Path(out["backup"])
    assert backup.is_file() and keys.state(backup) == keys.ENCRYPTED
    assert not list(db.parent.glob("*.encrypt*"))
    v = run(home, "audit", "verify", "--json")
    assert v.returncode == 0 and json.loads(v.stdout)["encrypted"] is True
    assert json.loads(v.stdout)["dossiers"] == 2
    s = run(home, "find", NAME, "--json")                  # FTS5 name search, encrypted
    assert s.returncode == 0 and json.loads(s.stdout)["total"] == 2
    secrets_absent(db, backup, *db.parent.glob("onestop.sqlite3-*"))
    again = run(home, "encrypt", "--json")
    assert again.returncode == 0 and json.loads(again.stdout)["already"] is True
    # the recovery key opens the file with no key file on the PC
    for f in (home / "config" / "keys").iterdir():
        f.unlink()
    assert run(home, "find", NAME).returncode == 4
    assert run(home, "find", NAME, ONESTOP_RECOVERY_KEY=out["recovery_key"]).returncode == 0
    assert run(home, "find", NAME).returncode == 0                  # remembered on this PC


def test_raw_connections_of_the_tests_read_encrypted_files(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert run(home, "init", "--json", ONESTOP_DB_KEY="5e" * 32).returncode == 0
    db = home / "data" / "onestop.sqlite3"
    conn = rawdb.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM agency").fetchone()[0] == 1
    finally:
        conn.close()
