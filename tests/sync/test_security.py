"""Row-level security: a counter writes only its own agency's rows; readers only read."""

from __future__ import annotations

from pathlib import Path

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import DBAPIError

from onestop import sync
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import uuid7
from onestop.sync import roles
from onestop.storage import credentials
from tests.support.central import (
    AGENCY,
    Central,
    OTHER_AGENCY,
    PROCEDURE,
    central_scalar,
    make_counter,
)
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres


def _engine(url: str):  # type: ignore[no-untyped-def]
    return create_engine(credentials.full_text(credentials.normalise(url)))


@pytest.fixture
def two_agencies(tmp_path: Path, central_db: Central, clock: Clock):  # type: ignore[no-untyped-def]
    mine = make_counter(tmp_path, central_db, 1, clock, AGENCY)
    other = make_counter(tmp_path / "b", central_db, 1, clock, OTHER_AGENCY)
    code = receive(other.ctx, ReceiveRequest(procedure=PROCEDURE, name="Đỗ Văn Giang")).code
    for c in (mine, other):
        assert sync.run_once(c.ctx, c.url).last_error is None
    admin = create_engine(central_db.admin_url)
    with admin.connect() as conn:
        row = conn.execute(text("SELECT id, agency_id, procedure_id FROM dossier WHERE code = :c"),
                           {"c": code}).one()
    admin.dispose()
    return mine, other, row


def _refused(engine, sql: str, params: dict) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(DBAPIError) as info, engine.begin() as conn:
        conn.execute(text(sql), params)
    assert isinstance(info.value.orig, psycopg.errors.InsufficientPrivilege)
    return str(info.value.orig)


DOSSIER_INSERT = (
    "INSERT INTO dossier (id, code, agency_id, counter_no, procedure_id, applicant_name, "
    "applicant_folded, channel, sets, documents, fee_paid, received_at, received_by, "
    "register_book, register_no, status, reschedules, department, created_at, updated_at, "
    "version) VALUES (:id, :code, :agency, 1, :proc, 'Kẻ Gian', 'ke gian', 'direct', 1, '[]', "
    "false, now(), 'x', '01/2026', 999, 'received', 0, '', now(), now(), :v) ")


def test_counter_cannot_write_another_agencys_dossier(two_agencies) -> None:  # type: ignore[no-untyped-def]
    mine, _other, theirs = two_agencies
    engine = _engine(mine.url)
    try:
        with engine.begin() as conn:
            # invisible, so untouchable
            assert conn.execute(text("SELECT count(*) FROM dossier WHERE id = :i"),
                                {"i": theirs.id}).scalar_one() == 0
            hit = conn.execute(text("UPDATE dossier SET notes = 'sửa trộm' WHERE id = :i"),
                               {"i": theirs.id})
            assert hit.rowcount == 0
        msg = _refused(engine, DOSSIER_INSERT, {"id": uuid7(), "code": "X-1",
                                                "agency": theirs.agency_id,
                                                "proc": theirs.procedure_id, "v": 1})
        assert "row-level security" in msg
        # the sync's own path: an upsert onto their dossier's id
        msg = _refused(engine, DOSSIER_INSERT + "ON CONFLICT (id) DO UPDATE SET notes = 'x' "
                       "WHERE excluded.version > dossier.version",
                       {"id": theirs.id, "code": "X-2", "agency": theirs.agency_id,
                        "proc": theirs.procedure_id, "v": 99})
        assert "row-level security" in msg
        _refused(engine, "INSERT INTO dossier_event (id, dossier_id, kind, at, user_name, "
                 "counter_no, origin, seq, payload, prev_hash, hash, created_at, updated_at, "
                 "version) VALUES (:id, :d, 'note', now(), 'x', 1, :o, 1, '{}', '', '', now(), "
                 "now(), 1)", {"id": uuid7(), "d": theirs.id, "o": AGENCY + "#1"})
    finally:
        engine.dispose()


def test_reader_reads_everything_and_writes_nothing(two_agencies, central_db: Central) -> None:  # type: ignore[no-untyped-def]
    _mine, _other, theirs = two_agencies
    login = roles.add_reader(central_db.admin_url, f"{roles.role_prefix(central_db.database)}_sgd")
    engine = _engine(login.url)
    try:
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM dossier")).scalar_one() == 1
            assert conn.execute(text("SELECT count(*) FROM agency")).scalar_one() == 2
        _refused(engine, "UPDATE dossier SET notes = 'x' WHERE id = :i", {"i": theirs.id})
        _refused(engine, "DELETE FROM calendar_override", {})
    finally:
        engine.dispose()


