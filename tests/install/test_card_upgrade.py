"""Revision 0011 on databases of the previous release: ``dossier.sex`` (CHECK male|female)
and the ``receipt_key`` table; every old dossier intact, the name-search index still fed."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import IntegrityError

from onestop.domain.calendar import VN_TZ
from onestop.services import receipt_keys
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage import db
from tests.support.db import pg_create


def _dossiers(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT id, code, applicant_name, version FROM dossier "
                            "ORDER BY code").fetchall()
    finally:
        conn.close()


def test_sqlite_rev0001_gets_sex_and_receipt_keys(rev0001_db: Path, home: Path) -> None:
    before = _dossiers(rev0001_db)
    ctx = Context.open(f"sqlite:///{rev0001_db}",
                       clock=lambda: datetime(2026, 12, 3, 9, 0, tzinfo=VN_TZ))
    try:
        setup.init(ctx)
        assert db.current_revision(ctx.engine) == db.head_revision()
        assert _dossiers(rev0001_db) == before
        with ctx.engine.begin() as conn:
            assert conn.execute(text("SELECT count(*) FROM dossier WHERE sex IS NOT NULL")
                                ).scalar_one() == 0
        with pytest.raises(IntegrityError), ctx.engine.begin() as conn:
            conn.execute(text("UPDATE dossier SET sex = 'x'"))
        d = receive(ctx, ReceiveRequest(procedure="2.001914", name="Lê Thị Hoa", sex="female"))
        assert d.sex == "female"
        sign = receipt_keys.signer(ctx)
        qr = receipt_keys.receipt_text(sign, d.code, d.procedure_code, "", d.received_at,
                                       d.due_at)
        assert receipt_keys.verify(ctx, qr).valid
        with ctx.engine.begin() as conn:   # the name index of revision 0004 still follows
            found = conn.execute(text("SELECT count(*) FROM dossier_name WHERE dossier_name "
                                      "MATCH 'hoa'")).scalar_one()
        assert found >= 1
    finally:
        ctx.engine.dispose()


def test_postgresql_0006_to_0011(pg_url: str, home: Path) -> None:
    url = pg_create(pg_url)
    engine = create_engine(url)
    try:
        db.upgrade(engine, "0006")
        db.upgrade(engine)
        assert db.current_revision(engine) == db.head_revision()
        with pytest.raises(IntegrityError), engine.begin() as conn:
            conn.execute(text(
                "INSERT INTO receipt_key (id, created_at, updated_at, version, key_id, "
                "agency_code, agency_name, counter_no, public_key) VALUES "
                "(gen_random_uuid(), now(), now(), 1, 'short', 'X', 'X', 1, 'k')"))
        with engine.begin() as conn:
            checks = {r[0] for r in conn.execute(text(
                "SELECT conname FROM pg_constraint WHERE conrelid = 'dossier'::regclass"))}
        assert "ck_dossier_sex" in checks
    finally:
        engine.dispose()
