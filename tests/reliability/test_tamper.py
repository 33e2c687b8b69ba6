"""Tamper evidence: direct edits of the SQLite file are named by ``onestop audit verify``.

The intruder has the database file and a SQLite shell: they edit, delete or reorder an audit
entry or a dossier event and commit. ``onestop audit verify`` must then exit non-zero and name
exactly the broken entries — table, origin, seq, id and the kind of break (``hash``: content
changed; ``link``: the previous entry is not the one it was chained to; ``gap``: an entry is
missing). The known limit is pinned too: deleting the *newest* entries of a chain leaves a
shorter chain that verifies (see SECURITY.md for the anchor that catches it).
"""

from __future__ import annotations

import contextlib
import io
import json
import sqlite3
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from onestop.cli import main
from tests.reliability.conftest import AGENCY, Runner

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
    assert err.splitlines() == [f"{t}: origin {ORIGIN} seq {s} id {i}: {p}" for t, s, i, p in want]


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


@pytest.mark.parametrize("table", [A, E])
def test_known_limit_deleting_the_newest_entries_is_not_seen_locally(seeded_db: Path,
                                                                     table: str) -> None:
    """No local anchor: a chain cut at its end still verifies (the central copy anchors it)."""
    tamper(seeded_db, f"DELETE FROM {table} WHERE origin = :o AND seq = 4")
    rc, data, _ = verify(seeded_db)
    assert rc == 0 and data["ok"] is True
