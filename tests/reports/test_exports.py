"""Exports and the CLI: the xlsx cells, the PDFs' text (pdftotext), JSON, audit, refusals."""

from __future__ import annotations

import json
import re
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from onestop.cli import main
from onestop.services import reports
from onestop.services.reports import export as report_export
from onestop.services.context import Context
from onestop.services.reports.types import Period
from onestop.storage.models import AuditEntry
from tests.reports import scenario as sc
from tests.reports.conftest import Built

MAY = Period(date(2026, 5, 1), date(2026, 5, 31))
#: The total row as printed: to handle, carried, received, finished, early, on time, late,
#: in progress, on track, overdue, paused, refused or withdrawn, stopped, rate (%), mean days.
TOTAL_ROW = [19, 5, 14, 6, 1, 1, 3, 8, 4, 3, 2, 3, 0, 40.0, 7.0]


def pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                         capture_output=True, text=True)
    return re.sub(r"[ \t]+", " ", out.stdout)


def test_period_xlsx_cells(sup: Context) -> None:
    data = report_export.export(sup, "period", "xlsx", MAY, target="may.xlsx")
    from io import BytesIO

    wb = load_workbook(BytesIO(data))
    ws = wb["Báo cáo"]
    assert ws["A3"].value == report_export.TITLE
    assert ws["A4"].value == "Kỳ báo cáo: từ ngày 01/05/2026 đến ngày 31/05/2026"
    assert (ws["D6"].value, ws["G6"].value, ws["K6"].value) == (
        "Số hồ sơ nhận giải quyết", "Số hồ sơ đã giải quyết", "Số hồ sơ đang giải quyết")
    assert [ws.cell(7, c).value for c in range(4, 14)] == [
        "Tổng số", "Tồn kỳ trước", "Tiếp nhận trong kỳ", "Tổng số", "Trước hạn", "Đúng hạn",
        "Quá hạn", "Tổng số", "Trong hạn", "Quá hạn"]
    assert ws["B8"].value == "TỔNG CỘNG"
    assert [ws.cell(8, c).value for c in range(4, 19)] == TOTAL_ROW
    assert ws.cell(6, 16).value == "Dừng giải quyết"
    rows = {ws.cell(r, 3).value: [ws.cell(r, c).value for c in range(4, 19)]
            for r in range(9, ws.max_row + 1) if ws.cell(r, 3).value}
    # P5: carried A B Q W; received D E G H J1 J2 L N S; finished A B D E W
    assert rows[sc.P5][:4] == [13, 4, 9, 5]
    assert rows[sc.P5][13:] == [40.0, 6.6]
    assert ws.merged_cells.ranges  # grouped headings are merged
    channels = wb["Kênh tiếp nhận"]
    assert [c.value for c in channels["B"]][1:] == [11, 1, 1, 1, 14]


def test_period_pdf_text(sup: Context, tmp_path: Path) -> None:
    text = pdf_text(report_export.export(sup, "period", "pdf", MAY), tmp_path)
    assert "BÁO CÁO TÌNH HÌNH, KẾT QUẢ GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH" in text
    assert "Kỳ báo cáo: từ ngày 01/05/2026 đến ngày 31/05/2026" in text
    assert "Số liệu tính đến 10:00 20/05/2026" in text
    total = next(line for line in text.splitlines() if "TỔNG CỘNG" in line)
    # the last column: no portal information in this database (test_portal_column.py)
    assert total.split()[2:] == ["19", "5", "14", "6", "1", "1", "3", "8", "4", "3", "2", "3",
                                 "0", "40,0", "7,0", "–"]
    assert "Hệ thống văn bằng, chứng chỉ" in text and "Tỷ lệ đúng hạn" in text


