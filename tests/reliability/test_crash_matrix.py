"""Crash matrix: the real CLI killed with SIGKILL at each fault point loses and breaks nothing.

Each case runs ``python -m onestop --db sqlite:///… COMMAND`` in a subprocess with
``ONESTOP_FAULT`` naming a point (:mod:`onestop.faults`): the process kills itself there with
SIGKILL — no rollback, no atexit, no flush, like a power cut of that process. Then, from the
outside (:mod:`tests.reliability.invariants`): ``PRAGMA integrity_check`` is ok; everything
committed before is still there exactly once; the killed operation is either wholly there or
wholly absent — as the point says (before or after its commit); no dossier without its
``received`` event, no event without its dossier, no outbox row without its row; projections
agree with the events; ``onestop audit verify`` passes. Finally the same command runs again
and completes, and codes are never reused.
"""

from __future__ import annotations

import contextlib
import io
import re
import signal
from tests import rawdb as sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from onestop.cli import main
from onestop.services.install import backup as bk
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage import db
from onestop.sync.faults import POINTS as SYNC_POINTS
from tests.support.cli import Runner
from tests.support.db import copy_sqlite
from tests.reliability.common import AGENCY, NOW, PROCEDURE
from tests.reliability.invariants import Snapshot, check, queued

FIXTURE_DB = Path(__file__).resolve().parents[1] / "fixtures" / "db_rev0001.sqlite3"
HEAD = db.head_revision()
FIRST = f"{AGENCY}-260302-0100"   # the transferred seeded dossier
SECOND = f"{AGENCY}-260302-0101"
THIRD = f"{AGENCY}-260302-0102"
CSV = ("code,name,days,fee_vnd,documents\n"
       "9.000001,Thủ tục thử nghiệm một,5,,Đơn đề nghị | Bản sao CCCD\n"
       "9.000002,Thủ tục thử nghiệm hai,10,50000,Đơn đề nghị\n"
       "9.000003,Thủ tục thử nghiệm ba,,,\n")
RECEIVE = ("receive", "--procedure", PROCEDURE, "--name", "Phạm Thị Dung",
           "--id-number", "079190000789", "--phone", "0901234567")


@dataclass(frozen=True)
class Kill:
    """One kill point on one command, and what the database must show after the kill."""

    point: str
    argv: tuple[str, ...]
    #: growth of (dossiers, events, procedures, users) once killed: the operation's all or nothing
    killed: tuple[int, int, int, int] = (0, 0, 0, 0)
    start: str = "seeded"              # "seeded", "plain", "rev0001" or "empty"
    user: str | None = None
    stdin: str = ""
    retry: tuple[str, ...] | None = None     # default: argv again
    retry_rc: int = 0
    then: Callable[[Path, Snapshot, Snapshot], None] | None = field(default=None, compare=False)

    @property
    def id(self) -> str:
        name = self.argv[0] if self.argv[0] != "event" else f"event-{self.argv[2]}"
        return f"{self.point}-{name}-{self.start}"


def _revision_intact(path: Path, before: Snapshot, after: Snapshot) -> None:
    assert after.revision in ("0001", HEAD) and after.dossiers == before.dossiers


def _nothing_at_out(path: Path, before: Snapshot, after: Snapshot) -> None:
    out = path.parent / "backup.sqlite3"
    assert not out.exists()   # a half-made backup never looks like a good one


def _restored(path: Path, before: Snapshot, after: Snapshot) -> None:
    assert after == before   # killed after the safety copy: the database is untouched


def _still_plain(path: Path, before: Snapshot, after: Snapshot) -> None:
    from onestop.storage import keys

    assert keys.state(path) == keys.PLAIN and after == before


def _encrypted(path: Path, before: Snapshot, after: Snapshot) -> None:
    from onestop.storage import keys

    assert keys.state(path) == keys.ENCRYPTED and after == before


