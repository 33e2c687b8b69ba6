"""Each storage failure has its own message and exit code, and never changes the data.

Malformed URL or unsupported scheme 2; a missing file for a command that needs one, or an
unknown PostgreSQL database, 3; a wrong password or a file that is not a OneStop database 4;
a lock held past the busy time-out or a server that does not answer 5 ("thử lại sau" only
there); a full disk 6; read-only storage 7; a damaged file 8. A full and a read-only disk are
real: a tiny tmpfs is mounted, filled, and remounted read-only (this needs root with the
right to mount, as in CI; elsewhere those tests are skipped and say why).
"""

from __future__ import annotations

import os
from tests import rawdb as sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from onestop.services import errors
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage import db, health
from tests.reliability import corpus
from tests.reliability.badinput import sqlite_counts
from tests.support.cli import Result, Runner
from tests.support.db import copy_sqlite, sqlite_value
from tests.reliability.common import NOW, PROCEDURE

RECEIVE = ("receive", "--procedure", PROCEDURE, "--name", "Nguyễn Văn Bình")


def one_line(r: Result, rc: int, field: str = "db") -> str:
    """Assert the exit code and exactly one ``field: message`` line; return the message."""
    assert r.rc == rc, (r.rc, r.out, r.err)
    assert "Traceback" not in r.err
    lines = r.err.splitlines()
    assert len(lines) == 1, lines
    name, _, message = lines[0].partition(": ")
    assert name == field, lines
    return message


def integrity(path: Path) -> str:
    return str(sqlite_value(path, "PRAGMA integrity_check"))


# --- a real full and read-only disk ------------------------------------------------------------

