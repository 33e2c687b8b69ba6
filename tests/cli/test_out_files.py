"""``--out`` never destroys what it points at (the real command, in a subprocess).

Every file-writing command refuses, with exit code 2, one ``out: …`` line in Vietnamese and
nothing written, a target that is the open database or one of its companion files, any
existing SQLite file, a file in the backup folder or among the restore safety copies, a
device or anything else that is not a regular file, or an existing read-only file. The
target is compared byte for byte afterwards, devices by their type (CI runs as root, where
permissions stop nothing: there the device is a null device made in the test's folder, so a
regression can never replace the machine's ``/dev/null``).
"""

from __future__ import annotations

import os
import shutil
import stat
from collections.abc import Callable
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from tests.support.cli import Runner, Result

#: Every command that writes a file the user names; ``{out}`` is the target, ``{code}`` a
#: received dossier.
COMMANDS: dict[str, tuple[str, ...]] = {
    "receipt": ("receipt", "{code}", "--out", "{out}"),
    "form": ("form", "control", "{code}", "--out", "{out}"),
    "register-pdf": ("report", "register", "--from", "2026-03-01", "--to", "2026-03-31",
                     "--format", "pdf", "--out", "{out}"),
    "register-xlsx": ("report", "register", "--from", "2026-03-01", "--to", "2026-03-31",
                      "--format", "xlsx", "--out", "{out}"),
    "period-xlsx": ("report", "period", "--format", "xlsx", "--out", "{out}"),
    "briefing-pdf": ("report", "briefing", "--format", "pdf", "--out", "{out}"),
    "overview-json": ("report", "overview", "--out", "{out}"),
    "catalogue-print": ("catalogue", "print", "--out", "{out}"),
    "backup": ("backup", "--out", "{out}"),
}
NOW = "2026-03-02T10:00:00+07:00"


def _db(cli: Runner) -> Path:
    assert cli.db is not None
    return Path(str(make_url(cli.db).database))


def _code(cli: Runner) -> str:
    r = cli("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An", now=NOW)
    assert r.rc == 0, r.err
    return r.out.strip()


def _run(cli: Runner, name: str, out: Path | str, code: str) -> Result:
    return cli(*(a.format(out=out, code=code) for a in COMMANDS[name]), now=NOW)


def refused(r: Result, reason: str) -> None:
    """Exit 2, nothing on stdout, one ``out: …`` line saying ``reason``."""
    assert r.rc == 2, (r.out, r.err)
    assert r.out == "" and "Traceback" not in r.err
    [line] = r.err_lines
    assert line.startswith("out: Tệp xuất ra "), line
    assert reason in line, line


def _device(tmp_path: Path) -> Path:
    """A character device. As root, a null device of our own in the test's folder: the
    suite must never risk the machine's ``/dev/null`` (code that fails this test replaces
    it with a regular file, for every process). Elsewhere ``/dev/null`` itself, which only
    root can replace."""
    if os.geteuid() != 0:
        return Path("/dev/null")
    node = tmp_path / "null.pdf"
    os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    return node


def _fifo(tmp_path: Path) -> Path:
    path = tmp_path / "ong.pdf"
    os.mkfifo(path)
    return path


def _folder(tmp_path: Path) -> Path:
    path = tmp_path / "thu-muc.pdf"
    path.mkdir()
    return path


def _database(tmp_path: Path) -> Path:
    return tmp_path / "onestop.sqlite3"


def _companion(suffix: str) -> Callable[[Path], Path]:
    return lambda tmp_path: tmp_path / f"onestop.sqlite3{suffix}"


def _symlink_to_db(tmp_path: Path) -> Path:
    link = tmp_path / "loi-tat.pdf"
    link.symlink_to(tmp_path / "onestop.sqlite3")
    return link


def _other_database(tmp_path: Path) -> Path:
    other = tmp_path / "quay-2.xlsx"   # another counter's database, whatever its name
    other.write_bytes((tmp_path / "onestop.sqlite3").read_bytes())
    return other


def _read_only(tmp_path: Path) -> Path:
    locked = tmp_path / "chi-doc.pdf"
    locked.write_bytes(b"%PDF-1.4 a signed copy")
    locked.chmod(0o444)
    return locked


def _daily_backup(tmp_path: Path) -> Path:
    folder = tmp_path / "home" / "data" / "backups"  # the default backup.folder
    folder.mkdir(parents=True, exist_ok=True)
    old = folder / "onestop-000.00.15.H36-q1-20260301.sqlite3"
    old.write_bytes((tmp_path / "onestop.sqlite3").read_bytes())
    return old


def _new_file_in_backups(tmp_path: Path) -> Path:
    return _daily_backup(tmp_path).parent / "bao-cao.pdf"


def _safety_copy_note(tmp_path: Path) -> Path:
    folder = tmp_path / "backups"   # <database dir>/backups: restore and upgrade copies
    folder.mkdir(exist_ok=True)
    note = folder / "ghi-chu.txt"
    note.write_bytes(b"not a database")
    return note


