"""The merged order of two counters' events never silently undoes a return (pure domain)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from onestop.domain import workflow as wf
from onestop.domain.calendar import WorkCalendar
from onestop.services.install.seeding import shipped_overrides

CAL = WorkCalendar(shipped_overrides())
T0 = datetime(2026, 3, 2, 2, 0, tzinfo=UTC)
TERMS = wf.Terms(T0, 5)


def ev(kind: str, minutes: int, counter: int, seq: int, **payload: object) -> wf.EventRecord:
    return wf.EventRecord(kind, T0 + timedelta(minutes=minutes), payload, counter, seq,
                          f"{kind}-{counter}-{seq}")


HISTORY = [ev("received", 0, 1, 1), ev("transfer", 30, 1, 2), ev("result-ready", 120, 1, 3),
           ev("return", 180, 1, 4, collector="Lê Văn An")]


@pytest.mark.parametrize("late, dropped", [
    ([ev("supplement-request", 90, 2, 1, missing=["Ảnh"])], ["supplement-request-2-1"]),
    ([ev("refuse", 150, 2, 1, reason="x")], ["refuse-2-1"]),
    ([ev("void", 150, 2, 1, reason="x")], ["void-2-1"]),
    ([ev("supplement-request", 90, 2, 1, missing=["Ảnh"]), ev("supplement-received", 95, 2, 2),
      ev("supplement-request", 100, 2, 3, missing=["Ảnh"])],
     ["supplement-request-2-1", "supplement-request-2-3", "supplement-received-2-2"]),
])
def test_a_return_survives_events_merged_from_another_counter(
        late: list[wf.EventRecord], dropped: list[str]) -> None:
    p = wf.project(TERMS, HISTORY + late, CAL)
    assert p.status == wf.RETURNED and p.returned_at == T0 + timedelta(minutes=180)
    assert list(p.conflicts) == dropped
    # the same events in any arrival order give the same answer on every counter
    assert wf.project(TERMS, list(reversed(HISTORY + late)), CAL) == p


def test_events_that_fit_are_applied_not_listed() -> None:
    late = [ev("supplement-request", 60, 2, 1, missing=["Ảnh"]),
            ev("supplement-received", 70, 2, 2)]
    p = wf.project(TERMS, HISTORY + late, CAL)
    assert p.status == wf.RETURNED and p.conflicts == ()
    assert p.sla_due_at != wf.project(TERMS, HISTORY, CAL).sla_due_at  # the clock restarted


def test_void_after_the_return_still_applies() -> None:
    p = wf.project(TERMS, HISTORY + [ev("void", 240, 2, 1, reason="Nhập trùng")], CAL)
    assert p.status == wf.VOID and p.conflicts == ()


def test_an_earlier_result_from_the_other_counter_wins_the_finish_time() -> None:
    p = wf.project(TERMS, HISTORY + [ev("result-ready", 60, 2, 1)], CAL)
    assert p.status == wf.RETURNED
    assert p.finished_at == T0 + timedelta(minutes=60)
    assert p.conflicts == ("result-ready-1-3",)