CASES = [
    # receive: code allocated, rows flushed, DTO built — then commit, then the code is printed
    Kill("receive.after_allocate", RECEIVE),
    Kill("receive.after_flush", RECEIVE),
    Kill("receive.before_commit", RECEIVE),
    Kill("tx.after_commit", RECEIVE, killed=(1, 1, 0, 0)),
    # record-event: event written, projection recomputed, audit entry (void) — then commit
    Kill("event.after_insert", ("event", SECOND, "transfer", "--to", "Phòng Giáo dục")),
    Kill("event.after_reproject", ("event", SECOND, "transfer", "--to", "Phòng Giáo dục")),
    Kill("event.before_commit", ("event", FIRST, "result-ready")),
    Kill("event.before_commit", ("event", SECOND, "void", "--reason", "Nhập nhầm"),
         user="giamsat"),
    Kill("tx.after_commit", ("event", FIRST, "result-ready"), killed=(0, 1, 0, 0),
         retry=("event", FIRST, "note", "--reason", "Đã báo công dân")),
    Kill("correct.before_commit", ("correct", SECOND, "--field", "phone", "--value",
                                   "0912000111", "--reason", "Công dân báo sai số")),
    # catalogue import: all rows or none
    Kill("import.after_rows", ("catalogue", "import", "procedures.csv")),
    Kill("import.before_commit", ("catalogue", "import", "procedures.csv")),
    Kill("tx.after_commit", ("catalogue", "import", "procedures.csv"), killed=(0, 0, 3, 0),
         retry=("catalogue", "import", "--update", "procedures.csv")),
    # accounts, log-in and a refused action's audit entry
    Kill("users.before_commit", ("user", "add", "thu.ha", "--role", "officer",
                                 "--full-name", "Phạm Thu Hà"), stdin="Mot-mat-khau-2026\n"),
    Kill("login.before_commit", ("user", "login", "canbo"), stdin="sai-mat-khau-1\n",
         retry_rc=4),
    Kill("audit.before_commit", ("catalogue", "import", "procedures.csv"), user="canbo",
         retry_rc=4),
    # a calendar change: the generic points around any service transaction
    Kill("tx.before_commit", ("calendar", "set", "2026-03-20", "off", "--name", "Nghỉ bù")),
    # committed before the kill: the retry finds the day already as asked (exit 2, nothing
    # written twice: no second override, no second calendar-reschedule event)
    Kill("tx.after_commit", ("calendar", "set", "2026-03-20", "off", "--name", "Nghỉ bù"),
         retry_rc=2),
    # demo data: committed chunk by chunk; codes stay unique when it runs again
    Kill("demo.after_chunk", ("demo", "--dossiers", "40"), killed=(40, -1, 0, 0)),
    # backup and restore
    Kill("backup.before_rename", ("backup", "--out", "backup.sqlite3"), then=_nothing_at_out),
    Kill("restore.after_safety_copy", ("restore", "backup.sqlite3"), then=_restored),
    # schema creation and migration of an old database (backed up first)
    Kill("migrate.after_revision", ("init",), start="empty"),
    Kill("init.before_commit", ("init",), start="empty"),
    Kill("migrate.before_upgrade", ("init",), start="rev0001", then=_revision_intact),
    Kill("migrate.after_revision", ("init",), start="rev0001", then=_revision_intact),
    Kill("init.after_migrate", ("init",), start="rev0001", then=_revision_intact),
    # encrypting a plain database in place (issue 16): wholly plain or wholly encrypted at
    # every instant; the same command run again finishes (or finds it done)
    Kill("encrypt.after_export", ("encrypt",), start="plain", then=_still_plain),
    Kill("encrypt.before_swap", ("encrypt",), start="plain", then=_still_plain),
    Kill("encrypt.after_swap", ("encrypt",), start="plain", then=_encrypted),
]


