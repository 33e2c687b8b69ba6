"""The pull cursor does not fall into the commit-order trap (DESIGN.md §5)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine, select
from sqlalchemy.orm import Session

from onestop import sync
from onestop.domain.text import fold
from onestop.storage.models import Procedure
from tests.support.central import Central, make_counter
from tests.support.clock import Clock

pytestmark = pytest.mark.postgres


def _procedure(code: str) -> Procedure:
    name = f"Thủ tục thử nghiệm {code}"
    return Procedure(code=code, name=name, name_folded=fold(name), time_limit_days=5)


def _codes(ctx) -> set[str]:  # type: ignore[no-untyped-def]
    with ctx.reading() as session:
        return set(session.scalars(select(Procedure.code).where(Procedure.code.like("9.%"))))


def test_row_committed_late_with_an_older_transaction_is_not_skipped(
        tmp_path: Path, central_db: Central, clock: Clock) -> None:
    c1 = make_counter(tmp_path, central_db, 1, clock)
    assert sync.run_once(c1.ctx, c1.url).last_error is None
    engine = create_engine(central_db.admin_url)
    slow = Session(engine)
    try:
        # T1 writes first (older transaction id) but commits last
        slow.add(_procedure("9.000001"))
        slow.flush()
        with Session(engine) as fast, fast.begin():
            fast.add(_procedure("9.000002"))
        assert sync.run_once(c1.ctx, c1.url).last_error is None
        # a "highest number seen" cursor would now stand past T1's row for ever; ours holds
        # back everything at or above the oldest running transaction instead
        assert _codes(c1.ctx) == set()
        slow.commit()
        assert sync.run_once(c1.ctx, c1.url).last_error is None
        assert _codes(c1.ctx) == {"9.000001", "9.000002"}
    finally:
        slow.close()
        engine.dispose()
