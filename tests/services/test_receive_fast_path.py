"""The receipt's prepared Core path writes what the ORM's unit of work wrote (issue 19).

``reception.receive`` writes its rows through :func:`onestop.storage.rows.insert_new`
(``reception.write``); the ORM flush it replaced is the reference here (:func:`_orm_write`,
swapped in for ``reception.write``). The same receipts, at the same
clock and with the same identifiers, through each path into two copies of one database must
leave the same rows byte for byte (dossier, event with its chain hashes, outbox order), a
chain ``audit verify`` accepts, and the name index (FTS on SQLite, GIN on PostgreSQL) finding
them. Only ``created_at``/``updated_at`` differ: they are the wall clock (``models.utcnow``)
at the write, on both paths.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Connection, text
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from onestop.domain.validation import ValidationError, citizen_id_for
from onestop.services import audit, dossiers, reception
from onestop.services.context import Context
from onestop.services.queries import find
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import Dossier, DossierEvent, Outbox
from tests.support.clock import Clock, vn
from tests.support.db import Template, copy_sqlite, pg_create, pg_drop

ID_NUMBER = citizen_id_for("079", date(1990, 5, 17), True, 123456)

#: Columns filled by the wall clock at the write (``models.utcnow``), not by the receipt.
WALL_CLOCK = {"created_at", "updated_at"}


def _requests() -> list[tuple[datetime, ReceiveRequest]]:
    return [
        (vn(2026, 3, 2, 8, 0), ReceiveRequest(
            "2.001914", "Nguyễn Thị Ánh", id_number=ID_NUMBER, birth_date="17/05/1990",
            phone="0912 345 678", email="anh@example.vn", address="12 Lê Lợi, Huế",
            notify_sms="0912345678", notify_email="anh@example.vn", sex="female")),
        (vn(2026, 3, 2, 8, 5), ReceiveRequest(
            "2.001914", "Trần Văn Bình", documents=["Đơn|1|0", "Bản sao CCCD|0|2"], sets=2,
            fee_paid=True, notes="Ghi chú\nhai dòng", channel="post")),
        (vn(2026, 3, 2, 8, 9), ReceiveRequest(
            "2.001914", "Công ty Ánh Dương", org="Công ty TNHH Ánh Dương",
            refuse_reason="Thiếu giấy tờ theo quy định")),   # an intake refusal
        (vn(2026, 3, 2, 8, 12), ReceiveRequest(   # back-dated: received earlier this morning
            "2.001914", "Lê Hoàng Phúc", received_at="02/03/2026 07:45")),
        (vn(2026, 3, 3, 9, 0), ReceiveRequest("2.001914", "Phạm Ngọc Lan")),  # the next day
    ]


def _ids() -> Iterator[uuid.UUID]:
    n = 0
    while True:
        n += 1
        yield uuid.UUID(int=(0x0190_0000_0000_7000_8000_0000_0000_0000 | n))


def _orm_write(conn: Connection, d: Dossier, event: DossierEvent) -> None:
    """The reference: the ORM's unit of work writes the receipt's objects, as the receipt did
    before its prepared Core INSERTs (dossier, event, the event's outbox row, the dossier's),
    inside the receipt's own transaction (a session joined to it neither commits nor rolls
    it back)."""
    # the dossier as its constructor builds it (the receipt builds it with rows.transient)
    d = Dossier(**{k: v for k, v in vars(d).items() if not k.startswith("_")})
    with Session(bind=conn) as session:
        session.add(d)
        session.add(event)
        session.add(Outbox(table_name="dossier_event", row_id=event.id))
        session.add(Outbox(table_name="dossier", row_id=d.id))
        session.flush()


def _run(url: str, orm: bool, monkeypatch: pytest.MonkeyPatch) -> Context:
    ids = _ids()
    if orm:
        monkeypatch.setattr(reception, "write", _orm_write)
    monkeypatch.setattr(reception, "uuid7", lambda: next(ids))
    monkeypatch.setattr(dossiers, "uuid7", lambda: next(ids))
    clock = Clock()
    ctx = Context.open(url, clock=clock)
    for at, req in _requests():
        clock.set(at)
        receive(ctx, req)
    clock.set(vn(2026, 3, 3, 9, 1))
    with pytest.raises(ValidationError):   # refused: nothing of it written on either path
        receive(ctx, ReceiveRequest("2.001914", "X", phone="12"))
    monkeypatch.undo()
    return ctx


def _rows(ctx: Context) -> dict[str, list[dict[str, Any]]]:
    out = {}
    with ctx.engine.connect() as conn:
        for table, order in (("dossier", "code"), ("dossier_event", "origin, seq"),
                             ("sync_outbox", "id")):
            result = conn.execute(text(f"SELECT * FROM {table} ORDER BY {order}"))
            rows = [dict(r._mapping) for r in result]
            for r in rows:
                assert all(r.get(c) is not None for c in WALL_CLOCK if c in r)
            out[table] = [{k: v for k, v in r.items() if k not in WALL_CLOCK} for r in rows]
    return out


@pytest.fixture
def two_copies(template: Template, request: pytest.FixtureRequest,
               tmp_path: Path) -> Iterator[tuple[str, str]]:
    """Two fresh copies of the initialised template database."""
    if template.backend == "sqlite":
        src = str(make_url(template.url).database)
        yield tuple(f"sqlite:///{copy_sqlite(src, tmp_path / n / 'onestop.sqlite3')}"
                    for n in ("orm", "core"))  # type: ignore[misc]
        return
    pg_url = request.getfixturevalue("pg_url")
    urls = [pg_create(pg_url, template=make_url(template.url).database) for _ in range(2)]
    yield urls[0], urls[1]
    for u in urls:
        pg_drop(pg_url, u)


def test_core_path_writes_the_rows_the_orm_flush_wrote(two_copies: tuple[str, str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    orm_ctx = _run(two_copies[0], True, monkeypatch)
    core_ctx = _run(two_copies[1], False, monkeypatch)
    try:
        orm_rows, core_rows = _rows(orm_ctx), _rows(core_ctx)
        assert (len(core_rows["dossier"]), len(core_rows["dossier_event"])) == (5, 5)
        # after the template's own rows: each receipt's event, then its dossier
        assert [r["table_name"] for r in core_rows["sync_outbox"][-10:]] == [
            "dossier_event", "dossier"] * 5
        assert core_rows == orm_rows   # every stored value, hashes and outbox order included
        events = core_rows["dossier_event"]
        assert [e["seq"] for e in events] == [1, 2, 3, 4, 5]
        assert all(b["prev_hash"] == a["hash"] for a, b in zip(events, events[1:]))
        for ctx in (orm_ctx, core_ctx):
            report = audit.verify(ctx)
            assert report.ok and report.events == 5 and report.dossiers == 5
            # the name index (SQLite FTS5 trigger / PostgreSQL GIN) sees the new rows
            assert [r.applicant_name for r in find(ctx, "anh duong")] == ["Công ty Ánh Dương"]
            assert len(find(ctx, "nguyen thi anh")) == 1
    finally:
        orm_ctx.engine.dispose()
        core_ctx.engine.dispose()

