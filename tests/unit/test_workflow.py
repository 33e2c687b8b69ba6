"""Tests for onestop.domain.workflow: transitions, pauses, reschedules, timeliness, ordering.

The projection is a pure function, so these tests are plain and fast. Unless a test says
otherwise a dossier is received on Monday 02/03/2026 at 10:00 with a 5-working-day limit,
due Monday 09/03/2026 at 10:00 (no holiday in that fortnight).
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.domain import workflow as wf
from onestop.domain.calendar import VN_TZ, WorkCalendar
from onestop.domain.workflow import EventRecord, Projection, Terms, TransitionError
from onestop.services.install.seeding import shipped_overrides

CAL = WorkCalendar(shipped_overrides())
RECEIVED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=VN_TZ)
DUE = datetime(2026, 3, 9, 10, 0, tzinfo=VN_TZ)
TERMS = Terms(RECEIVED_AT, 5)


def vn(year: int, month: int, day: int, hour: int = 0, minute: int = 0) -> datetime:
    """An aware local (UTC+7) instant."""
    return datetime(year, month, day, hour, minute, tzinfo=VN_TZ)


#: A payload that satisfies REQUIRED_PAYLOAD for each kind.
PAYLOADS: dict[str, dict[str, Any]] = {
    "transfer": {"to": "Phòng Quản lý chất lượng"},
    "supplement-request": {"missing": ["Giấy khai sinh (bản sao)"]},
    "supplement-received": {},
    "result-ready": {},
    "reschedule": {"reason": "Cần xác minh", "new_due": vn(2026, 3, 20, 10, 0).isoformat()},
    "return": {"collector": "Nguyễn Văn An"},
    "refuse": {"reason": "Không thuộc thẩm quyền"},
    "withdraw": {"reason": "Công dân rút hồ sơ"},
    "stop": {"reason": "Công dân đề nghị dừng", "ground": "applicant-request"},
    "void": {"reason": "Nhập nhầm"},
    "note": {"reason": "Đã gọi điện"},
    "correct": {"field": "phone", "reason": "Gõ nhầm"},
    "calendar-reschedule": {"override": "x:set:off", "date": "2026-03-05",
                            "old_due": vn(2026, 3, 9, 9, 0).isoformat(),
                            "new_due": vn(2026, 3, 10, 9, 0).isoformat()},
}

_counter = iter(range(1, 10**9))


def ev(kind: str, at: datetime, counter: int = 1, seq: int | None = None,
       payload: dict[str, Any] | None = None, id: str | None = None) -> EventRecord:
    """An event with a default payload and a unique seq/id."""
    n = next(_counter) if seq is None else seq
    return EventRecord(kind, at, PAYLOADS.get(kind, {}) if payload is None else payload,
                       counter, n, id or f"{kind}-{n}")


def received(at: datetime = RECEIVED_AT, **payload: Any) -> EventRecord:
    return ev("received", at, payload={"procedure": "2.001914", **payload})


def project(*events: EventRecord, terms: Terms = TERMS) -> Projection:
    return wf.project(terms, [received(terms.received_at), *events], CAL)


# --------------------------------------------------------------------------- transitions

#: Events that bring a fresh dossier into each status (times after the receipt).
PATHS: dict[str, tuple[str, ...]] = {
    wf.RECEIVED: (),
    wf.PROCESSING: ("transfer",),
    wf.AWAITING: ("supplement-request",),
    wf.RESULT_READY: ("result-ready",),
    wf.RETURNED: ("result-ready", "return"),
    wf.REFUSED: ("refuse",),
    wf.WITHDRAWN: ("withdraw",),
    wf.VOID: ("void",),
    wf.STOPPED: ("stop",),
}


def reach(status: str) -> tuple[Projection, list[EventRecord]]:
    events = [ev(k, RECEIVED_AT + timedelta(hours=1 + i)) for i, k in enumerate(PATHS[status])]
    p = project(*events)
    assert p.status == status and not p.conflicts
    return p, events


def expected_status(kind: str, before: str) -> str:
    """The status an allowed event leads to."""
    return {
        "transfer": wf.PROCESSING, "supplement-request": wf.AWAITING,
        "supplement-received": wf.RECEIVED, "result-ready": wf.RESULT_READY,
        "return": wf.RETURNED, "refuse": wf.REFUSED, "withdraw": wf.WITHDRAWN,
        "void": wf.VOID, "stop": wf.STOPPED,
    }.get(kind, before)


def test_every_status_and_kind_is_covered() -> None:
    assert set(PATHS) == set(wf.STATUSES)
    assert set(wf.ALLOWED_FROM) == set(wf.ACTION_KINDS) | {"correct", "calendar-reschedule"}
    assert set(PAYLOADS) == set(wf.ALLOWED_FROM)


@pytest.mark.parametrize("status", wf.STATUSES)
@pytest.mark.parametrize("kind", sorted(wf.ALLOWED_FROM))
def test_transition_matrix(kind: str, status: str) -> None:
    p, events = reach(status)
    e = ev(kind, RECEIVED_AT + timedelta(days=1))
    if status in wf.ALLOWED_FROM[kind]:
        assert wf.allowed(kind, status)
        after = wf.apply(p, e, TERMS, CAL)
        assert after.status == expected_status(kind, status)
        assert not project(*events, e).conflicts
    else:
        assert not wf.allowed(kind, status)
        with pytest.raises(TransitionError) as info:
            wf.apply(p, e, TERMS, CAL)
        assert (info.value.kind, info.value.status) == (kind, status)
        # through the fold the refused event is kept as a conflict and changes nothing
        folded = project(*events, e)
        assert folded.conflicts == (e.id,)
        assert folded == Projection(**{**p.__dict__, "conflicts": (e.id,)})


def test_allowed_actions_follow_the_matrix() -> None:
    assert wf.allowed_actions(wf.RECEIVED) == [
        "transfer", "supplement-request", "result-ready", "reschedule", "refuse", "withdraw",
        "stop", "void", "note"]
    assert wf.allowed_actions(wf.STOPPED) == ["void", "note"]
    assert wf.allowed_actions(wf.RESULT_READY) == ["return", "void", "note"]
    assert wf.allowed_actions(wf.VOID) == ["note"]
    assert wf.allowed("unknown-kind", wf.RECEIVED) is False


def test_supplement_received_returns_to_the_status_before_the_pause() -> None:
    p = project(ev("transfer", vn(2026, 3, 3, 9, 0)),
                ev("supplement-request", vn(2026, 3, 4, 9, 0)),
                ev("supplement-received", vn(2026, 3, 5, 9, 0)))
    assert p.status == wf.PROCESSING and p.paused_since is None


def test_missing_payload_names_the_required_fields() -> None:
    assert wf.missing_payload("reschedule", {"reason": "x"}) == ["new_due"]
    assert wf.missing_payload("return", {"collector": ""}) == ["collector"]
    assert wf.missing_payload("transfer", {"to": "Phòng A"}) == []
    assert wf.missing_payload("result-ready", {}) == []


# --------------------------------------------------------------------------- receipt

def test_initial_projection_has_the_calendar_due_moment() -> None:
    p = project()
    assert (p.status, p.due_at, p.sla_due_at) == (wf.RECEIVED, DUE, DUE)
    assert p.reschedules == 0 and p.conflicts == ()


def test_no_time_limit_has_no_due_moment() -> None:
    p = project(terms=Terms(RECEIVED_AT, None))
    assert (p.status, p.due_at, p.sla_due_at) == (wf.RECEIVED, None, None)
    assert p.timeliness(vn(2027, 1, 1, 0, 0), CAL) == "no-limit"
    done = project(ev("result-ready", vn(2027, 1, 1, 9, 0)), terms=Terms(RECEIVED_AT, None))
    assert done.timeliness(vn(2027, 1, 2, 0, 0), CAL) == "no-limit"


def test_intake_refusal_is_refused_without_a_clock() -> None:
    refusal = received(intake_refusal=True, reason="Hồ sơ không thuộc thẩm quyền")
    p = wf.project(TERMS, [refusal], CAL)
    assert (p.status, p.due_at, p.sla_due_at) == (wf.REFUSED, None, None)
    assert p.timeliness(vn(2026, 6, 1, 9, 0), CAL) is None
    late = ev("result-ready", vn(2026, 3, 3, 9, 0))
    assert wf.project(TERMS, [refusal, late], CAL).conflicts == (late.id,)


# --------------------------------------------------------------------------- pause / restart

def test_supplement_request_pauses_the_clock() -> None:
    p = project(ev("supplement-request", vn(2026, 3, 4, 11, 0)))
    assert p.status == wf.AWAITING
    assert p.paused_since == vn(2026, 3, 4, 11, 0)
    # paused long past the original due moment: still "paused", never "overdue"
    assert p.timeliness(vn(2026, 5, 1, 9, 0), CAL) == "paused"


def test_restart_policy_counts_the_limit_again_from_the_supplement_day() -> None:
    p = project(ev("supplement-request", vn(2026, 3, 4, 11, 0)),
                ev("supplement-received", vn(2026, 3, 10, 9, 0)))
    # Tue 10/03 09:00 + 5 working days = Tue 17/03 09:00
    assert p.status == wf.RECEIVED and p.paused_since is None
    assert p.due_at == p.sla_due_at == vn(2026, 3, 17, 9, 0)


def test_resume_policy_carries_the_remaining_working_days() -> None:
    terms = Terms(RECEIVED_AT, 5, resume_policy="resume")
    p = project(ev("supplement-request", vn(2026, 3, 4, 11, 0)),
                ev("supplement-received", vn(2026, 3, 10, 9, 0)), terms=terms)
    # left at the pause (Wed 04/03): Thu 05, Fri 06, Mon 09 = 3 days; from Tue 10/03 -> Fri 13/03
    assert p.due_at == p.sla_due_at == vn(2026, 3, 13, 10, 0)


def test_restart_across_tet_2026() -> None:
    p = project(ev("supplement-request", vn(2026, 3, 3, 9, 0)),
                ev("supplement-received", vn(2026, 2, 13, 10, 0)),
                terms=Terms(vn(2026, 2, 2, 10, 0), 5))
    # the supplement arrives before the request here: the fold keeps the request only
    assert p.status == wf.AWAITING and len(p.conflicts) == 1
    p = project(ev("supplement-request", vn(2026, 2, 4, 9, 0)),
                ev("supplement-received", vn(2026, 2, 13, 10, 0)),
                terms=Terms(vn(2026, 2, 2, 10, 0), 5))
    # Fri 13/02 10:00, Tết 14–22/02 skipped: 23, 24, 25, 26, 27/02
    assert p.sla_due_at == vn(2026, 2, 27, 10, 0)


def test_supplement_without_a_time_limit_keeps_no_limit() -> None:
    terms = Terms(RECEIVED_AT, None)
    p = project(ev("supplement-request", vn(2026, 3, 4, 11, 0)),
                ev("supplement-received", vn(2026, 3, 10, 9, 0)), terms=terms)
    assert (p.status, p.sla_due_at) == (wf.RECEIVED, None)


# --------------------------------------------------------------------------- reschedule

def test_reschedule_moves_the_appointment_not_the_sla() -> None:
    p = project(ev("reschedule", vn(2026, 3, 6, 9, 0)))
    assert p.due_at == vn(2026, 3, 20, 10, 0)
    assert p.sla_due_at == DUE
    assert p.reschedules == 1
    # open and past the original due moment: overdue although the new appointment is later
    assert p.timeliness(vn(2026, 3, 10, 9, 0), CAL) == "overdue"


def test_a_finished_rescheduled_dossier_is_late_even_before_its_due_date() -> None:
    p = project(ev("reschedule", vn(2026, 3, 3, 9, 0)), ev("result-ready", vn(2026, 3, 4, 9, 0)))
    assert p.finished_at == vn(2026, 3, 4, 9, 0) < p.sla_due_at  # type: ignore[operator]
    assert p.timeliness(vn(2026, 3, 4, 9, 0), CAL) == "late"


def test_reschedule_accepts_a_datetime_payload() -> None:
    new_due = vn(2026, 3, 25, 10, 0)
    p = project(ev("reschedule", vn(2026, 3, 6, 9, 0), payload={"reason": "x", "new_due": new_due}))
    assert p.due_at == new_due


# --------------------------------------------------------------------------- timeliness

@pytest.mark.parametrize(("finished", "expected"), [
    (vn(2026, 3, 6, 16, 0), "early"),
    (vn(2026, 3, 9, 9, 0), "on-time"),
    (vn(2026, 3, 9, 16, 30), "on-time"),   # after the due clock time, same local date
    (vn(2026, 3, 9, 23, 30), "on-time"),   # 16:30 UTC: still 09/03 locally
    (vn(2026, 3, 10, 0, 30), "late"),      # 17:30 UTC on 09/03, but 10/03 locally
    (vn(2026, 3, 10, 8, 0), "late"),
])
def test_finished_timeliness_compares_local_dates(finished: datetime, expected: str) -> None:
    p = project(ev("result-ready", finished))
    assert p.timeliness(finished + timedelta(days=30), CAL) == expected
    # the same instant in UTC must give the same answer
    utc = project(ev("result-ready", finished.astimezone(timezone.utc)))
    assert utc.timeliness(finished, CAL) == expected


def test_returned_dossiers_are_judged_by_the_result_date() -> None:
    p = project(ev("result-ready", vn(2026, 3, 6, 9, 0)), ev("return", vn(2026, 3, 30, 9, 0)))
    assert (p.status, p.returned_at) == (wf.RETURNED, vn(2026, 3, 30, 9, 0))
    assert p.timeliness(vn(2026, 4, 1, 0, 0), CAL) == "early"


@pytest.mark.parametrize(("now", "expected"), [
    (vn(2026, 3, 4, 10, 0), "on-track"),
    (vn(2026, 3, 5, 23, 0), "on-track"),   # Thursday: the next working day is Friday
    (vn(2026, 3, 6, 8, 0), "due-soon"),    # Friday: due on the next working day (Monday)
    (vn(2026, 3, 9, 10, 0), "due-soon"),   # exactly at the due moment: not yet overdue
    (vn(2026, 3, 9, 10, 1), "overdue"),
])
def test_open_timeliness_with_a_pinned_now(now: datetime, expected: str) -> None:
    assert project().timeliness(now, CAL) == expected
    assert project(ev("transfer", vn(2026, 3, 3, 8, 0))).timeliness(now, CAL) == expected


def test_due_soon_lead_time_is_a_setting() -> None:
    assert project().timeliness(vn(2026, 3, 5, 10, 0), CAL, soon_days=1) == "on-track"
    assert project().timeliness(vn(2026, 3, 5, 10, 0), CAL, soon_days=2) == "due-soon"


@pytest.mark.parametrize("kind", ["refuse", "withdraw", "void"])
def test_closed_dossiers_have_no_timeliness(kind: str) -> None:
    p = project(ev(kind, vn(2026, 3, 3, 9, 0)))
    assert wf.classify(p, vn(2026, 4, 1, 9, 0), CAL) is None


def test_every_timeliness_token_is_produced() -> None:
    seen = {
        project(ev("result-ready", vn(2026, 3, 6, 9, 0))).timeliness(DUE, CAL),
        project(ev("result-ready", vn(2026, 3, 9, 9, 0))).timeliness(DUE, CAL),
        project(ev("result-ready", vn(2026, 3, 10, 9, 0))).timeliness(DUE, CAL),
        project().timeliness(vn(2026, 3, 3, 9, 0), CAL),
        project().timeliness(vn(2026, 3, 6, 13, 0), CAL),
        project().timeliness(vn(2026, 3, 10, 9, 0), CAL),
        project(ev("supplement-request", vn(2026, 3, 3, 9, 0))).timeliness(DUE, CAL),
        project(terms=Terms(RECEIVED_AT, None)).timeliness(DUE, CAL),
    }
    assert seen == set(wf.TIMELINESS)


def test_compare_dates() -> None:
    d = date(2026, 3, 9)
    assert [wf.compare_dates(d - timedelta(days=1), d), wf.compare_dates(d, d),
            wf.compare_dates(d + timedelta(days=1), d)] == ["early", "on-time", "late"]


# --------------------------------------------------------------------------- ordering

def test_sort_key_puts_the_receipt_first_then_time_counter_seq() -> None:
    at = vn(2026, 3, 3, 9, 0)
    rec = ev("received", vn(2026, 3, 3, 9, 30), counter=9, seq=9)  # a skewed receipt clock
    a = ev("note", at, counter=2, seq=1)
    b = ev("note", at, counter=1, seq=5)
    c = ev("note", at, counter=1, seq=4)
    d = ev("note", at - timedelta(seconds=1), counter=9, seq=99)
    assert sorted([a, b, c, d, rec], key=EventRecord.sort_key) == [rec, d, c, b, a]


def test_simultaneous_events_of_two_counters_resolve_the_same_way_everywhere() -> None:
    at = vn(2026, 3, 3, 9, 0)
    transfer = ev("transfer", at, counter=2, seq=1)
    pause = ev("supplement-request", at, counter=1, seq=1)
    one = project(transfer, pause)
    other = project(pause, transfer)
    # counter 1 sorts first: the dossier pauses; the transfer is then impossible
    assert one == other
    assert one.status == wf.AWAITING and one.conflicts == (transfer.id,)


def test_result_ready_after_return_is_a_conflict_not_a_new_outcome() -> None:
    ready = ev("result-ready", vn(2026, 3, 6, 9, 0), counter=1)
    ret = ev("return", vn(2026, 3, 6, 15, 0), counter=1)
    offline = ev("result-ready", vn(2026, 3, 11, 9, 0), counter=2, id="offline-ready")
    p = project(offline, ret, ready)
    assert p.status == wf.RETURNED
    assert p.finished_at == vn(2026, 3, 6, 9, 0)
    assert p.conflicts == ("offline-ready",)
    assert p.timeliness(vn(2026, 3, 12, 0, 0), CAL) == "early"


def test_conflict_without_id_is_named_by_kind_and_time() -> None:
    stray = EventRecord("return", vn(2026, 3, 3, 9, 0), {"collector": "A B"}, 1, 1, "")
    assert project(stray).conflicts == ("return@" + vn(2026, 3, 3, 9, 0).isoformat(),)


# --------------------------------------------------------------------------- order independence

_KINDS = sorted(wf.ALLOWED_FROM)


@st.composite
def histories(draw: st.DrawFn) -> tuple[Terms, list[EventRecord]]:
    limit = draw(st.sampled_from([None, 0, 2, 5, 15]))
    policy: wf.ResumePolicy = draw(st.sampled_from(["restart", "resume"]))
    start = draw(st.datetimes(min_value=datetime(2026, 1, 5), max_value=datetime(2026, 12, 1),
                              timezones=st.just(VN_TZ)))
    terms = Terms(start, limit, time(15, 0) if limit == 0 else None, policy)
    refusal = draw(st.booleans()) and draw(st.booleans())
    events = [EventRecord("received", start, {"intake_refusal": True} if refusal else {}, 1, 1,
                          "r")]
    n = draw(st.integers(min_value=0, max_value=12))
    for i in range(n):
        kind = draw(st.sampled_from(_KINDS))
        minutes = draw(st.integers(min_value=0, max_value=60 * 24 * 40))
        at = start + timedelta(minutes=minutes)
        payload = dict(PAYLOADS[kind])
        if kind == "reschedule":
            payload["new_due"] = (at + timedelta(days=draw(st.integers(1, 30)))).isoformat()
        counter = draw(st.integers(min_value=1, max_value=3))
        seq = draw(st.integers(min_value=1, max_value=5))
        events.append(EventRecord(kind, at, payload, counter, seq, f"e{i}"))
    return terms, events


@settings(max_examples=100, deadline=None)
@given(data=st.data())
def test_projection_does_not_depend_on_the_input_order(data: st.DataObject) -> None:
    terms, events = data.draw(histories())
    shuffled = data.draw(st.permutations(events))
    expected = wf.project(terms, events, CAL)
    assert wf.project(terms, shuffled, CAL) == expected
    assert expected.status in wf.STATUSES
    assert wf.classify(expected, terms.received_at + timedelta(days=10), CAL) in (
        None, *wf.TIMELINESS)
