"""Mẫu 06 / 07 register as PDF and xlsx, and the catalogue posting."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date, datetime

import openpyxl

from onestop.printing import register_xlsx, render_catalogue, render_register
from onestop.printing.register import REGISTER_COLUMNS, column_bounds
from onestop.printing.register_xlsx import FIRST_DATA_ROW, HEADER_ROW

from .conftest import flat
from .samples import AGENCY, CATALOGUE, CATALOGUE_DATE, PROCEDURE, nfd, register_rows

TextOf = Callable[[bytes], str]
ColumnOf = Callable[[bytes, float, float], str]
JAN1, JAN31 = date(2026, 1, 1), date(2026, 1, 31)


def test_register_pdf(pdf_text: TextOf, pdf_column_text: ColumnOf) -> None:
    rows = register_rows(3)
    pdf = render_register(rows, AGENCY, JAN1, JAN31, book="01")
    text = flat(pdf_text(pdf))
    for item in ("Mẫu số 07 – Thông tư số 03/2025/TT-VPCP", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                 "Độc lập - Tự do - Hạnh phúc", "SỔ THEO DÕI HỒ SƠ", "Quyển số: 01",
                 "Từ ngày 01/01/2026 đến ngày 31/01/2026", "Ngày, tháng, năm",
                 "Nguyễn Thị Ánh Tuyết", "Trần Văn Bình",
                 "05/01/2026", "12/01/2026", "11/01/2026", "Đã trả", "Trang 1/1"):
        assert item in text, item
    # Headings, codes (broken after a hyphen) and procedure names wrap inside their narrow
    # columns: read each column alone.
    for index, heading in enumerate(REGISTER_COLUMNS):
        assert heading in flat(pdf_column_text(pdf, *column_bounds(index))), heading
    codes = pdf_column_text(pdf, *column_bounds(1)).replace("-\n", "-")
    assert "000.00.15.H36-260105-1007" in " ".join(s.strip() for s in codes.split("\n"))
    assert PROCEDURE in flat(pdf_column_text(pdf, *column_bounds(2)))


def test_register_repeats_heading_and_numbers_pages(pdf_text: TextOf) -> None:
    pages = [p for p in pdf_text(render_register(register_rows(60), AGENCY, JAN1, JAN31))
             .split("\f") if p.strip()]
    assert len(pages) >= 3
    for n, page in enumerate(pages, start=1):
        text = flat(page)
        assert "Ngày, tháng, năm" in text and "Tên thủ tục hành chính" in text
        assert f"Trang {n}/{len(pages)}" in text


def test_register_2018_form_number(pdf_text: TextOf) -> None:
    pdf = render_register([], AGENCY, date(2025, 8, 1), date(2025, 8, 31))
    text = flat(pdf_text(pdf))
    assert "Mẫu số 06 – Thông tư số 01/2018/TT-VPCP" in text
    assert "Không có hồ sơ trong khoảng thời gian này." in text


def test_register_nfd_and_determinism(pdf_text: TextOf, pdf_column_text: ColumnOf) -> None:
    rows = register_rows(2)
    decomposed = [r.__class__(**{**r.__dict__, "applicant": nfd(r.applicant),
                                 "procedure_name": nfd(r.procedure_name)}) for r in rows]
    pdf = render_register(decomposed, AGENCY, JAN1, JAN31)
    assert "Nguyễn Thị Ánh Tuyết" in flat(pdf_text(pdf))
    assert PROCEDURE in flat(pdf_column_text(pdf, *column_bounds(2)))
    assert pdf == render_register(rows, AGENCY, JAN1, JAN31)


def test_register_xlsx() -> None:
    rows = register_rows(3)
    data = register_xlsx(rows, AGENCY, JAN1, JAN31)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws["A4"].value == "SỔ THEO DÕI HỒ SƠ"
    assert ws["A5"].value == "Từ ngày 01/01/2026 đến ngày 31/01/2026"
    top, second = HEADER_ROW, HEADER_ROW + 1
    assert [ws.cell(top, c).value for c in (1, 2, 3, 4)] == [
        "TT", "Mã hồ sơ", "Tên thủ tục hành chính", "Số lượng hồ sơ (bộ)"]
    assert ws.cell(top, 8).value == "Ngày, tháng, năm"
    assert [ws.cell(second, c).value for c in range(8, 13)] == [
        "Nhận hồ sơ", "Hẹn trả kết quả", "Chuyển hồ sơ đến cơ quan giải quyết",
        "Nhận kết quả từ cơ quan giải quyết", "Trả kết quả cho cá nhân, tổ chức"]
    assert ws.cell(top, 13).value == "Ghi chú"
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert f"H{top}:L{top}" in merged and f"A{top}:A{second}" in merged
    header = ws.cell(top, 2)
    assert header.font.b and header.alignment.wrap_text and header.border.left.style == "thin"
    assert ws.freeze_panes == f"C{FIRST_DATA_ROW}"
    assert ws.column_dimensions["C"].width == 40

    first = [ws.cell(FIRST_DATA_ROW, c).value for c in range(1, 14)]
    assert first[:7] == [1, rows[0].code, PROCEDURE, 1, "Nguyễn Thị Ánh Tuyết",
                         "Phường Xuân Hương - Đà Lạt; 0912 345 678", "Phòng Giáo dục trung học"]
    assert first[7] == datetime(2026, 1, 5) and first[8] == datetime(2026, 1, 12)
    assert first[12] == "Đã trả"
    received = ws.cell(FIRST_DATA_ROW, 8)
    assert received.is_date and received.number_format == "dd/mm/yyyy"
    assert ws.cell(FIRST_DATA_ROW + 2, 11).value is None  # no result yet on the third row


def test_register_xlsx_deterministic_and_nfc() -> None:
    rows = register_rows(2)
    decomposed = [r.__class__(**{**r.__dict__, "applicant": nfd(r.applicant)}) for r in rows]
    data = register_xlsx(decomposed, AGENCY, JAN1, JAN31)
    assert data == register_xlsx(rows, AGENCY, JAN1, JAN31)
    ws = openpyxl.load_workbook(io.BytesIO(data)).active
    assert ws.cell(FIRST_DATA_ROW, 5).value == "Nguyễn Thị Ánh Tuyết"


def test_catalogue(pdf_text: TextOf) -> None:
    pdf = render_catalogue(CATALOGUE, AGENCY, CATALOGUE_DATE)
    text = flat(pdf_text(pdf))
    for item in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                 "Lâm Đồng, ngày 05 tháng 01 năm 2026", "DANH MỤC THỦ TỤC HÀNH CHÍNH",
                 "cập nhật đến ngày 05/01/2026", "I. LĨNH VỰC VĂN BẰNG, CHỨNG CHỈ (2 thủ tục)",
                 "II. LĨNH VỰC GIÁO DỤC TRUNG HỌC (2 thủ tục)", "1.005092", PROCEDURE,
                 "- Giấy khai sinh", "5 ngày làm việc", "Trong ngày", "9.000 đồng", "Không",
                 "LĐ.GD.01 (*)", "(*) Thủ tục hành chính riêng của địa phương.", "Trang 1/1"):
        assert item in text, item
    assert text.index("I. LĨNH VỰC VĂN BẰNG") < text.index("Cấp bản sao văn bằng")
    assert text.index("Cấp bản sao văn bằng") < text.index("II. LĨNH VỰC GIÁO DỤC TRUNG HỌC")
    assert text.index("II. LĨNH VỰC GIÁO DỤC TRUNG HỌC") < text.index("Tiếp nhận học sinh")
    assert pdf == render_catalogue(CATALOGUE, AGENCY, CATALOGUE_DATE)


def test_catalogue_nfd(pdf_text: TextOf) -> None:
    entry = CATALOGUE[0].__class__(**{**CATALOGUE[0].__dict__, "name": nfd(PROCEDURE),
                                     "field": nfd("Văn bằng, chứng chỉ")})
    text = flat(pdf_text(render_catalogue([entry], AGENCY, CATALOGUE_DATE)))
    assert PROCEDURE in text and "LĨNH VỰC VĂN BẰNG, CHỨNG CHỈ" in text
    assert "(*)" not in text
