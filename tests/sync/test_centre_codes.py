"""A public service centre at scale: 60 counters of one unit, and two units sharing a handling
agency, receive with no network, then sync: every code is unique and in the legal format.

Real PostgreSQL (the central) and real SQLite files (the counters); no stub.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from onestop import sync
from onestop.domain import codes
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import Agency, Procedure, uuid7
from onestop.sync import roles
from tests.support.central import Central
from tests.support.clock import confirm_clock
from tests.support.clock import Clock

pytestmark = [pytest.mark.postgres, pytest.mark.slow]

CENTRE = "000.00.00.H36"          # the provincial centre (fictional code for the test)
BRANCH = "000.00.01.H36"          # a commune centre (fictional)
EDU = "000.00.15.H36"             # Sở GD&ĐT Lâm Đồng
HEALTH = "000.00.16.H36"          # Sở Y tế (fictional code)
LEGAL = re.compile(r"^[0-9A-Z]{3}\.[0-9A-Z]{2}\.[0-9A-Z]{2}\.[A-Z][0-9]{2}-[0-9]{6}-[0-9]{4}$")
PROC = "2.001914"


def _directory(cen: Central) -> None:
    """What a central administrator sets up: the handling agencies, and the procedure decided
    by both Sở (so a receipt must name its agency)."""
    engine = cen.engine()
    with Session(engine) as s, s.begin():
        for code, name in ((EDU, "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), (HEALTH, "SỞ Y TẾ")):
            s.add(Agency(id=uuid7(), code=code, name=name, parent_name="UBND TỈNH LÂM ĐỒNG",
                         kind="agency"))
        s.execute(text("UPDATE procedure SET agency_codes = :a, version = version + 1 "
                       "WHERE code = :c"), {"a": f"{EDU}|{HEALTH}", "c": PROC})
    engine.dispose()


def _counter(tmp: Path, cen: Central, unit: str, name: str, number: int,
             clock: Clock) -> tuple[Context, str]:
    home = tmp / f"{unit}-{number}"
    home.mkdir(parents=True)
    ctx = Context.open(f"sqlite:///{home / 'db.sqlite3'}")
    ctx.clock = clock
    setup.init(ctx, counter=number, unit={"code": unit, "name": name,
                                          "parent": "UBND TỈNH LÂM ĐỒNG", "place": "Lâm Đồng"})
    confirm_clock(ctx)
    login = roles.add_counter(cen.admin_url, unit, number, agency_name=name)
    return ctx, login.url


def test_sixty_counters_and_two_units_offline_then_synced(
        tmp_path: Path, central_db: Central, clock: Clock) -> None:
    _directory(central_db)
    desks = [(*_counter(tmp_path, central_db, CENTRE, "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG TỈNH",
                        k, clock), k) for k in range(1, 61)]
    desks += [(*_counter(tmp_path, central_db, BRANCH, "TRUNG TÂM PHỤC VỤ HCC XÃ LẠC DƯƠNG",
                         k, clock), k) for k in (1, 2)]
    for ctx, url, _k in desks:   # joined: the directory and the catalogue pulled
        st = sync.run_once(ctx, url)
        assert st.last_error is None, st
    # offline from here on: every desk receives for both agencies, with no network
    clock.now = datetime(2026, 3, 3, 1, 30, tzinfo=UTC)
    made: list[str] = []
    for ctx, _url, k in desks:
        for agency in (EDU, HEALTH):
            d = receive(ctx, ReceiveRequest(PROC, "Nguyễn Văn An", agency=agency))
            assert d.agency_code == agency and LEGAL.match(d.code), d.code
            made.append(d.code)
        first, _last = codes.share(k, codes.DEFAULT_BLOCK)
        assert int(d.code[-4:]) == first + 1   # this counter's own share
    assert len(set(made)) == len(made) == 124
    for ctx, url, _k in desks:
        st = sync.run_once(ctx, url)
        assert st.last_error is None and st.pending == 0, st
    engine = central_db.engine()
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT code, unit_code, agency_code FROM dossier")).all()
    engine.dispose()
    assert sorted(r.code for r in rows) == sorted(made)
    assert all(LEGAL.match(r.code) and r.code.startswith(r.unit_code + "-") for r in rows)
    by_agency = {a: sum(1 for r in rows if r.agency_code == a) for a in (EDU, HEALTH)}
    assert by_agency == {EDU: 62, HEALTH: 62}
    for ctx, _url, _k in desks:
        ctx.engine.dispose()