def test_counter_role_sees_only_its_agency(two_agencies) -> None:  # type: ignore[no-untyped-def]
    mine, _other, _theirs = two_agencies
    engine = _engine(mine.url)
    try:
        with engine.connect() as conn:
            # the directory of units and agencies (codes, names) is read by every counter
            # (a centre's receipt names its handling agency, docs/centre.md); their counters,
            # dossiers and audit entries are not
            codes_ = conn.execute(text("SELECT code FROM agency ORDER BY code")).scalars().all()
            assert AGENCY in codes_ and len(codes_) == 2
            assert conn.execute(text("SELECT count(*) FROM counter c JOIN agency a ON "
                                     "a.id = c.agency_id WHERE a.code <> :c"),
                                {"c": AGENCY}).scalar_one() == 0
            assert conn.execute(text("SELECT count(*) FROM dossier d JOIN agency a ON "
                                     "a.id = d.agency_id WHERE a.code <> :c"),
                                {"c": AGENCY}).scalar_one() == 0
            hit = conn.execute(text("UPDATE agency SET name = 'sửa trộm' WHERE code <> :c"),
                               {"c": AGENCY})
            assert hit.rowcount == 0                    # readable, never writable
            conn.rollback()
        with engine.connect() as conn:
            assert conn.execute(text("SELECT count(*) FROM audit_entry WHERE origin NOT LIKE "
                                     ":p"), {"p": AGENCY + "#%"}).scalar_one() == 0
            # the shared catalogue is readable
            assert conn.execute(text("SELECT count(*) FROM procedure")).scalar_one() > 10
    finally:
        engine.dispose()


def test_counter_cannot_forge_change_numbers(two_agencies) -> None:  # type: ignore[no-untyped-def]
    mine, _other, _theirs = two_agencies
    engine = _engine(mine.url)
    row = ("(:id, (SELECT id FROM agency WHERE code = '" + AGENCY + "'), 7, 'Quầy {name}', "
           "now(), now(), 1")
    try:
        msg = _refused(engine, "INSERT INTO counter (id, agency_id, number, name, created_at, "
                       "updated_at, version, change_xid) VALUES " + row.format(name="giả") +
                       ", '1')", {"id": uuid7()})
        assert "permission denied" in msg
        with engine.connect() as conn:  # without the stamp columns the same row is accepted
            conn.execute(text("INSERT INTO counter (id, agency_id, number, name, created_at, "
                              "updated_at, version) VALUES " + row.format(name="thật") + ")"),
                         {"id": uuid7()})
            stamp = conn.execute(text("SELECT change_xid::text::bigint > 1 FROM counter "
                                      "WHERE name = 'Quầy thật'")).scalar_one()
            assert stamp is True
            conn.rollback()
    finally:
        engine.dispose()


def test_a_counter_cannot_forge_the_origin_of_its_change(tmp_path: Path, central_db: Central,
                                                         clock: Clock) -> None:
    """The writer of a central row is the login (``session_user``), never a client setting:
    counter 2 claiming to be counter 1 must not hide its change from counter 1."""
    one = make_counter(tmp_path / "a", central_db, 1, clock)
    two = make_counter(tmp_path / "b", central_db, 2, clock)
    code = receive(one.ctx, ReceiveRequest(procedure=PROCEDURE, name="Lê Thị Hoa")).code
    for c in (one, two):
        assert sync.run_once(c.ctx, c.url).last_error is None
    engine = _engine(two.url)
    try:
        with engine.begin() as conn:
            conn.execute(text("SELECT set_config('onestop.origin', :o, false)"),
                         {"o": f"{AGENCY}#1"})
            hit = conn.execute(text("UPDATE dossier SET notes = 'đổi từ quầy 2', "
                                    "version = version + 1 WHERE code = :c"), {"c": code})
            assert hit.rowcount == 1
    finally:
        engine.dispose()
    stamped = central_scalar(central_db, "SELECT change_origin FROM dossier WHERE code = :c",
                             c=code)
    assert stamped == two.url.split("//")[1].split(":")[0]      # counter 2's own login
    assert sync.run_once(one.ctx, one.url).last_error is None
    with one.ctx.engine.connect() as conn:
        notes = conn.execute(text("SELECT notes FROM dossier WHERE code = :c"),
                             {"c": code}).scalar_one()
    assert notes == "đổi từ quầy 2"


def test_a_counter_reads_exactly_its_units_events(two_agencies) -> None:  # type: ignore[no-untyped-def]
    """The per-row form of the event policy (issue 19) admits the same rows as before: the
    events of the unit's dossiers, whatever the query — never another unit's chain tip."""
    from onestop.storage.models import DossierEvent
    from onestop.sync import tips

    mine, other, theirs = two_agencies
    receive(mine.ctx, ReceiveRequest(procedure=PROCEDURE, name="Phạm Thị Lan"))
    assert sync.run_once(mine.ctx, mine.url).last_error is None
    for counter, code in ((mine, AGENCY), (other, OTHER_AGENCY)):
        engine = _engine(counter.url)
        stranger = OTHER_AGENCY if code == AGENCY else AGENCY
        try:
            with engine.connect() as conn:
                seen = set(conn.execute(text("SELECT dossier_id FROM dossier_event")).scalars())
                own = set(conn.execute(text("SELECT id FROM dossier")).scalars())
                assert seen == own and len(own) == 1
                assert theirs.id in own if code == OTHER_AGENCY else theirs.id not in own
                assert tips._tip(conn, DossierEvent, f"{code}#1") is not None
                # the other unit's chain: neither its tip nor any entry of it, by any path
                assert tips._tip(conn, DossierEvent, f"{stranger}#1") is None
                assert conn.execute(text("SELECT count(*) FROM dossier_event WHERE origin = :o "
                                         "OR dossier_id = ANY(:ids)"),
                                    {"o": f"{stranger}#1", "ids": [theirs.id]}
                                    ).scalar_one() == (0 if code == AGENCY else 1)
        finally:
            engine.dispose()
