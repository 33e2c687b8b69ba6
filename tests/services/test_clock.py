"""Clock sanity: a PC clock behind what already happened refuses receipts, on SQLite and PG.

"What already happened": the newest entries of this installation's own audit and event chains
and the central server's clock at the last sync. Back-dated receipts stay allowed; an
administrator can confirm a clock that really is right (audited, remembered).
"""

from __future__ import annotations

import pytest

from onestop.domain.validation import ValidationError
from onestop.services import audit
from onestop.services.install import setup
from onestop.services.clock import K_SERVER_TIME
from onestop.services.context import Context
from onestop.services.errors import AuthFailed, Forbidden
from onestop.services.reception import ReceiveRequest, receive
from tests.support.clock import Clock, vn
from tests.support.db import row_counts, sql

REQ = ReceiveRequest("2.001914", "Nguyễn Văn An")


def refused(ctx: Context, req: ReceiveRequest = REQ) -> ValidationError:
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        receive(ctx, req)
    assert row_counts(ctx.engine) == before
    return info.value


def test_a_clock_a_year_behind_the_last_receipt_is_refused(ctx: Context, clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    receive(ctx, REQ)
    clock.set(vn(2025, 3, 2, 9, 0))     # the CMOS battery died: a year behind
    exc = refused(ctx)
    [err] = exc.errors
    assert (err.field, err.code) == ("clock", "clock_behind")
    assert "09:00 02/03/2025" in err.message and "09:00 02/03/2026" in err.message
    assert "60 phút" in err.message and "--clock-confirmed" in err.message


def test_within_the_margin_and_back_dated_receipts_pass(ctx: Context, clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    receive(ctx, REQ)
    clock.set(vn(2026, 3, 2, 8, 10))    # NTP pulled the clock back 50 minutes: within 60
    receive(ctx, REQ)
    clock.set(vn(2026, 3, 2, 10, 0))    # a paper dossier of last month, entered today
    d = receive(ctx, ReceiveRequest("2.001914", "Trần Thị Bình",
                                    received_at="2026-02-02T09:00"))
    assert d.received_at == vn(2026, 2, 2, 9, 0) and d.code.split("-")[1] == "260202"


def test_the_servers_clock_at_the_last_sync_counts_too(ctx: Context, clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    sql(ctx.engine, "INSERT INTO local_setting (key, value) VALUES (:k, :v)", k=K_SERVER_TIME,
        v=vn(2026, 6, 1, 8, 0).isoformat())
    exc = refused(ctx)
    assert "máy chủ trung tâm" in exc.first.message


def test_an_administrator_confirms_once_and_the_next_receipts_pass(ctx: Context,
                                                                   clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    receive(ctx, REQ)
    clock.set(vn(2026, 1, 5, 9, 0))
    refused(ctx)
    confirmed = ReceiveRequest("2.001914", "Lê Văn Cường", clock_confirmed=True)
    d = receive(ctx.as_user("quantri"), confirmed)
    assert d.code.split("-")[1] == "260105"
    [(actor, target)] = sql(ctx.engine, "SELECT actor, target FROM audit_entry WHERE action = "
                            "'clock.confirmed'")
    assert (actor, target) == ("quantri", "database")
    clock.advance(minutes=5)
    receive(ctx.as_user("canbo"), REQ)    # remembered: the officer goes on receiving
    assert audit.verify(ctx).ok


def test_an_officer_may_not_confirm_the_clock(ctx: Context, clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    receive(ctx, REQ)
    clock.set(vn(2025, 3, 2, 9, 0))
    before = row_counts(ctx.engine)
    with pytest.raises(Forbidden):
        receive(ctx.as_user("canbo"), ReceiveRequest("2.001914", "Lê Văn Cường",
                                                     clock_confirmed=True))
    assert sql(ctx.engine, "SELECT count(*) FROM dossier")[0][0] == before["dossier"]
    [(details,)] = sql(ctx.engine, "SELECT details FROM audit_entry WHERE action = "
                       "'forbidden' ORDER BY seq DESC LIMIT 1")
    assert "clock_confirm" in str(details)


def test_the_margin_is_an_agency_setting(ctx: Context, clock: Clock) -> None:
    clock.set(vn(2026, 3, 2, 9, 0))
    receive(ctx, REQ)
    clock.set(vn(2026, 3, 2, 6, 0))
    refused(ctx)
    setup.update_agency(ctx, clock_margin_minutes=240)
    receive(ctx, REQ)
    for bad in (0, 10081, "một"):
        with pytest.raises(ValidationError) as info:
            setup.update_agency(ctx, clock_margin_minutes=bad)
        assert info.value.first.field == "clock_margin_minutes"


def test_a_log_in_at_the_wrong_clock_does_not_lower_the_bound(ctx: Context,
                                                              clock: Clock) -> None:
    """The newest audit entry, written at a clock gone back, must not become the reference:
    the chain's anchor keeps its latest instant."""
    from onestop.services import users

    clock.set(vn(2026, 3, 2, 9, 0))
    setup.set_override(ctx, "2026-03-20", "off", "Nghỉ bù")   # audited at 2026, no event
    clock.set(vn(2025, 3, 2, 9, 0))
    with pytest.raises(AuthFailed):            # a failed log-in: audited at 2025
        users.authenticate(ctx, "canbo", "sai-mat-khau-1")
    [(at,)] = sql(ctx.engine, "SELECT at FROM audit_entry ORDER BY seq DESC LIMIT 1")
    assert str(at).startswith("2025")
    refused(ctx)
