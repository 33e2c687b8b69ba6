"""Tamper evidence: direct edits of the SQLite file are named by ``onestop audit verify``.

The intruder has the database file and a SQLite shell: they edit, delete or reorder an audit
entry or a dossier event and commit. ``onestop audit verify`` must then exit non-zero and name
exactly the broken entries — table, origin, seq, id and the kind of break (``hash``: content
changed; ``link``: the previous entry is not the one it was chained to; ``gap``: an entry is
missing). A log cut at its end (or deleted whole, or re-hashed at its tail) is named by its
anchor (``anchor``); a dossier whose stored status or dates its events do not give is named
as a ``projection`` mismatch. The known limits are pinned too: log and anchor deleted
together, and a newest event that changed nothing cut off (see SECURITY.md).
"""

from __future__ import annotations

import contextlib
import io
import json
from tests import rawdb as sqlite3
import uuid
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest

from onestop.cli import main
from onestop.storage.chain import entry_hash
from tests.support.cli import Runner
from tests.reliability.common import AGENCY

ORIGIN = f"{AGENCY}#1"
#: (table, seq, entry id, problem) in the order verify reports them
Break = tuple[str, int, str, str]


def ids(path: Path, table: str) -> dict[int, str]:
    """seq -> entry id of counter 1's chain in ``table``."""
    conn = sqlite3.connect(path)
    try:
        rows = conn.execute(f"SELECT seq, id FROM {table} WHERE origin = ?", (ORIGIN,))
        return {seq: str(uuid.UUID(raw)) for seq, raw in rows}
    finally:
        conn.close()


