"""``receive --notify-email/--notify-sms``, ``notify configure|send|list|template`` and
``event CODE return --rating`` through the real command (issue 18)."""

from __future__ import annotations

from email.header import decode_header, make_header

from tests.support.cli import Runner
from tests.services.servers import Smtp, silent_smtp, sms_gateway, smtp_server  # noqa: F401

PROC = "2.001914"


def _count(cli: Runner) -> int:
    return cli("find", "Nguyễn", "--json").json["total"]


def test_opt_in_notices_and_rating_from_the_command_line(cli: Runner, smtp_server: Smtp) -> None:
    bad = cli("receive", "--procedure", PROC, "--name", "Nguyễn Thị Mai",
              "--notify-email", "mai@@example")
    assert bad.rc == 2 and len(bad.err_lines) == 1
    assert bad.err_lines[0].startswith("notify_email: ")
    bad = cli("receive", "--procedure", PROC, "--name", "Nguyễn Thị Mai",
              "--notify-sms", "12345")
    assert bad.rc == 2 and bad.err_lines[0].startswith("notify_sms: ")
    assert _count(cli) == 0                                     # nothing written

    r = cli("receive", "--procedure", PROC, "--name", "Nguyễn Thị Mai",
            "--notify-email", "mai.nguyen@example.vn", "--notify-sms", "+84 912 345 678",
            "--json")
    assert r.rc == 0, r.err
    code = r.json["code"]
    shown = cli("show", code, "--json").json
    assert (shown["notify_email"], shown["notify_sms"]) == ("mai.nguyen@example.vn",
                                                            "0912345678")

    assert cli("notify", "configure", "--smtp-host", "127.0.0.1", "--smtp-port", "1",
               "--sender", "motcua@xa.gov.vn", user="canbo").rc == 4   # admin only
    bad = cli("notify", "configure", "--smtp-host", "127.0.0.1", "--smtp-port", "99999",
              "--sender", "motcua@xa.gov.vn")
    assert bad.rc == 2 and bad.err_lines[0].startswith("smtp_port: ")
    ok = cli("notify", "configure", "--smtp-host", "127.0.0.1", "--smtp-port",
             str(smtp_server.port), "--sender", "motcua@xa.gov.vn", "--no-tls", "--json")
    assert ok.rc == 0, ok.err
    assert ok.json["smtp"]["port"] == smtp_server.port

    assert cli("event", code, "result-ready").rc == 0
    sent = cli("notify", "send", "--json")
    assert sent.rc == 0, sent.err
    # the SMS channel is not configured: it waits with its error, e-mail goes out
    assert (sent.json["sent"], sent.json["failed"], sent.json["waiting"]) == (1, 1, 1)
    [mail] = smtp_server.handler.messages()
    assert str(make_header(decode_header(mail["Subject"]))) == f"Hồ sơ {code} đã có kết quả"
    listed = cli("notify", "list", code, "--json").json["notices"]
    assert [(n["channel"], n["state"]) for n in listed] == [("email", "sent"),
                                                            ("sms", "waiting")]
    assert listed[1]["last_error"] == "sms: not configured"

    bad = cli("event", code, "return", "--collector", "Nguyễn Thị Mai", "--rating", "great")
    assert bad.rc == 2 and bad.err_lines[0].startswith("rating: ")
    done = cli("event", code, "return", "--collector", "Nguyễn Thị Mai",
               "--rating", "very-satisfied", "--comment", "Nhanh, chu đáo", "--json")
    assert done.rc == 0, done.err
    ret = [e for e in done.json["events"] if e["kind"] == "return"][0]
    assert ret["payload"]["rating"] == "very-satisfied"
    report = cli("report", "period").json["satisfaction"]
    assert report["total"]["very-satisfied"] == 1
    assert report["by_procedure"][0]["comments"] == ["Nhanh, chu đáo"]

    bad = cli("notify", "template", "result-ready", "--body", "Gửi {name}: hồ sơ {code}.")
    assert bad.rc == 2 and bad.err_lines[0].startswith("body: ")
    t = cli("notify", "template", "result-ready", "--subject", "Hồ sơ {code} xong", "--json")
    assert t.rc == 0 and t.json["subject"] == "Hồ sơ {code} xong"
