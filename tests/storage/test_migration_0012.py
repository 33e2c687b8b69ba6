"""Revision 0012 on a database of the previous release: the notice opt-in columns start
empty, the notice outbox exists with its checks, every old row is kept, on SQLite and
PostgreSQL; and the revision goes back down cleanly."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, func, inspect, select, text
from sqlalchemy.exc import IntegrityError

from onestop.storage import db
from onestop.storage.models import Dossier, DossierEvent, Notice
from tests.storage.test_migration_0006 import old_engine  # noqa: F401


def _counts(engine: Engine) -> tuple[int, int]:
    with engine.connect() as conn:
        return (conn.execute(text("SELECT count(*) FROM dossier")).scalar_one(),
                conn.execute(text("SELECT count(*) FROM dossier_event")).scalar_one())


def test_0012_adds_the_opt_in_and_the_outbox_and_keeps_every_row(
        old_engine: Engine) -> None:  # noqa: F811
    db.upgrade(old_engine, "0006")
    before = _counts(old_engine)
    assert before[0] > 0
    db.upgrade(old_engine)
    assert db.current_revision(old_engine) == db.head_revision()
    assert _counts(old_engine) == before
    with old_engine.connect() as conn:
        assert conn.execute(select(func.count()).where(
            Dossier.notify_email.is_not(None) | Dossier.notify_sms.is_not(None))
        ).scalar_one() == 0
        assert conn.execute(select(func.count()).select_from(Notice)).scalar_one() == 0
        first = conn.execute(select(Dossier.id).order_by(Dossier.code).limit(1)).scalar_one()
        event = conn.execute(select(DossierEvent.id).limit(1)).scalar_one()
    with old_engine.begin() as conn:
        conn.execute(Dossier.__table__.update().where(Dossier.id == first).values(
            notify_email="a@example.vn", notify_sms="0912345678"))
    for bad in ({"notify_sms": "0912"}, {"notify_email": "no-at-sign"}):
        with pytest.raises(IntegrityError), old_engine.begin() as conn:
            conn.execute(Dossier.__table__.update().where(Dossier.id == first).values(**bad))
    row = {"dossier_id": first, "event_id": event, "channel": "email",
           "recipient": "a@example.vn", "kind": "result-ready", "subject": "s", "body": "b",
           "attempts": 0}
    with old_engine.begin() as conn:
        conn.execute(Notice.__table__.insert().values(**row, state="waiting"))
    for bad in ({"channel": "fax"}, {"state": "sent"}, {"channel": "email"}):  # dup, no sent_at
        with pytest.raises(IntegrityError), old_engine.begin() as conn:
            conn.execute(Notice.__table__.insert().values(**{**row, **bad}))
    with old_engine.begin() as conn:
        conn.execute(text("DELETE FROM notice"))
    from alembic import command

    # down to its own predecessor (0007, further down, is not downgraded on SQLite)
    command.downgrade(db.alembic_config(old_engine), "0011")
    assert db.current_revision(old_engine) == "0011"
    assert _counts(old_engine) == before
    columns = {c["name"] for c in inspect(old_engine).get_columns("dossier")}
    assert "sex" in columns and not columns & {"notify_email", "notify_sms"}
    with old_engine.connect() as conn:
        names = {r[0] for r in conn.execute(text(
            "SELECT table_name FROM information_schema.tables" if
            old_engine.dialect.name == "postgresql" else
            "SELECT name FROM sqlite_master WHERE type = 'table'"))}
    assert "notice" not in names
