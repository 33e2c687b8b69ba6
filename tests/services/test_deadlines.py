"""Appointments explained by ``services.deadlines``: the receive form's preview and a dossier's
own explanation, counted from where its clock last started under the agency's policy."""

from __future__ import annotations

import pytest

from onestop.services import deadlines
from onestop.services.context import Context
from onestop.services.errors import NotFound
from onestop.services.install import setup
from onestop.services.processing import EventRequest, record
from onestop.services.queries import show
from onestop.services.reception import ReceiveRequest, receive
from tests.support.clock import Clock, vn


def _paused_and_resumed(ctx: Context, clock: Clock) -> str:
    """A 5-day dossier received Mon 02/03 09:00 (due Mon 09/03 09:00), paused Tue 03/03 09:00
    for a supplement that arrives Thu 05/03 09:30."""
    clock.set(vn(2026, 3, 2, 9, 0))
    code = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An")).code
    clock.set(vn(2026, 3, 3, 9, 0))
    record(ctx, code, EventRequest("supplement-request", missing=["Giấy khai sinh (bản sao)"],
                                   reason="Thiếu giấy khai sinh"))
    clock.set(vn(2026, 3, 5, 9, 30))
    record(ctx, code, EventRequest("supplement-received"))
    return code


def test_explanation_of_a_fresh_dossier_is_the_receive_forms(ctx: Context, clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    d = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    preview = deadlines.due_preview(ctx, "2026-03-02T09:00", procedure="2.001914")
    assert deadlines.explain_due(ctx, d.code) == preview
    assert preview.due_at == d.due_at == vn(2026, 3, 9, 9, 0)


def test_restart_policy_explains_from_the_supplement_with_the_full_limit(
        ctx: Context, clock: Clock) -> None:
    code = _paused_and_resumed(ctx, clock)
    due = deadlines.explain_due(ctx, code)
    stored = show(ctx, code)
    assert stored.due_at == vn(2026, 3, 12, 9, 30)       # 5 working days from Thu 05/03
    assert (due.due_at, due.start_day, due.days) == (stored.due_at, vn(2026, 3, 5).date(), None)


def test_resume_policy_explains_the_days_left_at_the_pause(ctx: Context, clock: Clock) -> None:
    setup.update_agency(ctx, resume_policy="resume")
    code = _paused_and_resumed(ctx, clock)
    due = deadlines.explain_due(ctx, code)
    stored = show(ctx, code)
    # paused Tue 03/03 with Wed, Thu, Fri, Mon left (4 days); resumed Thu 05/03: due Wed 11/03
    assert stored.due_at == vn(2026, 3, 11, 9, 0)
    assert due.start_day == vn(2026, 3, 5).date()
    assert due.days == 4
    assert due.due_at is not None and due.due_at.date() == stored.due_at.date()
    # the old widget rule (the full limit from the supplement) would say Thu 12/03
    assert due.due_at.date() != vn(2026, 3, 12).date()


def test_unknown_dossier(ctx: Context) -> None:
    with pytest.raises(NotFound):
        deadlines.explain_due(ctx, "000.00.15.H36-260302-9999")