def _prepare(case: Kill, run: Runner, seeded_db: Path) -> Path:
    """The database the case starts from (and the files its command reads)."""
    (seeded_db.parent / "procedures.csv").write_text(CSV, encoding="utf-8")
    run.cwd = seeded_db.parent
    if case.start == "empty":
        seeded_db.unlink()
    elif case.start == "plain":   # a database from before issue 16, not yet encrypted
        from onestop.storage import keys, rekey

        plain = seeded_db.with_name("plain.sqlite3")
        rekey.export(seeded_db, plain, None, src_key=keys.env_key())
        for side in ("", "-wal", "-shm"):
            Path(f"{seeded_db}{side}").unlink(missing_ok=True)
        plain.rename(seeded_db)
        assert keys.state(seeded_db) == keys.PLAIN
    elif case.start == "rev0001":
        seeded_db.unlink()
        copy_sqlite(FIXTURE_DB, seeded_db)
        _clock_confirmed(seeded_db)
    if case.argv[0] == "restore":
        bk.backup(f"sqlite:///{seeded_db}", seeded_db.parent / "backup.sqlite3")
        receive_in_process(seeded_db)  # so the restore would change something
    if case.argv[0] == "demo":
        # demo only fills a demo database: one an evaluator has also received dossiers in
        conn = sqlite3.connect(seeded_db)
        with conn:
            conn.execute("INSERT INTO local_setting (key, value) VALUES ('demo_database', '1')")
        conn.close()
    return seeded_db


def _clock_confirmed(path: Path) -> None:
    """The old release's file was written in November 2026 and the cases run at a pinned
    March 2026: as an administrator would, confirm that clock (``services.clock``), or the
    receipt after the upgrade is refused as a clock behind the recorded time."""
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO local_setting (key, value) VALUES ('clock.confirmed', "
                     "'9999-12-31T00:00:00+00:00')")
    conn.close()


def receive_in_process(path: Path) -> str:
    """Receive one dossier through the services; its code."""
    ctx = Context.open(f"sqlite:///{path}")
    try:
        return receive(ctx, ReceiveRequest(PROCEDURE, "Đỗ Minh Khang")).code
    finally:
        ctx.engine.dispose()


def in_process(run: Runner, argv: tuple[str, ...], stdin: str, user: str | None,
               monkeypatch: pytest.MonkeyPatch) -> int:
    """Run the CLI's ``main`` in this process (the next start after the crash)."""
    monkeypatch.setenv("ONESTOP_HOME", str(run.home))
    monkeypatch.setenv("ONESTOP_NOW", NOW)
    monkeypatch.delenv("ONESTOP_FAULT", raising=False)
    monkeypatch.chdir(Path(str(run.db)).parent)
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    args = ["--db", run.url, *(["--user", user] if user else []), *argv]
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        return main(args)


def _growth(before: Snapshot, after: Snapshot) -> tuple[int, int, int, int]:
    return (len(after.dossiers) - len(before.dossiers), len(after.events) - len(before.events),
            len(after.procedures) - len(before.procedures), len(after.users) - len(before.users))


def _kept(before: Snapshot, after: Snapshot) -> None:
    """Everything committed before is still there, unchanged in identity."""
    assert before.dossiers.items() <= after.dossiers.items()
    assert before.events.items() <= after.events.items()
    assert before.audit <= after.audit and before.procedures <= after.procedures
    new_dossiers = set(after.dossiers) - set(before.dossiers)
    new_events = set(after.events) - set(before.events)
    if after.revision and not _demo_only(after, new_dossiers):
        assert queued(after, "dossier", new_dossiers)
        assert queued(after, "dossier_event", new_events)