#: kind -> (make the target in the test's folder, words of the refusal).
TARGETS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "database": (_database, "cơ sở dữ liệu đang dùng"),
    "wal": (_companion("-wal"), "cơ sở dữ liệu đang dùng"),
    "shm": (_companion("-shm"), "cơ sở dữ liệu đang dùng"),
    "journal": (_companion("-journal"), "cơ sở dữ liệu đang dùng"),
    "symlink-to-database": (_symlink_to_db, "cơ sở dữ liệu đang dùng"),
    "other-database": (_other_database, "tệp cơ sở dữ liệu SQLite"),
    "daily-backup": (_daily_backup, "nằm trong thư mục sao lưu"),
    "new-file-in-backups": (_new_file_in_backups, "nằm trong thư mục sao lưu"),
    "safety-copy-folder": (_safety_copy_note, "nằm trong thư mục sao lưu"),
    "dev-null": (_device, "không phải là một tệp thông thường"),
    "fifo": (_fifo, "không phải là một tệp thông thường"),
    "folder": (_folder, "không phải là một tệp thông thường"),
    "read-only": (_read_only, "chỉ được đọc"),
}
#: The command each kind of target is tried with in a subprocess (every command meets
#: every kind in-process below).
THROUGH = dict(zip(TARGETS, ["receipt", "register-xlsx", "form", "catalogue-print",
                             "briefing-pdf", "backup", "period-xlsx", "receipt",
                             "overview-json", "receipt", "register-pdf", "form", "backup"]))


def _state(path: Path) -> tuple[int, bytes | None, bool]:
    """How the target looks from outside: its type, its bytes (regular files), whether it
    exists."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return (0, None, False)
    data = path.read_bytes() if stat.S_ISREG(st.st_mode) else None
    return (st.st_mode, data, True)


def _all_files(folder: Path) -> dict[str, bytes]:
    """Every regular file under ``folder`` but the log files (each run may log)."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*")
            if stat.S_ISREG(p.lstat().st_mode) and "logs" not in p.relative_to(folder).parts}


@pytest.mark.parametrize("kind", TARGETS)
def test_each_kind_of_target_is_refused_by_the_real_command(cli: Runner, tmp_path: Path,
                                                            kind: str) -> None:
    name = THROUGH[kind]
    code = _code(cli) if name in ("receipt", "form") else ""
    make, reason = TARGETS[kind]
    target = make(tmp_path)
    before, files = _state(target), _all_files(tmp_path)
    refused(_run(cli, name, target, code), reason)
    assert _state(target) == before          # byte for byte, same type and mode
    assert _all_files(tmp_path) == files     # nothing written anywhere, no temporary file


def test_every_command_refuses_every_kind_of_target(cli_template: Path, tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    """The whole matrix in-process (``onestop.cli.main``, the same code as the command)."""
    from onestop.cli import main

    failures = []
    for kind, (make, reason) in TARGETS.items():
        folder = tmp_path / kind
        (folder / "home").mkdir(parents=True)
        shutil.copyfile(cli_template, folder / "onestop.sqlite3")
        monkeypatch.setenv("ONESTOP_HOME", str(folder / "home"))
        monkeypatch.setenv("ONESTOP_NOW", NOW)
        monkeypatch.chdir(folder)
        url = f"sqlite:///{folder / 'onestop.sqlite3'}"
        ctx = Context.open(url)
        try:   # closed before the snapshot: a connection closing would remove the -wal
            code = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An")).code
        finally:
            ctx.engine.dispose()
        target = make(folder)
        before, files = _state(target), _all_files(folder)
        for name, argv in COMMANDS.items():
            rc = main(["--db", url, *(a.format(out=target, code=code) for a in argv)])
            out, err = capsys.readouterr()
            if not (rc == 2 and out == "" and err.startswith("out: ") and reason in err
                    and len(err.splitlines()) == 1):
                failures.append((kind, name, rc, err))
        if _state(target) != before or _all_files(folder) != files:
            failures.append((kind, "changed", 0, ""))
    assert failures == [], failures


def test_a_refused_receipt_is_not_counted_as_printed(cli: Runner, tmp_path: Path) -> None:
    code = _code(cli)
    refused(cli("receipt", code, "--out", str(_db(cli))), "cơ sở dữ liệu đang dùng")
    first = tmp_path / "lan-dau.pdf"
    r = cli("receipt", code, "--out", str(first), "--json")   # still the first copy: no reason
    assert r.rc == 0, r.err
    assert r.json["reprint"] is False and first.read_bytes().startswith(b"%PDF")


def test_an_ordinary_file_is_still_replaced_whole(cli: Runner, tmp_path: Path) -> None:
    code = _code(cli)
    out = tmp_path / "giay-hen.pdf"
    out.write_bytes(b"old")
    assert cli("receipt", code, "--out", str(out)).rc == 0
    assert out.read_bytes().startswith(b"%PDF")
    link = tmp_path / "ban-in.pdf"                    # a link to a writable file: its target
    link.symlink_to(out)
    assert cli("catalogue", "print", "--out", str(link)).rc == 0
    assert link.is_symlink() and out.read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".")) == []
