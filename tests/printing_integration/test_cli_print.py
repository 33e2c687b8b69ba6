"""``onestop receipt|form|report register|catalogue print`` in a subprocess, read back with
pdftotext, pdfinfo, pdftoppm + zxing-cpp and openpyxl."""

from __future__ import annotations

import json
from tests import rawdb as sqlite3
from pathlib import Path

import openpyxl
import pytest

from onestop.printing.register import column_bounds
from tests.support.cli import Runner
from tests.printing_integration import scenario as sc
from tests.support import pdf as tools

# Each command is a Python start-up (~2 s with reportlab, openpyxl and the calendar).
pytestmark = pytest.mark.slow

NATIONAL = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")


def _common(text: str, code: str) -> None:
    """Quốc hiệu, tiêu ngữ, agency and the dossier code on every dossier form."""
    for words in (*NATIONAL, "SỞ GIÁO DỤC VÀ ĐÀO TẠO", code):
        assert words in text


@pytest.mark.parametrize("layout", ["a4", "k80"])
def test_receipt_text_and_barcode(pcli: Runner, codes: sc.Codes, tmp_path: Path,
                                  layout: str) -> None:
    out = tmp_path / f"receipt-{layout}.pdf"
    r = pcli("receipt", codes.full, "--out", str(out), "--layout", layout, "--json",
             user="canbo")
    assert r.rc == 0, r.err
    assert r.json["file"] == str(out) and r.json["layout"] == layout
    text = tools.text(out)
    _common(text, codes.full)
    # data minimisation: Mẫu 01 does not require the CCCD, so it is masked like the lists
    assert sc.ID_NUMBER not in text
    for words in (sc.APPLICANT, sc.PROCEDURE, "068******234",
                  "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
                  "09 giờ 15 phút, ngày 02 tháng 03 năm 2026",  # received, to the minute
                  "Nguyễn Thị Cán Bộ"):  # the receiving officer's full name
        assert words in text, words
    pages = tools.receipt_codes(out, tmp_path, codes.full)
    assert pages == ([[codes.full], [codes.full]] if layout == "a4" else [[codes.full]])
    if layout == "k80":
        assert tools.page_width_mm(out) == pytest.approx(80, abs=0.5)
    else:
        assert "Liên 2" in text  # both copies in one document


def test_postal_receipt_says_where_the_result_goes(pcli: Runner, codes: sc.Codes,
                                                   tmp_path: Path) -> None:
    out = tmp_path / "postal.pdf"
    assert pcli("receipt", codes.postal, "--out", str(out)).rc == 0
    assert "Nhận qua dịch vụ bưu chính công ích" in tools.text(out)


def _audit(db: Path, code: str) -> list[tuple[str, str, dict[str, object]]]:
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT action, actor, details FROM audit_entry WHERE target = ?"
                            " ORDER BY seq", (code,)).fetchall()
    return [(a, u, json.loads(d)) for a, u, d in rows]


def test_reprint_needs_a_reason_and_is_audited(pcli: Runner, codes: sc.Codes, scenario_db: Path,
                                               tmp_path: Path) -> None:
    first, again = tmp_path / "first.pdf", tmp_path / "again.pdf"
    assert pcli("receipt", codes.full, "--out", str(first), user="canbo").rc == 0
    r = pcli("receipt", codes.full, "--out", str(again), user="canbo")
    assert r.rc == 2
    assert r.err_lines[-1].startswith("reprint_reason: ")
    assert "Lý do in lại" in r.err
    assert not again.exists()  # nothing written when refused
    r = pcli("receipt", codes.full, "--out", str(again), "--layout", "k80",
             "--reprint-reason", "Người nộp làm mất giấy hẹn", user="canbo")
    assert r.rc == 0, r.err
    assert tools.receipt_codes(again, tmp_path, codes.full) == [[codes.full]]
    log = _audit(scenario_db, codes.full)
    assert [(a, u) for a, u, _ in log] == [("receipt.print", "canbo"),
                                           ("receipt.reprint", "canbo")]
    assert log[1][2]["reason"] == "Người nộp làm mất giấy hẹn"
    assert log[1][2]["copy"] == 2
    assert [a for a, _, _ in _audit(scenario_db, codes.early)] == []  # per dossier


