"""Result-ready notices through the outbox, against a real SMTP server (aiosmtpd) and an HTTP
SMS gateway stand-in, on SQLite and PostgreSQL (issue 18, part 3)."""

from __future__ import annotations

from datetime import timedelta
from email.header import decode_header, make_header

import pytest
from sqlalchemy import select

from onestop.domain.validation import ValidationError
from onestop.services import notices
from onestop.services.context import Context
from onestop.services.errors import Forbidden
from onestop.services.processing import EventRequest, record
from onestop.services.reception import ReceiveRequest, receive
from onestop.storage.models import Notice
from tests.services.servers import Gateway, Smtp
from tests.support.clock import Clock, vn
from tests.support.db import as_user, row_counts, unchanged_except

NAME = "Trần Thị Bích Ngọc"
ID_NUMBER = "001190012345"
SENDER = "motcua@xaphuchoa.gov.vn"


def configure(ctx: Context, smtp_port: int, gateway_url: str | None = None,
              timeout: int = 5) -> None:
    notices.configure(ctx, {"host": "127.0.0.1", "port": smtp_port, "sender": SENDER,
                            "security": "none", "timeout": timeout},
                      None if gateway_url is None else {
                          "url": gateway_url, "auth_header": "Authorization",
                          "body": '{"phone": "{to_intl}", "message": "{text}", "brand": "UBND"}',
                          "timeout": timeout})


def opted_in(ctx: Context, clock: Clock, email: str | None = "ngoc.tran@example.vn",
             sms: str | None = "0912 345 678") -> str:
    clock.set(vn(2026, 3, 2, 9, 0))
    d = receive(ctx, ReceiveRequest("2.001914", NAME, id_number=None, address="12 Hàng Bạc",
                                    notify_email=email, notify_sms=sms))
    return d.code


