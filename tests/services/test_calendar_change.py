"""Holiday changes that move appointments: the preview is exact (compared with recomputing
every open dossier), applying records one ``calendar-reschedule`` event per moved dossier and
change, finished dossiers never move; on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import func, select

from onestop.domain import workflow as wf
from onestop.domain.calendar import DayOverride, OfficeHours, WorkCalendar
from onestop.domain.validation import ValidationError
from onestop.services import calendar_change as cc
from onestop.services.install import setup
from onestop.services.context import Context
from onestop.services.dossiers import event_records, terms_of
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import CalendarOverride, Dossier, DossierEvent
from tests.support.clock import Clock, confirm_clock, vn
from tests.support.db import row_counts

DECISION = "Quyết định 1/QĐ-UBND"


@pytest.fixture(autouse=True)
def _clock_confirmed(ctx: Context) -> None:
    """These tests date events back and forth on purpose (see support.confirm_clock)."""
    confirm_clock(ctx)


def _dossiers(ctx: Context, clock: Clock) -> dict[str, str]:
    """A spread of receipts around Fri 04/12/2026 with different clocks and states."""
    codes: dict[str, str] = {}
    plan = [("mon", (2026, 11, 30, 9, 0), "2.001914"), ("tue", (2026, 12, 1, 10, 0), "2.001914"),
            ("wed", (2026, 12, 2, 16, 30), "2.001914"), ("thu", (2026, 12, 3, 8, 0), "2.001914"),
            ("paused", (2026, 12, 1, 11, 0), "2.001914"), ("done", (2026, 11, 30, 10, 0),
                                                           "2.001914"),
            ("late-due", (2026, 11, 2, 9, 0), "2.001914"), ("stopped", (2026, 12, 1, 9, 30),
                                                             "2.001914")]
    for key, when, proc in plan:
        clock.set(vn(*when))
        codes[key] = receive(ctx, ReceiveRequest(proc, f"Nguyễn Văn {key.title()}")).code
    clock.set(vn(2026, 12, 3, 9, 0))
    record(ctx, codes["paused"], EventRequest("supplement-request", missing=["Bản sao"]))
    record(ctx, codes["done"], EventRequest("result-ready"))
    record(ctx, codes["stopped"], EventRequest("stop", reason="Công dân đề nghị"))
    clock.set(vn(2026, 12, 3, 10, 0))
    return codes


def _recompute(ctx: Context) -> dict[str, tuple[datetime | None, datetime | None]]:
    """Every open dossier projected from scratch on the calendar now stored."""
    out = {}
    with ctx.reading() as session:
        rows = session.scalars(select(CalendarOverride)).all()
        cal = WorkCalendar([DayOverride(r.day, r.kind, r.name, r.decision, r.tet)  # type: ignore[arg-type]
                            for r in rows], office=OfficeHours())
        for d in session.scalars(select(Dossier)):
            if d.status in wf.ACTIVE_STATUSES:
                p = wf.project(terms_of(d, {}), event_records(session, d.id), cal)
                out[d.code] = (p.due_at, p.sla_due_at)
    return out


def _stored(ctx: Context) -> dict[str, tuple[str, datetime | None]]:
    with ctx.reading() as session:
        return {d.code: (d.status, d.due_at) for d in session.scalars(select(Dossier))}


def _events(ctx: Context, kind: str = "calendar-reschedule") -> int:
    with ctx.reading() as session:
        return int(session.scalar(select(func.count()).select_from(DossierEvent)
                                  .where(DossierEvent.kind == kind)) or 0)


@pytest.mark.parametrize(("action", "args"), [
    ("set", ("2026-12-04", "off", "Nghỉ đột xuất", DECISION)),
    ("set", ("2026-12-05", "work", "Làm bù thứ Bảy", DECISION)),
])
def test_preview_is_exactly_what_recomputing_every_open_dossier_gives(
        ctx: Context, clock: Clock, action: str, args: tuple[str, ...]) -> None:
    codes = _dossiers(ctx, clock)
    admin = ctx.as_user("quantri")
    before_rows, before = row_counts(ctx.engine), _stored(ctx)
    preview = cc.preview(admin, action, *args)
    assert row_counts(ctx.engine) == before_rows                    # nothing written
    applied = cc.apply(admin, action, *args)
    after, fresh = _stored(ctx), _recompute(ctx)
    # the stored projection of every open dossier is the projection on the new calendar
    assert {c: after[c][1] for c in fresh} == {c: due for c, (due, _sla) in fresh.items()}
    moved = {c for c in before if before[c][1] != after[c][1]}
    assert {m.code for m in preview.moved} == moved and moved
    assert preview.moved == applied.moved
    for m in preview.moved:
        assert (m.old_due_at, m.new_due_at) == (before[m.code][1], after[m.code][1])
    assert codes["done"] not in moved and codes["stopped"] not in moved
    assert codes["late-due"] not in moved                             # due before the day
    assert applied.recorded == len(moved) == _events(ctx)


def test_events_are_idempotent_and_carry_the_dates_and_decision(ctx: Context,
                                                                clock: Clock) -> None:
    codes = _dossiers(ctx, clock)
    admin = ctx.as_user("quantri")
    first = cc.apply(admin, "set", "2026-12-04", "off", "Nghỉ đột xuất", DECISION)
    assert first.recorded == len(first.moved) > 0
    with ctx.reading() as session:
        e = session.scalars(select(DossierEvent).where(
            DossierEvent.kind == "calendar-reschedule")).first()
        assert e is not None
        payload = dict(e.payload)
    assert payload["decision"] == DECISION and payload["date"] == "2026-12-04"
    assert payload["old_due"] < payload["new_due"] and payload["old_sla_due"]
    # applying the same change again is refused, and the events are recorded only once
    with pytest.raises(ValidationError) as info:
        cc.apply(admin, "set", "2026-12-04", "off", "Nghỉ đột xuất", DECISION)
    assert [(x.field, x.code) for x in info.value.errors] == [("date", "calendar_unchanged")]
    # the same change recorded again (a retry after a lost answer): no second event
    with ctx.transaction() as session:
        row = session.scalar(select(CalendarOverride).where(
            CalendarOverride.day == first.day))
        assert row is not None
        key = f"{row.id}:set:off"
        moved = [session.scalar(select(Dossier).where(Dossier.code == m.code))
                 for m in first.moved]
        assert cc._already_recorded(session, [d.id for d in moved if d], key) == {
            d.id for d in moved if d}
    # removing it moves them back, with events of its own
    back = cc.apply(admin, "remove", "2026-12-04")
    assert {m.code for m in back.moved} == {m.code for m in first.moved}
    assert _events(ctx) == 2 * len(first.moved)
    assert codes["done"] not in {m.code for m in back.moved}


def test_bad_changes_write_nothing(ctx: Context, clock: Clock) -> None:
    _dossiers(ctx, clock)
    admin = ctx.as_user("quantri")
    before = row_counts(ctx.engine)
    for args, expected in (
            (("set", "2026-13-04", "off", "Nghỉ"), [("date", "date_impossible")]),
            (("set", "04-12-2026x", "off", "Nghỉ"), [("date", "date_format")]),
            (("set", "2026-12-05", "off", "Thứ Bảy"), [("date", "calendar_already")]),
            (("set", "2026-12-07", "work", "Thứ Hai"), [("date", "calendar_already")]),
            (("remove", "2026-12-07"), [("date", "calendar_no_override")])):
        with pytest.raises(ValidationError) as info:
            cc.apply(admin, *args)
        assert [(e.field, e.code) for e in info.value.errors] == expected, args
    assert row_counts(ctx.engine) == before
    # the old entry points go through the same path
    setup.set_override(admin, "2026-12-04", "off", "Nghỉ đột xuất")
    assert _events(ctx) > 0
