"""Two counters on SQLite and the central PostgreSQL: offline work, sync, identical rows."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from onestop import sync
from onestop.domain import codes
from onestop.services import catalogue
from onestop.services.install import setup
from onestop.services.processing import EventRequest, record
from onestop.services.queries import show
from onestop.services.reception import ReceiveRequest, correct, receive
from tests.support.central import (
    AGENCY,
    Central,
    Counter,
    PROCEDURE,
    assert_same,
    dump,
    make_counter,
    no_duplicates,
    pending,
)
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres


def _receive(c: Counter, name: str) -> str:
    return receive(c.ctx, ReceiveRequest(procedure=PROCEDURE, name=name)).code


def _sync(*counters: Counter) -> None:
    for c in counters:
        st = sync.run_once(c.ctx, c.url)
        assert st.last_error is None, st.last_error
        assert st.online and st.pending == 0


def _settle(c1: Counter, c2: Counter) -> None:
    """Two rounds: every change reaches the central server, then both counters."""
    _sync(c1, c2, c1, c2)


def _all_equal(cen: Central, *counters: Counter) -> None:
    engine = create_engine(cen.admin_url)
    try:
        want = dump(engine)
        no_duplicates(engine)
    finally:
        engine.dispose()
    for c in counters:
        assert_same(dump(c.ctx.engine), want, f"counter {c.number} vs central:")
        no_duplicates(c.ctx.engine)


@pytest.fixture
def pair(tmp_path: Path, central_db: Central, clock: Clock) -> tuple[Counter, Counter]:
    return (make_counter(tmp_path, central_db, 1, clock),
            make_counter(tmp_path, central_db, 2, clock))


def test_offline_receipts_sync_to_identical_rows(pair: tuple[Counter, Counter],
                                                 central_db: Central, clock: Clock) -> None:
    c1, c2 = pair
    made = []
    for i in range(6):
        clock.advance(minutes=3)
        made.append(_receive(c1, f"Nguyễn Văn An {chr(65 + i)}"))
        made.append(_receive(c2, f"Trần Thị Bình {chr(65 + i)}"))
    record(c1.ctx, made[0], EventRequest(kind="transfer", to="Phòng Giáo dục trung học"))
    assert pending(c1.ctx) > 0 and pending(c2.ctx) > 0

    _settle(c1, c2)

    _all_equal(central_db, c1, c2)
    # both counters hold all twelve dossiers, under the central ids of the shared rows
    assert {d["code"] for d in _codes(c1)} == set(made) == {d["code"] for d in _codes(c2)}


def _codes(c: Counter) -> list[dict[str, str]]:
    with c.ctx.engine.connect() as conn:
        return [dict(r._mapping) for r in conn.exec_driver_sql("SELECT code FROM dossier")]


def test_codes_from_two_offline_counters_never_collide(pair: tuple[Counter, Counter],
                                                       clock: Clock) -> None:
    c1, c2 = pair
    day_one = [_receive(c, "Lê Văn Cường") for c in (c1, c2) for _ in range(5)]
    assert len(set(day_one)) == 10
    for code in day_one:
        parsed = codes.parse_code(code)
        assert parsed is not None and parsed.agency_code == AGENCY
    by_counter = {codes.parse_code(c).counter(codes.DEFAULT_BLOCK)  # type: ignore[union-attr]
                  for c in day_one}
    assert by_counter == {1, 2}
    _settle(c1, c2)  # a collision would fail the central unique index here
    assert len({d["code"] for d in _codes(c1)}) == 10


def test_same_dossier_on_both_counters_converges(pair: tuple[Counter, Counter],
                                                 central_db: Central, clock: Clock) -> None:
    c1, c2 = pair
    code = _receive(c1, "Phạm Thị Dung")
    _settle(c1, c2)
    # offline: counter 1 transfers it, counter 2 (later) asks for a supplement
    clock.advance(minutes=10)
    record(c1.ctx, code, EventRequest(kind="transfer", to="Phòng Khảo thí"))
    clock.advance(minutes=10)
    record(c2.ctx, code, EventRequest(kind="supplement-request", missing=["Bản sao học bạ"]))
    # and each corrects a different field of the applicant
    correct(c1.ctx, code, "phone", "0912345678", "Người nộp đổi số")
    clock.advance(minutes=1)
    correct(c2.ctx, code, "address", "12 Trần Phú, Đà Lạt", "Bổ sung địa chỉ")

    _settle(c1, c2)

    _all_equal(central_db, c1, c2)
    for c in (c1, c2):
        d = show(c.ctx, code)
        assert d.status == "awaiting-supplement"
        assert [e.kind for e in d.events if e.kind != "correct"] == [
            "received", "transfer", "supplement-request"]
        assert (d.phone, d.address) == ("0912345678", "12 Trần Phú, Đà Lạt")


def test_late_event_never_rewrites_a_returned_dossier(pair: tuple[Counter, Counter],
                                                      central_db: Central,
                                                      clock: Clock) -> None:
    c1, c2 = pair
    code = _receive(c1, "Hoàng Văn Em")
    clock.advance(minutes=5)
    record(c1.ctx, code, EventRequest(kind="transfer", to="Phòng Khảo thí"))
    _settle(c1, c2)
    # counter 2, offline, asks for a supplement; counter 1 meanwhile finishes and returns it
    clock.advance(minutes=10)
    record(c2.ctx, code, EventRequest(kind="supplement-request", missing=["Ảnh 3x4"]))
    clock.advance(minutes=10)
    record(c1.ctx, code, EventRequest(kind="result-ready"))
    clock.advance(minutes=10)
    record(c1.ctx, code, EventRequest(kind="return", collector="Hoàng Văn Em"))

    _settle(c1, c2)

    _all_equal(central_db, c1, c2)
    for c in (c1, c2):
        assert show(c.ctx, code).status == "returned"
        listed = sync.conflicts(c.ctx)
        assert [(x.code, x.kind, x.counter) for x in listed] == [
            (code, "supplement-request", 2)]
        assert "không được áp dụng" in listed[0].message


def _send_shared(cen: Central, *counters: Counter) -> None:
    """What the counters' admins changed in the shared tables, sent with a central
    administrator's login (a counter login may not write them)."""
    admin = cen.add_admin()
    for c in counters:
        st = sync.push_shared(c.ctx, admin.url, url=c.url)
        assert st.last_error is None and st.held == 0, st


