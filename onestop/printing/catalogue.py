"""Public posting of the procedure catalogue (Danh mục thủ tục hành chính), grouped by field."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Table, TableStyle

from onestop.printing.common import (
    Margins,
    NumberedCanvas,
    PdfMeta,
    build_pdf,
    cell,
    form_header,
    frame_width,
)
from onestop.printing.flowables import Columns, Para
from onestop.printing.fonts import BOLD, ITALIC, ensure_fonts
from onestop.printing.models import AgencyHeader, CatalogueEntry
from onestop.printing.textfmt import dmy, format_vnd, nfc, time_limit_text

__all__ = ["CATALOGUE_COLUMNS", "LOCAL_MARK", "render_catalogue"]

CATALOGUE_COLUMNS = (
    "TT",
    "Mã TTHC",
    "Tên thủ tục hành chính",
    "Thành phần hồ sơ",
    "Thời hạn giải quyết",
    "Phí, lệ phí",
    "Cơ quan thực hiện",
)
#: Appended to the code of a procedure specific to the province, explained under the table.
LOCAL_MARK = " (*)"
LOCAL_NOTE = "(*) Thủ tục hành chính riêng của địa phương."
TITLE = "DANH MỤC THỦ TỤC HÀNH CHÍNH"

PAGE = landscape(A4)
MARGINS = Margins(left=15 * mm, right=10 * mm, top=10 * mm, bottom=13 * mm)
_WIDTHS_MM = (9, 24, 70, 81, 28, 22, 37)
_CELL = 8.5
_ROMAN = ((50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _groups(entries: Sequence[CatalogueEntry]) -> list[tuple[str, list[CatalogueEntry]]]:
    """Entries grouped by field, fields in order of first appearance (the caller's order)."""
    groups: dict[str, list[CatalogueEntry]] = {}
    for entry in entries:
        groups.setdefault(nfc(entry.field).strip() or "Khác", []).append(entry)
    return list(groups.items())


def render_catalogue(entries: Sequence[CatalogueEntry], agency: AgencyHeader, at: date) -> bytes:
    """Render the catalogue for public posting at the desk.

    Args:
        entries: Procedures, in the order to post them (grouped by field on the page).
        agency: Agency whose procedures these are.
        at: Date the list is current at (date line and subtitle).

    Returns:
        The PDF bytes: landscape A4, heading repeated on each page, "Trang n/N".
    """
    ensure_fonts()
    width = frame_width(PAGE, MARGINS)
    story: list[Flowable] = [
        form_header(agency, at, width, 11),
        Para(TITLE, 14, font=BOLD, align="center", space_before=12),
        Para(f"THUỘC THẨM QUYỀN GIẢI QUYẾT CỦA {nfc(agency.name).upper()}", 11.5, font=BOLD,
             align="center"),
        Para(f"(Niêm yết tại Bộ phận Một cửa, cập nhật đến ngày {dmy(at)})", 10.5,
             font=ITALIC, align="center", space_after=8),
        _table(entries, width),
    ]
    if any(e.is_local for e in entries):
        story.append(Para(LOCAL_NOTE, 9, font=ITALIC, space_before=4))
    meta = PdfMeta(
        title=f"Danh mục thủ tục hành chính – cập nhật {dmy(at)}",
        subject=f"Danh mục thủ tục hành chính niêm yết tại Bộ phận Một cửa, {agency.name}",
        author=f"{agency.unit_name} – {agency.name}",
    )
    return build_pdf(story, meta, pagesize=PAGE, margins=MARGINS, canvasmaker=NumberedCanvas)


def _documents(names: Sequence[str], width: float) -> Flowable:
    """The papers as a dash list with hanging indent (a one-column :class:`Columns`)."""
    if not names:
        return cell("Không", _CELL)
    hang = 2.5 * mm
    items = [Para(f"- {nfc(name)}", _CELL, leading=_CELL * 1.25, indent=hang,
                  first_indent=-hang) for name in names]
    return Columns([items], [width])


def _entry_cells(n: int, e: CatalogueEntry, docs_width: float) -> list[Flowable]:
    return [
        cell(str(n), _CELL, align="center"),
        cell(e.code + (LOCAL_MARK if e.is_local else ""), _CELL, align="center"),
        cell(e.name, _CELL),
        _documents(e.documents, docs_width),
        cell(time_limit_text(e.time_limit_days), _CELL, align="center"),
        cell(format_vnd(e.fee_vnd), _CELL, align="center"),
        cell(e.department, _CELL),
    ]


def _table(entries: Sequence[CatalogueEntry], width: float) -> Table:
    widths = [w * mm for w in _WIDTHS_MM]
    scale = width / sum(widths)
    widths = [w * scale for w in widths]
    data: list[list[Any]] = [[cell(h, _CELL, align="center", font=BOLD)
                              for h in CATALOGUE_COLUMNS]]
    style: list[tuple[Any, ...]] = [
        ("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("BACKGROUND", (0, 0), (-1, 0), (0.92, 0.92, 0.92)),
    ]
    n = 0
    for g, (field_name, group) in enumerate(_groups(entries), start=1):
        row = len(data)
        heading = f"{_roman(g)}. LĨNH VỰC {field_name.upper()} ({len(group)} thủ tục)"
        data.append([cell(heading, _CELL + 0.5, font=BOLD)] + [""] * (len(widths) - 1))
        style += [("SPAN", (0, row), (-1, row)),
                  ("BACKGROUND", (0, row), (-1, row), (0.97, 0.97, 0.97))]
        for entry in group:
            n += 1
            data.append(_entry_cells(n, entry, widths[3] - 6))  # minus the cell padding
    if not entries:
        data.append([cell("Chưa có thủ tục hành chính nào.", _CELL, align="center",
                          font=ITALIC)] + [""] * (len(widths) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    return Table(data, colWidths=widths, repeatRows=1, style=TableStyle(style))