def tamper(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    with conn:
        for sql in statements:
            conn.execute(sql, {"o": ORIGIN})
    conn.close()


def swap(table: str, a: int, b: int) -> tuple[str, ...]:
    """Exchange the chain positions of entries ``a`` and ``b`` ((origin, seq) is unique)."""
    where = "WHERE origin = :o AND seq ="
    return (f"UPDATE {table} SET seq = -1 {where} {a}", f"UPDATE {table} SET seq = {a} {where} {b}",
            f"UPDATE {table} SET seq = {b} {where} -1")


def reordered(t: str, i: dict[int, str]) -> list[Break]:
    return [(t, 2, i[3], "link"), (t, 2, i[3], "hash"), (t, 3, i[2], "link"),
            (t, 3, i[2], "hash"), (t, 4, i[4], "link")]


A, E = "audit_entry", "dossier_event"
CASES: dict[str, tuple[str, tuple[str, ...], Callable[[dict[int, str]], list[Break]]]] = {
    "audit-edit-target": (A, (("UPDATE audit_entry SET target = 'ai-do' WHERE origin = :o AND "
                              "seq = 3"),), lambda i: [(A, 3, i[3], "hash")]),
    "audit-edit-actor": (A, ("UPDATE audit_entry SET actor = 'mallory' WHERE seq = 2",),
                         lambda i: [(A, 2, i[2], "hash")]),
    "audit-delete-middle": (A, ("DELETE FROM audit_entry WHERE origin = :o AND seq = 2",),
                            lambda i: [(A, 3, i[3], "gap")]),
    "audit-reorder": (A, swap(A, 2, 3), lambda i: reordered(A, i)),
    "audit-rehash": (A, ("UPDATE audit_entry SET hash = prev_hash WHERE seq = 2",),
                     lambda i: [(A, 2, i[2], "hash"), (A, 3, i[3], "link")]),
    "event-edit-payload": (E, (("UPDATE dossier_event SET payload = '{\"to\": \"Phòng khác\"}' "
                               "WHERE kind = 'transfer'"),), lambda i: [(E, 4, i[4], "hash")]),
    "event-backdate": (E, (("UPDATE dossier_event SET at = '2026-02-01 01:00:00.000000' WHERE "
                           "seq = 3"),), lambda i: [(E, 3, i[3], "hash")]),
    "event-move-to-other-dossier": (
        E, (("UPDATE dossier_event SET dossier_id = (SELECT dossier_id FROM dossier_event "
            "WHERE seq = 2) WHERE seq = 4"),), lambda i: [(E, 4, i[4], "hash")]),
    "event-delete-middle": (E, ("DELETE FROM dossier_event WHERE origin = :o AND seq = 2",),
                            lambda i: [(E, 3, i[3], "gap")]),
    "event-reorder": (E, swap(E, 2, 3), lambda i: reordered(E, i)),
    # values that no longer read as their type: named, and the rest of the chain still checked
    "event-garbage-date": (E, ("UPDATE dossier_event SET at = 'hôm qua' WHERE seq = 2",),
                           lambda i: [(E, 2, i[2], "unreadable")]),
    "audit-broken-json": (A, (("UPDATE audit_entry SET details = '{không phải json' WHERE "
                              "seq = 3"),), lambda i: [(A, 3, i[3], "unreadable")]),
    "audit-text-seq": (A, ("UPDATE audit_entry SET seq = 'ba' WHERE seq = 3",),
                       lambda i: [(A, 4, i[4], "gap"), (A, -1, i[3], "unreadable")]),
}


#: Dossiers whose stored state no longer matches their (moved) events: (code, fields)
MISMATCHES: dict[str, list[tuple[str, list[str]]]] = {
    "event-move-to-other-dossier": [(f"{AGENCY}-260302-0100", ["status"]),
                                    (f"{AGENCY}-260302-0101", ["status"])],
}


def verify(path: Path) -> tuple[int, dict[str, Any], str]:
    """``onestop audit verify --json`` on ``path`` (in-process): exit code, JSON, stderr."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        rc = main(["--db", f"sqlite:///{path}", "audit", "verify", "--json"])
    return rc, json.loads(out.getvalue()), err.getvalue()


@pytest.mark.parametrize("name", CASES)
def test_tampering_is_named_exactly(seeded_db: Path, name: str) -> None:
    table, statements, expected = CASES[name]
    assert verify(seeded_db)[0] == 0
    entry_ids = ids(seeded_db, table)
    tamper(seeded_db, *statements)
    rc, data, err = verify(seeded_db)
    want = expected(entry_ids)
    assert rc != 0 and data["ok"] is False
    assert [(b["table"], b["seq"], b["entry_id"], b["problem"]) for b in data["breaks"]] == want
    assert all(b["origin"] == ORIGIN for b in data["breaks"])
    mismatched = [(m["code"], m["fields"]) for m in data["mismatches"]]
    assert mismatched == MISMATCHES.get(name, [])
    assert err.splitlines() == [f"{t}: origin {ORIGIN} seq {s} id {i}: {p}" for t, s, i, p in want
                                ] + [f"dossier: code {m['code']} id {m['id']}: projection "
                                     f"{','.join(m['fields'])}" for m in data["mismatches"]]


def test_the_real_command_exits_non_zero_and_names_the_entry(run: Runner,
                                                             seeded_db: Path) -> None:
    victim = ids(seeded_db, E)[4]
    tamper(seeded_db, "UPDATE dossier_event SET user_name = 'mallory' WHERE seq = 4")
    text = run("audit", "verify")
    assert text.rc == 1 and text.out == ""
    assert text.err.splitlines() == [f"{E}: origin {ORIGIN} seq 4 id {victim}: hash"]
    as_json = run("audit", "verify", "--json")
    assert as_json.rc == 1 and as_json.json["breaks"] == [
        {"table": E, "origin": ORIGIN, "seq": 4, "entry_id": victim, "problem": "hash"}]


# --- the anchor: a log cut at its end, deleted whole or re-hashed at its tail ---------------

def last_audit(path: Path) -> tuple[int, str]:
    seqs = ids(path, A)
    return max(seqs), seqs[max(seqs)]


@pytest.mark.parametrize("statements", [
    ("DELETE FROM audit_entry",),
    ("DELETE FROM audit_entry WHERE origin = :o AND seq = (SELECT max(seq) FROM audit_entry "
     "WHERE origin = :o)",),
], ids=["delete-all", "delete-newest"])
def test_an_audit_log_cut_at_its_end_is_named_by_its_anchor(seeded_db: Path,
                                                            statements: tuple[str]) -> None:
    seq, victim = last_audit(seeded_db)
    tamper(seeded_db, *statements)
    rc, data, err = verify(seeded_db)
    assert rc == 1 and data["ok"] is False
    assert data["breaks"] == [{"table": A, "origin": ORIGIN, "seq": seq, "entry_id": victim,
                               "problem": "anchor"}]
    assert err.splitlines() == [f"{A}: origin {ORIGIN} seq {seq} id {victim}: anchor"]


def test_a_re_hashed_tail_is_named_by_its_anchor(seeded_db: Path) -> None:
    """The forger edits the newest entry and recomputes its hash: the chain verifies, the
    anchor does not."""
    seq, victim = last_audit(seeded_db)
    conn = sqlite3.connect(seeded_db)
    with conn:
        row = conn.execute("SELECT at, action, target, outcome, details, prev_hash FROM "
                           "audit_entry WHERE origin = ? AND seq = ?", (ORIGIN, seq)).fetchone()
        fields = {"id": uuid.UUID(victim), "origin": ORIGIN, "seq": seq,
                  "at": datetime.fromisoformat(row[0]).replace(tzinfo=timezone.utc),
                  "actor": "mallory", "action": row[1], "target": row[2], "outcome": row[3],
                  "details": json.loads(row[4])}
        conn.execute("UPDATE audit_entry SET actor = 'mallory', hash = ? WHERE origin = ? AND "
                     "seq = ?", (entry_hash(row[5], fields), ORIGIN, seq))
    conn.close()
    rc, data, _ = verify(seeded_db)
    assert rc == 1
    assert [(b["seq"], b["entry_id"], b["problem"]) for b in data["breaks"]] == [
        (seq, victim, "anchor")]


def test_known_limit_log_and_anchor_deleted_together_verify(seeded_db: Path) -> None:
    """Both places are in the same file: whoever deletes both is caught only by the central
    copy and the backups (SECURITY.md)."""
    tamper(seeded_db, "DELETE FROM audit_entry", "DELETE FROM local_setting WHERE key LIKE "
           "'anchor.audit.%'")
    rc, data, _ = verify(seeded_db)
    assert rc == 0 and data["audit_entries"] == 0


# --- stored state re-projected from the events ------------------------------------------------
PROCESSING = f"{AGENCY}-260302-0100"   # seeded: transferred
RECEIVED = f"{AGENCY}-260302-0101"


def installed_before_receipts(path: Path) -> None:
    """The seeded calendar rows carry the wall-clock time the template was built (the
    receipts are at pinned 2026 times); on a desk they are written at install, before any
    receipt. A calendar row changed after a receipt would excuse that dossier's due dates."""
    tamper(path, "UPDATE calendar_override SET updated_at = '2026-01-01 00:00:00.000000'")


@pytest.mark.parametrize(("sql", "code", "fields"), [
    (f"UPDATE dossier SET status = 'returned' WHERE code = '{RECEIVED}'", RECEIVED, ["status"]),
    (f"UPDATE dossier SET status = 'received' WHERE code = '{PROCESSING}'", PROCESSING,
     ["status"]),
    (f"UPDATE dossier SET finished_at = received_at, status = 'result-ready' WHERE code = "
     f"'{RECEIVED}'", RECEIVED, ["status", "finished_at"]),
    (f"UPDATE dossier SET due_at = '2026-12-31 10:00:00.000000', sla_due_at = "
     f"'2026-12-31 10:00:00.000000' WHERE code = '{RECEIVED}'", RECEIVED, ["due_at", "sla_due_at"]),
    (f"UPDATE dossier SET reschedules = 1 WHERE code = '{RECEIVED}'", RECEIVED, ["reschedules"]),
], ids=["status-returned", "status-back", "finished", "due-dates", "reschedules"])
def test_a_stored_state_that_its_events_do_not_give_is_named(seeded_db: Path, sql: str,
                                                             code: str, fields: list[str]) -> None:
    installed_before_receipts(seeded_db)
    tamper(seeded_db, sql)
    rc, data, err = verify(seeded_db)
    assert rc == 1 and data["breaks"] == [] and data["dossiers"] == 3
    [m] = data["mismatches"]
    assert (m["code"], m["fields"]) == (code, fields)
    assert err.splitlines() == [f"dossier: code {code} id {m['id']}: projection "
                                f"{','.join(fields)}"]


def test_due_dates_moved_by_a_later_calendar_change_are_not_a_mismatch(run: Runner,
                                                                       seeded_db: Path) -> None:
    """A day off entered after the receipt, inside the dossier's span, explains other dates."""
    installed_before_receipts(seeded_db)
    conn = sqlite3.connect(seeded_db)
    [(due,)] = conn.execute(f"SELECT due_at FROM dossier WHERE code = '{RECEIVED}'")
    conn.close()
    day = due[:10]   # the due day itself becomes a day off: the projection moves on
    assert run("calendar", "set", day, "off", "--name", "Nghỉ đột xuất").rc == 0
    rc, data, _ = verify(seeded_db)
    assert rc == 0 and data["mismatches"] == [], data
    # the event-decided fields are still compared
    tamper(seeded_db, f"UPDATE dossier SET status = 'void' WHERE code = '{RECEIVED}'")
    assert [m["fields"] for m in verify(seeded_db)[1]["mismatches"]] == [["status"]]


def test_deleting_the_newest_event_is_named_when_it_changed_the_state(seeded_db: Path) -> None:
    """The transfer is the newest event: without it the dossier is back to ``received``."""
    tamper(seeded_db, "DELETE FROM dossier_event WHERE origin = :o AND seq = 4")
    rc, data, _ = verify(seeded_db)
    assert rc == 1 and data["breaks"] == []
    assert [(m["code"], m["fields"]) for m in data["mismatches"]] == [(PROCESSING, ["status"])]


def test_known_limit_deleting_the_newest_event_that_changed_nothing_is_not_seen_locally(
        run: Runner, seeded_db: Path) -> None:
    """A note changes no state: its chain cut at the end still verifies (the central copy
    anchors the events)."""
    assert run("event", PROCESSING, "note", "--reason", "Đã gọi điện").rc == 0
    assert verify(seeded_db)[0] == 0
    tamper(seeded_db, "DELETE FROM dossier_event WHERE origin = :o AND seq = 5")
    rc, data, _ = verify(seeded_db)
    assert rc == 0 and data["ok"] is True


def test_backup_and_restore_keep_the_anchor_and_the_log_together(run: Runner, seeded_db: Path,
                                                                 tmp_path: Path) -> None:
    """The backup is a full copy: anchor and log come back together, and the chain goes on."""
    from onestop.services.install import backup

    copy = tmp_path / "copy.sqlite3"
    backup.backup(seeded_db, copy)
    anchored = last_audit(seeded_db)
    assert run("calendar", "set", "2026-12-30", "off", "--name", "Nghỉ bù").rc == 0
    assert last_audit(seeded_db) != anchored
    result = backup.restore(copy, seeded_db)
    assert last_audit(seeded_db) == anchored
    assert verify(seeded_db)[0] == 0
    assert verify(result.safety_copy)[0] == 0          # the replaced file stays consistent
    assert run("calendar", "set", "2026-12-31", "off", "--name", "Nghỉ bù").rc == 0
    assert verify(seeded_db)[0] == 0 and last_audit(seeded_db)[0] == anchored[0] + 1