def _demo_only(after: Snapshot, new: set[str]) -> bool:
    # demo rows are written in bulk and deliberately not queued for sync
    return bool(new) and not any(after.outbox[("dossier", i)] for i in new)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_killed_at_the_point_loses_and_breaks_nothing(case: Kill, run: Runner, seeded_db: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    path = _prepare(case, run, seeded_db)
    before = check(path) if path.exists() else None
    killed = run(*case.argv, stdin=case.stdin, user=case.user, fault=case.point)
    assert killed.rc == -signal.SIGKILL, (killed.out, killed.err)

    after = check(path)
    if before is not None:
        _kept(before, after)
        growth = _growth(before, after)
        assert all(g == k for g, k in zip(growth, case.killed) if k >= 0), growth
    if case.then is not None:
        case.then(path, before or after, after)

    rc = in_process(run, case.retry or case.argv, case.stdin, case.user, monkeypatch)
    assert rc == case.retry_rc
    final = check(path)
    assert final.revision == HEAD
    if case.argv[0] == "restore":   # the backup's content, by design (see SECURITY.md)
        assert final == check(path.parent / "backup.sqlite3")
        return
    _kept(after, final)
    # the next receipt gets a code never seen before, and no code is ever held twice
    code = receive_in_process(path)
    assert code not in final.codes() and code not in after.codes()
    assert len(check(path, verify=False).codes()) == len(final.dossiers) + 1


def test_the_matrix_reaches_twenty_distinct_points() -> None:
    assert len({c.point for c in CASES}) >= 20
    assert len({(c.point, c.argv[0], c.start) for c in CASES}) == len(CASES) - 1  # void twin


def test_every_fault_point_in_the_code_is_in_a_matrix() -> None:
    """A new ``faults.hit("…")`` must come with its crash case (here or in the sync matrix)."""
    source = Path(__file__).resolve().parents[2] / "onestop"
    found = {m for f in source.rglob("*.py")
             for m in re.findall(r'hit\("([a-z_.]+)"\)', f.read_text(encoding="utf-8"))}
    assert found == {c.point for c in CASES} | set(SYNC_POINTS)


def test_a_killed_receipt_leaves_the_next_code_free(run: Runner, seeded_db: Path) -> None:
    """The code a killed receipt had allocated (never printed) is the next one handed out."""
    killed = run(*RECEIVE, fault="receive.before_commit")
    assert killed.rc == -signal.SIGKILL
    done = run(*RECEIVE, "--json")
    assert done.rc == 0, done.err
    assert done.json["code"] == f"{AGENCY}-260302-0103"
    # ...whereas a receipt killed after its commit keeps its code and the next moves on
    assert run(*RECEIVE, fault="tx.after_commit").rc == -signal.SIGKILL
    again = run(*RECEIVE, "--json")
    assert again.json["code"] == f"{AGENCY}-260302-0105"
    check(seeded_db)


@pytest.mark.parametrize("damage", [
    "DELETE FROM dossier_event WHERE kind = 'received' AND seq = 2",      # dossier, no receipt
    f"DELETE FROM dossier WHERE code = '{THIRD}'",                         # events, no dossier
    ("INSERT INTO sync_outbox (table_name, row_id, created_at, attempts) VALUES ('dossier', "
    "'0190000000007000800000000000000b', '2026-03-02 03:00:00', 0)"),       # outbox, no row
    f"UPDATE dossier SET status = 'returned' WHERE code = '{SECOND}'",     # projection drift
    "UPDATE audit_entry SET actor = 'x' WHERE seq = 2",                   # chain broken
], ids=["no-receipt", "orphan-events", "orphan-outbox", "drift", "chain"])
def test_the_checks_catch_a_damaged_database(seeded_db: Path, damage: str) -> None:
    """The crash checks are not vacuous: each kind of damage they look for fails them."""
    check(seeded_db)
    conn = sqlite3.connect(seeded_db)   # foreign keys off, like a careless tool
    with conn:
        changed = conn.execute(damage).rowcount
    conn.close()
    assert changed == 1   # the damage hit a row (a stale code would damage nothing)
    with pytest.raises(AssertionError):
        check(seeded_db)