def _mount(where: Path, size: str) -> None:
    where.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
                          capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root with CAP_SYS_ADMIN, as in CI): "
                    f"{proc.stderr.strip()}")


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 4 MiB tmpfs, unmounted after the test."""
    where = tmp_path / "disk"
    _mount(where, "4m")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def fill(disk: Path, leave: int) -> Path:
    """Fill ``disk`` until ``leave`` bytes are free; return the filler file."""
    filler = disk / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)
    try:
        while True:
            os.write(fd, b"\0" * 65536)
    except OSError:
        pass
    try:
        while True:
            os.write(fd, b"\0" * 512)
    except OSError:
        pass
    if leave:
        os.ftruncate(fd, max(0, os.fstat(fd).st_size - leave))
    os.close(fd)
    return filler


@pytest.mark.parametrize("leave", [0, 48 * 1024], ids=["full", "nearly-full"])
def test_a_full_disk_exits_6_naming_the_file_and_keeps_the_data(
        small_disk: Path, seeded_db: Path, home: Path, leave: int) -> None:
    path = copy_sqlite(seeded_db, small_disk / "onestop.sqlite3")
    before = sqlite_counts(path)
    filler = fill(small_disk, leave)
    run = Runner(path, home, NOW)
    message = one_line(run(*RECEIVE), 6)
    assert str(path) in message and "hết chỗ trống" in message
    assert "thử lại sau" not in message
    filler.unlink()
    assert sqlite_counts(path) == before and integrity(path) == "ok"
    assert run(*RECEIVE).rc == 0          # space is back: the next receipt goes through


def test_read_only_storage_exits_7_naming_the_file_and_keeps_the_data(
        small_disk: Path, seeded_db: Path, home: Path) -> None:
    path = copy_sqlite(seeded_db, small_disk / "onestop.sqlite3")
    before = path.read_bytes()
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    run = Runner(path, home, NOW)
    message = one_line(run(*RECEIVE), 7)
    assert str(path) in message and "chỉ đọc" in message
    # a new database in a new folder of the read-only disk: the same cause, not "try again"
    fresh = small_disk / "moi" / "onestop.sqlite3"
    message = one_line(Runner(fresh, home, NOW)("init"), 7)
    assert "moi" in message and "chỉ đọc" in message
    subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert path.read_bytes() == before and not fresh.parent.exists()


def test_a_backup_onto_a_full_disk_exits_6_naming_the_backup(
        small_disk: Path, run: Runner) -> None:
    fill(small_disk, 0)
    out = small_disk / "sao-luu.sqlite3"
    message = one_line(run("backup", "--out", str(out)), 6, "file")
    assert str(out) in message
    assert not out.exists() and not Path(str(out) + ".part").exists()


# --- real SQLite errors in the services (no mount needed) ---------------------------------------

@pytest.fixture
def ctx(seeded_db: Path) -> Iterator[Context]:
    c = Context.open(f"sqlite:///{seeded_db}")
    yield c
    c.engine.dispose()


def _every_connection(ctx: Context, *pragmas: str) -> None:
    """Run ``pragmas`` on every new connection of ``ctx`` (and drop the pooled ones)."""
    from sqlalchemy import event

    def apply(conn: sqlite3.Connection, _record: object) -> None:
        for p in pragmas:
            conn.execute(p)
    ctx.engine.dispose()
    event.listen(ctx.engine, "connect", apply)


def test_sqlite_full_is_no_space_exit_6(ctx: Context, seeded_db: Path) -> None:
    pages = sqlite3.connect(seeded_db).execute("PRAGMA page_count").fetchone()[0]
    _every_connection(ctx, f"PRAGMA max_page_count={pages}")   # the real SQLITE_FULL
    before = sqlite_counts(seeded_db)
    with pytest.raises(errors.NoSpace) as err:
        for i in range(40):
            receive(ctx, ReceiveRequest(PROCEDURE, f"Nguyễn Văn {chr(0x41 + i % 26)}",
                                        notes="x" * 2000))
    assert err.value.exit_code == 6 and str(seeded_db) in err.value.message
    assert sqlite_counts(seeded_db)["dossier"] >= before["dossier"]


def test_a_lock_held_past_the_busy_timeout_exits_5_try_again(
        ctx: Context, seeded_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(db, "BUSY_TIMEOUT_MS", 300)
    ctx.engine.dispose()
    holder = sqlite3.connect(seeded_db, isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(errors.Unavailable) as err:
            receive(ctx, ReceiveRequest(PROCEDURE, "Nguyễn Văn Bình"))
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    assert err.value.exit_code == 5 and err.value.code == "database_busy"
    assert "thử lại sau" in err.value.message and str(seeded_db) in err.value.message


def test_a_read_only_open_is_read_only_exit_7(seeded_db: Path) -> None:
    ctx = Context.open(f"sqlite:///{seeded_db}")
    _every_connection(ctx, "PRAGMA query_only=ON")   # the real SQLITE_READONLY
    try:
        with pytest.raises(errors.ReadOnlyStorage) as err:
            receive(ctx, ReceiveRequest(PROCEDURE, "Nguyễn Văn Bình"))
    finally:
        ctx.engine.dispose()
    assert err.value.exit_code == 7


# --- one cause, one exit code, through the real command line ------------------------------------

@pytest.mark.parametrize("url", ["khong-phai-url", "mysql://onestop:bimat@localhost/onestop",
                                 "foo://x/y"], ids=["malformed", "mysql", "unknown-scheme"])
def test_a_malformed_or_unsupported_url_exits_2(url: str, home: Path) -> None:
    message = one_line(Runner(url, home, NOW)("find", "Nguyen"), 2)
    assert "sqlite:///" in message and "bimat" not in message


@pytest.mark.parametrize("command", [("find", "Nguyen"), ("show", corpus.RECEIVED),
                                     ("report", "overview"), ("audit", "verify"), RECEIVE,
                                     ("backup", "--out", "x.sqlite3")],
                         ids=["find", "show", "report", "audit", "receive", "backup"])
def test_a_missing_database_exits_3_and_creates_nothing(command: tuple[str, ...], home: Path,
                                                         tmp_path: Path) -> None:
    missing = tmp_path / "khong-co" / "onestop.sqlite3"
    message = one_line(Runner(missing, home, NOW)(*command), 3)
    assert str(missing) in message and "onestop init" in message
    assert not missing.parent.exists()


def test_the_default_database_is_not_created_by_a_read_command(home: Path) -> None:
    message = one_line(Runner(None, home, NOW)("find", "Nguyen"), 3)
    assert "onestop.sqlite3" in message
    assert not (home / "data").exists()


def test_postgres_unknown_database_3_wrong_password_4_unreachable_5(pg_url: str,
                                                                    home: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    unknown = url.set(database=f"khong_co_{uuid.uuid4().hex[:8]}")
    message = one_line(Runner(unknown.render_as_string(hide_password=False), home, NOW)(
        "find", "Nguyen"), 3)
    assert unknown.database in message and "thử lại sau" not in message
    wrong = url.set(password="sai-mat-khau")
    message = one_line(Runner(wrong.render_as_string(hide_password=False), home, NOW)(
        "find", "Nguyen"), 4)
    assert "mật khẩu" in message and "sai-mat-khau" not in message
    assert "thử lại sau" not in message
    closed = url.set(host="127.0.0.1", port=1)
    message = one_line(Runner(closed.render_as_string(hide_password=False), home, NOW)(
        "find", "Nguyen"), 5)
    assert "thử lại sau" in message


@pytest.mark.parametrize("kind", ["text", "sqlite_header_garbage"])
def test_a_file_that_is_not_a_onestop_database_exits_4_untouched(kind: str, home: Path,
                                                                 tmp_path: Path) -> None:
    junk = tmp_path / "onestop.sqlite3"
    junk.write_bytes(corpus.NOT_SQLITE[kind])
    message = one_line(Runner(junk, home, NOW)("find", "Nguyen"), 4)
    assert str(junk) in message and "sai khoá/mật khẩu" in message
    assert junk.read_bytes() == corpus.NOT_SQLITE[kind]


# --- damaged files ------------------------------------------------------------------------------

def damage(path: Path, table: str = "ix_procedure_name_folded") -> None:
    """Overwrite the middle of the first page of ``table`` with garbage (a real damaged page
    that ``receive`` itself does not read)."""
    conn = sqlite3.connect(path)
    page_size = int(conn.execute("PRAGMA page_size").fetchone()[0])  # SQLCipher: as text
    root = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?",
                        (table,)).fetchone()[0]
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    with path.open("r+b") as fh:
        fh.seek((root - 1) * page_size + 8)
        fh.write(b"\xa5\x5a" * 300)
    assert integrity(path) != "ok"


def test_audit_verify_fails_on_a_damaged_file_and_receive_then_refuses(run: Runner,
                                                                       seeded_db: Path) -> None:
    damage(seeded_db)
    message = one_line(run("audit", "verify"), 8)
    assert str(seeded_db) in message and "onestop restore" in message
    assert health.known_damage(seeded_db) is not None      # recorded for the next process
    before = seeded_db.read_bytes()
    message = one_line(run(*RECEIVE), 8)
    assert "onestop restore" in message
    assert seeded_db.read_bytes() == before
    assert run("show", corpus.RECEIVED).rc == 0            # reading still helps recovery


def test_backup_runs_the_full_check_and_restore_clears_the_damage(
        run: Runner, seeded_db: Path, tmp_path: Path) -> None:
    good = tmp_path / "tot.sqlite3"
    assert run("backup", "--out", str(good)).rc == 0
    damage(seeded_db)
    out = tmp_path / "hong.sqlite3"
    message = one_line(run("backup", "--out", str(out)), 8)
    assert str(seeded_db) in message and not out.exists()
    assert one_line(run(*RECEIVE), 8)
    assert run("restore", str(good)).rc == 0
    assert health.known_damage(seeded_db) is None
    assert run(*RECEIVE).rc == 0


def test_quick_check_runs_after_an_unclean_shutdown_only(run: Runner, seeded_db: Path) -> None:
    # a clean end leaves no -wal: the next start does not read every page
    assert run(*RECEIVE).rc == 0
    assert not health.unclean_shutdown(seeded_db)
    damage(seeded_db)
    assert run("show", corpus.RECEIVED).rc == 0
    assert health.known_damage(seeded_db) is None          # not checked: nothing recorded
    # a writer killed after its commit leaves its -wal behind: the next start checks
    killed = run(*RECEIVE, fault="tx.after_commit")
    assert killed.rc < 0 or killed.rc == 137, killed
    assert health.unclean_shutdown(seeded_db)
    assert run("show", corpus.RECEIVED).rc == 0
    assert health.known_damage(seeded_db) is not None
    assert one_line(run(*RECEIVE), 8)


def test_a_live_process_is_not_an_unclean_shutdown(seeded_db: Path, run: Runner) -> None:
    other = subprocess.Popen(
        [os.sys.executable, "-c",  # type: ignore[attr-defined]
         # keyed like the application (the file is encrypted; the suite's key is inherited)
         "import sys, time; from tests import rawdb as sqlite3;"
         "c = sqlite3.connect(sys.argv[1], isolation_level=None);"
         "c.execute('PRAGMA journal_mode=WAL'); c.execute('CREATE TABLE IF NOT EXISTS t(x)');"
         "c.execute('INSERT INTO t VALUES (1)'); print('ready', flush=True); time.sleep(30)",
         str(seeded_db)], stdout=subprocess.PIPE, text=True,
        cwd=Path(__file__).resolve().parents[2])
    try:
        assert other.stdout is not None and other.stdout.readline().strip() == "ready"
        assert Path(str(seeded_db) + "-wal").stat().st_size > 0
        assert not health.unclean_shutdown(seeded_db)
    finally:
        other.kill()
        other.wait()
    assert health.unclean_shutdown(seeded_db)


def test_central_commands_name_the_cause_too(pg_url: str, home: Path) -> None:
    from sqlalchemy.engine import make_url

    url = make_url(pg_url)
    password = url.password or ""
    plain = url._replace(password=None)  # the password comes from the environment, not argv
    message = one_line(Runner(None, home, NOW)(
        "central", "init", "--url", plain.render_as_string(hide_password=False),
        ONESTOP_CENTRAL_PASSWORD="sai-mat-khau"), 4, "url")
    assert "mật khẩu" in message and "sai-mat-khau" not in message
    unknown = plain.set(database=f"khong_co_{uuid.uuid4().hex[:8]}")
    message = one_line(Runner(None, home, NOW)(
        "central", "init", "--url", unknown.render_as_string(hide_password=False),
        ONESTOP_CENTRAL_PASSWORD=password), 3, "url")
    assert unknown.database in message
