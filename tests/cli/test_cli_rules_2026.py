"""The command lines of the rules in force in December 2026, through the real CLI: stopping a
dossier and its notice (Mẫu 05, TT 03/2025/TT-VPCP), the shipped 2026–2027 calendar, holiday
changes that move appointments, and the 15:00 boundary."""

from __future__ import annotations

from pathlib import Path

from tests.cli.conftest import Cli
from tests.cli.test_cli import AGENCY, counts, failed, ok
from tests.printing_integration import tools

NOW = "2026-12-01T09:00:00+07:00"


def _receive(cli: Cli, name: str = "Nguyễn Văn An", at: str = "2026-12-01T09:00",
             procedure: str = "2.001914") -> str:
    r = ok(cli("receive", "--procedure", procedure, "--name", name, "--address",
               "12 Lê Lợi, Đà Lạt", "--received-at", at, "--json"))
    return str(r.json["code"])


def test_stop_then_return_exits_2_and_the_notice_prints(cli: Cli, tmp_path: Path) -> None:
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


def test_stop_is_refused_on_finished_and_closed_dossiers(cli: Cli) -> None:
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
