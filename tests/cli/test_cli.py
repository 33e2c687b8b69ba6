"""The command-line contract of issue 2, end to end: exit codes, JSON keys and values, errors.

Errors are ``field: message`` lines on stderr with exit codes 2 (invalid input), 3 (not
found), 4 (forbidden or bad credentials) and 5 (database unavailable).
"""

from __future__ import annotations

import socket
from tests import rawdb as sqlite3
import uuid
from datetime import date
from pathlib import Path

from sqlalchemy.engine import make_url

from onestop.domain.validation import citizen_id_for
from onestop.services import catalogue, users
from onestop.services.context import Context
from onestop.storage import db
from tests.support.cli import Runner, Result
from tests.support.accounts import PASSWORD
from tests.support.db import row_counts

AGENCY = "000.00.15.H36"
ID_NUMBER = citizen_id_for("079", date(1990, 5, 17), True, 123456)
COPY_NAME = "Cấp bản sao văn bằng, chứng chỉ từ sổ gốc"
RECEIVE_KEYS = {"code", "id", "received_at", "due_at", "status", "register_book",
                "register_no", "agency_code", "unit_code", "return_unit_code"}
#: Every key of ``show --json``: the dossier's fields plus status, timeliness, due_at, events.
SHOW_KEYS = {
    "id", "code", "procedure_code", "procedure_name", "field", "applicant_name", "id_number",
    "birth_date", "phone", "email", "address", "org_name", "channel", "sets", "documents",
    "fee_vnd", "fee_paid", "notes", "received_at", "received_by", "counter_no",
    "register_book", "register_no", "time_limit_days", "status", "timeliness", "due_at",
    "sla_due_at", "finished_at", "returned_at", "paused_since", "reschedules", "department",
    "version", "events", "agency_code", "unit_code", "return_unit_code", "names_at_receipt",
    "sex", "notify_email", "notify_sms",
    "portal",   # the national portal's state (issue 17): {"state", "at"}
}
TET_2026 = [{"date": f"2026-02-{d}", "reason": "Nghỉ Tết Nguyên đán Bính Ngọ"}
            for d in range(14, 23)]


def ok(r: Result) -> Result:
    assert r.rc == 0, r.err
    return r


def failed(r: Result, rc: int, *fields: str) -> list[str]:
    """Assert the exit code and that stderr is one ``field: message`` line per field."""
    assert r.rc == rc, (r.out, r.err)
    lines = r.err_lines
    assert [line.split(": ", 1)[0] for line in lines] == list(fields), lines
    assert all(len(line.split(": ", 1)[1]) > 10 for line in lines)
    return [line.split(": ", 1)[1] for line in lines]


def counts(cli: Runner) -> dict[str, int]:
    """Row counts of every table of the CLI's database (read in-process)."""
    ctx = Context.open(cli.db or "")
    try:
        return row_counts(ctx.engine)
    finally:
        ctx.engine.dispose()


def db_path(cli: Runner) -> str:
    assert cli.db is not None
    return str(make_url(cli.db).database)


def test_init_without_flags_is_idempotent(home: Path) -> None:
    cli = Runner(None, home)   # no --db: the default file under ONESTOP_HOME
    cli.now = "2026-03-02T08:00:00+07:00"
    first = ok(cli("init", "--json"))
    created = dict(first.json)
    recovery = created.pop("recovery_key")   # issue 16: shown once, when init creates it
    assert recovery and created.pop("encrypted") is True
    assert created == {"agency_code": AGENCY, "counter": 1, "revision": db.head_revision(),
                          "procedures_loaded": 31, "overrides_loaded": 43,
                          "overrides_added": [], "missing_tet_years": []}
    assert first.err == ""   # 2026 and 2027 are decided; 2028 is only flagged from 01/10/2027
    assert (home / "data" / "onestop.sqlite3").is_file()
    again = ok(cli("init", "--json"))
    assert again.json == {**created, "procedures_loaded": 0, "overrides_loaded": 0,
                          "encrypted": True, "recovery_key": None}


