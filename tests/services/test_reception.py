"""Receiving dossiers and correcting them, on SQLite and PostgreSQL."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest

from onestop.domain.validation import ValidationError, citizen_id_for
from onestop.services import catalogue
from onestop.services.context import Context
from onestop.services.processing import EventRequest, record
from onestop.services.queries import find, show
from onestop.services.reception import ReceiveRequest, correct, receive
from tests.support.clock import Clock, vn
from tests.support.db import row_counts, sql

AGENCY = "000.00.15.H36"
COPY_NAME = "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"
ID_NUMBER = citizen_id_for("079", date(1990, 5, 17), True, 123456)


def fields(exc: ValidationError) -> list[tuple[str, str]]:
    return [(e.field, e.code) for e in exc.errors]


def test_receive_allocates_code_register_entry_and_due_across_tet(ctx: Context,
                                                                   clock: Clock) -> None:
    clock.set(vn(2026, 2, 13, 10, 0))
    a = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Thị Ánh", id_number=ID_NUMBER,
                                    birth_date="17/05/1990", phone="0912 345 678"))
    assert a.code == f"{AGENCY}-260213-0100"
    assert (a.register_book, a.register_no, a.counter_no) == ("01/2026", 1, 1)
    # Fri 13/02 10:00 + 5 working days, Tết Bính Ngọ (14–22/02) skipped: Fri 27/02 10:00
    assert a.due_at == a.sla_due_at == vn(2026, 2, 27, 10, 0)
    assert (a.status, a.timeliness, a.time_limit_days) == ("received", "on-track", 5)
    assert (a.applicant_name, a.id_number, a.phone) == ("Nguyễn Thị Ánh", ID_NUMBER,
                                                        "0912345678")
    assert a.received_at == vn(2026, 2, 13, 10, 0) and a.received_by == "system"
    assert len(a.documents) == 5 and a.documents[0]["name"].startswith("Đơn đề nghị")
    [e] = a.events
    assert (e.kind, e.at, e.user, e.counter) == ("received", a.received_at, "system", 1)
    assert e.payload == {"procedure": "2.001914", "channel": "direct"}

    clock.advance(minutes=3)
    b = receive(ctx, ReceiveRequest("2.001914", "Trần Văn Bình"))
    assert (b.code, b.register_no) == (f"{AGENCY}-260213-0101", 2)
    clock.set(vn(2026, 2, 23, 8, 0))
    c = receive(ctx, ReceiveRequest("2.001914", "Lê Văn Cường"))
    # a new day restarts the ordinal, the register book runs on through the year
    assert (c.code, c.register_no) == (f"{AGENCY}-260223-0100", 3)
    old = receive(ctx, ReceiveRequest("2.001914", "Phạm Thị Dung",
                                      received_at="2025-12-31T16:00:00"))
    assert (old.code, old.register_book, old.register_no) == (f"{AGENCY}-251231-0100",
                                                              "01/2025", 1)
    assert old.received_at == vn(2025, 12, 31, 16, 0)  # no offset = agency local time


def test_same_day_procedure_with_a_15h_cutoff(ctx: Context, clock: Clock) -> None:
    [proc] = [p for p in catalogue.list_procedures(ctx) if p.name == COPY_NAME]
    assert re.fullmatch(r"L\.\d{6}", proc.code) and proc.is_local
    assert (proc.time_limit_days, proc.cutoff) == (0, "15:00")
    expected = [
        (vn(2026, 3, 10, 14, 59), vn(2026, 3, 10, 17, 0)),  # before the cut-off: today
        (vn(2026, 3, 10, 15, 0), vn(2026, 3, 10, 17, 0)),   # at it: still today
        (vn(2026, 3, 10, 15, 1), vn(2026, 3, 11, 17, 0)),   # after it: next working day
        (vn(2026, 3, 13, 15, 30), vn(2026, 3, 16, 17, 0)),  # Friday afternoon: Monday
        (vn(2026, 4, 29, 16, 0), vn(2026, 5, 4, 17, 0)),    # before 30/04–03/05
    ]
    for received_at, due in expected:
        clock.set(received_at)
        d = receive(ctx, ReceiveRequest(proc.code.lower(), "Nguyễn Văn An"))
        assert (d.procedure_code, d.due_at) == (proc.code, due), received_at


def test_receive_without_time_limit(ctx: Context, clock: Clock) -> None:
    d = receive(ctx, ReceiveRequest("1.005142", "Hoàng Thị Lan", channel="online", sets="2"))
    assert (d.due_at, d.sla_due_at, d.timeliness, d.status) == (None, None, "no-limit",
                                                                "received")
    assert (d.channel, d.sets) == ("online", 2)


def test_intake_refusal_has_a_code_but_no_clock(ctx: Context) -> None:
    d = receive(ctx, ReceiveRequest("2.001914", "Đỗ Văn Hùng",
                                    refuse_reason="Không thuộc thẩm quyền của Sở"))
    assert d.code == f"{AGENCY}-260302-0100"
    assert (d.status, d.due_at, d.timeliness) == ("refused", None, None)
    assert d.events[0].payload == {"procedure": "2.001914", "channel": "direct",
                                   "intake_refusal": True,
                                   "reason": "Không thuộc thẩm quyền của Sở"}
    with pytest.raises(ValidationError) as info:
        record(ctx, d.code, EventRequest("result-ready"))
    assert fields(info.value) == [("kind", "transition_not_allowed")]


def test_bad_receipts_write_nothing(ctx: Context, clock: Clock) -> None:
    before = row_counts(ctx.engine)
    cases = [
        (ReceiveRequest("9.999999", "Nguyễn Văn An"), [("procedure", "unknown_procedure")]),
        (ReceiveRequest("2.001914", "Nguyễn Văn An",
                        received_at=clock.now + timedelta(minutes=6)),
         [("received_at", "datetime_future")]),
        (ReceiveRequest("2.001914", "Nguyễn Văn An", received_at="2026-02-30T10:00"),
         [("received_at", "date_impossible")]),
        (ReceiveRequest("2.001914", "X", phone="12345", email="a@", sets=0),
         [("name", "too_short"), ("phone", "phone_format"), ("email", "email_format"),
          ("sets", "number_range")]),
        (ReceiveRequest("2.001914", "Nguyễn Văn An", id_number="07919012345"),
         [("id_number", "id_number_format")]),
    ]
    for req, expected in cases:
        with pytest.raises(ValidationError) as info:
            receive(ctx, req)
        assert fields(info.value) == expected
        assert info.value.errors[0].message  # a Vietnamese sentence, never a raw code
    assert row_counts(ctx.engine) == before
    # inside the tolerated clock skew a receipt is accepted
    ok = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An",
                                     received_at=clock.now + timedelta(minutes=4)))
    assert ok.received_at == clock.now + timedelta(minutes=4)


def test_code_space_exhausted_is_a_validation_error(ctx: Context) -> None:
    d = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    assert d.code.endswith("-0100")   # counter 1's share of 100: 0100…0199
    sql(ctx.engine, "UPDATE dossier SET code = :c WHERE code = :old",
        c=d.code[:-4] + "0199", old=d.code)
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        receive(ctx, ReceiveRequest("2.001914", "Trần Văn Bình"))
    assert fields(info.value) == [("received_at", "code_space_exhausted")]
    assert row_counts(ctx.engine) == before
    assert "code_block" in str(info.value)   # the message names the setting to change


def test_correction_keeps_the_history(ctx: Context, clock: Clock) -> None:
    d = receive(ctx, ReceiveRequest("2.001914", "Nguyen Thi Anh", phone="0912345678"))
    clock.advance(hours=1)
    fixed = correct(ctx.as_user("canbo"), d.code, "name", "Nguyễn Thị Ánh",
                    "Gõ thiếu dấu")
    assert fixed.applicant_name == "Nguyễn Thị Ánh"
    assert fixed.version > d.version
    clock.advance(hours=1)
    correct(ctx, d.code, "phone", "0987 654 321", "Số điện thoại mới")
    after = show(ctx, d.code)
    assert [e.kind for e in after.events] == ["received", "correct", "correct"]
    first, second = after.events[1:]
    assert first.payload == {"field": "name", "old": "Nguyen Thi Anh", "new": "Nguyễn Thị Ánh",
                             "reason": "Gõ thiếu dấu"}
    assert (first.user, first.at) == ("canbo", vn(2026, 3, 2, 9, 0))
    assert second.payload["old"] == "0912345678" and second.payload["new"] == "0987654321"
    assert after.phone == "0987654321"
    assert [r.code for r in find(ctx, "nguyễn thị ánh")] == [d.code]


def test_bad_corrections_write_nothing(ctx: Context, clock: Clock) -> None:
    d = receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An"))
    before = row_counts(ctx.engine)
    cases = [
        (("received_at", "2026-01-01T10:00", "x"), [("field", "invalid_choice")]),
        (("phone", "123", "Sửa"), [("value", "phone_format")]),
        (("name", "Nguyễn Văn Anh", ""), [("reason", "required")]),
    ]
    for args, expected in cases:
        with pytest.raises(ValidationError) as info:
            correct(ctx, d.code, *args)
        assert fields(info.value) == expected
    assert row_counts(ctx.engine) == before
    record(ctx.as_user("giamsat"), d.code, EventRequest("void", reason="Nhập nhầm"))
    with pytest.raises(ValidationError) as info:
        correct(ctx, d.code, "name", "Nguyễn Văn Anh", "Sửa tên")
    assert fields(info.value) == [("field", "transition_not_allowed")]


@pytest.mark.parametrize("blank", ["", "   ", "\u3000"])
def test_an_intake_refusal_needs_a_reason(ctx: Context, blank: str) -> None:
    """``refuse_reason=""`` used to record a normal receipt: the officer meant a refusal."""
    before = row_counts(ctx.engine)
    with pytest.raises(ValidationError) as info:
        receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An", refuse_reason=blank))
    assert fields(info.value) == [("reason", "required")]
    assert row_counts(ctx.engine) == before
    assert receive(ctx, ReceiveRequest("2.001914", "Nguyễn Văn An")).status == "received"
