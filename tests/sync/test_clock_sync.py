"""A successful sync records the central server's clock; a receipt on a PC clock well behind
it is refused (``clock``) until an administrator confirms."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from onestop import sync
from onestop.domain.validation import ValidationError
from onestop.services.clock import K_CONFIRMED, K_SERVER_TIME
from onestop.services.reception import ReceiveRequest, receive
from onestop.sync import status
from tests.support.clock import Clock
from tests.support.central import Central, make_counter

pytestmark = pytest.mark.postgres


def test_the_servers_clock_is_kept_and_compared(tmp_path: Path, central_db: Central) -> None:
    clock = Clock(datetime.now(UTC))
    c1 = make_counter(tmp_path, central_db, 1, clock)
    with c1.ctx.transaction() as session:        # no confirmation: this test is about it
        status.put(session, K_CONFIRMED, None)
    assert sync.run_once(c1.ctx, c1.url).last_error is None
    with c1.ctx.reading() as session:
        seen = datetime.fromisoformat(status.get(session, K_SERVER_TIME) or "")
    assert abs(seen - datetime.now(UTC)) < timedelta(minutes=5)
    clock.set(datetime.now(UTC) - timedelta(days=365))   # the clock lost a year
    with pytest.raises(ValidationError) as info:
        receive(c1.ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    assert info.value.first.field == "clock"
    assert "máy chủ trung tâm" in info.value.first.message
    c1.ctx.engine.dispose()