def test_no_receipt_for_an_intake_refusal(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    r = pcli("receipt", codes.intake, "--out", str(tmp_path / "x.pdf"))
    assert r.rc == 2 and r.err.startswith("code: ")
    assert pcli("receipt", "000.00.15.H36-260302-9999", "--out", str(tmp_path / "y.pdf")).rc == 3


def test_supplement_slip(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    out = tmp_path / "supplement.pdf"
    assert pcli("form", "supplement", codes.full, "--out", str(out), user="canbo").rc == 0
    text = tools.text(out)
    _common(text, codes.full)
    for words in ("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ", sc.APPLICANT, sc.PROCEDURE,
                  *sc.MISSING, sc.SUPPLEMENT_REASON, "ngày 03 tháng 03 năm 2026",
                  "Nguyễn Thị Cán Bộ"):
        assert words in text, words


def test_refusal_slips(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    for code, reason, day in ((codes.refused, sc.REFUSE_REASON, "ngày 03 tháng 03 năm 2026"),
                              (codes.intake, sc.INTAKE_REASON, "ngày 02 tháng 03 năm 2026")):
        out = tmp_path / f"refusal-{code}.pdf"
        assert pcli("form", "refusal", code, "--out", str(out)).rc == 0
        text = tools.text(out)
        _common(text, code)
        for words in ("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ", reason, day, sc.PROCEDURE):
            assert words in text, words


def test_apology_quotes_old_and_new_dates(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    out = tmp_path / "apology.pdf"
    assert pcli("form", "apology", codes.full, "--out", str(out)).rc == 0
    text = tools.text(out)
    _common(text, codes.full)
    assert "XIN LỖI" in text and sc.APPLICANT in text and sc.RESCHEDULE_REASON in text
    assert "16 giờ 00 phút, ngày 20 tháng 03 năm 2026" in text  # the new appointment
    # the appointment being moved: 5 working days from the supplement (Wed 04/03) → 11/03
    assert "ngày 11 tháng 03 năm 2026" in text
    assert "Ngày 02/03/2026" in text  # when it was received


def test_control_sheet_rows_from_events(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    out = tmp_path / "control.pdf"
    assert pcli("form", "control", codes.full, "--out", str(out)).rc == 0
    text = tools.text(out)
    _common(text, codes.full)
    for words in ("PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ", sc.APPLICANT,
                  "1. Giao: Bộ phận Một cửa", f"2. Nhận: {sc.DEPARTMENT}",
                  f"1. Giao: {sc.DEPARTMENT}", "2. Nhận: Bộ phận Một cửa",
                  "Quá hạn",  # rescheduled: the result counts late
                  f"Người nhận: {sc.COLLECTOR}", "ngày 18 tháng 03 năm 2026"):
        assert words in text, words
    early = tmp_path / "control-early.pdf"
    assert pcli("form", "control", codes.early, "--out", str(early)).rc == 0
    assert "Trước hạn" in tools.text(early)


def test_a_form_without_its_event_names_kind(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    for kind in ("supplement", "refusal", "apology"):
        out = tmp_path / f"{kind}.pdf"
        r = pcli("form", kind, codes.early, "--out", str(out))
        assert r.rc == 2, (kind, r.err)
        assert r.err.startswith("kind: ") and codes.early in r.err
        assert not out.exists()
    assert pcli("form", "bogus", codes.early, "--out", str(tmp_path / "b.pdf")).rc == 2


def test_register_pdf_and_xlsx(pcli: Runner, codes: sc.Codes, scenario_db: Path,
                               tmp_path: Path) -> None:
    pdf, xlsx = tmp_path / "register.pdf", tmp_path / "register.xlsx"
    args = ("report", "register", "--from", "2026-03-01", "--to", "2026-03-31")
    assert pcli(*args, "--format", "pdf", "--out", str(pdf), user="canbo").rc == 4
    r = pcli(*args, "--format", "pdf", "--out", str(pdf), user="giamsat")
    assert r.rc == 0, r.err
    text = tools.text(pdf)
    for words in ("SỔ THEO DÕI HỒ SƠ", *NATIONAL, sc.APPLICANT, sc.POSTAL,
                  "01/03/2026", "31/03/2026"):
        assert words in text, words
    # the narrow code column wraps each code after a hyphen: read the column alone
    column = [c for c in tools.column_lines(pdf, *column_bounds(1)) if c in codes.all()]
    assert column == list(codes.all())
    assert pcli(*args, "--format", "xlsx", "--out", str(xlsx), user="giamsat").rc == 0
    sheet = openpyxl.load_workbook(xlsx).active
    cells = [[c for c in row] for row in sheet.iter_rows(values_only=True)]
    listed = [row[1] for row in cells if row[1] in codes.all()]
    assert listed == list(codes.all())  # by receipt, each once
    full = next(row for row in cells if row[1] == codes.full)
    assert sc.APPLICANT in full[4] and full[2] == sc.PROCEDURE
    exports = [(u, d["format"], d["rows"]) for a, u, d in _audit(scenario_db, "000.00.15.H36")
               if a == "export.register"]
    assert exports == [("giamsat", "pdf", 5), ("giamsat", "xlsx", 5)]


def test_register_range_and_format_errors(pcli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "r.pdf"
    r = pcli("report", "register", "--from", "2026-03-31", "--to", "2026-03-01",
             "--format", "pdf", "--out", str(out))
    assert r.rc == 2 and r.err.startswith("to_date: ")
    r = pcli("report", "register", "--from", "2026-03-01", "--to", "2026-03-31",
             "--out", str(out))  # --format defaults to json for the other reports
    assert r.rc == 2 and r.err.startswith("format: ")
    r = pcli("report", "register", "--from", "2026-04-01", "--to", "2026-04-30",
             "--format", "pdf", "--out", str(out))
    assert r.rc == 0 and "SỔ THEO DÕI HỒ SƠ" in tools.text(out)  # an empty period still prints


def test_catalogue_print(pcli: Runner, tmp_path: Path) -> None:
    out = tmp_path / "catalogue.pdf"
    r = pcli("catalogue", "print", "--out", str(out), user="canbo")
    assert r.rc == 0, r.err
    text = tools.text(out)
    assert sc.PROCEDURE in text and sc.PROCEDURE_CODE in text
    assert int(tools.info(out)["Pages"]) >= 1


def test_output_is_written_atomically(pcli: Runner, codes: sc.Codes, tmp_path: Path) -> None:
    out = tmp_path / "sub" / "control.pdf"
    r = pcli("form", "control", codes.full, "--out", str(out))
    assert r.rc == 2 and r.err.startswith("file: ")
    out.parent.mkdir()
    out.write_bytes(b"old")
    assert pcli("form", "control", codes.full, "--out", str(out)).rc == 0
    assert out.read_bytes().startswith(b"%PDF")
    assert [p.name for p in out.parent.iterdir()] == ["control.pdf"]  # no temp file left