def test_briefing_pdf_text(sup: Context, built: Built, tmp_path: Path) -> None:
    text = pdf_text(report_export.export(sup, "briefing", "pdf"), tmp_path)
    assert "BÁO CÁO ĐẦU NGÀY" in text and "Lúc 10:00 20/05/2026" in text
    assert re.search(r"Hồ sơ đến hạn hôm nay 2\n", text)
    assert re.search(r"Hồ sơ quá hạn đang giải quyết 3\n", text)
    assert "Tỷ lệ giải quyết đúng hạn tháng 05/2026 40,0 % (2/5 hồ sơ)" in text
    assert "4. Hồ sơ chờ bổ sung quá 3 ngày làm việc: 2 hồ sơ" in text
    assert re.search(rf"{sc.QLCL} {sc.OFFICER2} 2\n", text)
    for letter in ("G", "S", "J1", "J2", "U", "F"):
        assert built.codes[letter] in text, letter


def test_export_is_audited_and_refused_to_officers(built: Built) -> None:
    sup = Context.open(built.url, sc.SUPERVISOR, clock=lambda: sc.NOW)
    officer = sup.as_user(sc.OFFICER1)
    try:
        report_export.export(sup, "period", "xlsx", MAY, target="thang-5.xlsx")
        with sup.reading() as s:
            last = s.scalars(select(AuditEntry).where(AuditEntry.action == "report.export")
                             .order_by(AuditEntry.seq.desc())).first()
        assert last is not None and last.actor == sc.SUPERVISOR
        assert last.details == {"format": "xlsx", "file": "thang-5.xlsx"}
        from onestop.services.errors import Forbidden, ValidationError

        with pytest.raises(Forbidden):
            report_export.export(officer, "briefing", "pdf")
        with pytest.raises(ValidationError):
            report_export.export(sup, "briefing", "xlsx")
    finally:
        sup.engine.dispose()


def cli(built: Built, capsys: Any, *argv: str, user: str = sc.SUPERVISOR) -> tuple[int, str]:
    code = main(["--db", built.url, "--user", user, "report", *argv,
                 "--now", "2026-05-20T10:00:00+07:00"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_cli_json_matches_the_service(built: Built, sup: Context, capsys: Any,
                                      monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    code, out = cli(built, capsys, "period", "--from", "2026-05-01", "--to", "2026-05-31")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(
        reports.period_report(sup, MAY).to_json(), ensure_ascii=False, default=str))
    code, out = cli(built, capsys, "overdue")
    data = json.loads(out)
    assert data["count"] == 3
    assert [d["code"] for d in data["dossiers"]] == [built.codes[k] for k in ("Q", "H", "S")]
    code, out = cli(built, capsys, "overview")
    assert json.loads(out)["live"]["overdue"] == 3
    code, out = cli(built, capsys, "briefing")
    assert [d["code"] for d in json.loads(out)["due_today"]["dossiers"]] == [
        built.codes["S"], built.codes["G"]]


def test_cli_files_and_errors(built: Built, capsys: Any, monkeypatch: pytest.MonkeyPatch,
                              tmp_path: Path) -> None:
    monkeypatch.setenv("ONESTOP_HOME", str(tmp_path / "home"))
    out_file = tmp_path / "ky.xlsx"
    code, _ = cli(built, capsys, "period", "--format", "xlsx", "--out", str(out_file))
    assert code == 0 and load_workbook(out_file)["Báo cáo"]["B8"].value == "TỔNG CỘNG"
    code, _ = cli(built, capsys, "briefing", "--format", "pdf", "--out", str(tmp_path / "b.pdf"))
    assert code == 0 and (tmp_path / "b.pdf").read_bytes().startswith(b"%PDF")
    assert cli(built, capsys, "overdue", "--format", "pdf", "--out", "x.pdf")[0] == 2
    code, err = cli(built, capsys, "period", "--format", "pdf")
    assert code == 2 and err.startswith("file:")
    code, err = cli(built, capsys, "period", "--from", "2026-05-31", "--to", "2026-05-01")
    assert code == 2 and err.startswith("to_date:")
    assert cli(built, capsys, "overview", user=sc.OFFICER1)[0] == 4
