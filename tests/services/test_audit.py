"""The hash-chained audit log and dossier history: ``verify`` names every tampered entry.

The tampering is done the way an intruder with the database file would do it: raw SQL,
committed, then the service verifies what it finds.
"""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import Engine

from onestop.services import audit
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from tests.support.clock import Clock
from tests.support.db import json_param, sql

ORIGIN = "000.00.15.H36#1"


@pytest.fixture
def history(ctx: Context, clock: Clock) -> str:
    """One dossier with three events, and a few more audit entries; returns its code."""
    d = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    clock.advance(hours=1)
    record(ctx, d.code, EventRequest("transfer", to="Phòng Quản lý chất lượng"))
    clock.advance(hours=1)
    record(ctx.as_user("giamsat"), d.code, EventRequest("void", reason="Nhập nhầm"))
    return d.code


def audit_id(engine: Engine, seq: int) -> str:
    """The id of counter 1's audit entry ``seq`` (SQLite stores UUIDs as bare hex)."""
    [(raw,)] = sql(engine, "SELECT id FROM audit_entry WHERE origin = :o AND seq = :s",
                   o=ORIGIN, s=seq)
    return str(uuid.UUID(str(raw)))


def breaks(ctx: Context) -> list[tuple[str, int, str, str]]:
    report = audit.verify(ctx)
    assert report.ok is (not report.breaks)
    return [(b["table"], b["seq"], b["entry_id"], b["problem"]) for b in report.breaks]


def test_an_intact_log_verifies(ctx: Context, history: str) -> None:
    report = audit.verify(ctx)
    assert report.ok and report.breaks == []
    assert report.events == 3
    assert report.audit_entries == 5   # init, three accounts added, dossier.void


def test_an_edited_audit_entry_is_named(ctx: Context, history: str) -> None:
    victim = audit_id(ctx.engine, 3)
    sql(ctx.engine, "UPDATE audit_entry SET target = 'someone-else' WHERE origin = :o AND "
        "seq = 3", o=ORIGIN)
    assert breaks(ctx) == [("audit_entry", 3, victim, "hash")]


def test_a_deleted_audit_entry_is_named(ctx: Context, history: str) -> None:
    following = audit_id(ctx.engine, 3)
    sql(ctx.engine, "DELETE FROM audit_entry WHERE origin = :o AND seq = 2", o=ORIGIN)
    assert breaks(ctx) == [("audit_entry", 3, following, "gap")]


def test_reordered_audit_entries_are_named(ctx: Context, history: str) -> None:
    a, b, c = audit_id(ctx.engine, 2), audit_id(ctx.engine, 3), audit_id(ctx.engine, 4)
    # swap their positions in the chain (through -1: (origin, seq) is unique)
    for old, new in ((2, -1), (3, 2), (-1, 3)):
        sql(ctx.engine, "UPDATE audit_entry SET seq = :n WHERE origin = :o AND seq = :s",
            n=new, o=ORIGIN, s=old)
    assert breaks(ctx) == [
        ("audit_entry", 2, b, "link"), ("audit_entry", 2, b, "hash"),   # b moved up
        ("audit_entry", 3, a, "link"), ("audit_entry", 3, a, "hash"),   # a moved down
        ("audit_entry", 4, c, "link"),   # its predecessor is no longer the one it chained to
    ]


@pytest.mark.parametrize(("column", "value"), [
    ("payload", '{"to": "Phòng khác"}'), ("user_name", "mallory"), ("kind", "note"),
])
def test_a_tampered_dossier_event_is_named(ctx: Context, history: str, column: str,
                                           value: str) -> None:
    [(raw_id, seq)] = sql(ctx.engine,
                          "SELECT id, seq FROM dossier_event WHERE kind = 'transfer'")
    param = json_param(ctx.engine, "v") if column == "payload" else ":v"
    sql(ctx.engine, f"UPDATE dossier_event SET {column} = {param} WHERE seq = :s", v=value,
        s=seq)
    assert breaks(ctx) == [("dossier_event", seq, str(uuid.UUID(str(raw_id))), "hash")]


def test_chains_are_per_origin(ctx: Context, db_url: str, clock: Clock, history: str) -> None:
    # the same database later used as counter 2 (e.g. merged centrally): a second chain
    sql(ctx.engine, "UPDATE local_setting SET value = '2' WHERE key = 'counter_no'")
    restarted = Context.open(db_url, clock=clock)   # a restart picks up the new identity
    try:
        check_second_chain(restarted)
    finally:
        restarted.engine.dispose()


def check_second_chain(ctx: Context) -> None:
    d = receive(ctx, ReceiveRequest("2.001914", "Trần Văn Bình"))
    assert d.code.endswith("-0200") and d.register_book == "02/2026"
    origins = sql(ctx.engine, "SELECT DISTINCT origin FROM dossier_event ORDER BY origin")
    assert [o for (o,) in origins] == [ORIGIN, "000.00.15.H36#2"]
    report = audit.verify(ctx)
    assert report.ok and report.events == 4
    # breaking counter 1's chain leaves counter 2's intact and says which one broke
    sql(ctx.engine, "UPDATE dossier_event SET user_name = 'x' WHERE origin = :o AND seq = 1",
        o=ORIGIN)
    assert [(b["origin"], b["seq"]) for b in audit.verify(ctx).breaks] == [(ORIGIN, 1)]


# --- the anchor of the audit chain and the re-projection of dossiers --------------------------

def anchor(engine: Engine) -> dict[str, object]:
    import json

    [(value,)] = sql(engine, "SELECT value FROM local_setting WHERE key = :k",
                     k=audit.ANCHOR + ORIGIN)
    return json.loads(value)  # type: ignore[no-any-return]


def test_every_append_moves_the_anchor_in_its_transaction(ctx: Context, history: str) -> None:
    [(seq, tip, raw_id)] = sql(ctx.engine, "SELECT seq, hash, id FROM audit_entry WHERE "
                               "origin = :o ORDER BY seq DESC LIMIT 1", o=ORIGIN)
    assert anchor(ctx.engine) | {"latest": None} == {
        "seq": seq, "hash": tip, "id": str(uuid.UUID(str(raw_id))), "latest": None}
    # a refused action: its transaction is rolled back, the refusal itself is appended
    with pytest.raises(Exception):
        record(ctx.as_user("canbo"), history, EventRequest("void", reason="Thử"))
    assert anchor(ctx.engine)["seq"] == seq + 1
    assert audit.verify(ctx).ok


def test_a_deleted_audit_log_is_named_by_its_anchor(ctx: Context, history: str) -> None:
    tip = anchor(ctx.engine)
    sql(ctx.engine, "DELETE FROM audit_entry")
    report = audit.verify(ctx)
    assert report.audit_entries == 0 and not report.ok
    assert breaks(ctx) == [("audit_entry", tip["seq"], tip["id"], "anchor")]


def test_an_edited_status_is_named_by_the_re_projection(ctx: Context, history: str) -> None:
    assert audit.verify(ctx).dossiers == 1
    sql(ctx.engine, "UPDATE dossier SET status = 'returned' WHERE code = :c", c=history)
    report = audit.verify(ctx)
    assert not report.ok and report.breaks == []
    assert [(m["code"], m["fields"]) for m in report.mismatches] == [(history, ["status"])]
