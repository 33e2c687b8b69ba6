"""Receipt signing keys travel like the counters' rows: each counter publishes its public key
through the central database and every counter — of any agency — pulls every key, so a
receipt from anywhere verifies offline at any desk once it has synced; before that it is an
``unknown_key``, never "altered". A rotated key stays, so old receipts keep verifying."""

from __future__ import annotations

from pathlib import Path

import pytest

from onestop import sync
from onestop.services import receipt_keys
from onestop.services.reception import ReceiveRequest, receive
from tests.support.central import AGENCY, Central, Counter, PROCEDURE, make_counter
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres
OTHER_AGENCY = "000.00.15.H40"


def _receipt(c: Counter) -> str:
    d = receive(c.ctx, ReceiveRequest(PROCEDURE, "Nguyễn Văn An"))
    return receipt_keys.receipt_text(receipt_keys.signer(c.ctx), d.code, d.procedure_code, "",
                                     d.received_at, d.due_at)


def _sync(*counters: Counter) -> None:
    for _ in range(2):
        for c in counters:
            st = sync.run_once(c.ctx, c.url)
            assert st.last_error is None, st


def test_keys_reach_every_counter_and_rotation_keeps_old_receipts(
        pair: tuple[Counter, Counter], central_db: Central, tmp_path: Path, clock: Clock,
        home: Path) -> None:
    c1, c2 = pair
    c3 = make_counter(tmp_path / "other", central_db, 1, clock, agency=OTHER_AGENCY)
    _sync(c3)
    r1, r3 = _receipt(c1), _receipt(c3)
    assert receipt_keys.verify(c2.ctx, r1).reason == "unknown_key"     # not synced yet
    _sync(c1, c2, c3)
    for c in (c1, c2, c3):
        for r in (r1, r3):
            v = receipt_keys.verify(c.ctx, r)
            assert v.valid and v.reason == "genuine", (c.number, v)
    v = receipt_keys.verify(c2.ctx, r3)
    assert (v.unit_code, v.counter_no) == (OTHER_AGENCY, 1)

    old, new = receipt_keys.rotate(c1.ctx)
    r1b = _receipt(c1)
    _sync(c1, c2, c3)
    for c in (c2, c3):
        assert receipt_keys.verify(c.ctx, r1).valid          # the retired key still verifies
        assert receipt_keys.verify(c.ctx, r1b).valid
        assert receipt_keys.verify(c.ctx, r1b).key_id == new != old
    # another agency's receipt passed off as this agency's: the key is not theirs
    assert receipt_keys.verify(c2.ctx, r3.replace(OTHER_AGENCY, AGENCY)).reason == "altered"


def test_a_counter_cannot_publish_a_key_for_another_agency(
        pair: tuple[Counter, Counter], home: Path) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.exc import DBAPIError

    from onestop.storage.credentials import full_text, normalise

    c1, _c2 = pair
    engine = create_engine(full_text(normalise(c1.url)))
    row = ("INSERT INTO receipt_key (id, created_at, updated_at, version, key_id, agency_code, "
           "agency_name, counter_no, public_key) VALUES (gen_random_uuid(), now(), now(), 1, "
           ":k, :a, 'X', 1, :p)")
    try:
        with pytest.raises(DBAPIError), engine.begin() as conn:
            conn.execute(text(row), {"k": "f" * 16, "a": OTHER_AGENCY, "p": "A" * 44})
        with engine.begin() as conn:   # its own agency's key: allowed
            conn.execute(text(row), {"k": "e" * 16, "a": AGENCY, "p": "A" * 44})
    finally:
        engine.dispose()
