"""Stopping a dossier (dừng giải quyết, NĐ 118/2025/NĐ-CP; Mẫu 05 of TT 03/2025/TT-VPCP):
status ``stopped``, no timeliness, its own class in the reports; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from onestop.domain.validation import ValidationError
from onestop.services import reports
from onestop.services.context import Context
from onestop.services.reports.types import Period
from tests.support.clock import Clock, confirm_clock
from tests.support.db import row_counts
from tests.services.test_processing import at, fields, new_dossier

MARCH = Period(date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture(autouse=True)
def _clock_confirmed(ctx: Context) -> None:
    """These tests date events back and forth on purpose (see support.confirm_clock)."""
    confirm_clock(ctx)


@pytest.mark.parametrize(("start", "ground"), [
    ("processing", "applicant-request"), ("awaiting-supplement", "no-supplement"),
    ("received", None)])
def test_stop_ends_the_dossier_without_timeliness(ctx: Context, clock: Clock, start: str,
                                                  ground: str | None) -> None:
    d = new_dossier(ctx, clock)
    if start == "processing":
        at(ctx, clock, (2026, 3, 2, 10, 0), d.code, "transfer", to="Phòng Khảo thí")
    elif start == "awaiting-supplement":
        at(ctx, clock, (2026, 3, 2, 10, 0), d.code, "supplement-request", missing=["Bản sao"])
    s = at(ctx, clock, (2026, 3, 4, 9, 0), d.code, "stop", reason="Công dân đề nghị dừng",
           ground=ground)
    assert (s.status, s.timeliness, s.paused_since) == ("stopped", None, None)
    assert s.events[-1].kind == "stop"
    assert s.events[-1].payload == {"reason": "Công dân đề nghị dừng",
                                    "ground": ground or "other"}
    before = row_counts(ctx.engine)
    for kind, kw in (("return", {"collector": "Nguyễn Văn An"}), ("result-ready", {}),
                     ("stop", {"reason": "Lần hai"}), ("transfer", {"to": "Phòng A"})):
        with pytest.raises(ValidationError) as info:
            at(ctx, clock, (2026, 3, 5, 9, 0), d.code, kind, **kw)
        assert fields(info.value) == [("kind", "transition_not_allowed")]
        assert "“Dừng giải quyết”" in info.value.errors[0].message
    assert row_counts(ctx.engine) == before


def test_stop_needs_a_reason_a_known_ground_and_an_active_dossier(ctx: Context,
                                                                  clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    before = row_counts(ctx.engine)
    for kw, expected in (({}, [("reason", "required")]),
                         ({"reason": "  "}, [("reason", "required")]),
                         ({"reason": "Có lý do", "ground": "bored"},
                          [("ground", "invalid_choice")])):
        with pytest.raises(ValidationError) as info:
            at(ctx, clock, (2026, 3, 3, 9, 0), d.code, "stop", **kw)
        assert fields(info.value) == expected
    with pytest.raises(ValidationError) as info:   # a ground belongs to a stop only
        at(ctx, clock, (2026, 3, 3, 9, 0), d.code, "note", reason="x", ground="other")
    assert fields(info.value) == [("ground", "invalid_value")]
    for kind in ("refuse", "withdraw"):
        e = new_dossier(ctx, clock, "Trần Thị Bình")
        at(ctx, clock, (2026, 3, 3, 9, 0), e.code, kind, reason="Lý do")
        with pytest.raises(ValidationError) as info:
            at(ctx, clock, (2026, 3, 3, 10, 0), e.code, "stop", reason="Dừng")
        assert fields(info.value) == [("kind", "transition_not_allowed")]
    r = new_dossier(ctx, clock, "Lê Văn Cường")
    at(ctx, clock, (2026, 3, 3, 9, 0), r.code, "result-ready")
    at(ctx, clock, (2026, 3, 3, 10, 0), r.code, "return", collector="Lê Văn Cường")
    with pytest.raises(ValidationError):
        at(ctx, clock, (2026, 3, 3, 11, 0), r.code, "stop", reason="Dừng")


def test_stopped_is_its_own_class_in_the_period_report(ctx: Context, clock: Clock) -> None:
    stopped = new_dossier(ctx, clock)
    at(ctx, clock, (2026, 3, 3, 9, 0), stopped.code, "stop", reason="Dừng",
       ground="applicant-request")
    withdrawn = new_dossier(ctx, clock, "Trần Thị Bình")
    at(ctx, clock, (2026, 3, 3, 9, 0), withdrawn.code, "withdraw", reason="Rút")
    new_dossier(ctx, clock, "Lê Văn Cường")
    clock.set(clock.now.replace(day=4))
    sup = ctx.as_user("giamsat")
    total = reports.period_report(sup, MARCH).total
    assert (total["received"], total["stopped"], total["withdrawn"], total["refused"]) == (
        3, 1, 1, 0)
    assert total.in_progress.value == 1 and total.finished.value == 0
    assert total.refused_withdrawn.value == 1          # a stop is not a withdrawal
    assert (total["received"] + total["carried_over"] == total.finished.value
            + total.in_progress.value + total["paused"] + total["refused"]
            + total["withdrawn"] + total["stopped"])
    from onestop.services import queries

    listed = queries.list_ids(sup, total.metrics["stopped"].filter)
    assert len(listed) == 1
