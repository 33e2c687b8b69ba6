"""Mẫu 06 (Mẫu 07 from 15/9/2025) — Sổ theo dõi hồ sơ, as a landscape A4 PDF."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from onestop.printing.common import (
    Margins,
    NumberedCanvas,
    build_pdf,
    cell,
    form_top,
    frame_width,
    pdf_meta,
)
from onestop.printing.flowables import Para
from onestop.printing.fonts import BOLD, ITALIC, ensure_fonts
from onestop.printing.models import AgencyHeader, RegisterRow
from onestop.printing.templates import FormTemplate, template_for
from onestop.printing.textfmt import dmy

__all__ = [
    "DATE_GROUP",
    "MARGINS",
    "REGISTER_COLUMNS",
    "column_bounds",
    "register_period_text",
    "render_register",
]

#: Column headings in order; the five date columns sit under :data:`DATE_GROUP`.
REGISTER_COLUMNS: tuple[str, ...] = (
    "TT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả cho cá nhân, tổ chức",
    "Ghi chú",
)
DATE_GROUP = "Ngày, tháng, năm"
DATE_FIRST, DATE_LAST = 7, 11  # column indexes of the date group

PAGE = landscape(A4)
MARGINS = Margins(left=15 * mm, right=10 * mm, top=10 * mm, bottom=13 * mm)
# Millimetres per column, summing to the 272 mm between the margins; a date column holds
# "05/01/2026" at 7.5 pt (Be Vietnam Pro has wide figures) and the name column a usual
# full name on one line.
_WIDTHS_MM = (7, 26, 36, 11, 32, 27, 23, 19, 19, 19, 19, 19, 15)
_HEAD = 8
_CELL = 8
_DATE_CELL = 7.5


def _column_widths() -> list[float]:
    widths = [w * mm for w in _WIDTHS_MM]
    scale = frame_width(PAGE, MARGINS) / sum(widths)
    return [w * scale for w in widths]


def column_bounds(index: int) -> tuple[float, float]:
    """Left edge and width in points of register column ``index`` on the page."""
    widths = _column_widths()
    return MARGINS.left + sum(widths[:index]), widths[index]


def register_period_text(date_from: date, date_to: date) -> str:
    """``"Từ ngày 01/01/2026 đến ngày 31/01/2026"``."""
    return f"Từ ngày {dmy(date_from)} đến ngày {dmy(date_to)}"


def render_register(
    rows: Sequence[RegisterRow],
    agency: AgencyHeader,
    date_from: date,
    date_to: date,
    book: str = "",
) -> bytes:
    """Render the dossier register for a period.

    Args:
        rows: Register rows in entry order.
        agency: Agency keeping the register.
        date_from: First day of the period.
        date_to: Last day of the period (also picks the form version).
        book: Book number (Quyển số), if any.

    Returns:
        The PDF bytes: landscape A4, table header repeated on every page, "Trang n/N".
    """
    ensure_fonts()
    template = template_for("register", date_to)
    width = frame_width(PAGE, MARGINS)
    story: list[Flowable] = [
        *_title(template, agency, date_from, date_to, book, width),
        _table(rows),
    ]
    meta = pdf_meta(template, agency, register_period_text(date_from, date_to))
    return build_pdf(story, meta, pagesize=PAGE, margins=MARGINS, canvasmaker=NumberedCanvas)


def _title(
    template: FormTemplate, agency: AgencyHeader, date_from: date, date_to: date, book: str,
    width: float,
) -> list[Flowable]:
    lines: list[Flowable] = form_top(template, agency, None, width, date_line=False)
    if book:
        lines.append(Para(f"Quyển số: {book}", 11, font=BOLD, align="center"))
    lines.append(Para(register_period_text(date_from, date_to), 11, font=ITALIC,
                      align="center", space_after=6))
    return lines


def _row_cells(n: int, r: RegisterRow) -> list[Flowable]:
    dates = (r.received_at, r.due_at, r.transferred_at, r.result_at, r.returned_at)
    return [
        cell(str(n), _CELL, align="center"),
        cell(r.code, _CELL),
        cell(r.procedure_name, _CELL),
        cell(str(r.sets), _CELL, align="center"),
        cell(r.applicant, _CELL),
        cell(r.address_phone, _CELL),
        cell(r.department, _CELL),
        *(cell(_date_text(d), _DATE_CELL, align="center") for d in dates),
        cell(r.note, _CELL),
    ]


def _date_text(value: datetime | None) -> str:
    return dmy(value) if value is not None else ""


def _table(rows: Sequence[RegisterRow]) -> Table:
    widths = _column_widths()
    top: list[Any] = []
    for i, heading in enumerate(REGISTER_COLUMNS):
        if DATE_FIRST <= i <= DATE_LAST:
            top.append(cell(DATE_GROUP, _HEAD, align="center", font=BOLD) if i == DATE_FIRST
                       else "")
        else:
            top.append(cell(heading, _HEAD, align="center", font=BOLD))
    second: list[Any] = [
        cell(h, _HEAD, align="center", font=BOLD) if DATE_FIRST <= i <= DATE_LAST else ""
        for i, h in enumerate(REGISTER_COLUMNS)
    ]
    data: list[list[Any]] = [top, second]
    data += [_row_cells(n, r) for n, r in enumerate(rows, start=1)]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 2),
        ("RIGHTPADDING", (0, 0), (-1, -1), 2),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 1), (0.92, 0.92, 0.92)),
        ("SPAN", (DATE_FIRST, 0), (DATE_LAST, 0)),
    ]
    style += [("SPAN", (i, 0), (i, 1)) for i in range(len(REGISTER_COLUMNS))
              if not DATE_FIRST <= i <= DATE_LAST]
    if not rows:
        data.append([cell("Không có hồ sơ trong khoảng thời gian này.", _CELL, align="center",
                          font=ITALIC)] + [""] * (len(REGISTER_COLUMNS) - 1))
        style.append(("SPAN", (0, 2), (-1, 2)))
    return Table(data, colWidths=widths, repeatRows=2, style=TableStyle(style))
