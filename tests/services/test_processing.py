"""Recording workflow events through the services, on SQLite and PostgreSQL."""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date

import pytest

from onestop.domain.validation import ValidationError, citizen_id_for
from onestop.services.context import Context
from onestop.services.dto import DossierDTO
from onestop.services.errors import Forbidden, NotFound
from onestop.services.processing import EventRequest, record
from onestop.services.queries import find, show
from onestop.services.reception import ReceiveRequest, receive
from tests.support.clock import Clock, vn
from tests.support.db import audit_actions, row_counts, unchanged_except

COLLECTOR_ID = citizen_id_for("001", date(2001, 1, 2), False, 42)


def fields(exc: ValidationError) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.errors]


def new_dossier(ctx: Context, clock: Clock, name: str = "Nguyễn Văn An") -> DossierDTO:
    clock.set(vn(2026, 3, 2, 9, 0))
    return receive(ctx, ReceiveRequest("2.001914", name))   # due Mon 09/03 09:00


def at(ctx: Context, clock: Clock, when: tuple[int, ...], code: str, kind: str,
       **kw: object) -> DossierDTO:
    clock.set(vn(*when))
    return record(ctx, code, EventRequest(kind, **kw))  # type: ignore[arg-type]


def test_the_whole_life_of_a_dossier(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    assert d.due_at == vn(2026, 3, 9, 9, 0)
    s = at(ctx, clock, (2026, 3, 2, 10, 0), d.code, "transfer", to="Phòng Quản lý chất lượng")
    assert (s.status, s.timeliness) == ("processing", "on-track")
    s = at(ctx, clock, (2026, 3, 3, 9, 0), d.code, "supplement-request",
           missing=["Giấy khai sinh (bản sao)"], reason="Thiếu giấy khai sinh")
    assert (s.status, s.timeliness, s.paused_since) == ("awaiting-supplement", "paused",
                                                         vn(2026, 3, 3, 9, 0))
    s = at(ctx, clock, (2026, 3, 5, 9, 30), d.code, "supplement-received")
    # restart policy: 5 working days from Thu 05/03 09:30
    assert (s.status, s.due_at, s.sla_due_at) == ("processing", vn(2026, 3, 12, 9, 30),
                                                  vn(2026, 3, 12, 9, 30))
    s = at(ctx, clock, (2026, 3, 11, 9, 0), d.code, "reschedule", reason="Cần xác minh",
           new_due="2026-03-20T10:00")
    assert (s.due_at, s.sla_due_at, s.reschedules) == (vn(2026, 3, 20, 10, 0),
                                                       vn(2026, 3, 12, 9, 30), 1)
    s = at(ctx, clock, (2026, 3, 12, 8, 0), d.code, "result-ready")
    assert (s.status, s.finished_at, s.timeliness) == ("result-ready", vn(2026, 3, 12, 8, 0),
                                                       "late")   # rescheduled = late
    typed = unicodedata.normalize("NFD", " Nguyễn  Văn An ")   # decomposed, stray spaces
    s = at(ctx, clock, (2026, 3, 13, 14, 0), d.code, "return", collector=typed,
           collector_id=COLLECTOR_ID)
    assert (s.status, s.returned_at) == ("returned", vn(2026, 3, 13, 14, 0))
    s = at(ctx, clock, (2026, 3, 13, 14, 5), d.code, "note", reason="Đã ký nhận")
    assert s.status == "returned"
    assert [(e.kind, e.user, e.counter) for e in s.events] == [
        (k, "system", 1) for k in ("received", "transfer", "supplement-request",
                                   "supplement-received", "reschedule", "result-ready",
                                   "return", "note")]
    by_kind = {e.kind: e.payload for e in s.events}
    assert by_kind["transfer"] == {"to": "Phòng Quản lý chất lượng"}
    assert by_kind["supplement-request"] == {"missing": ["Giấy khai sinh (bản sao)"],
                                             "reason": "Thiếu giấy khai sinh"}
    assert by_kind["reschedule"] == {"reason": "Cần xác minh",
                                     "new_due": vn(2026, 3, 20, 10, 0).isoformat()}
    assert by_kind["return"] == {"collector": "Nguyễn Văn An", "collector_id": COLLECTOR_ID}
    shown = show(ctx, d.code)
    assert shown.portal is not None and shown.portal["state"] is None   # no portal link here
    assert replace(shown, portal=None) == s


@pytest.mark.parametrize(("kind", "status"), [("refuse", "refused"),
                                              ("withdraw", "withdrawn")])
def test_refuse_and_withdraw_close_the_dossier(ctx: Context, clock: Clock, kind: str,
                                               status: str) -> None:
    d = new_dossier(ctx, clock)
    s = at(ctx, clock, (2026, 3, 3, 9, 0), d.code, kind, reason="Lý do cụ thể")
    assert (s.status, s.timeliness) == (status, None)
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:   # returning a refused dossier
        at(ctx, clock, (2026, 3, 4, 9, 0), d.code, "return", collector="Nguyễn Văn An")
    assert fields(info.value) == [("kind", "transition_not_allowed")]
    assert "“Từ chối”" in info.value.errors[0].message or status != "refused"
    assert row_counts(ctx.engine) == before


def test_missing_payload_fields_are_named(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    before = row_counts(ctx.engine)
    for req, expected in [
        (EventRequest("transfer"), [("to", "required")]),
        (EventRequest("reschedule"), [("reason", "required"), ("new_due", "required")]),
        (EventRequest("supplement-request"), [("missing", "required")]),
        (EventRequest("refuse", reason="   "), [("reason", "required")]),
        (EventRequest("teleport"), [("kind", "invalid_choice")]),
        (EventRequest("return", collector="Nguyễn Văn An"), [("kind", "transition_not_allowed")]),
    ]:
        with pytest.raises(ValidationError) as info:
            record(ctx, d.code, req)
        assert fields(info.value) == expected
    with pytest.raises(NotFound) as nf:
        record(ctx, "000.00.15.H36-260302-1999", EventRequest("note", reason="x"))
    assert (nf.value.field, nf.value.exit_code) == ("code", 3)
    assert row_counts(ctx.engine) == before


def test_void_needs_a_supervisor_or_admin(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    officer = ctx.as_user("canbo")
    before = row_counts(ctx.engine)
    with pytest.raises(Forbidden) as info:
        record(officer, d.code, EventRequest("void", reason="Nhập nhầm"))
    assert (info.value.field, info.value.exit_code) == ("user", 4)
    # the refusal is audited; nothing else is written
    unchanged_except(before, row_counts(ctx.engine), audit_entry=1, sync_outbox=1)
    assert audit_actions(ctx.engine)[-1] == ("canbo", "forbidden", d.code, "refused")
    assert show(ctx, d.code).status == "received"
    s = record(ctx.as_user("giamsat"), d.code, EventRequest("void", reason="Nhập nhầm"))
    assert (s.status, s.timeliness) == ("void", None)
    assert audit_actions(ctx.engine)[-1] == ("giamsat", "dossier.void", d.code, "ok")
    assert find(ctx, d.code) == []          # excluded from lists and statistics
    assert show(ctx, d.code).status == "void"  # but still on record


def test_second_reschedule_needs_an_admin_override(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    officer, admin = ctx.as_user("canbo"), ctx.as_user("quantri")
    clock.set(vn(2026, 3, 5, 9, 0))
    s = record(officer, d.code, EventRequest("reschedule", reason="Chờ xác minh",
                                             new_due="2026-03-16T09:00"))
    assert s.reschedules == 1
    second = EventRequest("reschedule", reason="Chưa xong", new_due="2026-03-20T09:00")
    before = row_counts(ctx.engine)
    for who in (officer, admin):
        with pytest.raises(ValidationError) as info:
            record(who, d.code, second)
        assert fields(info.value) == [("override_reason", "reschedule_once")]
    assert row_counts(ctx.engine) == before
    override = EventRequest("reschedule", reason="Chưa xong", new_due="2026-03-20T09:00",
                            override_reason="Giám đốc đồng ý gia hạn")
    with pytest.raises(Forbidden):
        record(officer, d.code, override)
    s = record(admin, d.code, override)
    assert (s.reschedules, s.due_at, s.sla_due_at) == (2, vn(2026, 3, 20, 9, 0),
                                                       vn(2026, 3, 9, 9, 0))
    assert s.events[-1].payload["override_reason"] == "Giám đốc đồng ý gia hạn"
    assert audit_actions(ctx.engine)[-1] == ("quantri", "dossier.reschedule", d.code, "ok")


def test_reschedule_must_move_the_appointment_later(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    with pytest.raises(ValidationError) as info:
        at(ctx, clock, (2026, 3, 4, 9, 0), d.code, "reschedule", reason="x",
           new_due="2026-03-09T08:00")
    assert fields(info.value) == [("new_due", "reschedule_not_later")]


def test_event_times_are_checked(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    clock.set(vn(2026, 3, 3, 9, 0))
    before = row_counts(ctx.engine)
    for when, expected in [("2026-03-02T08:59", ("at", "before_receipt")),
                           ("2026-03-03T10:00", ("at", "datetime_future")),
                           ("03/2026", ("at", "datetime_format"))]:
        with pytest.raises(ValidationError) as info:
            record(ctx, d.code, EventRequest("transfer", to="Phòng A", at=when))
        assert fields(info.value) == [expected]
    assert row_counts(ctx.engine) == before
    s = record(ctx, d.code, EventRequest("transfer", to="Phòng A", at="2026-03-02T15:00"))
    assert s.events[-1].at == vn(2026, 3, 2, 15, 0)


def test_back_dated_events_must_fit_the_history(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    at(ctx, clock, (2026, 3, 4, 9, 0), d.code, "transfer", to="Phòng A")
    at(ctx, clock, (2026, 3, 5, 9, 0), d.code, "supplement-request", missing=["Đơn"])
    clock.set(vn(2026, 3, 6, 9, 0))
    before = row_counts(ctx.engine)
    # received in the pause, but dated before the pause began
    with pytest.raises(ValidationError) as info:
        record(ctx, d.code, EventRequest("supplement-received", at="2026-03-04T15:00"))
    assert fields(info.value) == [("at", "transition_not_allowed")]
    assert row_counts(ctx.engine) == before


def test_back_dated_event_may_not_invalidate_later_events(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    at(ctx, clock, (2026, 3, 4, 9, 0), d.code, "transfer", to="Phòng A")
    clock.set(vn(2026, 3, 6, 9, 0))
    before = row_counts(ctx.engine)
    # a withdrawal dated before the transfer would turn the recorded transfer into a conflict
    with pytest.raises(ValidationError) as info:
        record(ctx, d.code, EventRequest("withdraw", reason="Rút", at="2026-03-03T09:00"))
    assert fields(info.value) == [("at", "transition_not_allowed")]
    assert row_counts(ctx.engine) == before


def test_live_timeliness_follows_the_clock(ctx: Context, clock: Clock) -> None:
    d = new_dossier(ctx, clock)
    for now, expected in [(vn(2026, 3, 3, 9, 0), "on-track"), (vn(2026, 3, 6, 9, 0), "due-soon"),
                          (vn(2026, 3, 9, 9, 1), "overdue")]:
        clock.set(now)
        assert show(ctx, d.code).timeliness == expected
        assert [r.timeliness for r in find(ctx, d.code)] == [expected]
    s = at(ctx, clock, (2026, 3, 9, 16, 0), d.code, "result-ready")
    assert s.timeliness == "on-time"   # same date as the due moment
    clock.set(vn(2026, 4, 1, 9, 0))
    assert show(ctx, d.code).timeliness == "on-time"