def test_receive_show_and_the_life_of_a_dossier(cli: Runner) -> None:
    r = ok(cli("receive", "--procedure", "2.001914", "--name", "Nguyễn Thị Ánh",
               "--id-number", ID_NUMBER, "--birth-date", "17/05/1990", "--phone", "0912345678",
               "--email", "anh@example.vn", "--address", "12 Trần Phú, Đà Lạt",
               "--channel", "post", "--sets", "2", "--document", "Đơn đề nghị chỉnh sửa|1|0",
               "--document", "Bản sao giấy khai sinh|0|1", "--fee-paid",
               "--received-at", "2026-02-13T10:00", "--json",
               now="2026-02-13T10:05:00+07:00"))
    got = r.json
    assert RECEIVE_KEYS <= set(got) <= RECEIVE_KEYS | {"timeliness"}
    assert str(uuid.UUID(got["id"])) == got["id"]
    code = f"{AGENCY}-260213-0100"
    assert {k: got[k] for k in RECEIVE_KEYS - {"id"}} == {
        "code": code, "received_at": "2026-02-13T10:00:00+07:00",
        "due_at": "2026-02-27T10:00:00+07:00", "status": "received",
        "register_book": "01/2026", "register_no": 1, "agency_code": AGENCY,
        "unit_code": AGENCY, "return_unit_code": AGENCY}

    def event(now: str, *args: str) -> Result:
        return cli("event", code, *args, "--json", now=now)

    steps = [
        ("2026-02-13T14:00:00+07:00", ["transfer", "--to", "Phòng Quản lý chất lượng"],
         "processing", "2026-02-27T10:00:00+07:00"),
        ("2026-02-24T09:00:00+07:00", ["supplement-request", "--missing", "Giấy khai sinh",
                                       "--missing", "Trích lục hộ tịch", "--reason", "Thiếu"],
         "awaiting-supplement", "2026-02-27T10:00:00+07:00"),
        ("2026-02-26T09:00:00+07:00", ["supplement-received"],
         "processing", "2026-03-05T09:00:00+07:00"),   # the limit counts again from 26/02
        ("2026-03-04T09:00:00+07:00", ["reschedule", "--reason", "Cần xác minh",
                                       "--new-due", "2026-03-12T10:00"],
         "processing", "2026-03-12T10:00:00+07:00"),
        ("2026-03-10T15:00:00+07:00", ["result-ready"], "result-ready",
         "2026-03-12T10:00:00+07:00"),
    ]
    for now, args, status, due in steps:
        out = ok(event(now, *args)).json
        assert (out["status"], out["due_at"]) == (status, due), args
        if args[0] == "reschedule":   # a second one needs an admin's override reason
            failed(event(now, "reschedule", "--reason", "Chưa xong",
                         "--new-due", "2026-03-13T10:00"), 2, "override_reason")
    assert out["timeliness"] == "late" and out["sla_due_at"] == "2026-03-05T09:00:00+07:00"
    ok(cli("correct", code, "--field", "phone", "--value", "0987 654 321", "--reason", "Số mới",
           now="2026-03-10T15:05:00+07:00"))
    out = ok(event("2026-03-11T09:00:00+07:00", "return", "--collector", "Nguyễn Thị Ánh",
                   "--collector-id", ID_NUMBER)).json
    assert out["status"] == "returned"

    show = ok(cli("show", code, "--json", now="2026-03-11T09:05:00+07:00")).json
    assert set(show) == SHOW_KEYS
    assert show["names_at_receipt"]["unit"]["code"] == AGENCY
    assert {k: show[k] for k in SHOW_KEYS - {"id", "events", "version",
                                              "names_at_receipt"}} == {
        "code": code, "procedure_code": "2.001914",
        "procedure_name": "Chỉnh sửa nội dung văn bằng, chứng chỉ",
        "field": "Hệ thống văn bằng, chứng chỉ", "applicant_name": "Nguyễn Thị Ánh",
        "id_number": ID_NUMBER, "birth_date": "1990-05-17", "phone": "0987654321",
        "email": "anh@example.vn", "address": "12 Trần Phú, Đà Lạt", "org_name": None,
        "channel": "post", "sets": 2,
        "documents": [{"name": "Đơn đề nghị chỉnh sửa", "original": 1, "copy": 0},
                      {"name": "Bản sao giấy khai sinh", "original": 0, "copy": 1}],
        "fee_vnd": None, "fee_paid": True, "notes": None,
        "received_at": "2026-02-13T10:00:00+07:00", "received_by": "system", "counter_no": 1,
        "register_book": "01/2026", "register_no": 1, "time_limit_days": 5,
        "status": "returned", "timeliness": "late", "due_at": "2026-03-12T10:00:00+07:00",
        "sla_due_at": "2026-03-05T09:00:00+07:00", "finished_at": "2026-03-10T15:00:00+07:00",
        "returned_at": "2026-03-11T09:00:00+07:00", "paused_since": None, "reschedules": 1,
        "department": "Phòng Quản lý chất lượng", "agency_code": AGENCY, "unit_code": AGENCY,
        "return_unit_code": AGENCY, "sex": None, "notify_email": None, "notify_sms": None,
        "portal": {"state": None, "at": None}}    # no portal link on a lone PC
    assert show["id"] == got["id"]
    assert [set(e) for e in show["events"]] == [{"kind", "at", "user", "counter", "payload"}] * 8
    assert [(e["kind"], e["at"], e["user"], e["counter"]) for e in show["events"]] == [
        ("received", "2026-02-13T10:00:00+07:00", "system", 1),
        ("transfer", "2026-02-13T14:00:00+07:00", "system", 1),
        ("supplement-request", "2026-02-24T09:00:00+07:00", "system", 1),
        ("supplement-received", "2026-02-26T09:00:00+07:00", "system", 1),
        ("reschedule", "2026-03-04T09:00:00+07:00", "system", 1),
        ("result-ready", "2026-03-10T15:00:00+07:00", "system", 1),
        ("correct", "2026-03-10T15:05:00+07:00", "system", 1),
        ("return", "2026-03-11T09:00:00+07:00", "system", 1)]
    assert [e["payload"] for e in show["events"]] == [
        {"procedure": "2.001914", "channel": "post"},
        {"to": "Phòng Quản lý chất lượng"},
        {"missing": ["Giấy khai sinh", "Trích lục hộ tịch"], "reason": "Thiếu"},
        {},
        {"reason": "Cần xác minh", "new_due": "2026-03-12T10:00:00+07:00"},
        {},
        {"field": "phone", "old": "0912345678", "new": "0987654321", "reason": "Số mới"},
        {"collector": "Nguyễn Thị Ánh", "collector_id": ID_NUMBER}]