def test_result_ready_goes_out_by_email_and_sms_in_vietnamese(
        ctx: Context, clock: Clock, smtp_server: Smtp, sms_gateway: Gateway,
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONESTOP_SMS_AUTH", "Bearer s3cr3t")
    configure(ctx, smtp_server.port, sms_gateway.url)
    code = opted_in(ctx, clock)
    assert notices.for_dossier(ctx, code) == []          # nothing to tell yet
    clock.set(vn(2026, 3, 5, 14, 30))
    record(ctx, code, EventRequest("result-ready"))
    queued = notices.for_dossier(ctx, code)                # queued with the event itself
    assert [(n.channel, n.kind, n.state) for n in queued] == [
        ("email", "result-ready", "waiting"), ("sms", "result-ready", "waiting")]
    assert queued[1].recipient == "0912345678"

    r = notices.send_due(ctx)
    assert (r.sent, r.failed, r.waiting) == (2, 0, 0)
    [mail] = smtp_server.handler.messages()
    subject = str(make_header(decode_header(mail["Subject"])))
    assert subject == f"Hồ sơ {code} đã có kết quả"
    assert mail.get_content_charset() == "utf-8"
    text = mail.get_content()
    assert f"Hồ sơ {code} (" in text and "đã có kết quả" in text
    assert "14:30 ngày 05/03/2026" in text                     # local time of the result
    assert "vui lòng không trả lời" in text
    assert smtp_server.handler.envelopes[0].rcpt_tos == ["ngoc.tran@example.vn"]
    assert smtp_server.handler.envelopes[0].mail_from == SENDER
    [req] = sms_gateway.requests
    assert req["method"] == "POST" and req["headers"]["Authorization"] == "Bearer s3cr3t"
    assert req["json"]["phone"] == "84912345678" and req["json"]["brand"] == "UBND"
    assert f"Hồ sơ {code}" in req["json"]["message"]
    for content in (text, subject, req["json"]["message"]):  # no personal data
        assert NAME not in content and "Hàng Bạc" not in content and ID_NUMBER not in content
    sent = notices.for_dossier(ctx, code)
    assert [(n.state, n.attempts, n.last_error) for n in sent] == [("sent", 1, None)] * 2
    assert notices.send_due(ctx).sent == 0                    # never sent twice


def test_a_refusing_server_keeps_the_notice_waiting_and_it_goes_out_later(
        ctx: Context, clock: Clock, smtp_server: Smtp, sms_gateway: Gateway) -> None:
    configure(ctx, smtp_server.port, sms_gateway.url)
    code = opted_in(ctx, clock)
    smtp_server.handler.refuse = "554 5.7.1 Tạm thời không nhận thư"
    sms_gateway.status = 503
    clock.set(vn(2026, 3, 5, 14, 30))
    record(ctx, code, EventRequest("result-ready"))
    r = notices.send_due(ctx)
    assert (r.sent, r.failed, r.waiting) == (0, 2, 2)
    by_channel = {n.channel: n for n in notices.for_dossier(ctx, code)}
    assert by_channel["email"].state == "waiting" and "554" in by_channel["email"].last_error
    assert by_channel["sms"].last_error.startswith("HTTP 503")
    assert by_channel["sms"].next_try == vn(2026, 3, 5, 14, 31)       # retried in a minute
    assert notices.send_due(ctx).failed == 0                           # not due yet
    smtp_server.handler.refuse = None
    sms_gateway.status = 200
    clock.advance(minutes=2)
    r = notices.send_due(ctx)
    assert (r.sent, r.waiting) == (2, 0)
    assert len(smtp_server.handler.envelopes) == 1 and len(sms_gateway.requests) == 2
    assert [n.attempts for n in notices.for_dossier(ctx, code)] == [2, 2]


def test_time_outs_and_an_unconfigured_channel_wait_with_their_error(
        ctx: Context, clock: Clock, silent_smtp: int, sms_gateway: Gateway) -> None:
    configure(ctx, silent_smtp, sms_gateway.url, timeout=1)
    sms_gateway.delay = 2.5
    code = opted_in(ctx, clock)
    clock.set(vn(2026, 3, 5, 14, 30))
    record(ctx, code, EventRequest("result-ready"))
    r = notices.send_due(ctx)
    assert (r.sent, r.failed, r.waiting) == (0, 2, 2)
    errors = {n.channel: n.last_error for n in notices.for_dossier(ctx, code)}
    assert "timed out" in errors["email"] and "timed out" in errors["sms"]
    assert notices.retry_after(1) == timedelta(minutes=1)
    assert notices.retry_after(3) == timedelta(minutes=4)
    assert notices.retry_after(30) == timedelta(hours=6)          # capped, never dropped


def test_a_moved_appointment_is_told_once_and_only_to_the_opted_in(
        ctx: Context, clock: Clock, smtp_server: Smtp) -> None:
    configure(ctx, smtp_server.port)
    code = opted_in(ctx, clock, sms=None)
    clock.set(vn(2026, 3, 2, 9, 0))
    other = receive(ctx, ReceiveRequest("2.001914", "Lê Văn Bình")).code   # no opt-in
    clock.set(vn(2026, 3, 4, 10, 0))
    for c in (code, other):
        record(ctx, c, EventRequest("reschedule", reason="Cần xác minh thêm",
                                    new_due="2026-03-16T15:00"))
    assert notices.collect(ctx) == 0                      # already queued, nothing twice
    [n] = notices.for_dossier(ctx, code)
    assert (n.kind, n.channel) == ("appointment-moved", "email")
    assert notices.for_dossier(ctx, other) == []
    notices.send_due(ctx)
    [mail] = smtp_server.handler.messages()
    assert "15:00 ngày 16/03/2026" in mail.get_content()
    assert "thay đổi ngày hẹn" in str(make_header(decode_header(mail["Subject"])))


def test_bad_opt_in_is_refused_and_nothing_is_written(ctx: Context, clock: Clock) -> None:
    before = row_counts(ctx.engine)
    for email, sms, field in (("ngoc@@example", None, "notify_email"),
                              (None, "0912 345", "notify_sms"),
                              (None, "024 3123 4567", "notify_sms")):   # a landline gets no SMS
        with pytest.raises(ValidationError) as exc:
            opted_in(ctx, clock, email=email, sms=sms)
        assert [e.field for e in exc.value.errors] == [field]
    unchanged_except(before, row_counts(ctx.engine))


def test_templates_are_the_administrators_and_cannot_pull_in_personal_data(
        ctx: Context, clock: Clock, smtp_server: Smtp) -> None:
    configure(ctx, smtp_server.port)
    with pytest.raises(ValidationError) as exc:
        notices.set_template(ctx, "result-ready", body="Kính gửi {name}, hồ sơ {code}.")
    assert exc.value.errors[0].field == "body"
    with pytest.raises(Forbidden):
        notices.set_template(as_user(ctx, "canbo"), "result-ready", subject="Hồ sơ {code}")
    with pytest.raises(Forbidden):
        notices.configure(as_user(ctx, "canbo"), {"host": "mail.example.vn"})
    notices.set_template(ctx, "result-ready", subject="[Một cửa] Hồ sơ {code} xong",
                         body="Mời nhận kết quả hồ sơ {code} tại {place}, từ {time}.")
    code = opted_in(ctx, clock, sms=None)
    clock.set(vn(2026, 3, 5, 14, 30))
    record(ctx, code, EventRequest("result-ready"))
    notices.send_due(as_user(ctx, "canbo"))              # an officer's GUI sends
    [mail] = smtp_server.handler.messages()
    assert str(make_header(decode_header(mail["Subject"]))) == f"[Một cửa] Hồ sơ {code} xong"
    assert mail.get_content().startswith(f"Mời nhận kết quả hồ sơ {code} tại ")
    with ctx.reading() as s:
        assert s.scalars(select(Notice.state)).all() == ["sent"]
