"""The command lines of the rules in force in December 2026, through the real CLI: stopping a
dossier and its notice (Mẫu 05, TT 03/2025/TT-VPCP), the shipped 2026–2027 calendar, holiday
changes that move appointments, and the 15:00 boundary."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import Runner
from tests.cli.test_cli import AGENCY, counts, failed, ok
from tests.support import pdf as tools

NOW = "2026-12-01T09:00:00+07:00"


def _receive(cli: Runner, name: str = "Nguyễn Văn An", at: str = "2026-12-01T09:00",
             procedure: str = "2.001914") -> str:
    r = ok(cli("receive", "--procedure", procedure, "--name", name, "--address",
               "12 Lê Lợi, Đà Lạt", "--received-at", at, "--json"))
    return str(r.json["code"])


def test_stop_then_return_exits_2_and_the_notice_prints(cli: Runner, tmp_path: Path) -> None:
    cli.now = NOW
    code = _receive(cli)
    before = counts(cli)
    failed(cli("event", code, "stop"), 2, "reason")                       # no reason
    failed(cli("event", code, "stop", "--reason", "   "), 2, "reason")
    failed(cli("event", code, "stop", "--reason", "Dừng", "--ground", "boredom"), 2, "ground")
    [message] = failed(cli("form", "stop", code, "--out", str(tmp_path / "x.pdf")), 2, "kind")
    assert "Thông báo dừng giải quyết hồ sơ" in message
    assert counts(cli) == before and not (tmp_path / "x.pdf").exists()

    r = ok(cli("event", code, "stop", "--reason", "Công dân có văn bản đề nghị dừng",
               "--ground", "applicant-request", "--json")).json
    assert (r["status"], r["timeliness"]) == ("stopped", None)
    assert r["events"][-1]["kind"] == "stop"
    assert r["events"][-1]["payload"] == {"reason": "Công dân có văn bản đề nghị dừng",
                                          "ground": "applicant-request"}
    before = counts(cli)
    [message] = failed(cli("event", code, "return", "--collector", "Nguyễn Văn An"), 2, "kind")
    assert "“Dừng giải quyết”" in message
    failed(cli("event", code, "stop", "--reason", "Lần nữa"), 2, "kind")
    assert counts(cli) == before
    shown = ok(cli("show", code, "--json")).json
    assert (shown["status"], shown["timeliness"]) == ("stopped", None)

    out = tmp_path / "mau05.pdf"
    assert ok(cli("form", "stop", code, "--out", str(out), "--json")).json["kind"] == "stop"
    text = tools.text(out)
    for words in ("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ", "Mẫu số 05 – Thông tư số 03/2025/TT-VPCP",
                  "UBND TỈNH LÂM ĐỒNG", "SỞ GIÁO DỤC VÀ ĐÀO TẠO",
                  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  f"Mã hồ sơ: {code}", "Kính gửi: Nguyễn Văn An",
                  "Chỉnh sửa nội dung văn bằng, chứng chỉ",
                  "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 01 tháng 12 năm 2026",
                  "Theo đề nghị bằng văn bản của tổ chức, cá nhân",
                  "Công dân có văn bản đề nghị dừng", "Lâm Đồng, ngày 01 tháng 12 năm 2026",
                  "GIÁM ĐỐC"):
        assert words in text, words
    assert tools.barcodes(out, tmp_path) == [[code]]


def test_stop_is_refused_on_finished_and_closed_dossiers(cli: Runner) -> None:
    cli.now = NOW
    refused, withdrawn, returned, voided = (_receive(cli, n) for n in (
        "Trần Văn Bình", "Lê Thị Cúc", "Phạm Văn Dũng", "Hoàng Thị Em"))
    ok(cli("event", refused, "refuse", "--reason", "Không thuộc thẩm quyền"))
    ok(cli("event", withdrawn, "withdraw", "--reason", "Rút hồ sơ"))
    ok(cli("event", returned, "result-ready"))
    ok(cli("event", returned, "return", "--collector", "Phạm Văn Dũng"))
    ok(cli("event", voided, "void", "--reason", "Nhập nhầm"))
    before = counts(cli)
    for code in (refused, withdrawn, returned, voided):
        failed(cli("event", code, "stop", "--reason", "Dừng giải quyết"), 2, "kind")
    assert counts(cli) == before
    # the default ground is "other"
    code = _receive(cli, "Đỗ Văn Giang")
    r = ok(cli("event", code, "stop", "--reason", "Hồ sơ không còn căn cứ giải quyết",
               "--json")).json
    assert r["events"][-1]["payload"]["ground"] == "other"
    assert code.startswith(AGENCY)


def test_calendar_changes_due_boundary_and_list(cli: Runner, tmp_path: Path) -> None:
    from onestop.services import catalogue
    from tests.cli.test_cli import COPY_NAME

    cli.now = NOW
    moved = _receive(cli, "Nguyễn Văn An", "2026-12-01T08:00")       # due Tue 08/12 08:00
    _receive(cli, "Trần Thị Bình", "2026-11-23T08:00")                # due before 04/12
    before = counts(cli)
    r = ok(cli("calendar", "set", "2026-12-04", "off", "--name", "Nghỉ đột xuất", "--decision",
               "QĐ 9/QĐ-UBND", "--dry-run", "--json"))
    assert r.json["moved"] == [{"code": moved, "old_due_at": "2026-12-08T08:00:00+07:00",
                                "new_due_at": "2026-12-09T08:00:00+07:00"}]
    assert counts(cli) == before                                       # nothing written
    for bad in (("set", "2026-13-04", "off", "--name", "X"),
                ("set", "2026-12-05", "off", "--name", "Thứ Bảy", "--dry-run", "--json"),
                ("remove", "2026-12-07", "--dry-run", "--json")):
        failed(cli("calendar", *bad), 2, "date")
    assert counts(cli) == before
    notices = tmp_path / "thong-bao.pdf"
    r = ok(cli("calendar", "set", "2026-12-04", "off", "--name", "Nghỉ đột xuất", "--decision",
               "QĐ 9/QĐ-UBND", "--notices-out", str(notices), "--json"))
    assert [m["code"] for m in r.json["moved"]] == [moved] and r.json["applied"]
    shown = ok(cli("show", moved, "--json")).json
    assert shown["due_at"] == "2026-12-09T08:00:00+07:00"
    event = shown["events"][-1]
    assert event["kind"] == "calendar-reschedule"
    assert (event["payload"]["old_due"], event["payload"]["new_due"],
            event["payload"]["decision"]) == ("2026-12-08T08:00:00+07:00",
                                              "2026-12-09T08:00:00+07:00", "QĐ 9/QĐ-UBND")
    text = tools.text(notices)
    assert "THÔNG BÁO THAY ĐỔI NGÀY HẸN TRẢ KẾT QUẢ" in text and "QĐ 9/QĐ-UBND" in text
    assert "08 giờ 00 phút, ngày 09 tháng 12 năm 2026" in text
    assert tools.barcodes(notices, tmp_path) == [[moved]]
    r = ok(cli("calendar", "remove", "2026-12-04", "--dry-run", "--json"))
    assert [m["new_due_at"] for m in r.json["moved"]] == ["2026-12-08T08:00:00+07:00"]

    listed = ok(cli("calendar", "list", "--year", "2027", "--json")).json["overrides"]
    tet = [o for o in listed if o["tet"]]
    assert [o["date"] for o in tet] == [f"2027-02-{d:02d}" for d in range(4, 11)]
    assert all("10065/VPCP-KGVX" in o["decision"] for o in tet)
    assert "10065/VPCP-KGVX" in ok(cli("calendar", "list", "--year", "2026")).out

    copy = catalogue.local_code(COPY_NAME)
    at_three = ok(cli("due", "--procedure", copy, "--received-at", "2026-11-23T15:00:00",
                      "--json")).json
    after_three = ok(cli("due", "--procedure", copy, "--received-at", "2026-11-23T15:00:01",
                         "--json")).json
    assert at_three["due_at"] == "2026-11-23T17:00:00+07:00"
    assert after_three["due_at"] == "2026-11-25T17:00:00+07:00"        # 24/11 is off
    assert after_three["skipped"] == [{"date": "2026-11-24",
                                       "reason": "Ngày Văn hóa Việt Nam (nghỉ 01 ngày)"}]


def test_settings_after_hours(cli: Runner) -> None:
    cli.now = NOW
    late = ("due", "--days", "2", "--received-at", "2026-12-01T18:00", "--json")
    assert ok(cli(*late)).json["due_at"] == "2026-12-04T07:30:00+07:00"
    r = ok(cli("settings", "set", "after-hours", "same-day", "--json"))
    assert r.json["settings"]["after-hours"] == "same-day"
    assert ok(cli(*late)).json["due_at"] == "2026-12-03T17:00:00+07:00"
    before = counts(cli)
    failed(cli("settings", "set", "after-hours", "whenever"), 2, "after_hours")
    assert counts(cli) == before
    # an officer may not change it (the refusal itself is audited)
    failed(cli("settings", "set", "after-hours", "next-working-day", user="canbo"), 4, "user")
    ok(cli("settings", "set", "after-hours", "next-working-day"))
    assert ok(cli(*late)).json["due_at"] == "2026-12-04T07:30:00+07:00"