def test_refuse_note_withdraw_void_and_roles(cli: Runner) -> None:
    cli.now = "2026-03-02T09:00:00+07:00"
    b = ok(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình", "--json")).json
    assert ok(cli("event", b["code"], "refuse", "--reason", "Không thuộc thẩm quyền",
                  "--json")).json["status"] == "refused"
    noted = ok(cli("event", b["code"], "note", "--reason", "Đã gọi điện báo", "--json")).json
    assert (noted["status"], noted["timeliness"]) == ("refused", None)
    before = counts(cli)
    [message] = failed(cli("event", b["code"], "return", "--collector", "Trần Văn Bình"), 2,
                       "kind")
    assert "“Trả kết quả”" in message and "“Từ chối”" in message
    assert counts(cli) == before

    c = ok(cli("receive", "--procedure", "1.005142", "--name", "Lê Thị Cúc", "--json")).json
    assert (c["code"], c["due_at"], c["register_no"]) == (f"{AGENCY}-260302-0101", None, 2)
    assert ok(cli("event", c["code"], "withdraw", "--reason", "Công dân rút hồ sơ",
                  "--json")).json["status"] == "withdrawn"
    failed(cli("event", c["code"], "void", "--reason", "Nhập nhầm", user="canbo"), 4, "user")
    voided = ok(cli("event", c["code"], "void", "--reason", "Nhập nhầm", "--json",
                    user="giamsat")).json
    assert voided["status"] == "void" and voided["events"][-1]["user"] == "giamsat"


def test_due_preview_explains_skipped_days(cli: Runner) -> None:
    r = ok(cli("due", "--days", "5", "--received-at", "2026-02-13T10:00", "--json"))
    assert {"due_at", "skipped"} <= set(r.json) <= {"due_at", "skipped", "notes"}
    assert (r.json["due_at"], r.json["skipped"]) == ("2026-02-27T10:00:00+07:00", TET_2026)
    copy = catalogue.local_code(COPY_NAME)
    r = ok(cli("due", "--procedure", copy, "--received-at", "2026-03-13T15:30", "--json"))
    assert (r.json["due_at"], r.json["skipped"]) == (
        "2026-03-16T17:00:00+07:00",
        [{"date": "2026-03-14", "reason": "Thứ Bảy"}, {"date": "2026-03-15", "reason": "Chủ nhật"}])


def test_user_add_passwd_disable(cli: Runner) -> None:
    ok(cli("user", "add", "thu.ha", "--role", "officer", "--full-name", "Phạm Thu Hà",
           stdin="Mot-mat-khau-2026\n"))
    ok(cli("user", "passwd", "thu.ha", stdin="Mat-khau-moi-2026\n"))
    before = counts(cli)
    for weak in ("password1", "Admin@123", "Demo@2026", "Matkhau@2026", "Mat-khau-2026"):
        failed(cli("user", "add", "yeu", "--role", "officer", "--full-name", "Lê Yếu",
                   stdin=weak + "\n"), 2, "password")
    for weak in ("Demo@2026", "thu.ha-Quay-2026!"):
        failed(cli("user", "passwd", "thu.ha", stdin=weak + "\n"), 2, "password")
    assert counts(cli) == before
    ctx = Context.open(cli.db or "")
    try:
        assert users.authenticate(ctx, "thu.ha", "Mat-khau-moi-2026").role == "officer"
    finally:
        ctx.engine.dispose()
    failed(cli("user", "add", "moi", "--role", "admin", "--full-name", "Người Mới",
               stdin=PASSWORD + "\n", user="thu.ha"), 4, "user")
    ok(cli("user", "disable", "thu.ha"))
    failed(cli("show", f"{AGENCY}-260302-0100", user="thu.ha"), 4, "user")


def test_bad_input_exits_2_unknown_code_3_and_writes_nothing(cli: Runner) -> None:
    cli.now = "2026-03-02T09:00:00+07:00"
    before = counts(cli)
    [message] = failed(cli("receive", "--procedure", "9.999999", "--name", "Nguyễn Văn An"), 2,
                       "procedure")
    assert message == "Thủ tục có mã “9.999999” không có trong danh mục thủ tục hành chính."
    [message] = failed(cli("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An",
                           "--received-at", "2030-01-01T08:00"), 2, "received_at")
    assert message == "Thời điểm tiếp nhận không được muộn hơn thời điểm hiện tại quá 5 phút."
    # a malformed date among other bad fields: one line per field, all at once
    messages = failed(cli("receive", "--procedure", "2.001914", "--name", "X", "--birth-date",
                          "31/02/1990", "--phone", "123"), 2, "birth_date", "name", "phone")
    assert messages[0] == "Ngày sinh không tồn tại trên lịch: 31/02/1990."
    code = f"{AGENCY}-260302-1999"
    [message] = failed(cli("show", code), 3, "code")
    assert message == f"Mã hồ sơ “{code}” không tồn tại trong hệ thống."
    assert counts(cli) == before


def test_audit_verify_detects_tampering(cli: Runner) -> None:
    ok(cli("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An",
           now="2026-03-02T09:00:00+07:00"))
    intact = ok(cli("audit", "verify", "--json")).json
    assert intact["ok"] is True and intact["breaks"] == [] and intact["events"] == 1
    with sqlite3.connect(db_path(cli)) as conn:
        conn.execute("UPDATE dossier_event SET user_name = 'mallory'")
        [(raw_id,)] = conn.execute("SELECT id FROM dossier_event").fetchall()
    conn.close()
    broken = cli("audit", "verify", "--json")
    assert broken.rc != 0
    entry = str(uuid.UUID(raw_id))
    assert broken.json["ok"] is False
    assert broken.json["breaks"] == [{"table": "dossier_event", "origin": f"{AGENCY}#1",
                                      "seq": 1, "entry_id": entry, "problem": "hash"}]
    assert entry in broken.err


def test_not_a_database_exits_4_and_unreachable_server_exits_5(home: Path) -> None:
    home.mkdir(parents=True, exist_ok=True)
    junk = home / "notes.sqlite3"
    junk.write_bytes(b"not a database\n" * 400)
    failed(Runner(f"sqlite:///{junk}", home)("show", f"{AGENCY}-260302-0100"), 4, "db")
    assert junk.read_bytes() == b"not a database\n" * 400
    with socket.socket() as s:   # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    closed = f"postgresql+psycopg://onestop:secret@127.0.0.1:{port}/onestop"
    failed(Runner(closed, home)("receive", "--procedure", "2.001914", "--name", "Nguyễn Văn An"),
           5, "db")


def test_the_contract_on_postgresql(pg_database: str, home: Path) -> None:
    cli = Runner(pg_database, home)
    cli.now = "2026-02-13T10:05:00+07:00"
    init = ok(cli("init", "--json")).json
    assert (init["agency_code"], init["procedures_loaded"]) == (AGENCY, 31)
    got = ok(cli("receive", "--procedure", "2.001914", "--name", "Nguyễn Thị Ánh",
                 "--received-at", "2026-02-13T10:00", "--json")).json
    code = f"{AGENCY}-260213-0100"
    assert {k: got[k] for k in RECEIVE_KEYS - {"id"}} == {
        "code": code, "received_at": "2026-02-13T10:00:00+07:00",
        "due_at": "2026-02-27T10:00:00+07:00", "status": "received",
        "register_book": "01/2026", "register_no": 1, "agency_code": AGENCY,
        "unit_code": AGENCY, "return_unit_code": AGENCY}
    assert ok(cli("event", code, "refuse", "--reason", "Không đủ điều kiện",
                  "--json")).json["status"] == "refused"
    failed(cli("event", code, "return", "--collector", "Nguyễn Thị Ánh"), 2, "kind")
    show = ok(cli("show", code, "--json")).json
    assert set(show) == SHOW_KEYS
    assert [(e["kind"], e["at"]) for e in show["events"]] == [
        ("received", "2026-02-13T10:00:00+07:00"), ("refuse", "2026-02-13T10:05:00+07:00")]
    due = ok(cli("due", "--days", "5", "--received-at", "2026-02-13T10:00", "--json")).json
    assert (due["due_at"], due["skipped"]) == ("2026-02-27T10:00:00+07:00", TET_2026)
    failed(cli("show", f"{AGENCY}-260213-1999"), 3, "code")
    verify = ok(cli("audit", "verify", "--json")).json
    assert verify["ok"] is True and verify["events"] == 2


def _file_rows(db: str) -> dict[str, list[tuple[object, ...]]]:
    conn = sqlite3.connect(db.removeprefix("sqlite:///"))
    try:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {n: sorted(map(repr, conn.execute(f'SELECT * FROM "{n}"'))) for n in names}
    finally:
        conn.close()


def test_demo_refuses_a_database_with_real_dossiers_and_join_refuses_a_demo_one(
        cli: Runner, tmp_path: Path, home: Path) -> None:
    assert cli("receive", "--procedure", "2.001914", "--name", "Hà Văn Thật").rc == 0
    before = _file_rows(str(cli.db))
    r = cli("demo", "--dossiers", "20")
    assert r.rc == 2 and r.err_lines == [r.err.strip()] and r.err.startswith("db: ")
    assert "hồ sơ thật" in r.err
    assert _file_rows(str(cli.db)) == before

    demo_db = Runner(f"sqlite:///{tmp_path / 'demo.sqlite3'}", home)
    assert demo_db("demo", "--dossiers", "20").rc == 0
    assert demo_db("demo", "--dossiers", "5").rc == 0     # a demo database takes more
    before = _file_rows(str(demo_db.db))
    settings = home / "config" / "settings.toml"
    had = settings.read_bytes() if settings.exists() else None
    r = demo_db("join", "postgresql://quay1:Sai-mat-khau-9@127.0.0.1:9/onestop")
    # the password in the URL is warned about on its own line (stays off command lines)
    errors = [line for line in r.err_lines if not line.startswith("url: cảnh báo")]
    assert r.rc == 2 and len(errors) == 1 and errors[0].startswith("db: ")
    assert "cơ sở dữ liệu mẫu" in r.err
    assert _file_rows(str(demo_db.db)) == before
    assert (settings.read_bytes() if settings.exists() else None) == had


def test_an_intake_refusal_without_a_reason_is_refused(cli: Runner) -> None:
    cli.now = "2026-03-02T09:00:00+07:00"
    before = counts(cli)
    for blank in ("", "   ", "\t"):
        [message] = failed(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình",
                               f"--refuse={blank}"), 2, "reason")
        assert message == "Lý do không được để trống."
    assert counts(cli) == before       # no normal receipt recorded in its place
    r = ok(cli("receive", "--procedure", "2.001914", "--name", "Trần Văn Bình", "--refuse",
               "Hồ sơ không thuộc thẩm quyền", "--json")).json
    assert r["status"] == "refused"


