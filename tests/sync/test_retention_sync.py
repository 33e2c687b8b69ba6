"""Retention (issue 16) reaches the central copy: dossier rows and event payloads erased on
both sides, and ``audit verify`` clean on the counter and on the central database."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy import create_engine, text

from onestop import sync
from onestop.domain.validation import citizen_id_for
from onestop.services import audit, retention
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, correct, receive
from onestop.storage.chain import verify_all
from onestop.storage.db import session_factory
from tests.support.central import Central, Counter, PROCEDURE, make_counter
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres

CITIZEN = citizen_id_for("001", date(1980, 2, 3), False, 777)
COLLECTOR = citizen_id_for("079", date(1991, 5, 6), True, 55)


def _sync(c: Counter) -> None:
    st = sync.run_once(c.ctx, c.url)
    assert st.last_error is None, st.last_error


def test_an_erasure_reaches_the_central_copy_and_both_verify(
        tmp_path, central_db: Central, clock: Clock) -> None:  # type: ignore[no-untyped-def]
    c = make_counter(tmp_path, central_db, 1, clock)
    d = receive(c.ctx, ReceiveRequest(procedure=PROCEDURE, name="Đặng Thị Quỳnh Như",
                                      id_number=CITIZEN, phone="0911222333"))
    clock.advance(hours=1)
    correct(c.ctx, d.code, "phone", "0944555666", "Đổi số")
    clock.advance(hours=1)
    record(c.ctx, d.code, EventRequest(kind="result-ready"))
    clock.advance(hours=1)
    record(c.ctx, d.code, EventRequest(kind="return", collector="Võ Văn Nhận",
                                       collector_id=COLLECTOR))
    _sync(c)                                    # the central copy holds the personal data
    clock.advance(days=365 * 11)
    r = retention.apply(c.ctx)
    assert r.codes == (d.code,)
    assert audit.verify(c.ctx).ok
    _sync(c)

    engine = create_engine(central_db.admin_url)
    try:
        with engine.connect() as conn:
            row = conn.execute(text("SELECT applicant_name, id_number, phone FROM dossier "
                                    "WHERE code = :c"), {"c": d.code}).one()
            payloads = [p for (p,) in conn.execute(text(
                "SELECT payload FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id "
                "WHERE d.code = :c"), {"c": d.code})]
        assert tuple(row) == (retention.MARKER, None, None)
        dumped = json.dumps(payloads, ensure_ascii=False)
        assert COLLECTOR not in dumped and "Võ Văn Nhận" not in dumped
        assert "0911222333" not in dumped and "0944555666" not in dumped
        central = Context(engine=engine, factory=session_factory(engine))
        with central.reading() as session:
            assert verify_all(session) == []
    finally:
        engine.dispose()

