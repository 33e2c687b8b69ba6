"""The Sổ theo dõi hồ sơ as an Excel workbook (openpyxl), for offices that keep it in Excel."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Sequence
from datetime import date, datetime, time

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.xml.functions import tostring

from onestop.printing.common import NATIONAL_MOTTO, NATIONAL_NAME
from onestop.printing.models import AgencyHeader, RegisterRow
from onestop.printing.register import (
    DATE_FIRST,
    DATE_GROUP,
    DATE_LAST,
    REGISTER_COLUMNS,
    register_period_text,
)
from onestop.printing.templates import template_for
from onestop.printing.textfmt import local, nfc

__all__ = ["FIRST_DATA_ROW", "HEADER_ROW", "register_xlsx"]

HEADER_ROW = 7  # first of the two heading rows
FIRST_DATA_ROW = HEADER_ROW + 2
DATE_FORMAT = "dd/mm/yyyy"
_WIDTHS = (5, 27, 40, 9, 24, 28, 22, 12, 12, 14, 14, 14, 18)
_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_WRAP_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
_HEAD_FILL = PatternFill("solid", fgColor="EBEBEB")
_FONT = "Times New Roman"  # the font Vietnamese offices expect in Excel
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def register_xlsx(
    rows: Sequence[RegisterRow], agency: AgencyHeader, date_from: date, date_to: date
) -> bytes:
    """Export the register for a period as .xlsx bytes.

    Layout: agency and national headings, title and period, a two-level bold wrapped
    heading (the five date columns under "Ngày, tháng, năm"), bordered rows, frozen headings,
    dates as real Excel dates shown dd/mm/yyyy.  The same rows give the same bytes.

    Args:
        rows: Register rows in entry order.
        agency: Agency keeping the register.
        date_from: First day of the period.
        date_to: Last day of the period.

    Returns:
        The workbook bytes.
    """
    template = template_for("register", date_to)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Sổ theo dõi hồ sơ"
    last_col = len(REGISTER_COLUMNS)
    _title_rows(ws, agency, template.form_line, register_period_text(date_from, date_to),
                last_col)
    _heading_rows(ws)
    for n, row in enumerate(rows, start=1):
        _data_row(ws, FIRST_DATA_ROW + n - 1, n, row)
    for i, width in enumerate(_WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = ws.cell(FIRST_DATA_ROW, 3)  # headings and the TT / code columns stay
    ws.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    stamp = datetime.combine(date_to, time())
    wb.properties.title = nfc(f"{template.label} – {register_period_text(date_from, date_to)}")
    wb.properties.subject = nfc(template.form_line)
    wb.properties.creator = nfc(f"{agency.unit_name} – {agency.name}")
    wb.properties.created = stamp
    return _deterministic(wb, stamp)


def _merged(ws: Worksheet, row: int, first: int, last: int, value: str, font: Font,
            align: Alignment) -> None:
    ws.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    target = ws.cell(row, first, nfc(value))
    target.font = font
    target.alignment = align


def _title_rows(ws: Worksheet, agency: AgencyHeader, form_line: str, period: str,
                last_col: int) -> None:
    center = Alignment(horizontal="center", vertical="center")
    _merged(ws, 1, 1, 4, agency.parent_name, Font(name=_FONT, size=12), center)
    _merged(ws, 2, 1, 4, agency.name, Font(name=_FONT, size=12, bold=True), center)
    _merged(ws, 1, 8, last_col, NATIONAL_NAME, Font(name=_FONT, size=12, bold=True), center)
    _merged(ws, 2, 8, last_col, NATIONAL_MOTTO,
            Font(name=_FONT, size=13, bold=True, underline="single"), center)
    _merged(ws, 3, 8, last_col, form_line, Font(name=_FONT, size=10, italic=True),
            Alignment(horizontal="right"))
    _merged(ws, 4, 1, last_col, "SỔ THEO DÕI HỒ SƠ", Font(name=_FONT, size=15, bold=True),
            center)
    _merged(ws, 5, 1, last_col, period, Font(name=_FONT, size=12, italic=True), center)


def _heading_rows(ws: Worksheet) -> None:
    bold = Font(name=_FONT, size=11, bold=True)
    top, second = HEADER_ROW, HEADER_ROW + 1
    for col, heading in enumerate(REGISTER_COLUMNS, start=1):
        index = col - 1
        if DATE_FIRST <= index <= DATE_LAST:
            ws.cell(second, col, nfc(heading))
        else:
            ws.cell(top, col, nfc(heading))
            ws.merge_cells(start_row=top, start_column=col, end_row=second, end_column=col)
    ws.cell(top, DATE_FIRST + 1, nfc(DATE_GROUP))
    ws.merge_cells(start_row=top, start_column=DATE_FIRST + 1, end_row=top,
                   end_column=DATE_LAST + 1)
    # Style every cell of the block, merged ones included, so borders draw all round.
    for row in (top, second):
        for col in range(1, len(REGISTER_COLUMNS) + 1):
            c = ws.cell(row, col)
            c.font, c.alignment, c.border, c.fill = bold, _WRAP_CENTER, _BORDER, _HEAD_FILL
    ws.row_dimensions[second].height = 48


def _local_date(value: datetime | None) -> date | None:
    return local(value).date() if value is not None else None


def _data_row(ws: Worksheet, row: int, n: int, r: RegisterRow) -> None:
    values: list[object] = [
        n, nfc(r.code), nfc(r.procedure_name), r.sets, nfc(r.applicant), nfc(r.address_phone),
        nfc(r.department),
        *(_local_date(v) for v in (r.received_at, r.due_at, r.transferred_at, r.result_at,
                                   r.returned_at)),
        nfc(r.note),
    ]
    font = Font(name=_FONT, size=11)
    for col, value in enumerate(values, start=1):
        c = ws.cell(row, col, value)
        c.font, c.border = font, _BORDER
        index = col - 1
        if DATE_FIRST <= index <= DATE_LAST:
            c.number_format = DATE_FORMAT
            c.alignment = _WRAP_CENTER
        else:
            c.alignment = _WRAP_CENTER if index in (0, 3) else _WRAP_LEFT


def _deterministic(wb: Workbook, stamp: datetime) -> bytes:
    """Save ``wb`` so that equal content gives equal bytes.

    openpyxl stamps the save time into docProps/core.xml and every zip entry; both are
    replaced by fixed values (``stamp`` and the zip epoch).
    """
    raw = io.BytesIO()
    wb.save(raw)
    wb.properties.modified = stamp
    core = tostring(wb.properties.to_tree())
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            data = core if info.filename == "docProps/core.xml" else src.read(info.filename)
            entry = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            dst.writestr(entry, data)
    return out.getvalue()