def test_find_says_when_it_cuts_the_list_and_reads_phones_and_percent_literally(
        cli: Runner) -> None:
    cli.now = "2026-03-02T09:00:00+07:00"
    for _ in range(3):
        ok(cli("receive", "--procedure", "2.001914", "--name", "Phạm Thị Hoa", "--phone",
               "0912345678"))
    r = ok(cli("find", "hoa", "--limit", "2"))
    lines = r.out.splitlines()
    assert len(lines) == 3 and lines[-1].startswith("Chỉ hiện 2 trên 3 hồ sơ tìm thấy")
    assert "thu hẹp tìm kiếm" in lines[-1]
    assert len(ok(cli("find", "hoa")).out.splitlines()) == 3     # all shown: no note
    found = ok(cli("find", "+84 912 345 678", "--limit", "1", "--json")).json
    assert set(found) == {"total", "results"} and found["total"] == 3
    assert [d["name"] for d in found["results"]] == ["Phạm Thị Hoa"]
    assert ok(cli("find", "0912.345.678", "--json")).json["total"] == 3
    for literal in ("%", "_", "h%a", f"{AGENCY}-%"):
        assert ok(cli("find", literal, "--json")).json == {"total": 0, "results": []}
    failed(cli("find", "hoa", "--limit", "0"), 2, "limit")