def test_catalogue_is_owned_centrally_higher_version_wins(pair: tuple[Counter, Counter],
                                                         central_db: Central,
                                                         clock: Clock) -> None:
    c1, c2 = pair
    _settle(c1, c2)
    # both admins edit the same procedure offline; counter 1 twice (higher version)
    for c, limits in ((c1, (7, 8)), (c2, (9,))):
        for days in limits:
            catalogue.update_procedure(c.ctx, PROCEDURE, time_limit_days=days)
    # a counter login cannot send them: they wait, and the dossiers are not held up
    code = _receive(c1, "Lê Văn Tám")
    for c in (c1, c2):
        st = sync.run_once(c.ctx, c.url)
        assert st.last_error is None and st.held == st.pending >= 1, st
    assert show(c2.ctx, code).code == code
    _send_shared(central_db, c1, c2)
    _settle(c1, c2)
    _all_equal(central_db, c1, c2)
    assert [p.time_limit_days for p in catalogue.list_procedures(c2.ctx)
            if p.code == PROCEDURE] == [8]


def test_calendar_override_removal_reaches_the_other_counter(
        pair: tuple[Counter, Counter], central_db: Central) -> None:
    c1, c2 = pair
    setup.set_override(c1.ctx, "2026-09-04", "off", "Nghỉ bù Quốc khánh")
    _send_shared(central_db, c1)
    _settle(c1, c2)
    assert any(o.name == "Nghỉ bù Quốc khánh" for o in setup.list_overrides(c2.ctx, 2026))
    setup.remove_override(c2.ctx, "2026-09-04")
    _send_shared(central_db, c2)
    _settle(c1, c2)
    assert not any(o.name == "Nghỉ bù Quốc khánh" for o in setup.list_overrides(c1.ctx, 2026))
    _all_equal(central_db, c1, c2)


