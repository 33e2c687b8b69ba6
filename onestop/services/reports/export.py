"""Exports of the reports: the statutory period report as .xlsx (openpyxl) and PDF, the
morning briefing as PDF (see :mod:`onestop.services.reports.pdf`).

The layout of the period report follows the provincial one-stop statistics (intake: carried
over and received; finished: early, on time, late; in progress: on track, overdue; paused;
refused or withdrawn; stopped; on-time rate per QĐ 766/QĐ-TTg; average processing time). The exact
official column set is not published [U in rules.md §2], so the headings are plain
Vietnamese and every number has the meaning given in :mod:`onestop.services.reports`.
"""

from __future__ import annotations

import io
from datetime import datetime
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sqlalchemy import select

from onestop.domain import messages
from onestop.services import reports
from onestop.services.reports.layout import (
    COLUMNS, DECIMAL_INDEXES, PORTAL_INDEX, SATISFACTION_HEAD, SATISFACTION_TITLE, TITLE,
    local_text, notes, party_sections, period_line, row_values, satisfaction_rows, table_rows,
)
from onestop.services.reports.types import Briefing, PeriodReport, ReportHeading
from onestop.domain import validation as v
from onestop.services.install import setup
from onestop.services.errors import Unavailable
from onestop.storage.models import Agency

# --- xlsx ---------------------------------------------------------------------------------

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEAD_FILL = PatternFill("solid", fgColor="DDE7F0")
_FIELD_FILL = PatternFill("solid", fgColor="F2F2F2")
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
HEADER_ROW = 6  # first of the two header rows; data starts two rows below


def period_xlsx(report: PeriodReport, agency: ReportHeading) -> bytes:
    """The period report as an .xlsx workbook (sheet "Báo cáo" + "Kênh tiếp nhận")."""
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "Báo cáo"
    _sheet_top(ws, report, agency)
    _sheet_header(ws)
    last = _sheet_body(ws, report)
    for i, note in enumerate(notes(report)):
        cell = ws.cell(row=last + 2 + i, column=1, value=note)
        cell.font = Font(italic=True, size=9)
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 2, column=4)
    ws.print_options.horizontalCentered = True
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth = 1
    _channel_sheet(wb, report)
    _party_sheet(wb, report)
    _satisfaction_sheet(wb, report)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _sheet_top(ws: Worksheet, report: PeriodReport, agency: ReportHeading) -> None:
    width = len(COLUMNS)
    lines = [agency.parent_name.upper(), agency.name.upper(),
             TITLE, period_line(report), f"Số liệu tính đến {local_text(report.as_of)}"]
    for i, text in enumerate(lines, start=1):
        ws.merge_cells(start_row=i, start_column=1, end_row=i, end_column=width)
        cell = ws.cell(row=i, column=1, value=text)
        cell.font = Font(bold=i <= 3, size=14 if i == 3 else 11, italic=i >= 4)
        cell.alignment = Alignment(horizontal="left" if i <= 2 else "center")


