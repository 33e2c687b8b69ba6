"""The one test clock: a pinned, movable ``Context.clock``, local instants, clock confirmation."""

from __future__ import annotations

from datetime import datetime, timedelta

from onestop.domain.calendar import VN_TZ
from onestop.services.clock import K_CONFIRMED
from onestop.services.context import Context
from onestop.storage.models import LocalSetting

#: When the template was initialised (Monday 02/03/2026 08:00 local).
START = datetime(2026, 3, 2, 8, 0, tzinfo=VN_TZ)
INSTALLED = datetime(2025, 1, 2, 8, 0, tzinfo=VN_TZ)   # when the test templates are set up


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware local (UTC+7) instant."""
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


class Clock:
    """A pinned, movable clock for ``Context.clock`` (shared by a test's contexts, so events
    are ordered as the test says)."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def set(self, now: datetime) -> None:
        self.now = now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def confirm_clock(ctx: Context) -> None:
    """Record an administrator's clock confirmation (services.clock) for tests that move the
    pinned clock back and forth on purpose (or pin it months before a server's real clock):
    otherwise a receipt dated before an event already recorded is refused as a PC clock
    running behind."""
    with ctx.transaction() as session:
        session.add(LocalSetting(key=K_CONFIRMED, value="9999-12-31T00:00:00+00:00"))