def test_offline_server_is_reported_and_nothing_is_lost(tmp_path: Path,
                                                        central_db: Central,
                                                        clock: Clock) -> None:
    c1 = make_counter(tmp_path, central_db, 1, clock)
    code = _receive(c1, "Võ Thị Hoa")
    before = pending(c1.ctx)
    st = sync.run_once(c1.ctx, "postgresql://nobody:x@127.0.0.1:9/none")
    assert (st.online, st.error_code, st.exit_code) == (False, "sync_offline", 5)
    assert st.last_error and "máy chủ trung tâm" in st.last_error
    assert st.pending == before == pending(c1.ctx)
    ok = sync.run_once(c1.ctx, c1.url)
    assert ok.online and ok.pending == 0 and ok.last_error is None
    assert ok.last_success is not None
    assert show(c1.ctx, code).code == code


def test_a_first_pull_indexes_names_in_bulk(pair: tuple[Counter, Counter], clock: Clock) -> None:
    """Pages of 200+ dossiers update the name index in bulk (storage.search.bulk): a first
    pull and a full re-pull leave it exact, with its triggers back in place."""
    from tests import rawdb as sqlite3

    from onestop.services.queries import DossierFilter, count_ids
    from onestop.sync.link import reset_cursors

    c1, c2 = pair
    for i in range(260):
        clock.advance(minutes=15)   # < 100 a day: a counter's share of the day's codes
        tail = chr(65 + i % 26) + chr(97 + i // 26)     # "Aa", "Ba", … distinct and letters
        _receive(c1, f"Quách Thị Hạnh {tail}" if i % 2 else f"Lâm Văn Khối {tail}")
    _sync(c1, c2)
    correct(c1.ctx, show(c1.ctx, _receive(c1, "Lâm Văn Sửa")).code, "name", "Tào Thị Đổi",
            "Nhập sai tên")
    _sync(c1)
    reset_cursors(c2.ctx)          # a full pull again: every page updates existing rows
    _sync(c2)
    assert count_ids(c2.ctx, DossierFilter(text="quach thi hanh")) == 130
    assert count_ids(c2.ctx, DossierFilter(text="lam van khoi")) == 130
    assert count_ids(c2.ctx, DossierFilter(text="khoi ca")) == 1
    assert count_ids(c2.ctx, DossierFilter(text="tao thi doi")) == 1
    assert count_ids(c2.ctx, DossierFilter(text="lam van sua")) == 0
    path = c2.db_url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    try:
        conn.execute("INSERT INTO dossier_name (dossier_name, rank) VALUES ('integrity-check', 1)")
        assert conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger'"
                            ).fetchone()[0] == 3
    finally:
        conn.close()


def test_first_sync_while_an_older_transaction_holds_the_pull_horizon(
        tmp_path: Path, central_db: Central, clock: Clock) -> None:
    """Found by the crash matrix under parallel load: the pull reads below the oldest running
    transaction of the whole server, so a new counter's first cycle may not see its agency
    row yet; its counter row must still go out under the central agency id (from the server's
    own ``whoami``), not be refused by row-level security."""
    engine = create_engine(central_db.admin_url)
    try:
        with engine.connect() as older:
            older.exec_driver_sql("SELECT pg_current_xact_id()")   # open, with an id, first
            c = make_counter(tmp_path, central_db, 1, clock)     # agency row committed after
            code = _receive(c, "Phan Văn Chờ")
            st = sync.run_once(c.ctx, c.url)
            assert st.last_error is None and st.pending == 0, st.last_error
            older.rollback()
    finally:
        engine.dispose()
    _sync(c)
    _all_equal(central_db, c)
    assert show(c.ctx, code).code == code