def _sheet_header(ws: Worksheet) -> None:
    top, sub = HEADER_ROW, HEADER_ROW + 1
    col = 1
    while col <= len(COLUMNS):
        group = COLUMNS[col - 1][0]
        span = 1
        while group and col + span <= len(COLUMNS) and COLUMNS[col + span - 1][0] == group:
            span += 1
        if group:
            ws.merge_cells(start_row=top, start_column=col, end_row=top, end_column=col + span - 1)
            ws.cell(row=top, column=col, value=group)
            for k in range(span):
                ws.cell(row=sub, column=col + k, value=COLUMNS[col + k - 1][1])
        else:
            ws.merge_cells(start_row=top, start_column=col, end_row=sub, end_column=col)
            ws.cell(row=top, column=col, value=COLUMNS[col - 1][1])
        col += span
    for c, (_g, _h, w) in enumerate(COLUMNS, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w
        for r in (top, sub):
            cell = ws.cell(row=r, column=c)
            cell.font, cell.alignment, cell.border, cell.fill = (
                Font(bold=True, size=10), _CENTER, _BORDER, _HEAD_FILL)
    ws.row_dimensions[sub].height = 48


def _sheet_body(ws: Worksheet, report: PeriodReport) -> int:
    row = HEADER_ROW + 2
    for stt, label, code, values, style in table_rows(report):
        cells = [stt, label, code, *_cells(values)]
        for c, value in enumerate(cells, start=1):
            cell = ws.cell(row=row, column=c, value=value)
            cell.border = _BORDER
            cell.font = Font(bold=style != "procedure", size=10)
            if c == 2:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
            else:
                cell.alignment = Alignment(horizontal="center", vertical="top")
            if c - 4 in DECIMAL_INDEXES:  # on-time rate and mean processing time
                cell.number_format = "0.0"
            elif c > 3:
                cell.number_format = "#,##0"
            if style == "field":
                cell.fill = _FIELD_FILL
        row += 1
    return row - 1


def _cells(values: list[Any]) -> list[Any]:
    """The values as written: the portal column without portal data is "–", never a blank
    a reader could take for 0 (layout.PORTAL_NOTES says why)."""
    out = list(values)
    if out[PORTAL_INDEX] is None:
        out[PORTAL_INDEX] = "–"
    return out


def _channel_sheet(wb: Workbook, report: PeriodReport) -> None:
    ws = wb.create_sheet("Kênh tiếp nhận")
    ws.append(["Hình thức nộp hồ sơ", "Số hồ sơ tiếp nhận trong kỳ"])
    for c in (1, 2):
        ws.cell(row=1, column=c).font = Font(bold=True)
    for channel, metric in report.by_channel.items():
        ws.append([messages.token_label(channel, messages.CHANNEL_LABELS), metric.value])
    ws.append(["Tổng cộng", report.total["received"]])
    ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 28
    ws.column_dimensions["B"].width = 26


def _satisfaction_sheet(wb: Workbook, report: PeriodReport) -> None:
    ws = wb.create_sheet("Hài lòng")
    ws.append([SATISFACTION_TITLE])
    ws.cell(row=1, column=1).font = Font(bold=True)
    ws.append(list(SATISFACTION_HEAD))
    for c in range(1, len(SATISFACTION_HEAD) + 1):
        ws.cell(row=2, column=c).font = Font(bold=True)
    for style, values in satisfaction_rows(report):
        ws.append(values)
        if style != "row":
            ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
    ws.column_dimensions["A"].width = 60
    for col in "BCDEF":
        ws.column_dimensions[col].width = 16


# --- dispatch -----------------------------------------------------------------------------

#: Which formats each exportable report has.
EXPORT_FORMATS = {"period": ("xlsx", "pdf"), "briefing": ("pdf",)}


def export(ctx: Any, kind: str, fmt: str, period: Any = None, rf: Any = None,
           now: datetime | None = None, paused_days: int | None = None,
           target: str = "") -> bytes:
    """Compute a report, render it and audit the export (one call for the CLI and the GUI).

    Args:
        kind: "period" (xlsx or pdf) or "briefing" (pdf).
        fmt: "xlsx" or "pdf".
        period: the period (default: the current month).
        rf: a ReportFilter (default: everything).
        now: the instant of the report (default: the context's clock).
        paused_days: the briefing's "paused longer than" threshold in working days.
        target: the file name, recorded in the audit log.

    Raises:
        ValidationError: unknown kind or a format the report does not have.
        Forbidden: the acting user may not see or export reports.
    """

    kind = v.choice(kind, "kind", tuple(EXPORT_FORMATS))
    fmt = v.choice(fmt, "file", EXPORT_FORMATS[kind])
    rf = rf or reports.ReportFilter()
    result: PeriodReport | Briefing
    if kind == "period":
        result = reports.period_report(ctx, period, rf, now)
    else:
        days = reports.PAUSED_DAYS if paused_days is None else paused_days
        result = reports.briefing(ctx, rf, now, paused_days=days)
    data = render(ctx, result, fmt)
    reports.record_export(ctx, kind, fmt, target)
    return data


def render(ctx: Any, result: PeriodReport | Briefing, fmt: str) -> bytes:
    """The bytes of ``result`` in ``fmt`` ("xlsx" or "pdf"), headed by this agency."""
    from onestop.services.reports import pdf as report_pdf  # reportlab: only when rendering

    agency = _agency(ctx)
    if isinstance(result, PeriodReport):
        agency = _scope_heading(ctx, result) or agency
        return period_xlsx(result, agency) if fmt == "xlsx" else report_pdf.period_pdf(
            result, agency)
    return report_pdf.briefing_pdf(result, agency)


def _scope_heading(ctx: Any, report: PeriodReport) -> ReportHeading | None:
    """The heading of a report narrowed to one handling agency (or one receiving unit): that
    agency's name under its parent — the report of a Sở across every centre (issue 14)."""
    code = report.filter.agency_code or report.filter.unit_code
    if not code:
        return None
    with ctx.reading() as session:
        row = session.execute(select(Agency.name, Agency.parent_name)
                              .where(Agency.code == code)).first()
    if row is None:
        return None
    return ReportHeading(parent_name=row.parent_name or "", name=row.name or "")


def _party_sheet(wb: Workbook, report: PeriodReport) -> None:
    """Sheet "Theo cơ quan, đơn vị": one line per handling agency and per receiving unit."""
    if not (report.agencies or report.units):
        return
    ws = wb.create_sheet("Theo cơ quan, đơn vị")
    ws.append(["STT", "Tên", "Mã định danh",
               *[f"{c[0]} – {c[1]}" if c[0] else c[1] for c in COLUMNS[3:]]])
    for c in range(1, 4 + len(COLUMNS[3:])):
        ws.cell(row=1, column=c).font = Font(bold=True)
    for title, _head, rows in party_sections(report):
        ws.append([title])
        ws.cell(row=ws.max_row, column=1).font = Font(bold=True)
        for i, r in enumerate(rows, start=1):
            ws.append([i, r.label, r.key, *_cells(row_values(r))])
    ws.column_dimensions["B"].width = 40
    ws.column_dimensions["C"].width = 16


def _agency(ctx: Any) -> ReportHeading:
    try:
        info = setup.agency_info(ctx)
    except Unavailable:  # an uninitialised database still exports, with a blank heading
        return ReportHeading()
    return ReportHeading(parent_name=info.parent_name or "", name=info.name or "")
